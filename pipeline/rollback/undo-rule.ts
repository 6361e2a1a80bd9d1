/**
 * How one ledger write is undone: the table rollback plans from. A write is undone by a
 * request of its own (a delete, a before-image written back, an archive, an untag), or goes
 * with the object it lives in (its container: a part with its conversation), or cannot be
 * undone, with the reason. The table follows Intercom REST API 2.16:
 *
 * | object type / operation | undo |
 * | --- | --- |
 * | `contact`, `assets_contact` / create | `DELETE /contacts/{id}` |
 * | `contact` / update | `PUT /contacts/{id}` with the before-image (a field absent before is set to null) |
 * | `conversation`, `assets_conversation` / create | `DELETE /conversations/{id}` (parts and tags go with it) |
 * | `conversation` / update, `conversation_part` / part, `image` / create | go with their conversation (Intercom cannot delete a part; an update has no before-image) |
 * | `conversation_tag` / tag | goes with its conversation, else `DELETE /conversations/{id}/tags/{tag_id}` |
 * | `tag` / create | `DELETE /tags/{id}` |
 * | `article`, `internal_article` / create | `DELETE /articles/{id}`, `DELETE /internal_articles/{id}` (updates go with them) |
 * | `collection` / create | `DELETE /help_center/collections/{id}` |
 * | `data_attribute` / create | `PUT /data_attributes/{id} {archived: true}`: the API cannot delete one |
 * | `data_attribute` / update | `PUT /data_attributes/{id}` with the options before; an unarchive (before-image `{archived: true}`) archived again |
 * | `conversation_attribute` / create | `DELETE /conversations/attributes/{id}`, which archives it |
 * | `conversation_attribute_option` / create | goes with its attribute, else `DELETE …/options/{option_id}`, which archives it |
 *
 * A write still `intent` (its outcome unknown) is planned like a done one when its target is
 * known from the row and the undo is harmless if it never landed (writing a before-image
 * back, untagging, a container's delete); otherwise (a create, whose id only the answer
 * gives) it is `unsettled`.
 */
import type { LedgerEntry } from '../workspace/ledger.ts';

/** What an undo does. */
export type UndoAction = 'delete' | 'restore' | 'archive' | 'untag';

/** The request that undoes one write. */
export interface UndoRequest {
  action: UndoAction;
  method: 'DELETE' | 'PUT';
  /** Below the API base, ids URL-encoded. */
  path: string;
  /** JSON body; an untag's `admin_id` is filled in when it is sent. */
  body?: Record<string, unknown>;
  /** The Intercom id of the object touched (the undo's `intercomId` in the ledger). */
  target: string;
}

/** How one write is undone. */
export interface UndoRule {
  /** The object whose deletion (or archiving) takes this write with it, e.g. `conversation:42`. */
  container?: string;
  /** For a write that creates a container: its key, e.g. `conversation:42`. */
  creates?: string;
  /** The undo when the container does not take the write with it. */
  undo?: UndoRequest;
  /** Why the write cannot be undone (when there is neither container deletion nor `undo`). */
  reason?: string;
  /** An `intent` whose outcome rollback cannot settle (a create: only its answer names the object). */
  unsettled?: boolean;
  /** The operation is not in the table: nothing rollback knows undoes it. */
  unknown?: boolean;
}

/** The columns of a ledger row the table reads. */
export type UndoSubject = Pick<LedgerEntry, 'objectType' | 'khorosKey' | 'operation' | 'endpoint' | 'status' | 'intercomId' | 'beforeImage'>;

const enc = encodeURIComponent;

/** The id in a row's endpoint (`PUT /contacts/abc` → `abc`), when it names one. */
function endpointId(entry: UndoSubject, pattern: RegExp): string | undefined {
  const match = pattern.exec(entry.endpoint ?? '');
  return match && !match[1].startsWith('{') ? decodeURIComponent(match[1]) : undefined;
}

/** The head of a sub-object id (`<conversation id>/<part id>`), else the id from the endpoint. */
function headId(entry: UndoSubject, pattern: RegExp): string | undefined {
  return entry.intercomId?.split('/')[0] || endpointId(entry, pattern);
}

/** The fields of a before-image as an update body: `custom_attributes.x` nested, absent values as null. */
function restoreBody(before: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(before)) {
    if (field.startsWith('custom_attributes.')) custom[field.slice('custom_attributes.'.length)] = value ?? null;
    else body[field] = value ?? null;
  }
  if (Object.keys(custom).length > 0) body.custom_attributes = custom;
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const CONVERSATION_IN_ENDPOINT = /\/conversations\/([^/\s]+)/;

/**
 * The rule for one write (a `done` or `intent` row of provision or import).
 *
 * @example
 * undoRule({ objectType: 'contact', operation: 'create', intercomId: '6a1', status: 'done', ... });
 * // { creates: 'contact:6a1', undo: { action: 'delete', method: 'DELETE', path: '/contacts/6a1', target: '6a1' } }
 * undoRule({ objectType: 'conversation_part', operation: 'part', intercomId: '42/901', status: 'done', ... });
 * // { container: 'conversation:42', reason: 'Intercom has no API to delete a conversation part: it goes with its conversation' }
 */
