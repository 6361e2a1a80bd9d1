/**
 * Every API family the Khoros simulator mounts, each under its own prefix.
 */
import type { ApiFamily, FamilyContext } from '../route.ts';
import { careFamily } from './care.ts';
import { analyticsFamily } from './analytics.ts';
import { communityFamily } from './community.ts';
import { marketingFamily } from './marketing.ts';
import { crmFamily } from './crm.ts';
import { filesFamily } from './files.ts';
import { adminFamily } from './admin.ts';

/**
 * Builds the families for one run.
 *
 * @example
 * const families = allFamilies({ store, settings, requests });
 */
export function allFamilies(ctx: FamilyContext): ApiFamily[] {
  return [careFamily(ctx), analyticsFamily(ctx), communityFamily(ctx), marketingFamily(ctx), crmFamily(ctx), filesFamily(ctx), adminFamily(ctx)];
}
