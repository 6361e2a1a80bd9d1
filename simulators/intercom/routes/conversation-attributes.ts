/**
 * Conversation attributes (2.16 only; older `Intercom-Version`s answer 400
 * `intercom_version_invalid`): `GET|POST /conversations/attributes`,
 * `GET|PUT|DELETE /conversations/attributes/{id}` (DELETE archives), and list options
 * `POST /conversations/attributes/{id}/options`, `PUT|DELETE …/options/{option_id}` (DELETE
 * archives the option). Errors are 422 `parameter_invalid` throughout (the family documents 422
 * only), 404 `conversation_attribute_not_found`.
 *
 * Rules from the description: `name` and `data_type` are required; `data_type` ∈ string,
 * integer, list, decimal, boolean, datetime, relationship, files ("data_type 'x' is not
 * valid. Allowed types: …"); a list keeps at least 2 active options; options take only
 * `label`. Simulator choices where it is silent: a list is created with ≥ 2 options; a
 * relationship needs `reference {type: one|many, object_type_id}`; names follow the data
 * attribute rule (letters, digits, spaces, `_`, `-`, currency symbols) and are unique among
 * non-archived attributes, case-insensitively; `visible_to_team_ids` must name teams.
 */
import { fields, type FieldReader } from '../body-fields.ts';
import { IntercomError, type RouteModule, type SimRequest, type SimState } from '../context.ts';
import { validateRequestBody, withBodySchema } from '../openapi-validator.ts';
import { currentAdminId } from '../state.ts';

type Obj = Record<string, any>;

const TYPES = ['string', 'integer', 'list', 'decimal', 'boolean', 'datetime', 'relationship', 'files'] as const;
const NAME = /^[\p{L}\p{N}\p{Sc} _-]+$/u;

const invalid = (message: string, field?: string) => new IntercomError(422, 'parameter_invalid', message, field);

function response(attribute: Obj): Obj {
  const out: Obj = {
    type: 'conversation_attribute', description: '', required: false, visible_to_team_ids: [], archived: false, ...attribute,
  };
  if (out.data_type === 'string') out.multiline ??= false;
  return out;
}

function find(state: SimState, id: string): Obj {
  const attribute = state.conversationAttributes.get(String(id));
  if (!attribute) throw new IntercomError(404, 'conversation_attribute_not_found', 'Conversation attribute not found');
  return attribute;
}

function checkName(state: SimState, name: string, self?: Obj): void {
  if (!NAME.test(name)) throw invalid('Name must only contain letters, numbers, spaces, underscores, hyphens and currency symbols', 'name');
  for (const other of state.conversationAttributes.values()) {
    if (other !== self && !other.archived && String(other.name).toLowerCase() === name.toLowerCase()) {
      throw invalid(`A conversation attribute named '${name}' already exists`, 'name');
    }
  }
}

function readCommon(state: SimState, f: FieldReader & { body: Obj }, attribute: Obj): void {
  const description = f.string('description');
  const required = f.boolean('required');
  if (description !== undefined) attribute.description = description;
  if (required !== undefined) attribute.required = required;
  const teams = f.body.visible_to_team_ids;
  if (teams !== undefined) {
    if (!Array.isArray(teams) || teams.some((t) => !state.teams.has(String(t)))) throw invalid('visible_to_team_ids must list existing team ids', 'visible_to_team_ids');
    attribute.visible_to_team_ids = teams.map(String);
  }
  const multiline = f.boolean('multiline');
  if (multiline !== undefined && attribute.data_type === 'string') attribute.multiline = multiline;
  if (f.body.reference !== undefined) {
    if (attribute.data_type !== 'relationship') throw invalid('reference is only accepted for relationship attributes', 'reference');
    const ref = fields(f.body.reference, 422);
    attribute.reference = { type: ref.oneOf('type', ['one', 'many'], true), object_type_id: ref.string('object_type_id', true) };
  }
}

function optionId(state: SimState): string {
  return `00000000-0000-4000-8000-${state.nextId('other').padStart(12, '0')}`;
}

function labelOf(req: SimRequest): string {
  const body = (req.body ?? {}) as Obj;
  if (typeof body !== 'object' || Object.keys(body).some((k) => k !== 'label')) throw invalid("only 'label' is accepted");
  if (body.label === undefined || body.label === null || body.label === '') throw invalid('label is required', 'label');
  if (typeof body.label !== 'string') throw invalid('label must be a string', 'label');
  return body.label;
}

function listOf(state: SimState, id: string): Obj {
  const attribute = find(state, id);
  if (attribute.data_type !== 'list') throw invalid('Options can only be managed on list attributes');
  return attribute;
}

function optionOf(attribute: Obj, id: string): Obj {
  const option = (attribute.options ?? []).find((o: Obj) => o.id === id);
  if (!option) throw new IntercomError(404, 'conversation_attribute_not_found', 'List option not found');
  return option;
}