export function undoRule(entry: UndoSubject): UndoRule {
  const id = entry.status === 'done' ? entry.intercomId ?? undefined : undefined;
  const create = (space: string, undo: (id: string) => UndoRequest): UndoRule =>
    id === undefined ? { unsettled: true, reason: 'a create still in flight: only its answer names the object, so rollback cannot tell whether Intercom has it' }
      : { creates: `${space}:${id}`, undo: undo(id) };
  const key = `${entry.objectType}/${entry.operation}`;
  switch (key) {
    case 'contact/create':
    case 'assets_contact/create':
      return create('contact', (id) => ({ action: 'delete', method: 'DELETE', path: `/contacts/${enc(id)}`, target: id }));
    case 'contact/update': {
      const contact = headId(entry, /^PUT \/contacts\/([^/\s]+)$/);
      if (contact === undefined) return { unsettled: true, reason: 'the ledger does not name the contact updated' };
      if (!isObject(entry.beforeImage) || Object.keys(entry.beforeImage).length === 0) {
        return { container: `contact:${contact}`, reason: 'the update has no before-image to write back' };
      }
      return { container: `contact:${contact}`, undo: { action: 'restore', method: 'PUT', path: `/contacts/${enc(contact)}`, body: restoreBody(entry.beforeImage), target: contact } };
    }
    case 'conversation/create':
    case 'assets_conversation/create':
      return create('conversation', (id) => ({ action: 'delete', method: 'DELETE', path: `/conversations/${enc(id)}`, target: id }));
    case 'conversation/update':
    case 'conversation_part/part':
    case 'image/create': {
      const conversation = key === 'image/create' ? endpointId(entry, CONVERSATION_IN_ENDPOINT) : headId(entry, CONVERSATION_IN_ENDPOINT);
      const reason = key === 'conversation/update'
        ? 'a conversation update has no before-image: it goes with its conversation'
        : `Intercom has no API to delete a conversation part${key === 'image/create' ? ' (the image is attached to a note of the assets conversation)' : ''}: it goes with its conversation`;
      return conversation === undefined ? { unsettled: true, reason: 'the ledger does not name the conversation' } : { container: `conversation:${conversation}`, reason };
    }
    case 'conversation_tag/tag': {
      const conversation = headId(entry, CONVERSATION_IN_ENDPOINT);
      const tag = entry.intercomId?.split('/')[1] ?? /#tag:([^#]+)$/.exec(entry.khorosKey)?.[1];
      if (conversation === undefined || tag === undefined) return { unsettled: true, reason: 'the ledger does not name the conversation and tag' };
      return {
        container: `conversation:${conversation}`,
        undo: { action: 'untag', method: 'DELETE', path: `/conversations/${enc(conversation)}/tags/${enc(tag)}`, target: `${conversation}/${tag}` },
      };
    }
    case 'tag/create':
      return create('tag', (id) => ({ action: 'delete', method: 'DELETE', path: `/tags/${enc(id)}`, target: id }));
    case 'article/create':
      return create('article', (id) => ({ action: 'delete', method: 'DELETE', path: `/articles/${enc(id)}`, target: id }));
    case 'internal_article/create':
      return create('internal_article', (id) => ({ action: 'delete', method: 'DELETE', path: `/internal_articles/${enc(id)}`, target: id }));
    case 'article/update':
    case 'internal_article/update': {
      const article = headId(entry, /^PUT \/(?:internal_)?articles\/([^/\s]+)$/);
      return article === undefined ? { unsettled: true, reason: 'the ledger does not name the article' }
        : { container: `${entry.objectType}:${article}`, reason: 'an article update has no before-image: it goes with its article' };
    }
    case 'collection/create':
      return create('collection', (id) => ({ action: 'delete', method: 'DELETE', path: `/help_center/collections/${enc(id)}`, target: id }));
    case 'data_attribute/create':
      return create('data_attribute', (id) => ({ action: 'archive', method: 'PUT', path: `/data_attributes/${enc(id)}`, body: { archived: true }, target: id }));
    case 'data_attribute/update': {
      const attribute = headId(entry, /^PUT \/data_attributes\/([^/\s]+)$/);
      if (attribute === undefined) return { unsettled: true, reason: 'the ledger does not name the data attribute updated' };
      // Provision unarchived it (an earlier rollback archived it): archived again, whatever else goes (the create it follows is undone already).
      if (isObject(entry.beforeImage) && entry.beforeImage.archived === true) {
        return { undo: { action: 'archive', method: 'PUT', path: `/data_attributes/${enc(attribute)}`, body: { archived: true }, target: attribute } };
      }
      const options = isObject(entry.beforeImage) ? entry.beforeImage.options : undefined;
      if (!Array.isArray(options)) return { container: `data_attribute:${attribute}`, reason: 'the update has no before-image of the options to write back' };
      return {
        container: `data_attribute:${attribute}`,
        undo: { action: 'restore', method: 'PUT', path: `/data_attributes/${enc(attribute)}`, body: { options: options.map((value) => ({ value })) }, target: attribute },
      };
    }
    case 'conversation_attribute/create':
      return create('conversation_attribute', (id) => ({ action: 'archive', method: 'DELETE', path: `/conversations/attributes/${enc(id)}`, target: id }));
    case 'conversation_attribute_option/create': {
      if (id === undefined) return { unsettled: true, reason: 'an option create still in flight: only its answer names the option' };
      const [attribute, option] = [id.slice(0, id.indexOf('/')), id.slice(id.indexOf('/') + 1)];
      const label = entry.khorosKey.slice(entry.khorosKey.indexOf('/') + 1);
      if (!id.includes('/') || option === label) return { container: `conversation_attribute:${attribute}`, reason: 'the ledger holds the option\'s label, not its id' };
      return {
        container: `conversation_attribute:${attribute}`,
        undo: { action: 'archive', method: 'DELETE', path: `/conversations/attributes/${enc(attribute)}/options/${enc(option)}`, target: id },
      };
    }
    default:
      return { unknown: true, reason: `rollback does not know how to undo ${entry.operation} of ${entry.objectType}` };
  }
}
