/**
 * Hosts the staged Community images (`raw_kb_images`, bytes in the `files` table) where
 * Intercom article bodies can point at them; answers image id → hosted URL.
 *
 * - With an external asset base URL (the files folder published there by the operator), an
 *   image is `{base}/{sha256}`: no Intercom write.
 * - Otherwise the images are uploaded to Intercom as `attachment_files` of admin notes (at
 *   most 10 per note) on ONE internal migration-assets conversation, opened by a dedicated
 *   lead (`khoros2intercom-assets`); the hosted URL is the one the note's attachment gets.
 *
 * Ledger: the lead is `assets_contact`, the conversation `assets_conversation` (key
 * `khoros2intercom-assets`), each image `image` (key: image id, Intercom id: the hosted
 * URL). An image left `intent` by a kill is looked up among the conversation's parts by
 * its attachment name (`<image id>-<file name>`) before it is sent again.
 */
import { IntercomRateLimitError, IntercomRequestError } from '../errors.ts';
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { lastWrite, lastWrites, ledgered, recordDone, recordFailed, recordIntent } from '../workspace/ledger.ts';
import { payloadHash } from '../workspace/ledger-hash.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { findContactByExternalId } from './find-contact.ts';
import { partsOf } from './find-written.ts';
import { readStoredFile } from './read-stored-file.ts';

/** Key (and lead external id / name) of the migration-assets objects. */
export const ASSETS_KEY = 'khoros2intercom-assets';
/** Most files per note (Intercom's limit). */
export const PER_NOTE = 10;

type Obj = Record<string, any>;

/** Options of `hostImages`. */
export interface HostImagesOptions {
  workspace: Workspace;
  intercom: IntercomClient;
  /** Admin who writes the notes. */
  adminId: string;
  /** External base URL where the files folder is published; unset: upload to Intercom. */
  assetBaseUrl?: string;
}

interface StagedImage {
  id: string;
  sha256: string;
  path: string;
  fileName: string;
  contentType: string;
}

/** What `hostImages` did. */
export interface HostedImages {
  urlById: Map<string, string>;
  /** Writes sent (lead, conversation, notes). */
  writes: number;
}

/**
 * Hosts every staged image not hosted yet; answers every hosted image's URL.
 *
 * @example
 * const { urlById } = await hostImages({ workspace, intercom, adminId: '7200000' });
 * urlById.get('100i68'); // 'https://…/_files/12/100i68-diagram.png'
 */
export async function hostImages(options: HostImagesOptions): Promise<HostedImages> {
  const { workspace, intercom } = options;
  const images = await stagedImages(workspace);
  const urlById = new Map<string, string>();
  if (options.assetBaseUrl) {
    const base = options.assetBaseUrl.replace(/\/+$/, '');
    for (const image of images) urlById.set(image.id, `${base}/${image.sha256}`);
    return { urlById, writes: 0 };
  }
  let writes = 0;
  const last = await lastWrites(workspace, 'image', images.map((i) => i.id));
  const pending: StagedImage[] = [];
  const unsettled: { image: StagedImage; seq: number }[] = [];
  for (const image of images) {
    const write = last.get(image.id);
    if (write?.status === 'done' && write.intercomId) urlById.set(image.id, write.intercomId);
    else if (write?.status === 'intent') unsettled.push({ image, seq: write.seq });
    else pending.push(image);
  }
  if (pending.length === 0 && unsettled.length === 0) return { urlById, writes };

  const assets = await assetsConversation(options);
  writes += assets.writes;
  const conversationId = assets.id;

  if (unsettled.length) {
    const byName = attachmentsByName(await intercom.request<Obj>('GET', `/conversations/${conversationId}`));
    for (const { image, seq } of unsettled) {
      const url = byName.get(attachmentName(image));
      if (url) {
        await recordDone(workspace, seq, { intercomId: url });
        urlById.set(image.id, url);
      } else {
        await recordFailed(workspace, seq, 'reconciled: the image was not in the assets conversation; sent again');
        pending.push(image);
      }
    }
  }

  for (let i = 0; i < pending.length; i += PER_NOTE) {
    const batch: { image: StagedImage; data: string }[] = [];
    for (const image of pending.slice(i, i + PER_NOTE)) {
      const bytes = await readStoredFile(workspace, image.path);
      if (bytes) batch.push({ image, data: bytes.toString('base64') });
    }
    if (batch.length === 0) continue;
    const endpoint = `POST /conversations/${conversationId}/reply`;
    const seqs: number[] = [];
    for (const { image } of batch) {
      seqs.push(await recordIntent(workspace, {
        objectType: 'image', khorosKey: image.id, operation: 'create', endpoint,
        payloadHash: payloadHash({ id: image.id, sha256: image.sha256, name: attachmentName(image) }),
      }));
    }
    const body = {
      type: 'admin', message_type: 'note', admin_id: options.adminId,
      body: `<p>khoros2intercom: Community images of the migrated articles (${batch.map((b) => b.image.id).join(', ')}). Do not delete: the articles show them.</p>`,
      attachment_files: batch.map(({ image, data }) => ({ name: attachmentName(image), content_type: image.contentType, data })),
    };
    let answer: Obj;
    try {
      answer = await intercom.request<Obj>('POST', `/conversations/${conversationId}/reply`, {
        json: body,
        lookup: async () => {
          const conversation = await intercom.request<Obj>('GET', `/conversations/${conversationId}`);
          const names = attachmentsByName(conversation);
          return batch.every((b) => names.has(attachmentName(b.image))) ? conversation : undefined;
        },
      });
    } catch (error) {
      if (error instanceof IntercomRequestError || error instanceof IntercomRateLimitError) for (const seq of seqs) await recordFailed(workspace, seq, error);
      throw error;
    }
    writes += 1;
    const byName = attachmentsByName(answer);
    for (const [k, { image }] of batch.entries()) {
      const url = byName.get(attachmentName(image));
      if (!url) {
        await recordFailed(workspace, seqs[k], 'the note answer did not list the attachment');
        continue;
      }
      await recordDone(workspace, seqs[k], { intercomId: url });
      urlById.set(image.id, url);
    }
  }
  return { urlById, writes };
}

