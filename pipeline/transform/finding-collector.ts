/**
 * Collects a record's findings while it is transformed.
 */
import type { Finding } from './findings.ts';

/** The collector's two methods. */
export interface FindingCollector {
  /** Records one occurrence of `rule`, handled by `action`; `ref` names what it is about. */
  add(rule: string, action: string, detail: string, ref?: string): void;
  /** The findings so far, in first-seen order (copies). */
  list(): Finding[];
}

const MAX_REFS = 20;

/**
 * Collects findings, merging repeats of the same rule and action into one with a count,
 * so a case with 500 HTML bodies gives one finding, not 500.
 *
 * @example
 * const findings = findingCollector();
 * findings.add('html-in-plain-text', 'strip-to-text', 'HTML in a contact reply', 'INT-1');
 * findings.add('html-in-plain-text', 'strip-to-text', 'HTML in a contact reply', 'INT-2');
 * findings.list(); // [{ rule: 'html-in-plain-text', action: 'strip-to-text', refs: ['INT-1', 'INT-2'], count: 2, ... }]
 */
export function findingCollector(): FindingCollector {
  const byKey = new Map<string, Finding>();
  return {
    add(rule, action, detail, ref) {
      const key = `${rule}\u0000${action}`;
      const found = byKey.get(key);
      if (!found) {
        byKey.set(key, { rule, action, detail, refs: ref === undefined ? [] : [ref], count: 1 });
        return;
      }
      found.count += 1;
      if (ref !== undefined && found.refs.length < MAX_REFS && !found.refs.includes(ref)) found.refs.push(ref);
    },
    list: () => [...byKey.values()].map((f) => ({ ...f, refs: [...f.refs] })),
  };
}
