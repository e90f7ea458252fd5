// Loading a town's layers into the database: its boundary, squads' areas, villages, grids, roads, key
// targets and context features (shared/town/layers.ts). The demo seed calls it with the generated town of
// Xigang; an import of a town's own data gives it the same layers. Ids follow the layers' order.
import type { TownLayers } from '../../shared/town/layers.ts';
import { bulkInsert, type BulkColumn } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';

/** Each loaded squad, village and grid by its code, with the id it got. */
export interface LoadedTown {
  squadId: Map<string, number>;
  villageId: Map<string, number>;
  gridId: Map<string, number>;
}

/** A geometry column filled from GeoJSON text, an explicit id column, and ids from 1 in order: for bulkInsert. */
export const geom = (type = 'geometry'): Pick<BulkColumn<unknown>, 'type' | 'expr'> => ({
  type: 'text',
  expr: `ST_SetSRID(ST_GeomFromGeoJSON(v), 4326)::${type}`,
});
export const idCol = <R>(): BulkColumn<R & { id: number }> => ({ name: 'id', type: 'int', value: (r) => r.id });
export const withIds = <T>(items: T[]) => items.map((x, i) => ({ ...x, id: i + 1 }));

/** Into an empty town: run it inside the transaction that loads the rest (grids get their workers later). */
export async function loadTown(q: Queryable, layers: TownLayers): Promise<LoadedTown> {
  const boundary = layers.boundary.features[0]!;
  await q.query(`INSERT INTO town (code, name, boundary) VALUES ($1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))`, [
    boundary.properties.code,
    boundary.properties.name,
    JSON.stringify(boundary.geometry),
  ]);

  const squads = withIds(layers.squads.features);
  const squadId = new Map(squads.map((s) => [s.properties.code, s.id]));
  await bulkInsert(
    q,
    'squads',
    [
      idCol(),
      { name: 'code', type: 'text', value: (s) => s.properties.code },
      { name: 'name', type: 'text', value: (s) => s.properties.name },
      { name: 'branch', type: 'text', value: (s) => s.properties.branch },
      { name: 'area', ...geom(), value: (s) => JSON.stringify(s.geometry) },
    ],
    squads,
  );

  const villages = withIds(layers.villages.features);
  const villageId = new Map(villages.map((v) => [v.properties.code, v.id]));
  await bulkInsert(
    q,
    'villages',
    [
      idCol(),
      { name: 'code', type: 'text', value: (v) => v.properties.code },
      { name: 'name', type: 'text', value: (v) => v.properties.name },
      { name: 'kind', type: 'text', value: (v) => v.properties.kind },
      { name: 'squad_id', type: 'int', value: (v) => squadId.get(v.properties.squadCode) },
      { name: 'area', ...geom(), value: (v) => JSON.stringify(v.geometry) },
      { name: 'centre', ...geom(), value: (v) => JSON.stringify({ type: 'Point', coordinates: v.properties.centre }) },
    ],
    villages,
  );

  const grids = withIds(layers.grids.features);
  const gridId = new Map(grids.map((g) => [g.properties.code, g.id]));
  await bulkInsert(
    q,
    'grids',
    [
      idCol(),
      { name: 'code', type: 'text', value: (g) => g.properties.code },
      { name: 'name', type: 'text', value: (g) => g.properties.name },
      { name: 'class', type: 'int', value: (g) => g.properties.class },
      { name: 'squad_id', type: 'int', value: (g) => squadId.get(g.properties.squadCode) },
      { name: 'village_id', type: 'int', value: (g) => villageId.get(g.properties.villageCode) },
      { name: 'area', ...geom(), value: (g) => JSON.stringify(g.geometry) },
    ],
    grids,
  );

  await bulkInsert(
    q,
    'roads',
    [
      { name: 'name', type: 'text', value: (r) => r.properties.name },
      { name: 'class', type: 'text', value: (r) => r.properties.class },
      { name: 'geom', ...geom(), value: (r) => JSON.stringify(r.geometry) },
    ],
    layers.roads.features,
  );
  await bulkInsert(
    q,
    'context_features',
    [
      { name: 'kind', type: 'text', value: (c) => c.properties.kind },
      { name: 'name', type: 'text', value: (c) => c.properties.name },
      { name: 'geom', ...geom(), value: (c) => JSON.stringify(c.geometry) },
    ],
    layers.context.features,
  );
  await bulkInsert(
    q,
    'targets',
    [
      { name: 'name', type: 'text', value: (t) => t.properties.name },
      { name: 'kind', type: 'text', value: (t) => t.properties.kind },
      { name: 'grid_id', type: 'int', value: (t) => gridId.get(t.properties.gridCode) },
      { name: 'geom', ...geom(), value: (t) => JSON.stringify(t.geometry) },
      { name: 'radius_m', type: 'float8', value: (t) => t.properties.radiusM },
      { name: 'required_passes', type: 'int', value: (t) => t.properties.requiredPasses },
    ],
    layers.targets.features,
  );
  for (const t of ['squads', 'villages', 'grids']) await q.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
  return { squadId, villageId, gridId };
}
