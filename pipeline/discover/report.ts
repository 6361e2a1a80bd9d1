/**
 * The shape of the scope report `discover` writes (`discover.json`; `discover.md` renders
 * the same object). Every count comes from the workspace: a family not staged yet is
 * `status: 'not exported yet'` with `count: null`, never a guess.
 */
import type { ExportEstimate } from '../khoros/estimate-export.ts';

/** Whether a family's stream has run to its end in this workspace. */
export type FamilyStatus = 'exported' | 'partial' | 'not exported yet';

/** One object's count. */
export interface ObjectCount {
  /** The object (`customers`, `interactions`, `attachments`, ...). */
  object: string;
  /** The families it is staged from (`interactions` come with `cases`). */
  families: string[];
  status: FamilyStatus;
  /** Staged records (so far, when partial); null when not exported yet. */
  count: number | null;
  /** Records of its family refused by validation (0 for derived objects). */
  quarantined: number;
}

/** One declared custom field. */
export interface CustomFieldReport {
  name: string;
  label: string;
  type: string;
  searchable: boolean;
  /** `single_sel_list` options (`[{name, value}]`); empty otherwise. */
  options: { name: string; value: string }[];
  /** Staged records of the object with a value for it; null until the object is exported. */
  filled: number | null;
}

/** The declarations of one CRM object. */
export interface CustomFieldObject {
  object: 'customer' | 'case' | string;
  fields: CustomFieldReport[];
}

/** A brand, initiative or campaign and the staged cases that reference it. */
export interface CatalogEntry {
  id: string;
  name: string | null;
  /** Cases referencing it; null until cases are exported. */
  cases: number | null;
  /** False when cases reference an id the directory does not declare. */
  declared: boolean;
}

/** Brands, initiatives and campaigns. */
export interface CatalogReport {
  casesStatus: FamilyStatus;
  brands: CatalogEntry[];
  initiatives: CatalogEntry[];
  campaigns: CatalogEntry[];
}

/** How an agent matches an Intercom admin. */
export type AdminMatch = 'matched' | 'matched-case-insensitive' | 'unmatched';

/** One Khoros agent. */
export interface AgentReport {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  active: boolean;
  teams: string[];
  match: AdminMatch;
  /** The Intercom admin it matches, if any. */
  admin: { id: string; email: string; name: string | null } | null;
}

/** Agents, roles, teams and the Intercom admin match. */
export interface AgentsReport {
  /** Intercom admins read (`GET /admins`); null when the read failed. */
  intercomAdmins: number | null;
  /** Why the admins could not be read (never carries the token). */
  intercomError: string | null;
  roles: Record<string, number>;
  matched: number;
  matchedCaseInsensitive: number;
  unmatched: number;
  agents: AgentReport[];
  /** Intercom admins no agent matches. */
  adminsWithoutAgent: { id: string; email: string; name: string | null }[];
  teams: { id: string; name: string; members: number }[];
}

/** Earliest and latest of one timestamp (ISO-8601), null when nothing is staged. */
export interface Span {
  from: string | null;
  to: string | null;
}

/** The time span of the staged data. */
export interface TimeSpanReport {
  casesCreated: Span;
  casesUpdated: Span;
  interactionsCreated: Span;
  conversationsCreated: Span;
  /** Over all of the above. */
  overall: Span;
}

/** Quarantine, case-id collisions, files. */
export interface QualityReport {
  quarantined: number;
  quarantine: { family: string; reasonKind: string; records: number }[];
  /** Case ids a naive normalization would merge, as the export recorded them. */
  caseIdCollisions: { naiveKey: string; ids: string[]; canonicalIds: string[]; reasons: string[] }[];
  /** Staged cases whose ids share a naive key (the `case_id_conflicts` view). */
  caseIdConflicts: number;
  filesStored: number;
  refusedDownloads: number;
  refusedByReason: { reason: string; files: number }[];
}

/** The estimate and what it was made from. */
export interface EstimateReport {
  /** The counts used; null where the family is not exported yet. */
  counts: Record<string, number | null>;
  since: string;
  until: string;
  estimate: ExportEstimate;
}

/** One automation rule, with where to rebuild it. */
export interface RuleReport {
  id: string;
  name: string;
  trigger: string;
  conditions: string[];
  actions: string[];
  enabled: boolean;
  /** Suggested Intercom feature(s): Workflows, Assignment rules, SLA policy, Tags, Macros. */
  rebuildAs: string;
}

/** What to rebuild by hand in Intercom: nothing here migrates automatically. */
export interface AutomationReport {
  status: { automation_rules: FamilyStatus; work_queues: FamilyStatus; slas: FamilyStatus; tags: FamilyStatus };
  rules: RuleReport[];
  workQueues: { id: string; numericId: number | null; name: string; description: string | null; archived: boolean; rebuildAs: string }[];
  slas: {
    id: string; name: string; firstResponseMinutes: number | null; resolutionMinutes: number | null;
    priorities: number[]; workQueues: string[]; rebuildAs: string;
  }[];
  /** Care tag definitions (Intercom tags are created by the import). */
  tags: number;
}

/** The whole report. */
export interface DiscoverReport {
  generatedAt: string;
  workspace: string;
  runId: string;
  /** Whether the whole export ran first (`--full`). */
  full: boolean;
  objects: ObjectCount[];
  customFields: CustomFieldObject[];
  catalog: CatalogReport;
  agents: AgentsReport;
  timeSpan: TimeSpanReport;
  quality: QualityReport;
  estimate: EstimateReport;
  automation: AutomationReport;
}
