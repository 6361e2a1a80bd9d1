/**
 * Compares a conversation's planned parts with the parts Intercom answers: each part the
 * ledger says was written (`<key>#<part key>` → `<conversation>/<part>`, `part-keys.ts`) is looked for by id
 * and checked for its kind, author, original time, assignee and files (by name; files
 * import could not send because export never staged them are not expected). Parts the
 * migration did not write (other than Intercom's own system parts) are unexpected. Parts
 * the ledger holds for the record that the plan no longer has (an interaction deleted in
 * Khoros after it was written, a superseded state or assignment: Intercom cannot delete a
 * part) are the migration's own, neither missing nor unexpected: `earlierParts` counts them.
 *
 * Intercom answers only the 500 most recent parts: a written part not among them is
 * counted as beyond the window when older parts are hidden (`total_count` says how many),
 * and the count check (`part_count_short` / `part_count_over`) still covers it.
 */
import type { PlannedPart } from '../transform/build-conversation.ts';
import type { AttachmentFilePayload } from '../transform/payload-types.ts';
import { writtenPart } from '../import/part-keys.ts';
import type { VerifyRecorder } from './verify-recorder.ts';

type Obj = Record<string, any>;

/** Parts Intercom adds on its own (attribute changes by the Operator bot): neither expected nor unexpected. */
export function isSystemPart(part: Obj): boolean {
  return part?.part_type === 'conversation_attribute_updated_by_admin' || part?.author?.type === 'bot';
}

/** Part types Intercom may record for a planned request. */
const ACCEPTED: Record<string, string[]> = {
  comment: ['comment', 'open'],
  note: ['note'],
  close: ['close'],
  snoozed: ['snoozed'],
  open: ['open'],
  assignment: ['assignment', 'assign_and_reopen'],
};

/** What the comparison of one conversation's parts found. */
export interface PartsOutcome {
  /** Written parts found among those Intercom answered. */
  found: number;
  /** Written parts not among the answered ones while older parts are hidden. */
  beyondWindow: number;
  /** Written parts not found although every part was answered. */
  missing: number;
  /** Parts the migration wrote (hidden ones included), as Intercom counts them. */
  migrationParts: number;
  /** Planned parts the ledger has as done. */
  writtenParts: number;
  /** Parts the ledger has as done for the record that no planned part stands for (see the file comment). */
  earlierParts: number;
}

/** Input of `compareParts`. */
export interface ComparePartsInput {
  recorder: VerifyRecorder;
  key: string;
  conversationId: string;
  planned: readonly PlannedPart[];
  /** `<key>#<part key>` → `<conversation id>/<part id>`. */
  written: ReadonlyMap<string, string>;
  /** `<key>#<part key>` → attachment ids import sent without (not staged). */
  unstaged: ReadonlyMap<string, ReadonlySet<string>>;
  /** The conversation as `GET /conversations/{id}` answered it. */
  conversation: Obj;
}

/**
 * @example
 * const outcome = compareParts({ recorder, key: '00004711', conversationId: '1', planned: result.parts, written, unstaged, conversation });
 * outcome.missing; // 0
 */
