/**
 * Admins are read-only through the API (no endpoint creates teammates): `GET /me` (the
 * token's admin with the embedded `app`), `GET /admins`, `GET /admins/{id}` (404
 * `admin_not_found` "Admin not found", as in the 2.16 example). The token belongs to the
 * workspace's first admin.
 */
import { IntercomError, type RouteModule } from '../context.ts';
import { currentAdminId } from '../state.ts';

/**
 * The admin routes. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * adminRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const adminRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/me',
    handler() {
      const admin = state.admins.get(currentAdminId(state))!;
      const workspaceBrand = state.brands.get(state.workspaceId);
      return {
        status: 200,
        body: {
          ...admin,
          email_verified: true,
          app: {
            type: 'app', id_code: state.workspaceId, name: workspaceBrand?.name ?? state.workspaceId, created_at: workspaceBrand?.created_at ?? 0,
            secure: false, identity_verification: false, timezone: 'Etc/UTC', region: 'US',
          },
          avatar: { type: 'avatar', image_url: null },
        },
      };
    },
  },
  {
    method: 'GET', path: '/admins',
    handler: () => ({ status: 200, body: { type: 'admin.list', admins: [...state.admins.values()] } }),
  },
  {
    method: 'GET', path: '/admins/:admin_id',
    handler(req) {
      const admin = state.admins.get(req.params.admin_id);
      if (!admin) throw new IntercomError(404, 'admin_not_found', 'Admin not found');
      return { status: 200, body: admin };
    },
  },
];
