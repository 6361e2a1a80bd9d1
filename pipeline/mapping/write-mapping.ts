/**
 * Writes a field map as YAML a person can review and edit: a header saying how, one block
 * per object, one row per field with its target and conversion on a line each, and the
 * proposal's evidence under it. The same map always gives the same bytes.
 */
import { rename, writeFile } from 'node:fs/promises';
import { Document, isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { Mapping } from './mapping.ts';

/** The comment at the top of every written map. */
export const MAPPING_HEADER = [
  ' khoros2intercom field map (schema: schemas/mapping.schema.json).',
  '',
  ' Written by `khoros2intercom map propose` from the staged data; mapping.report.md beside',
  ' it shows the evidence for every row (samples, empty share, values that fail).',
  ' Review it, edit what you disagree with, then run',
  '   khoros2intercom map confirm --config <config> --mapping <this file>',
  ' Import only runs with a confirmed map whose source profile still matches the workspace.',
  '',
  ' Each field row: source (dotted path in the staged record), target, conversion, lossy, default.',
  '   target:     {standard: email} | {attribute: name, dataType: string|integer|float|boolean|date|options,',
  '               options: [...], create: true|false} | {tag: "brand: {name}"} | {skip: true, reason: ...}',
  '   conversion: {type: string|integer|float|boolean|date|email|html} | {type: valueMap, values: {from: to}}',
  '   Values that do not convert are quarantined at import, never written half-converted.',
  ' To drop a field, set its target to {skip: true, reason: "..."}. Leave `source:` at the top alone.',
].join('\n');

const OBJECT_NOTES: Record<string, string> = {
  customers: ' Customer → contact',
  authors: ' Author → enrichment of the contact of its customer',
  agents: ' Agent → existing admin, by email',
  cases: ' Case → conversation; interactions → parts (original timestamps and order)',
  conversations: ' Care conversation → conversation; messages → parts',
  brands: ' Brand → Intercom brand of the same name, else a tag',
  initiatives: ' Initiative → tag',
  campaigns: ' Campaign → tag',
  kb_articles: ' KB article → Help Center article (visibility kept)',
  kb_categories: ' KB category → collection',
  kb_boards: ' KB board → section',
  attachments: ' Attachments move with their part',
};

/**
 * The map as YAML text.
 *
 * @example
 * const text = mappingToYaml(mapping);
 * text.startsWith('# khoros2intercom field map'); // true
 */
export function mappingToYaml(mapping: Mapping): string {
  const doc = new Document(mapping, { keepUndefined: false });
  doc.commentBefore = MAPPING_HEADER;
  const objects = doc.get('objects', true);
  if (isMap(objects)) {
    (objects.items as Pair[]).forEach((pair, i) => {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      if (OBJECT_NOTES[name] && isScalar(pair.key)) {
        pair.key.commentBefore = OBJECT_NOTES[name];
        // A blank line before each object but the first (which follows `objects:`).
        if (i > 0) pair.key.spaceBefore = true;
      }
      if (isMap(pair.value)) styleObject(pair.value);
    });
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true, indentSeq: true });
}

/** Field rows: target and conversion inline (a value map stays a block), a blank line between rows. */
function styleObject(object: YAMLMap): void {
  const fields = object.get('fields', true);
  if (isSeq(fields)) {
    fields.items.forEach((row, i) => {
      if (!isMap(row)) return;
      if (i > 0) row.spaceBefore = true;
      const target = row.get('target', true);
      if (isMap(target)) target.flow = true;
      const conversion = row.get('conversion', true);
      if (isMap(conversion) && !conversion.has('values')) conversion.flow = true;
    });
  }
}

/**
 * Writes the map to a file, atomically: to a temporary file beside it, then renamed over
 * it. `migrate` keeps an existing map file (a person's edits), so a run killed halfway
 * through writing one must leave no file, or the whole previous one, never half a map.
 *
 * @example
 * await writeMapping('mapping.yaml', mapping);
 */
export async function writeMapping(path: string, mapping: Mapping): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, mappingToYaml(mapping), 'utf8');
  await rename(partial, path);
}