export function compareParts(input: ComparePartsInput): PartsOutcome {
  const { recorder, key, conversationId, planned, written, unstaged, conversation } = input;
  const list: Obj[] = Array.isArray(conversation?.conversation_parts?.conversation_parts) ? conversation.conversation_parts.conversation_parts : [];
  const total = Number.isSafeInteger(conversation?.conversation_parts?.total_count) ? conversation.conversation_parts.total_count : list.length;
  const hidden = Math.max(0, total - list.length);
  const byId = new Map(list.map((p) => [String(p.id), p]));
  const ours = new Set<string>();
  const outcome: PartsOutcome = { found: 0, beyondWindow: 0, missing: 0, migrationParts: hidden + list.filter((p) => !isSystemPart(p)).length, writtenParts: 0, earlierParts: 0 };
  const standing = new Set<string>();

  planned.forEach((part, index) => {
    const { partKey, ref } = writtenPart(written, key, part);
    if (!ref) {
      recorder.finding({ objectType: 'conversation_part', khorosKey: partKey, intercomId: null, kind: 'not_written', detail: `planned ${part.role} part ${index} (${part.key}) has no done write in the ledger` });
      return;
    }
    standing.add(partKey);
    outcome.writtenParts += 1;
    const partId = ref.split('/').pop()!;
    ours.add(partId);
    const found = byId.get(partId);
    if (!found) {
      if (hidden > 0) outcome.beyondWindow += 1;
      else {
        outcome.missing += 1;
        recorder.finding({ objectType: 'conversation_part', khorosKey: partKey, intercomId: ref, kind: 'part_missing',
          expected: summary(part), detail: `part ${partId} of conversation ${conversationId} is not in GET /conversations/${conversationId}` });
      }
      return;
    }
    outcome.found += 1;
    checkPart(recorder, partKey, ref, part, found, unstaged.get(partKey));
  });

  for (const [partKey, ref] of written) {
    if (!partKey.startsWith(`${key}#`) || standing.has(partKey) || !ref.startsWith(`${conversationId}/`)) continue;
    outcome.earlierParts += 1;
    ours.add(ref.split('/').pop()!);
  }
  for (const part of list) {
    if (isSystemPart(part) || ours.has(String(part.id))) continue;
    recorder.finding({ objectType: 'conversation_part', khorosKey: key, intercomId: `${conversationId}/${part.id}`, kind: 'unexpected_part', field: part.part_type,
      actual: { part_type: part.part_type, author: part.author?.id ?? null, created_at: part.created_at ?? null }, detail: 'a part the ledger does not list for this conversation' });
  }
  return outcome;
}

/** Kind, author, time, assignee and files of one part. */
function checkPart(recorder: VerifyRecorder, partKey: string, ref: string, part: PlannedPart, found: Obj, unstaged: ReadonlySet<string> | undefined): void {
  const payload = part.payload as Obj;
  const type = String(payload.message_type);
  const actualType = (ACCEPTED[type] ?? [type]).includes(String(found.part_type)) ? type : found.part_type;
  recorder.check('conversation_part', partKey, ref, 'part.type', type, actualType);
  recorder.check('conversation_part', partKey, ref, 'part.author', String(payload.intercom_user_id ?? payload.admin_id), found.author?.id === undefined ? null : String(found.author.id));
  if (typeof payload.created_at === 'number') recorder.check('conversation_part', partKey, ref, 'part.created_at', payload.created_at, found.created_at);
  if (type === 'assignment') recorder.check('conversation_part', partKey, ref, 'part.assignee', String(payload.assignee_id), found.assigned_to?.id === undefined ? null : String(found.assigned_to.id));

  const files: AttachmentFilePayload[] = Array.isArray(payload.attachment_files) ? payload.attachment_files : [];
  const names = new Set<string>((Array.isArray(found.attachments) ? found.attachments : []).map((a: Obj) => String(a?.name ?? '')));
  const expectedNames = new Set<string>();
  files.forEach((file, i) => {
    if (unstaged?.has(part.attachmentIds[i])) return; // never staged: import sent the part without it (and quarantined the note)
    expectedNames.add(file.name);
    if (!names.has(file.name)) recorder.finding({ objectType: 'conversation_part', khorosKey: partKey, intercomId: ref, kind: 'attachment_missing', field: 'attachments', expected: file.name, detail: `file ${part.attachmentIds[i]}` });
  });
  for (const name of names) {
    if (!expectedNames.has(name) && !files.some((f) => f.name === name)) {
      recorder.finding({ objectType: 'conversation_part', khorosKey: partKey, intercomId: ref, kind: 'unexpected_attachment', field: 'attachments', actual: name });
    }
  }
}

function summary(part: PlannedPart): Obj {
  const p = part.payload as Obj;
  return { role: part.role, message_type: p.message_type, author: p.intercom_user_id ?? p.admin_id ?? null, created_at: p.created_at ?? null };
}
