/**
 * Teams are read-only through the API: `GET /teams` (`team.list`) and `GET /teams/{id}`
 * (404 `team_not_found` "Team not found", as in the 2.16 example).
 */
import { IntercomError, type RouteModule } from '../context.ts';

/**
 * The team routes. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * teamRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const teamRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/teams',
    handler: () => ({ status: 200, body: { type: 'team.list', teams: [...state.teams.values()] } }),
  },
  {
    method: 'GET', path: '/teams/:team_id',
    handler(req) {
      const team = state.teams.get(req.params.team_id);
      if (!team) throw new IntercomError(404, 'team_not_found', 'Team not found');
      return { status: 200, body: team };
    },
  },
];
