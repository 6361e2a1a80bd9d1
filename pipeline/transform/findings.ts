/**
 * What a transform records beside its payloads, so nothing is dropped silently: preflight
 * findings (a rule of `PREFLIGHT_RULES` and the action taken), quarantined field values
 * (a custom field that does not convert, with the reason) and the reconciliation queue (a
 * record that is not written, or written in a degraded way that a person must look at).
 */

/** One rule applied to one record; occurrences of the same rule and action are merged. */
export interface Finding {
  /** A rule id of `PREFLIGHT_RULES` (`parts-over-500`, `admin-missing`, ...). */
  rule: string;
  /** What the transform did about it (`split-part`, `fallback-admin`, ...). */
  action: string;
  /** Human-readable, for the report: the first occurrence's detail. */
  detail: string;
  /** Source ids the finding is about (interaction, message, field, image ...), at most 20. */
  refs: string[];
  /** Occurrences merged into this finding. */
  count: number;
}

/** A field value that failed its conversion: it is left out of the payload and queued for review. */
export interface QuarantinedField {
  /** The source field path (`loyaltyNumber`, `properties.plan`). */
  field: string;
  value: unknown;
  reason: string;
}

/** A record for the reconciliation queue: why it is there and what was done. */
export interface QueueEntry {
  rule: string;
  /** `skip` (nothing written), `lead`, `placeholder`, `queue` ... */
  action: string;
  reason: string;
}

/** Where a transformed record came from. */
export interface SourceRef {
  family: 'customers' | 'cases' | 'conversations' | 'kb-articles';
  id: string;
}
