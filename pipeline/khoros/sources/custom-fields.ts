/**
 * Custom field declarations: CRM `GET /meta/object/customer` and `GET /meta/object/case`,
 * two requests whatever the number of fields (the minimum). One record per object, as the
 * API answers it: `{name: 'customer' | 'case', fields: [{name, label, type, searchable,
 * listValues}]}` (the `custom-field-declaration` schema's shape). A 404 is the CRM spec's
 * "meta type not supported": the object declares nothing, so no record. Family and stream
 * `custom_fields`; checkpoint `{index, done}` (the next object to read).
 */
import { KhorosRequestError } from '../../errors.ts';
import type { Source } from '../source-page.ts';
import { paginate } from './paginate.ts';
import { UnexpectedAnswerError } from './pagination-error.ts';
import type { SourceOptions } from './source-options.ts';

/** The CRM objects that declare custom fields, in export order. */
export const META_OBJECTS = ['customer', 'case'] as const;

/**
 * The raw-table key of a declaration record: the object's name.
 *
 * @example
 * customFieldsKey({ name: 'case', fields: [] }); // 'case'
 */
export function customFieldsKey(record: Record<string, unknown>): string | null {
  return typeof record.name === 'string' && record.name !== '' ? record.name : null;
}

/**
 * The custom field declarations source.
 *
 * @example
 * customFieldsSource()(clients, new Map()); // two pages: customer, then case
 */
export function customFieldsSource(options: SourceOptions = {}): Source {
  return (clients, resumeFrom) => paginate<{ index: number }>({
    family: 'custom_fields', stream: 'custom_fields', maxPages: options.maxPages,
    initial: { index: 0 },
    async fetch({ index }) {
      const object = META_OBJECTS[index];
      const endpoint = `GET /crm/meta/object/${object}`;
      const next = { index: index + 1 };
      const done = next.index >= META_OBJECTS.length;
      let body: { name?: unknown; fields?: unknown };
      try {
        body = await clients.crm.json(`/meta/object/${object}`);
      } catch (error) {
        if (error instanceof KhorosRequestError && error.status === 404) return { endpoint, records: [], next, done };
        throw error;
      }
      if (!Array.isArray(body?.fields)) throw new UnexpectedAnswerError('custom_fields', endpoint, 'no "fields" array');
      // The path names the object; the body should too, but the path is what was asked.
      return { endpoint, records: [{ ...body, name: object }], next, done };
    },
  }, resumeFrom);
}
