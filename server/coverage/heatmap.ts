// Patrol density and blind spots (R30, R32) on H3 cells: resolution 9 (about 0.1 km², 350 m across) is
// fine enough to show a lane nobody walks in a town of 80 km², coarse enough to read from across a room.
import { cellToBoundary, latLngToCell, polygonToCells } from 'h3-js';
import { current } from '../town/validity.ts';
import type { HeatCell } from '../../shared/coverage/contract.ts';
import { placeFilter, placeParams, type Scope } from '../auth/scope.ts';
import type { Queryable } from '../platform/db/index.ts';

export const H3_RESOLUTION = 9;

/** Clean fixes in [from, to) counted per H3 cell, with the time of the last one; scoped by worker. */
export async function heatCells(q: Queryable, from: Date, to: Date, scope: Scope): Promise<HeatCell[]> {
  // Bucketed to 4 decimals (~10 m) in SQL first: a day of fixes becomes a few thousand rows.
  const rows = await q.query<{ lon: number; lat: number; n: number; last: Date }>(
    `SELECT round(p.lon::numeric, 4)::float8 AS lon, round(p.lat::numeric, 4)::float8 AS lat, count(*)::int AS n, max(p.fix_time) AS last
       FROM positions p JOIN workers w ON w.id = p.worker_id LEFT JOIN grids g ON g.worker_id = w.id
      WHERE p.verdict = 'ok' AND p.fix_time >= $1 AND p.fix_time < $2
        AND ${placeFilter('w.squad_id', 'g.id', 3)}
      GROUP BY 1, 2`,
    [from, to, ...placeParams(scope)],
  );
  const cells = new Map<string, { count: number; last: number }>();
  for (const r of rows) {
    const h3 = latLngToCell(r.lat, r.lon, H3_RESOLUTION);
    const c = cells.get(h3) ?? { count: 0, last: 0 };
    c.count += r.n;
    c.last = Math.max(c.last, r.last.getTime());
    cells.set(h3, c);
  }
  return [...cells].map(([h3, c]) => ({ h3, count: c.count, lastVisit: new Date(c.last).toISOString() })).sort((a, b) => a.h3.localeCompare(b.h3));
}

/** H3 cells whose centre lies in a grid of the scope that no clean fix touched in [from, now): where nobody goes. */
export async function blindSpots(q: Queryable, from: Date, now: Date, scope: Scope) {
  const grids = await q.query<{ id: number; area: { coordinates: number[][][][] } }>(
    `SELECT id, ST_AsGeoJSON(area, 7)::json AS area FROM grids g WHERE ${current('g')} AND ${placeFilter('squad_id', 'id', 1)} ORDER BY id`,
    placeParams(scope),
  );
  const touched = new Set((await heatCells(q, from, now, { squadId: null, gridId: null })).map((c) => c.h3));
  const features = [];
  for (const g of grids)
    for (const polygon of g.area.coordinates)
      for (const h3 of polygonToCells(polygon, H3_RESOLUTION, true))
        if (!touched.has(h3))
          features.push({
            type: 'Feature' as const,
            id: h3,
            geometry: { type: 'Polygon' as const, coordinates: [cellToBoundary(h3, true)] },
            properties: { h3, gridId: g.id },
          });
  return { type: 'FeatureCollection' as const, features };
}
