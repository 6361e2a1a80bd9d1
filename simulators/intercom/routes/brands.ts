/**
 * Brands (added in 2.15): `GET /brands` (`{type:'list', data}`, the default brand
 * included) and `GET /brands/{id}` (404 `not_found` "Brand not found", as in the 2.16 example).
 */
import { IntercomError, type RouteModule } from '../context.ts';

/**
 * The brand routes. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * brandRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const brandRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/brands', minVersion: '2.15',
    handler: () => ({ status: 200, body: { type: 'list', data: [...state.brands.values()] } }),
  },
  {
    method: 'GET', path: '/brands/:id', minVersion: '2.15',
    handler(req) {
      const brand = state.brands.get(req.params.id);
      if (!brand) throw new IntercomError(404, 'not_found', 'Brand not found');
      return { status: 200, body: brand };
    },
  },
];
