/**
 * Contact and company data attributes (2.16 `/data_attributes`). Messages are the ones of
 * the 2.16 examples where they exist. Rules: `model` contact|company; `name` made of
 * letters, digits, spaces, hyphens, underscores and currency symbols other than `$` (the
 * documented message names alphanumerics, currency symbols and hyphens; `.` and `$` are
 * refused as they would split the `custom_attributes.<name>` path); a name already used by
 * any attribute of either model → 400; `data_type` string|integer|float|boolean|datetime|
 * date|options (`options` needs at least two `{value}`s and is answered as a `string`
 * attribute with `options`; `datetime` is answered as `date`, the response enum having no
 * `datetime`). `GET ?model=conversation` is 422 from 2.16 (use `/conversations/attributes`).
 * Archiving an attribute listed in the `dataAttributeDependents` hook → 422 `data_invalid`.
 */
import { compareVersions } from '../api-version.ts';
import { IntercomError, type RouteModule, type SimState } from '../context.ts';
import { currentAdminId } from '../state.ts';
import { validateRequestBody } from '../openapi-validator.ts';

const DATA_TYPES = ['string', 'integer', 'float', 'boolean', 'datetime', 'date', 'options'];
const NAME = /^[\p{L}\p{N}\p{Sc} _-]+$/u;

function bad(message: string, field?: string): IntercomError {
  return new IntercomError(400, 'parameter_invalid', message, field);
}

function modelWord(model: string): string {
  return model === 'contact' ? 'people' : 'company';
}

function readOptions(options: unknown): string[] {
  if (!Array.isArray(options)) throw bad("Options isn't an array", 'options');
  const values = options.map((o) => (o && typeof o === 'object' ? (o as { value?: unknown }).value : undefined));
  if (values.some((v) => typeof v !== 'string' || v === '')) throw bad('Each option needs a string value', 'options');
  if (values.length < 2) throw bad('A list attribute needs at least two options', 'options');
  return values as string[];
}

function custom(state: SimState, id: string): Record<string, any> {
  for (const attribute of state.dataAttributes.values()) if (attribute.custom && String(attribute.id) === id) return attribute;
  throw new IntercomError(404, 'field_not_found', "We couldn't find that data attribute to update");
}

/**
 * The data attribute routes. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * dataAttributeRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const dataAttributeRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/data_attributes',
    handler(req) {
      const model = req.query.get('model');
      const includeArchived = req.query.get('include_archived') === 'true';
      if (model === 'conversation') {
        if (compareVersions(req.version, '2.16') >= 0) {
          throw new IntercomError(422, 'parameter_invalid', 'model=conversation is no longer supported. Use GET /conversations/attributes instead');
        }
        const data = [...state.conversationAttributes.values()].filter((a) => includeArchived || !a.archived).map((a) => ({
          type: 'data_attribute', id: a.id, model: 'conversation', name: a.name, full_name: `custom_attributes.${a.name}`,
          label: a.name, description: a.description ?? '', data_type: a.data_type, custom: true, archived: a.archived ?? false,
        }));
        return { status: 200, body: { type: 'list', data } };
      }
      if (model !== null && model !== 'contact' && model !== 'company') throw bad('The Data Attribute model field must be either contact or company', 'model');
      const data = [...state.dataAttributes.values()].filter((a) => (model === null || a.model === model) && (includeArchived || !a.archived));
      return { status: 200, body: { type: 'list', data } };
    },
  },
  {
    method: 'POST', path: '/data_attributes', write: true,
    handler(req) {
      const body = (req.body ?? {}) as Record<string, any>;
      const { name, model, data_type: dataType } = body;
      if (model !== 'contact' && model !== 'company') throw bad('The Data Attribute model field must be either contact or company', 'model');
      if (typeof name !== 'string' || name.trim() === '') throw new IntercomError(400, 'parameter_not_found', 'Name is a required parameter.', 'name');
      if (!NAME.test(name) || name.includes('$')) {
        throw bad('Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens', 'name');
      }
      if (!DATA_TYPES.includes(dataType)) throw bad("Data Type isn't an option", 'data_type');
      // The documented messages above come first; the description then catches the rest (wrong types).
      validateRequestBody('createDataAttribute', req.body);
      const options = dataType === 'options' ? readOptions(body.options) : undefined;
      for (const other of state.dataAttributes.values()) {
        if (other.name.toLowerCase() === name.toLowerCase() || other.full_name.toLowerCase() === name.toLowerCase()) {
          throw bad(`You already have '${other.name}' in your ${modelWord(other.model)} data. To save this as new ${modelWord(model)} data, use a different name.`, 'name');
        }
      }
      const now = state.now();
      const attribute: Record<string, any> = {
        id: Number(state.nextId('attribute')), type: 'data_attribute', name, full_name: `custom_attributes.${name}`, label: name,
        ...(typeof body.description === 'string' ? { description: body.description } : {}),
        data_type: dataType === 'options' ? 'string' : dataType === 'datetime' ? 'date' : dataType,
        ...(options ? { options } : {}),
        api_writable: true, ui_writable: false, messenger_writable: body.messenger_writable === true, custom: true, archived: false,
        admin_id: currentAdminId(state), created_at: now, updated_at: now, model,
      };
      state.dataAttributes.set(`${model}.${name}`, attribute);
      return { status: 200, body: attribute };
    },
  },
  {
    method: 'PUT', path: '/data_attributes/:data_attribute_id', write: true,
    handler(req) {
      const attribute = custom(state, req.params.data_attribute_id);
      const body = (req.body ?? {}) as Record<string, any>;
      if (body.archived !== undefined && typeof body.archived !== 'boolean') throw bad('archived must be a boolean', 'archived');
      if (body.description !== undefined && typeof body.description !== 'string') throw bad('description must be a string', 'description');
      const options = body.options === undefined ? undefined : readOptions(body.options);
      const dependents = (state.hooks.dataAttributeDependents as unknown[] | undefined) ?? [];
      if (body.archived === true && dependents.map(String).includes(String(attribute.id))) {
        throw new IntercomError(422, 'data_invalid', 'The Data Attribute you are trying to archive has a dependant object');
      }
      if (body.archived !== undefined) attribute.archived = body.archived;
      if (body.description !== undefined) attribute.description = body.description;
      if (typeof body.messenger_writable === 'boolean') attribute.messenger_writable = body.messenger_writable;
      if (options) attribute.options = options;
      attribute.updated_at = state.now();
      return { status: 200, body: attribute };
    },
  },
];
