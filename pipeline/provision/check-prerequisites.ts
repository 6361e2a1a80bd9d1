/**
 * What the map relies on that Intercom's API cannot create, checked against the workspace
 * as it is now: the fallback admin and the admins the map resolved agents to (no API creates
 * admins), the teams and brands the map's value maps name (none creates teams or brands), the
 * help center and every article locale the map uses (locales are enabled by hand). Each gap
 * is a manual step that says what to create, where, and why. Agents without an admin are
 * not gaps: their work goes to the fallback admin, which the notes say.
 */
import type { FieldMap, Mapping } from '../mapping/mapping.ts';
import { INTERCOM_LOCALES } from '../transform/intercom-locales.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { ManualStep } from './provision-report.ts';
import type { IntercomSetup } from './read-intercom-setup.ts';

/** The help center provision works in (null: the workspace has none). */
export type ChosenHelpCenter = { id: string; locales: string[]; default: boolean } | null;

/**
 * Checks the prerequisites.
 *
 * @example
 * const { manual, notes } = await checkPrerequisites(workspace, mapping, setup, helpCenter);
 * manual.map((m) => m.missing); // ['help-center locale he']
 */
export async function checkPrerequisites(workspace: Workspace, mapping: Mapping, setup: IntercomSetup, helpCenter: ChosenHelpCenter): Promise<{ manual: ManualStep[]; notes: string[] }> {
  const manual: ManualStep[] = [];
  const notes: string[] = [];
  await checkAdmins(workspace, mapping, setup, manual, notes);
  checkTeams(mapping, setup, manual, notes);
  checkBrands(mapping, setup, manual);
  await checkLocales(workspace, mapping, helpCenter, manual);
  return { manual, notes };
}

/**
 * Whether the map assigns conversations to teams (then provision reads Intercom's teams).
 *
 * @example
 * referencesTeams(mapping); // false for a proposed map (work queues are skipped)
 */
export function referencesTeams(mapping: Mapping): boolean {
  return standardRows(mapping, 'team_assignee_id').length > 0;
}

/** The map's rows with this standard target, over cases and Care conversations (and contacts for `owner_id`). */
function standardRows(mapping: Mapping, standard: string): { at: string; row: FieldMap }[] {
  const out: { at: string; row: FieldMap }[] = [];
  for (const family of ['customers', 'authors', 'cases', 'conversations'] as const) {
    for (const row of mapping.objects[family]?.fields ?? []) {
      if (row?.target && 'standard' in row.target && row.target.standard === standard) out.push({ at: `objects.${family} ${row.source}`, row });
    }
  }
  return out;
}

/** The Intercom ids a row's value map and default name: `[value, Khoros value or 'default']`. */
function mappedValues(row: FieldMap): [string, string][] {
  const out: [string, string][] = [];
  if (row.conversion?.type === 'valueMap') {
    for (const [from, to] of Object.entries(row.conversion.values ?? {})) if (to !== null && to !== '') out.push([String(to), from]);
  }
  if (row.default !== null && row.default !== undefined && row.default !== '') out.push([String(row.default), 'default']);
  return out;
}

async function checkAdmins(workspace: Workspace, mapping: Mapping, setup: IntercomSetup, manual: ManualStep[], notes: string[]): Promise<void> {
  const ids = new Set(setup.admins.map((a) => a.id));
  const byEmail = new Map(setup.admins.filter((a) => a.email).map((a) => [a.email!.trim().toLowerCase(), a.id]));
  const fallback = String(mapping.policies.fallbackAdminId);
  if (!ids.has(fallback)) {
    manual.push({
      kind: 'admin', missing: `admin ${fallback} (policies.fallbackAdminId)`,
      action: 'invite the teammate who takes over in Intercom (Settings → Teammates; no API creates admins), set policies.fallbackAdminId to its id and confirm the map again',
      why: 'it takes the conversations, notes and articles of every agent without an admin, and performs the migration\'s own actions (tags, state changes)',
    });
  }
  for (const [email, id] of Object.entries(mapping.objects.agents?.resolved ?? {})) {
    if (id === null || ids.has(String(id)) || byEmail.has(email.trim().toLowerCase())) continue;
    manual.push({
      kind: 'admin', missing: `admin ${id} for agent ${email}`,
      action: `invite ${email} as a teammate in Intercom (Settings → Teammates), or accept that this agent's work goes to the fallback admin ${fallback}`,
      why: `the map resolved agent ${email} to admin ${id}, which Intercom no longer has; import matches agents to admins by email`,
    });
  }
  for (const { at, row } of [...standardRows(mapping, 'admin_assignee_id'), ...standardRows(mapping, 'owner_id')]) {
    for (const [value, from] of mappedValues(row)) {
      if (value.includes('@') || ids.has(value)) continue;
      manual.push({
        kind: 'admin', missing: `admin ${value} (${at}, ${from})`,
        action: 'invite the teammate in Intercom (Settings → Teammates), then put its id in the map and confirm it again',
        why: `the map assigns ${from === 'default' ? 'by default' : `Khoros value ${JSON.stringify(from)}`} to admin ${value}`,
      });
    }
  }
  const agents = await workspace.query<{ email: string | null; name: string | null }>(
    `SELECT email, name FROM agents WHERE email IS NOT NULL ORDER BY lower(email)`).catch(() => []);
  const without = agents.filter((a) => !byEmail.has(String(a.email).trim().toLowerCase()));
  if (without.length) {
    notes.push(`${without.length} of ${agents.length} agents have no Intercom admin; their conversations, notes and articles go to the fallback admin ${fallback}: ` +
      without.map((a) => a.email).join(', '));
  }
}