function uniqueLabel(attribute: Obj, label: string, self?: Obj): void {
  if ((attribute.options ?? []).some((o: Obj) => o !== self && !o.archived && o.label === label)) throw invalid(`The option '${label}' already exists`, 'label');
}

function create(state: SimState, req: SimRequest) {
  const f = fields(req.body, 422);
  const dataType = f.body.data_type;
  // The documented message for an unknown type comes before any other check of the body.
  if (typeof dataType === 'string' && !(TYPES as readonly string[]).includes(dataType)) {
    throw invalid(`data_type '${dataType}' is not valid. Allowed types: ${TYPES.join(', ')}`, 'data_type');
  }
  validateRequestBody('createConversationAttribute', req.body, 422);
  const name = f.string('name', true)!;
  f.string('data_type', true);
  checkName(state, name);
  const now = state.now();
  const attribute: Obj = { type: 'conversation_attribute', id: Number(state.nextId('attribute')), name, description: '', data_type: dataType as string, required: false, visible_to_team_ids: [], archived: false, created_at: now, updated_at: now, admin_id: currentAdminId(state) };
  if (dataType === 'string') attribute.multiline = false;
  readCommon(state, f, attribute);
  if (dataType === 'list') {
    const options = f.body.options;
    if (!Array.isArray(options) || options.length < 2) throw invalid('A list attribute must have at least 2 active options', 'options');
    attribute.options = [];
    for (const option of options) {
      const label = fields(option, 422).string('label', true)!;
      uniqueLabel(attribute, label);
      attribute.options.push({ id: optionId(state), label, archived: false });
    }
  }
  if (dataType === 'relationship' && !attribute.reference) throw invalid('reference is required for relationship attributes', 'reference');
  state.conversationAttributes.set(String(attribute.id), attribute);
  return { status: 200, body: response(attribute) };
}

/** The conversation attribute routes. */
export const conversationAttributeRoutes: RouteModule = (state) => {
  const ok = (attribute: Obj) => ({ status: 200, body: response(attribute) });
  const touch = (attribute: Obj) => { attribute.updated_at = state.now(); return ok(attribute); };
  return [
    {
      method: 'GET', path: '/conversations/attributes', minVersion: '2.16',
      handler(req) {
        const all = req.query.get('include_archived') === 'true';
        return { status: 200, body: { type: 'list', data: [...state.conversationAttributes.values()].filter((a) => all || !a.archived).map(response) } };
      },
    },
    {
      method: 'POST', path: '/conversations/attributes', minVersion: '2.16', write: true, operationId: 'createConversationAttribute',
      handler: (req) => create(state, req),
    },
    { method: 'GET', path: '/conversations/attributes/:id', minVersion: '2.16', handler: (req) => ok(find(state, req.params.id)) },
    withBodySchema('updateConversationAttribute', {
      method: 'PUT', path: '/conversations/attributes/:id', minVersion: '2.16', write: true,
      handler(req) {
        const attribute = find(state, req.params.id);
        const f = fields(req.body, 422);
        const name = f.string('name');
        if (name !== undefined) checkName(state, name, attribute);
        const draft = structuredClone(attribute);
        readCommon(state, f, draft);
        Object.assign(attribute, draft, name !== undefined ? { name } : {});
        return touch(attribute);
      },
    }, 422),
    {
      method: 'DELETE', path: '/conversations/attributes/:id', minVersion: '2.16', write: true,
      handler(req) {
        const attribute = find(state, req.params.id);
        attribute.archived = true;
        return touch(attribute);
      },
    },
    withBodySchema('createConversationAttributeOption', {
      method: 'POST', path: '/conversations/attributes/:id/options', minVersion: '2.16', write: true,
      handler(req) {
        const attribute = listOf(state, req.params.id);
        const label = labelOf(req);
        uniqueLabel(attribute, label);
        (attribute.options ??= []).push({ id: optionId(state), label, archived: false });
        return touch(attribute);
      },
    }, 422),
    withBodySchema('updateConversationAttributeOption', {
      method: 'PUT', path: '/conversations/attributes/:id/options/:option_id', minVersion: '2.16', write: true,
      handler(req) {
        const attribute = listOf(state, req.params.id);
        const option = optionOf(attribute, req.params.option_id);
        const label = labelOf(req);
        uniqueLabel(attribute, label, option);
        option.label = label;
        return touch(attribute);
      },
    }, 422),
    {
      method: 'DELETE', path: '/conversations/attributes/:id/options/:option_id', minVersion: '2.16', write: true,
      handler(req) {
        const attribute = listOf(state, req.params.id);
        const option = optionOf(attribute, req.params.option_id);
        if (!option.archived && attribute.options.filter((o: Obj) => !o.archived).length <= 2) {
          throw invalid('A list attribute must have at least 2 active options');
        }
        option.archived = true;
        return touch(attribute);
      },
    },
  ];
};
