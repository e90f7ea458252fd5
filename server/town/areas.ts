// The staging of a layer of areas (grids, villages, squads) in a table of the import's transaction, and
// what PostGIS says of their shapes: the same for each kind, so that a village's invalid ring is repaired
// and reported as a grid's is (issue 17).
import type { Feature } from 'geojson';
import { AREA_CODES, type AreaKind, type GridMapping, malformedGeometry, type Problem } from '../../shared/town/validate.ts';
import { type BulkColumn, bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';

export type At = [number, number];
/** A place inside a geometry, for the map: [lon, lat] to 6 decimals. */
export const AT = (geom: string) =>
  `json_build_array(round(ST_X(ST_PointOnSurface(${geom}))::numeric, 6), round(ST_Y(ST_PointOnSurface(${geom}))::numeric, 6))`;

export interface StagedArea {
  i: number;
  f: Feature;
}

/**
 * Puts the layer's areas into `table` (dropped at the transaction's end): each row with its place in the
 * file, code, name, its shape repaired by ST_MakeValid and whether it needed it, and the kind's own columns.
 * Features that are not areas, are malformed or have no code of the kind are left out: `areaProblems` has
 * said so already; of a code twice the first is staged.
 */
export async function stageAreas(
  tx: Queryable,
  table: string,
  kind: AreaKind,
  features: Feature[],
  map: GridMapping,
  extra: { ddl: string; columns: BulkColumn<StagedArea>[] } = { ddl: '', columns: [] },
) {
  await tx.query(`CREATE TEMP TABLE ${table} (
    feature int PRIMARY KEY, code text NOT NULL, name text NOT NULL, raw geometry NOT NULL,
    area geometry(MultiPolygon, 4326), valid boolean, reason text${extra.ddl}) ON COMMIT DROP`);
  const code = (f: Feature) => String(f.properties?.[map.code] ?? '').trim();
  const rows = features
    .map((f, i) => ({ f, i }))
    .filter(
      ({ f }) =>
        (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon') &&
        malformedGeometry(f.geometry) === null &&
        AREA_CODES[kind].pattern.test(code(f)),
    );
  await bulkInsert(
    tx,
    table,
    [
      { name: 'feature', type: 'int', value: (r) => r.i + 1 },
      { name: 'code', type: 'text', value: (r) => code(r.f) },
      { name: 'name', type: 'text', value: (r) => String(r.f.properties?.[map.name] ?? '').trim() },
      { name: 'raw', type: 'text', expr: 'ST_SetSRID(ST_GeomFromGeoJSON(v), 4326)', value: (r) => JSON.stringify(r.f.geometry) },
      ...extra.columns,
    ],
    rows,
    { suffix: 'ON CONFLICT DO NOTHING' },
  );
  await tx.query(`DELETE FROM ${table} a USING ${table} b WHERE a.code = b.code AND a.feature > b.feature`);
  await tx.query(`UPDATE ${table} SET valid = ST_IsValid(raw), reason = CASE WHEN ST_IsValid(raw) THEN NULL ELSE ST_IsValidReason(raw) END,
                         area = ST_Multi(ST_CollectionExtract(ST_MakeValid(raw), 3))`);
  await tx.query(`CREATE INDEX ON ${table} USING gist (area)`);
}

type Say = (r: { feature: number; code: string; name: string; at: At | null }, message: string, severity: Problem['severity']) => void;

/** The staged areas PostGIS finds invalid: taken as repaired (a warning), or an error when nothing is left of them. */
export async function shapeProblems(tx: Queryable, table: string, say: Say) {
  for (const r of await tx.query<{ feature: number; code: string; name: string; at: At | null; reason: string; empty: boolean }>(
    `SELECT feature, code, name, reason, ST_IsEmpty(area) AS empty, CASE WHEN ST_IsEmpty(raw) THEN NULL ELSE ${AT('raw')} END AS at
       FROM ${table} WHERE NOT valid ORDER BY feature`,
  ))
    if (r.empty) say(r, `its shape is not valid (${r.reason}) and nothing of it is left when repaired`, 'error');
    else say(r, `its shape is not valid (${r.reason}): it is taken as repaired by ST_MakeValid, shown on the map`, 'warning');
}

/** Share of an area beyond which it is said to lie partly outside (R3: a grid within its 村居, a village within its town). */
const PARTLY = 0.05;

/**
 * Staged areas (or lines) beyond the town's boundary: mostly outside an error (a file of another place, or
 * a village drawn off the town), partly a warning. Before a town is loaded, every one is an error.
 */
export async function outsideTownProblems(tx: Queryable, table: string, say: Say, what: 'area' | 'line' = 'area') {
  const size = (g: string) => (what === 'area' ? `ST_Area(${g}::geography)` : `ST_Length(${g}::geography)`);
  const geom = what === 'area' ? 'i.area' : 'i.geom';
  for (const r of await tx.query<{ feature: number; code: string; name: string; at: At; outside: number | null }>(
    `SELECT i.feature, ${what === 'area' ? 'i.code' : "''"} AS code, i.name, ${AT(geom)} AS at,
            (SELECT ${size(`ST_Difference(${geom}, t.boundary)`)} / greatest(${size(geom)}, 1) FROM town t) AS outside
       FROM ${table} i WHERE NOT ST_IsEmpty(${geom}) ORDER BY i.feature`,
  )) {
    if (r.outside === null) say(r, 'no town is loaded yet: bring in its package first (/admin)', 'error');
    else if (r.outside > 0.5) say(r, 'it lies outside the town', 'error');
    else if (r.outside > PARTLY) say(r, `${Math.round(r.outside * 100)}% of it lies outside the town`, 'warning');
  }
}

/** Staged areas over one of the town's that the file does not hold (a file of part of the layer): two on one ground. */
export async function overlapKeptProblems(tx: Queryable, table: string, town: 'villages' | 'squads', say: Say, minM2: number) {
  for (const r of await tx.query<{ feature: number; code: string; name: string; at: At; kept: string; m2: number }>(
    `SELECT i.feature, i.code, i.name, ${AT('ST_Intersection(i.area, k.area)')} AS at, k.code AS kept,
            round(ST_Area(ST_Intersection(i.area, k.area)::geography))::float8 AS m2
       FROM ${table} i JOIN ${town} k ON i.area && k.area AND ST_Intersects(i.area, k.area)
      WHERE NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.code = k.code) AND ST_Area(ST_Intersection(i.area, k.area)::geography) > $1
      ORDER BY i.feature`,
    [minM2],
  ))
    say(r, `it overlaps ${r.kept} of the town, which the file does not hold, by ${r.m2} m²`, 'error');
}
