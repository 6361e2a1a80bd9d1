/**
 * The plan's summary: counts per object (actions, reasons, preflight findings, conversation
 * parts and files), built as items stream past, so nothing but counters is kept.
 */
import type { Finding } from '../transform/findings.ts';
import type { PlanAction, PlanItem } from './plan-item.ts';

/** Counts of one object type from one family. */
export interface ObjectSummary {
  objectType: string;
  family: string;
  total: number;
  create: number;
  update: number;
  skip: number;
  queue: number;
  /** Written (create or update) but with a reconciliation-queue entry or quarantined values. */
  flagged: number;
  /** Reason code → items. */
  reasons: Record<string, number>;
  /** Preflight rule id → occurrences (a finding's `count`, summed). */
  findings: Record<string, number>;
  /** Field values left out of payloads because they do not convert. */
  quarantinedFields: number;
  /** Conversations: requests after the create (replies, notes, assignment, state), and files on them. */
  parts?: number;
  attachments?: number;
  /** Contacts: field → updates that change it. */
  changedFields?: Record<string, number>;
}

/** What `runPlan` returns, stores in `plan_summaries` and prints as JSON. */
export interface PlanSummary {
  planId: string;
  runId: string;
  mapVersion: number;
  startedAt: string;
  finishedAt: string;
  /** Whether earlier import runs were taken into account (the workspace has a ledger). */
  ledger: boolean;
  /** Record-level writes of earlier runs the ledger lists as done. */
  ledgerWrites: number;
  /** Intercom requests the plan sent (all reads: GETs and searches). */
  intercomRequests: number;
  objects: ObjectSummary[];
  totals: Record<PlanAction, number> & { total: number };
  /** Findings of the map itself (checked once): rule id → occurrences. */
  mapFindings: Record<string, number>;
}

/** Accumulates summaries as items are planned. */
export interface SummaryCounter {
  add(item: PlanItem, extra?: { findings?: readonly Finding[]; quarantined?: number; parts?: number; attachments?: number }): void;
  /** The summaries, in first-seen order. */
  objects(): ObjectSummary[];
}

/**
 * A fresh counter.
 *
 * @example
 * const counter = summaryCounter();
 * counter.add(item, { findings: result.findings });
 * counter.objects()[0].create; // 1
 */
export function summaryCounter(): SummaryCounter {
  const byKey = new Map<string, ObjectSummary>();
  return {
    add(item, extra = {}) {
      const key = `${item.objectType}\u0000${item.family}`;
      let s = byKey.get(key);
      if (!s) {
        s = { objectType: item.objectType, family: item.family, total: 0, create: 0, update: 0, skip: 0, queue: 0, flagged: 0, reasons: {}, findings: {}, quarantinedFields: 0 };
        byKey.set(key, s);
      }
      s.total += 1;
      s[item.action] += 1;
      s.reasons[item.reason] = (s.reasons[item.reason] ?? 0) + 1;
      const quarantined = extra.quarantined ?? 0;
      s.quarantinedFields += quarantined;
      if ((item.action === 'create' || item.action === 'update') && (item.detail.queue || quarantined > 0)) s.flagged += 1;
      for (const f of extra.findings ?? []) s.findings[f.rule] = (s.findings[f.rule] ?? 0) + f.count;
      if (extra.parts !== undefined) s.parts = (s.parts ?? 0) + extra.parts;
      if (extra.attachments !== undefined) s.attachments = (s.attachments ?? 0) + extra.attachments;
      const changes = item.detail.changes;
      if (Array.isArray(changes)) {
        s.changedFields ??= {};
        for (const c of changes as { field: string }[]) s.changedFields[c.field] = (s.changedFields[c.field] ?? 0) + 1;
      }
    },
    objects: () => [...byKey.values()].map((s) => structuredClone(s)),
  };
}
