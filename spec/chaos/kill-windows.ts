/**
 * Where the chaos suite's SIGKILLs land, per dataset scale: after a stage of `migrate` is
 * announced, within a span short enough that the stage (resumed by the run before) is
 * still running. Import gets most of the kills: it writes to Intercom, where a kill can
 * double a record.
 */
import type { KillWindow } from './run-chaos-level.ts';

/** Stage spans (ms) per scale, measured against the raised-limit simulators on this machine. */
const SPANS: Record<string, { export: number; provision: number; import: number }> = {
  tiny: { export: 3_000, provision: 300, import: 6_000 },
  small: { export: 10_000, provision: 1_000, import: 30_000 },
  medium: { export: 60_000, provision: 2_000, import: 180_000 },
  large: { export: 300_000, provision: 5_000, import: 900_000 },
};

/**
 * The kill windows of a scale (a custom `counts` scale gets the `small` ones).
 *
 * @example
 * killWindowsFor('tiny'); // [{ stage: 'export', maxMs: 3000, weight: 3 }, …]
 */
export function killWindowsFor(scale: string): KillWindow[] {
  const spans = SPANS[scale] ?? SPANS.small;
  return [
    { stage: 'export', maxMs: spans.export, weight: 3 },
    { stage: 'provision', maxMs: spans.provision, weight: 1 },
    { stage: 'import', maxMs: spans.import, weight: 6 },
  ];
}
