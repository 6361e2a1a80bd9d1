/**
 * What changed in Care between two times, the documented way (no "conversations updated
 * since" endpoint exists): `GET /api/v2/authors/changed` over contiguous windows of at most
 * 24 hours (`[start, end)`), then for each changed author `GET /api/v2/authors/{id}` (the
 * Person as it is now: deleted and merged persons say so; a 404 is a person gone) and
 * `GET /api/v2/authors/{id}/conversations` over the same windows, then each conversation's
 * details, `GET /api/v2/conversations/{lswUuid}` (a 404 is a conversation gone). Requests:
 * one per window, plus two per changed author and window, plus one per changed conversation,
 * all on the Care quota (60 a minute).
 */
import { KhorosRequestError } from '../errors.ts';
import type { KhorosClients } from '../khoros/khoros-api.ts';

/** The documented longest window of `authors/changed` and `authors/{id}/conversations`. */
export const CARE_WINDOW_MS = 24 * 60 * 60 * 1000;

type Obj = Record<string, unknown>;

/** What changed in Care. */
export interface CareChanges {
  /** Persons changed, as they now are (deleted and merged ones included, flagged). */
  authors: Obj[];
  /** Changed persons Care no longer knows (404). */
  goneAuthors: string[];
  /** Conversations touched, with their details. */
  conversations: Obj[];
  /** Conversations listed as changed whose details are gone (404). */
  goneConversations: string[];
  requests: number;
}

/**
 * Contiguous `[start, end)` windows of at most 24 hours covering `[from, to)`.
 *
 * @example
 * careWindows(0, 30 * 3600_000); // [[0, 86400000], [86400000, 108000000]]
 */
export function careWindows(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = from; start < to; start += CARE_WINDOW_MS) out.push([start, Math.min(to, start + CARE_WINDOW_MS)]);
  return out;
}

/**
 * Reads Care's changes in `[from, to)`.
 *
 * @example
 * const changes = await readCareChanges(clients, watermark - overlap, startedAt);
 */
export async function readCareChanges(clients: KhorosClients, from: number, to: number): Promise<CareChanges> {
  const out: CareChanges = { authors: [], goneAuthors: [], conversations: [], goneConversations: [], requests: 0 };
  const windows = careWindows(from, to);
  const changed = new Set<string>();
  for (const [start, end] of windows) {
    const body = await clients.care.json<{ data?: unknown }>('/api/v2/authors/changed', { searchParams: { startEpochMillis: start, endEpochMillis: end } });
    out.requests += 1;
    for (const id of Array.isArray(body?.data) ? body.data : []) if (typeof id === 'string' && id !== '') changed.add(id);
  }
  const conversationIds = new Set<string>();
  for (const id of changed) {
    const person = await orGone(() => clients.care.json<{ data?: unknown }>(`/api/v2/authors/${encodeURIComponent(id)}`));
    out.requests += 1;
    if (person === null) {
      out.goneAuthors.push(id);
      continue;
    }
    const record = Array.isArray(person.data) ? person.data[0] : person.data;
    if (record && typeof record === 'object') out.authors.push(record as Obj);
    for (const [start, end] of windows) {
      const list = await orGone(() => clients.care.json<{ data?: unknown }>(`/api/v2/authors/${encodeURIComponent(id)}/conversations`, { searchParams: { startEpochMillis: start, endEpochMillis: end } }));
      out.requests += 1;
      for (const c of Array.isArray(list?.data) ? list.data : []) if (typeof c === 'string' && c !== '') conversationIds.add(c);
    }
  }
  for (const id of conversationIds) {
    const details = await orGone(() => clients.care.json<{ data?: unknown }>(`/api/v2/conversations/${encodeURIComponent(id)}`));
    out.requests += 1;
    const record = details === null ? undefined : Array.isArray(details.data) ? details.data[0] : details.data;
    if (record && typeof record === 'object') out.conversations.push(record as Obj);
    else out.goneConversations.push(id);
  }
  return out;
}

/** The answer, or null for a 404 (the record is gone). */
async function orGone<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof KhorosRequestError && error.status === 404) return null;
    throw error;
  }
}
