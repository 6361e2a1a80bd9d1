/**
 * The checks and change-time stamps a record gets before a mutation stores it (see
 * `mutations.ts`): the fields the simulator's indexes and APIs rely on must be there,
 * and a change time the record does not give is stamped from the simulator clock.
 */

/** The record families a mutation can upsert, patch or delete. */
export type RecordType = 'customer' | 'case' | 'author' | 'conversation' | 'article';

/**
 * The record to store, or a message saying what is wrong with it. `given` holds the
 * fields the caller set (the upserted record, or a patch's changes): a change time is
 * kept only when given, else stamped from `now` (customer and case `lastUpdated` ISO,
 * author and conversation `lastModified` ms, article `last_edit_time` ISO).
 *
 * @example
 * checkRecord('case', { id: 'C-1' }, now, { id: 'C-1' }); // { id: 'C-1', interactions: [], lastUpdated: '2025-…Z' }
 * checkRecord('author', { id: 'p-1' }, now, { id: 'p-1' }); // 'an author needs a numeric displayNumber'
 */
export function checkRecord(type: RecordType, record: unknown, now: number, given: Record<string, unknown>): Record<string, unknown> | string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return `a ${type} record must be an object`;
  const r = record as Record<string, unknown>;
  const iso = new Date(now).toISOString();
  const key = type === 'conversation' ? 'lswUuid' : 'id';
  if (typeof r[key] !== 'string' || r[key] === '') return `a ${type} needs a non-empty string ${key}`;
  switch (type) {
    case 'customer':
      if (r.email !== undefined && r.email !== null && typeof r.email !== 'string') return 'a customer email must be a string or null';
      return { ...r, email: r.email ?? null, lastUpdated: given.lastUpdated ?? iso };
    case 'case': {
      const interactions = r.interactions ?? [];
      if (!Array.isArray(interactions) || interactions.some((i) => typeof i !== 'object' || i === null || typeof i.id !== 'string')) {
        return 'case interactions must be an array of objects with string ids';
      }
      return { ...r, interactions, lastUpdated: given.lastUpdated ?? iso };
    }
    case 'author':
      if (typeof r.displayNumber !== 'number') return 'an author needs a numeric displayNumber';
      return { ...r, handles: r.handles ?? {}, lastModified: given.lastModified ?? now };
    case 'conversation':
      if (typeof r.displayNumber !== 'number') return 'a conversation needs a numeric displayNumber';
      if (r.messages !== undefined && !Array.isArray(r.messages)) return 'conversation messages must be an array';
      return { ...r, messages: r.messages ?? [], status: r.status ?? 'AVAILABLE', createDate: r.createDate ?? now, lastModified: given.lastModified ?? now };
    case 'article':
      for (const field of ['subject', 'body', 'boardId']) if (typeof r[field] !== 'string') return `an article needs a string ${field}`;
      return {
        ...r, visibility: r.visibility ?? 'public', language: r.language ?? 'en', post_time: r.post_time ?? iso,
        last_edit_time: given.last_edit_time ?? iso,
      };
  }
}