function checkTeams(mapping: Mapping, setup: IntercomSetup, manual: ManualStep[], notes: string[]): void {
  const rows = standardRows(mapping, 'team_assignee_id');
  if (rows.length === 0) return;
  const ids = new Set((setup.teams ?? []).map((t) => t.id));
  for (const { at, row } of rows) {
    const values = mappedValues(row);
    if (values.length === 0) notes.push(`${at} writes team_assignee_id from the staged values as they are; provision cannot check them against Intercom's teams`);
    for (const [value, from] of values) {
      if (ids.has(value)) continue;
      manual.push({
        kind: 'team', missing: `team ${value} (${at}, ${from})`,
        action: 'create the team in Intercom (Settings → Teams; no API creates teams), then put its id in the map and confirm it again',
        why: `the map assigns ${from === 'default' ? 'conversations by default' : `Khoros value ${JSON.stringify(from)}`} to team ${value}`,
      });
    }
  }
}

function checkBrands(mapping: Mapping, setup: IntercomSetup, manual: ManualStep[]): void {
  const ids = new Set(setup.brands.map((b) => b.id));
  for (const { at, row } of standardRows(mapping, 'brand_id')) {
    for (const [value, from] of mappedValues(row)) {
      if (ids.has(value)) continue;
      manual.push({
        kind: 'brand', missing: `brand ${value} (${at}, ${from})`,
        action: 'create the brand in Intercom (Settings → Brands; the API cannot create brands) and put its id in the map, ' +
          `or map ${JSON.stringify(from)} to null so its conversations are tagged instead (objects.brands.tagRule); then confirm the map again`,
        why: `conversations of Khoros brand ${JSON.stringify(from)} are written with brand_id ${value}, which Intercom does not have`,
      });
    }
  }
}

async function checkLocales(workspace: Workspace, mapping: Mapping, helpCenter: ChosenHelpCenter, manual: ManualStep[]): Promise<void> {
  const locales = mapping.objects.kb_articles?.locales ?? {};
  const languages = new Map<string, string[]>();
  for (const [language, locale] of Object.entries(locales)) languages.set(locale, [...(languages.get(locale) ?? []), language]);
  const staged = new Map((await workspace.query<{ language: string | null; n: number }>(
    `SELECT lower(payload->>'language') AS language, count(*) AS n FROM raw_kb_articles GROUP BY ALL`).catch(() => [])).map((r) => [r.language ?? '', r.n]));
  const articles = [...staged.values()].reduce((a, b) => a + b, 0);
  if (!helpCenter) {
    if (articles > 0 || languages.size > 0) {
      manual.push({
        kind: 'help_center', missing: 'a help center', action: 'turn the Help Center on in Intercom (Settings → Help Center), then run provision again',
        why: `${articles} staged KB articles, and their categories and boards, go to a help center`,
      });
    }
    return;
  }
  for (const [locale, from] of [...languages.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (helpCenter.locales.includes(locale)) continue;
    const n = from.reduce((sum, language) => sum + (staged.get(language.toLowerCase()) ?? 0), 0);
    const known = INTERCOM_LOCALES.includes(locale);
    manual.push({
      kind: 'locale', missing: `help-center locale ${locale}`,
      action: known
        ? `enable ${locale} on help center ${helpCenter.id} (Settings → Help Center → Languages), or map ${from.join(', ')} to an enabled locale ` +
          `(${helpCenter.locales.join(', ') || 'none'}) in objects.kb_articles.locales and confirm the map again`
        : `"${locale}" is not a locale Intercom articles take: map ${from.join(', ')} to one of ${helpCenter.locales.join(', ') || INTERCOM_LOCALES.join(', ')} ` +
          'in objects.kb_articles.locales and confirm the map again',
      why: `${n} staged KB article${n === 1 ? '' : 's'} in Khoros language ${from.join(', ')} ${n === 1 ? 'is' : 'are'} written in ${locale}, which help center ${helpCenter.id} lacks`,
    });
  }
}
