/**
 * The profile of the staged source that a map is proposed and confirmed against: per
 * family, per field, what the values look like. Its canonical hash (`profileHash`) is
 * recorded with the confirmed map; import recomputes it and refuses on drift (a new field,
 * a changed type), saying what changed.
 */

/** Types a field's values are inferred to have. */
export type InferredType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'options' | 'empty';

/** One field's profile. */
export interface FieldProfile {
  /** Dotted path in the payload (`email`, `properties.plan`). */
  path: string;
  /** True for a declared custom field (CRM `meta/object`). */
  custom: boolean;
  /** The declared CRM type, for custom fields. */
  declaredType?: string;
  /**
   * Added (optional): the declared CRM label, for custom fields (`Account tier`); the
   * proposal matches it against Intercom attribute labels too. Not part of the shape.
   */
  label?: string;
  inferredType: InferredType;
  /** Rows profiled, and the share where the value is null or absent. */
  rows: number;
  nullRate: number;
  distinct: number;
  /** Up to 5 sample values, most frequent first. */
  samples: string[];
  /** Length of the longest value as text. */
  longest: number;
  /** For `options`: every value seen (or declared). */
  options?: string[];
  /** Added (optional): declared option value → its label (`gold` → `Gold`), for declared lists. Not part of the shape. */
  optionLabels?: Record<string, string>;
  /** Values that do not convert to `inferredType` (for the report; at most 20). */
  failing: string[];
}

/** The whole profile: family → fields, sorted by path. */
export interface SourceProfile {
  families: Record<string, FieldProfile[]>;
}

/**
 * The part of a profile that defines drift: which fields exist and their inferred types
 * (counts and samples change with every delta and do not count).
 */
export type ProfileShape = Record<string, Record<string, InferredType>>;
