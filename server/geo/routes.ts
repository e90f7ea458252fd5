import { ROLES } from '../../shared/core/roles.ts';
import { SquadQuery } from '../../shared/core/schemas.ts';
import { scopeFor } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import { route } from '../platform/http/route.ts';
import * as sql from './sql.ts';

/** Read-only GeoJSON layers for the map, in WGS84, an `id` on every feature. */
export function geoRoutes({ db }: Platform) {
  const layer = async (text: string, params: unknown[] = []) => (await db.query<{ fc: unknown }>(text, params))[0]!.fc;
  // Context layers hold nothing personal and are the same for everyone logged in.
  const context = (path: string, summary: string, text: string) => route({ method: 'get', path, summary, access: ROLES, handler: () => layer(text) });
  // Scoped layers: a squad leader gets their squad, a worker their grid.
  const scoped = (path: string, summary: string, text: string) =>
    route({
      method: 'get',
      path,
      summary,
      access: ROLES,
      query: SquadQuery,
      handler: ({ user, query }) => {
        const scope = scopeFor(user, query.squad);
        return layer(text, [scope.squadId, scope.gridId]);
      },
    });
  return [
    context('/geo/boundary', 'Town boundary', sql.BOUNDARY),
    context('/geo/squads', 'Squad areas (中队)', sql.SQUADS),
    context('/geo/roads', 'Roads by class (主干道 / 中心街道 / 村内道路)', sql.ROADS),
    context('/geo/context', 'Basemap context: water, rivers, rail, national road', sql.CONTEXT),
    scoped('/geo/villages', 'Villages and communities (村居), scoped', sql.VILLAGES),
    scoped('/geo/grids', 'Grids with their responsible worker (R4), scoped', sql.GRIDS),
    scoped('/geo/targets', 'Key targets (重点目标, R13), scoped', sql.TARGETS),
    scoped('/geo/road-cells', 'Main-road and central-street cells of about 50 m, patrolled twice a day (R13), scoped', sql.ROAD_CELLS),
  ];
}
