/**
 * Matches Khoros agents to Intercom admins by email. Admins cannot be created through the
 * Intercom API, so an agent without an admin needs a fallback admin for the records it
 * authored or was assigned. An exact email match is `matched`; one that differs only in
 * letter case is `matched-case-insensitive` (the same mailbox, but worth a look, since the
 * import links by the lower-cased email); anything else is `unmatched`. Pure.
 */
import type { AdminMatch } from './report.ts';

/** An Intercom admin, as `GET /admins` lists it (the fields used here). */
export interface IntercomAdminRef {
  id: string;
  email: string;
  name: string | null;
}

/** An agent's match. */
export interface AgentMatch {
  match: AdminMatch;
  admin: IntercomAdminRef | null;
}

/**
 * A matcher over the admins: exact email first, then the same email in another case.
 *
 * @example
 * const match = matchAgents([{ id: '7', email: 'Gino.Rutherford@Example.com', name: 'Gino' }]);
 * match('gino.rutherford@example.com'); // { match: 'matched-case-insensitive', admin: { id: '7', ... } }
 * match(null);                          // { match: 'unmatched', admin: null }
 */
export function matchAgents(admins: readonly IntercomAdminRef[]): (email: string | null | undefined) => AgentMatch {
  const exact = new Map<string, IntercomAdminRef>();
  const folded = new Map<string, IntercomAdminRef>();
  for (const admin of admins) {
    if (!admin.email) continue;
    if (!exact.has(admin.email)) exact.set(admin.email, admin);
    const key = admin.email.trim().toLowerCase();
    if (!folded.has(key)) folded.set(key, admin);
  }
  return (email) => {
    if (!email) return { match: 'unmatched', admin: null };
    const same = exact.get(email);
    if (same) return { match: 'matched', admin: same };
    const other = folded.get(email.trim().toLowerCase());
    return other ? { match: 'matched-case-insensitive', admin: other } : { match: 'unmatched', admin: null };
  };
}
