/**
 * Finds the Intercom admin for an agent by email (case-insensitively, as discovery matched
 * them), falling back to the configured admin when the agent has none.
 */
import type { Lookups } from './lookups.ts';

/** The admin and whether it is the fallback. */
export interface ResolvedAdmin {
  adminId: string;
  fallback: boolean;
}

/**
 * The admin id for `email`, or the fallback admin (`fallback: true`).
 *
 * @example
 * resolveAdmin('Gerald.Rogahn@Support.Example', lookups); // { adminId: '7100000', fallback: false }
 * resolveAdmin(null, lookups);                            // { adminId: lookups.fallbackAdminId, fallback: true }
 */
export function resolveAdmin(email: string | null | undefined, lookups: Lookups): ResolvedAdmin {
  const id = typeof email === 'string' ? lookups.adminByEmail.get(email.trim().toLowerCase()) : undefined;
  return id ? { adminId: id, fallback: false } : { adminId: lookups.fallbackAdminId, fallback: true };
}