/** The attachment name of an image: its id first, so names are unique. */
function attachmentName(image: StagedImage): string {
  const name = image.fileName.replace(/[\\/]/g, '_') || 'image';
  return `${image.id}-${name}`.slice(0, 200);
}

/** Attachment name → URL over a conversation's parts (the newest wins). */
function attachmentsByName(conversation: Obj): Map<string, string> {
  const out = new Map<string, string>();
  const all = [...(Array.isArray(conversation?.source?.attachments) ? conversation.source.attachments : []), ...partsOf(conversation).flatMap((p) => (Array.isArray(p?.attachments) ? p.attachments : []))];
  for (const a of all) if (typeof a?.name === 'string' && typeof a?.url === 'string') out.set(a.name, a.url);
  return out;
}

/** The staged images with stored bytes (one row per image). */
async function stagedImages(workspace: Workspace): Promise<StagedImage[]> {
  try {
    const rows = await workspace.query<{ id: string; sha256: string; path: string; file_name: string | null; content_type: string | null; title: string | null; declared: string | null }>(
      `SELECT i.key AS id, f.sha256, f.path, f.file_name, f.content_type, i.payload->>'title' AS title, i.payload->>'content_type' AS declared
       FROM raw_kb_images i JOIN files f ON f.owner_family = 'kb_images' AND f.owner_key = i.key AND f.source_url = (i.payload->>'url')
       QUALIFY row_number() OVER (PARTITION BY i.key ORDER BY f.recorded_at DESC) = 1
       ORDER BY i.key`);
    return rows.map((r) => ({
      id: r.id, sha256: r.sha256, path: r.path,
      fileName: r.file_name || r.title || r.id,
      contentType: r.content_type || r.declared || 'application/octet-stream',
    }));
  } catch (error) {
    if (/does not exist/i.test(String((error as Error)?.message))) return [];
    throw error;
  }
}

/** The migration-assets conversation (and its lead), created once under the ledger. */
async function assetsConversation(options: HostImagesOptions): Promise<{ id: string; writes: number }> {
  const { workspace, intercom } = options;
  let writes = 0;
  const done = await lastWrite(workspace, 'assets_conversation', ASSETS_KEY, 'create');
  if (done?.status === 'done' && done.intercomId) return { id: done.intercomId, writes };

  // The lead.
  let contactId: string | undefined;
  const contactWrite = await lastWrite(workspace, 'assets_contact', ASSETS_KEY, 'create');
  if (contactWrite?.status === 'done' && contactWrite.intercomId) contactId = contactWrite.intercomId;
  else {
    const found = await findContactByExternalId(intercom, ASSETS_KEY, 'lead');
    if (contactWrite?.status === 'intent') {
      if (found) await recordDone(workspace, contactWrite.seq, { intercomId: String(found.id) });
      else await recordFailed(workspace, contactWrite.seq, 'reconciled: the assets lead was not in Intercom; created again');
    }
    if (found) contactId = String(found.id);
    else {
      const payload = { role: 'lead', external_id: ASSETS_KEY, name: ASSETS_KEY };
      const { entry } = await ledgered(workspace, {
        objectType: 'assets_contact', khorosKey: ASSETS_KEY, operation: 'create', endpoint: 'POST /contacts', payload,
        send: () => intercom.request<Obj>('POST', '/contacts', { json: payload, lookup: () => findContactByExternalId(intercom, ASSETS_KEY, 'lead') }),
        settle: (contact) => ({ intercomId: String(contact.id) }),
      });
      contactId = entry.intercomId!;
      writes += 1;
    }
  }
  const lead = contactId;

  // The conversation: the lead's only one.
  const find = async (): Promise<Obj | undefined> => {
    const answer = await intercom.request<Obj>('POST', '/conversations/search', {
      idempotent: true, json: { query: { field: 'contact_ids', operator: '=', value: lead }, pagination: { per_page: 5 } },
    });
    const [first] = Array.isArray(answer?.conversations) ? answer.conversations : [];
    return first ? { conversation_id: String(first.id) } : undefined;
  };
  if (done?.status === 'intent') {
    const found = await find();
    if (found) {
      await recordDone(workspace, done.seq, { intercomId: found.conversation_id });
      return { id: found.conversation_id, writes };
    }
    await recordFailed(workspace, done.seq, 'reconciled: the assets conversation was not in Intercom; created again');
  }
  const payload = {
    from: { type: 'lead', id: lead },
    body: 'khoros2intercom migration assets: the images of the migrated Help Center articles are attached to the notes of this conversation. Do not delete it.',
  };
  const { entry } = await ledgered(workspace, {
    objectType: 'assets_conversation', khorosKey: ASSETS_KEY, operation: 'create', endpoint: 'POST /conversations', payload,
    send: () => intercom.request<Obj>('POST', '/conversations', { json: payload, lookup: find }),
    settle: (answer) => ({ intercomId: String(answer.conversation_id) }),
  });
  writes += 1;
  return { id: entry.intercomId!, writes };
}
