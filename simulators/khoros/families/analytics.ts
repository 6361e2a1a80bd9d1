/**
 * The Khoros Care Analytics family (`https://analytics-api.app.lithium.com/api/public` in
 * the real product): asynchronous report jobs and the teams list. HTTP Basic plus the
 * `companyKey` query parameter; 20 requests per minute (documented).
 */
import type { ApiFamily, FamilyContext } from '../route.ts';
import type { ReportJob } from './analytics/report-job.ts';
import { reportRoutes } from './analytics/report-routes.ts';

/**
 * Builds the Analytics family. Success uses the documented envelope
 * `{status: "PASS", request: null, message: null, result}`; errors the seed-defined
 * `{status: "FAIL", request: null, message, result: null}`. Job state lives in this
 * family instance, so each simulator run starts with no jobs.
 *
 * Routes: the report routes (see `reportRoutes`) and `GET /api/public/teams` →
 * `result: [{uuid, teamId, name, description, numberOfMembers}]` (documented shape;
 * `numberOfMembers` counts `memberIds`, or else the agents listing the team).
 *
 * @example
 * const analytics = analyticsFamily({ store, settings, requests });
 */
export function analyticsFamily(ctx: FamilyContext): ApiFamily {
  const jobs = new Map<string, ReportJob>();
  const { store } = ctx;
  return {
    name: 'analytics',
    auth: 'basic+companyKey',
    bucket: 'analytics',
    errorBody: (_status, message) => ({ status: 'FAIL', request: null, message, result: null }),
    routes: [
      ...reportRoutes(ctx, jobs),
      {
        method: 'GET',
        path: '/api/public/teams',
        handler() {
          const agents = [...store.agents.values()];
          const result = (store.instance.teams ?? []).map((t) => ({
            uuid: t.uuid,
            teamId: t.teamId,
            name: t.name,
            description: t.description ?? '',
            numberOfMembers: t.memberIds?.length
              ?? agents.filter((a) => a.teamIds?.includes(t.uuid) || a.teamIds?.includes(String(t.teamId))).length,
          }));
          return { status: 200, body: { status: 'PASS', request: null, message: null, result } };
        },
      },
    ],
  };
}
