import { ROLES } from '../../shared/core/roles.ts';
import type { Endpoint } from '../../shared/core/contract.ts';
import { geo } from '../../shared/geo/contract.ts';
import { placeParams, scopeFor } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import { route } from '../platform/http/route.ts';
import * as sql from './sql.ts';

/** Read-only GeoJSON layers for the map, in WGS84, an `id` on every feature. */
export function geoRoutes({ db }: Platform) {
  // The layer's FeatureCollection as PostGIS builds it (its shape is the contract's; the answer check holds it to it).
  // biome-ignore lint/suspicious/noExplicitAny: the SQL's json is typed by the contract of the layer it is answered for
  const layer = async (text: string, params: unknown[] = []): Promise<any> => (await db.query<{ fc: unknown }>(text, params))[0]!.fc;
  // Context layers hold nothing personal and are the same for everyone logged in.
  const context = (contract: Endpoint, summary: string, text: string) => route(contract, { summary, access: ROLES, handler: () => layer(text) });
  // Scoped layers: a squad leader gets their squad, a worker their grid.
  const scoped = <E extends (typeof geo)['villages' | 'grids' | 'targets' | 'roadCells']>(contract: E, summary: string, text: string) =>
    route(contract as typeof geo.grids, {
      summary,
      access: ROLES,
      handler: ({ user, query }) => {
        const scope = scopeFor(user, query.squad);
        return layer(text, placeParams(scope));
      },
    });
  return [
    context(geo.boundary, 'Town boundary', sql.BOUNDARY),
    context(geo.squads, 'Squad areas (中队)', sql.SQUADS),
    context(geo.roads, 'Roads by class (主干道 / 中心街道 / 村内道路)', sql.ROADS),
    context(geo.context, 'Basemap context: water, rivers, rail, national road', sql.CONTEXT),
    scoped(geo.villages, 'Villages and communities (村居), scoped', sql.VILLAGES),
    scoped(geo.grids, 'Grids with their responsible worker (R4), scoped', sql.GRIDS),
    scoped(geo.targets, 'Key targets (重点目标, R13), scoped', sql.TARGETS),
    scoped(geo.roadCells, 'Main-road and central-street cells of about 50 m, patrolled twice a day (R13), scoped', sql.ROAD_CELLS),
  ];
}
