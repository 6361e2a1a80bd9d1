/**
 * Help centers (2.16), read-only as in Intercom: `GET /help_center/help_centers` answers
 * `{type: "list", data: [...]}` (no paging) and `GET /help_center/help_centers/{id}` one
 * `help_center`, from the dataset's `help_centers`. A help center without a `url` gets
 * `https://intercom.help/{identifier}`.
 */
import { IntercomError, type RouteModule, type SimState } from '../context.ts';
import { helpCenterUrl } from '../help-center-model.ts';

type Obj = Record<string, any>;

function view(state: SimState, hc: Obj): Obj {
  return { ...hc, url: helpCenterUrl(state, hc) };
}

/** The help center routes. */
export const helpCenterRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/help_center/help_centers',
    handler: () => ({ status: 200, body: { type: 'list', data: [...state.helpCenters.values()].map((hc) => view(state, hc)) } }),
  },
  {
    method: 'GET', path: '/help_center/help_centers/:help_center_id',
    handler(req) {
      const hc = state.helpCenters.get(req.params.help_center_id);
      if (!hc) throw new IntercomError(404, 'not_found', 'Resource Not Found');
      return { status: 200, body: view(state, hc) };
    },
  },
];
