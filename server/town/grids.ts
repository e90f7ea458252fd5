// Bringing in a town's grid layer (issue 17, R2–R4). The file's grids are matched to the town's by their
// 14-digit code and checked in PostGIS against what the town holds (its villages, households and key
// targets): the plan says what would be added, changed and removed, with every problem at its place. Applied,
// it is one revision from today: a redrawn grid keeps its old shape in grid_shapes, key targets that fall
// in another grid and the road cells of redrawn grids are retired and made anew, so that a past day's
// coverage is still computed from that day's town (server/town/validity.ts) and today's from the new one.
import type { Feature } from 'geojson';
import type { ImportPlan } from '../../shared/town/contract.ts';
import { GAP_M2, gridClassOf, gridProblems, OUTSIDE_VILLAGE_SHARE, OVERLAP_M2, type GridMapping, type Problem } from '../../shared/town/validate.ts';
import { cutRoadCells } from '../coverage/roadCells.ts';
import { recordHolders } from '../org/staffing.ts';
import type { Queryable } from '../platform/db/index.ts';
import { AT, type At, shapeProblems, stageAreas } from './areas.ts';
import type { ReadLayer } from './read.ts';
import { current } from './validity.ts';

/** The layer's grids in `import_grids`, each with what it is to the town (`import_plan`), and the town's grids once applied (`import_town`). */
async function stage(tx: Queryable, features: Feature[], map: GridMapping, part: boolean) {
  await stageAreas(tx, 'import_grids', 'grids', features, map, {
    ddl: ', class smallint',
    columns: [{ name: 'class', type: 'int', value: (r) => (map.class ? gridClassOf(r.f.properties?.[map.class]) : null) }],
  });
  // What each staged grid is to the town: the grid of that code, the village it lies in, and what changes.
  await tx.query(`CREATE TEMP TABLE import_plan ON COMMIT DROP AS
    SELECT i.feature, i.code, g.id AS grid_id, g.valid_to AS retired_on, v.id AS village_id, v.squad_id,
           g.id IS NOT NULL AND ST_Area(ST_SymDifference(g.area, i.area)::geography) > 1 AS reshaped,
           g.id IS NOT NULL AND (g.name <> i.name OR g.class <> coalesce(i.class, g.class) OR g.village_id <> v.id) AS renamed
      FROM import_grids i
      LEFT JOIN grids g ON g.code = i.code
      LEFT JOIN LATERAL (SELECT v.id, v.squad_id FROM villages v WHERE ST_Covers(v.area, ST_PointOnSurface(i.area)) ORDER BY v.id LIMIT 1) v ON true`);
  // The town's grids once applied: the file's, and when it holds only part of them, the others as they are.
  await tx.query(
    `CREATE TEMP TABLE import_town ON COMMIT DROP AS
       SELECT feature, code, area FROM import_grids
       UNION ALL
       SELECT NULL::int, g.code, g.area FROM grids g WHERE $1::boolean AND ${current('g')} AND NOT EXISTS (SELECT 1 FROM import_grids i WHERE i.code = g.code)`,
    [part],
  );
  await tx.query('CREATE INDEX ON import_town USING gist (area)');
}

/** The town's current grids that will not be in it: removed by applying the file. */
const REMOVED = `SELECT g.* FROM grids g WHERE ${current('g')} AND NOT EXISTS (SELECT 1 FROM import_town t WHERE t.code = g.code)`;
/** Grids whose ground changes: redrawn or removed (their households, key targets and road cells are placed again). */
const MOVING = `SELECT grid_id AS id FROM import_plan WHERE reshaped UNION SELECT id FROM (${REMOVED}) r`;

/**
 * Households and key targets of the grids that change ground, with the code of the file's grid each now
 * lies in (null: none) and whether that is another grid than theirs.
 */
const placedAgain = (table: 'households' | 'targets', point: string) => `
  SELECT m.*, m.code IS DISTINCT FROM (SELECT code FROM grids WHERE id = m.was) AS moves FROM (
    SELECT x.id, x.grid_id AS was, ${point} AS at,
           (SELECT t.code FROM import_town t WHERE ST_Covers(t.area, ${point}) ORDER BY t.feature NULLS LAST LIMIT 1) AS code
      FROM ${table} x WHERE x.grid_id IN (${MOVING}) ${table === 'targets' ? `AND ${current('x')}` : ''}) m`;

/** The same, each that moves with the id of its new grid: once the new grids are in, before the removed are retired. */
const movesOf = (table: 'households' | 'targets', point: string) =>
  `SELECT m.id, g.id AS now FROM (${placedAgain(table, point)}) m JOIN grids g ON g.code = m.code AND ${current('g')} WHERE m.moves`;

/** What applying the layer would do, and what is wrong with it; inside `tx`, which the caller rolls back or goes on with. */
export async function planGridsIn(tx: Queryable, layer: ReadLayer, map: GridMapping, part: boolean): Promise<ImportPlan> {
  const features = layer.collection.features;
  const problems: Problem[] = gridProblems(features, map);
  await stage(tx, features, map, part);
  const label = (code: string, name: string) => `${code} ${name}`.trim();
  const say = (severity: Problem['severity']) => (r: { feature: number; code: string; name: string; at: At | null }, message: string) =>
    problems.push({ feature: r.feature, label: label(r.code, r.name), message, severity, ...(r.at ? { at: r.at } : {}) });
  type Row = { feature: number; code: string; name: string; at: At | null };

  await shapeProblems(tx, 'import_grids', (r, message, severity) => say(severity)(r, message));

  for (const r of await tx.query<
    Row & { villageId: number | null; village: string | null; villageCode: string | null; outside: number; retiredOn: string | null }
  >(
    `SELECT i.feature, i.code, i.name, ${AT('i.area')} AS at, p.village_id AS "villageId", v.name AS village, v.code AS "villageCode",
            p.retired_on::text AS "retiredOn",
            CASE WHEN v.id IS NULL THEN 1 ELSE ST_Area(ST_Difference(i.area, v.area)::geography) / greatest(ST_Area(i.area::geography), 1) END AS outside
       FROM import_grids i JOIN import_plan p ON p.feature = i.feature LEFT JOIN villages v ON v.id = p.village_id
      WHERE NOT ST_IsEmpty(i.area) ORDER BY i.feature`,
  )) {
    if (r.retiredOn) say('error')(r, `its code belonged to a grid removed on ${r.retiredOn}: a new grid takes a new code`);
    if (r.villageId === null) say('error')(r, 'it lies in no village or community of the town');
    else {
      if (r.outside > OUTSIDE_VILLAGE_SHARE) say('warning')(r, `${Math.round(r.outside * 100)}% of it lies outside its village ${r.village}`);
      if (r.villageCode!.length === 12 && !r.code.startsWith(r.villageCode!))
        say('warning')(r, `its code does not begin with the code of ${r.village} (${r.villageCode}), where it lies`);
    }
  }

  // A grid of the file over one the town keeps (the file holds part of the town): two workers on one ground (R4).
  for (const r of await tx.query<Row & { kept: string; m2: number }>(
    `SELECT i.feature, i.code, i.name, ${AT('ST_Intersection(i.area, t.area)')} AS at, t.code AS kept,
            round(ST_Area(ST_Intersection(i.area, t.area)::geography))::float8 AS m2
       FROM import_grids i JOIN import_town t ON t.feature IS NULL AND i.area && t.area AND ST_Intersects(i.area, t.area)
      WHERE ST_Area(ST_Intersection(i.area, t.area)::geography) > $1 ORDER BY i.feature`,
    [OVERLAP_M2],
  ))
    say('error')(r, `it overlaps the town’s grid ${r.kept}, which the file does not hold, by ${r.m2} m²`);

  // Ground of a village that no grid covers once applied (R4: every place has its worker).
  for (const g of await tx.query<{ village: string; m2: number; at: At }>(
    `SELECT v.name AS village, round(ST_Area(x.gap::geography))::float8 AS m2, ${AT('x.gap')} AS at
       FROM villages v, LATERAL (SELECT ST_Difference(v.area, coalesce(ST_Union(t.area), ST_GeomFromText('POLYGON EMPTY', 4326))) AS gap
                                   FROM import_town t WHERE t.area && v.area) x
      WHERE NOT ST_IsEmpty(x.gap) AND ST_Area(x.gap::geography) > $1 ORDER BY v.id`,
    [GAP_M2],
  ))
    problems.push({ feature: 0, label: g.village, message: `${g.m2} m² of ${g.village} would lie in no grid`, severity: 'warning', at: g.at });

  // Whom the change leaves without a grid, or a grid without its worker (R4).
  for (const r of await tx.query<Row & { worker: string }>(
    `SELECT 0 AS feature, r.code, r.name, ${AT('r.area')} AS at, w.name AS worker FROM (${REMOVED}) r JOIN workers w ON w.id = r.worker_id ORDER BY r.code`,
  ))
    say('warning')(r, `it is removed and its worker ${r.worker} is left without a grid (R4)`);
  for (const r of await tx.query<Row>(
    `SELECT i.feature, i.code, i.name, ${AT('i.area')} AS at FROM import_grids i JOIN import_plan p ON p.feature = i.feature
      WHERE p.grid_id IS NULL AND NOT ST_IsEmpty(i.area) ORDER BY i.feature`,
  ))
    say('warning')(r, 'it is new and has no worker yet: assign one (R4)');

  const moves = { targets: 0, households: 0, roadCells: 0 };
  for (const [table, point, what] of [
    ['households', 'x.geom', 'household'],
    ['targets', 'ST_PointOnSurface(x.geom)', 'key target'],
  ] as const) {
    const [m] = await tx.query<{ moved: number; lost: number; first: string | null; at: At | null }>(
      `SELECT count(*) FILTER (WHERE m.moves AND m.code IS NOT NULL)::int AS moved, count(*) FILTER (WHERE m.code IS NULL)::int AS lost,
              min(CASE WHEN m.code IS NULL THEN ${table === 'households' ? 'h.address' : 'h.name'} END) AS first,
              (array_agg(${AT('m.at')}) FILTER (WHERE m.code IS NULL))[1] AS at
         FROM (${placedAgain(table, point)}) m JOIN ${table} h ON h.id = m.id`,
    );
    moves[table] = m!.moved;
    if (m!.lost)
      problems.push({
        feature: 0,
        label: m!.first ?? '',
        message: `${m!.lost} ${what}${m!.lost > 1 ? 's' : ''} of the grids redrawn or removed would lie in no grid (such as ${m!.first})`,
        severity: 'error',
        ...(m!.at ? { at: m!.at } : {}),
      });
  }
  const [cells] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM road_cells c WHERE ${current('c')} AND c.grid_id IN (${MOVING})`);
  moves.roadCells = cells!.n;

  const changes = await tx.query<ImportPlan['changes']['features'][number]>(
    `SELECT 'Feature' AS type, ST_AsGeoJSON(i.area, 7)::json AS geometry,
            json_build_object('code', i.code, 'name', i.name, 'change', CASE WHEN p.grid_id IS NULL THEN 'added' ELSE 'changed' END) AS properties
       FROM import_grids i JOIN import_plan p ON p.feature = i.feature WHERE (p.grid_id IS NULL OR p.reshaped OR p.renamed) AND NOT ST_IsEmpty(i.area)
     UNION ALL
     SELECT 'Feature', ST_AsGeoJSON(r.area, 7)::json, json_build_object('code', r.code, 'name', r.name, 'change', 'removed') FROM (${REMOVED}) r`,
  );
  const [counts] = await tx.query<ImportPlan['counts']>(
    `SELECT count(*) FILTER (WHERE grid_id IS NULL)::int AS added, count(*) FILTER (WHERE reshaped OR renamed)::int AS changed,
            (SELECT count(*)::int FROM (${REMOVED}) r) AS removed, count(*) FILTER (WHERE grid_id IS NOT NULL AND NOT reshaped AND NOT renamed)::int AS unchanged
       FROM import_plan`,
  );
  problems.sort((a, b) => a.feature - b.feature || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return {
    layer: layer.name,
    kind: 'grids',
    counts: counts!,
    changes: { type: 'FeatureCollection', features: changes },
    problems,
    blocked: problems.some((p) => p.severity === 'error'),
    moves,
  };
}

/**
 * Applies a plan without errors, in the transaction that made it, as revision `revisionId` from `today`:
 * shapes kept, grids updated, added and retired, households and key targets placed again, road cells cut
 * again. Returns how many road cells were cut.
 */
export async function applyGridPlan(tx: Queryable, revisionId: number, today: string): Promise<number> {
  const moving = (await tx.query<{ id: number }>(MOVING)).map((r) => r.id);

  await tx.query(
    `INSERT INTO grid_shapes (grid_id, valid_from, valid_to, area, revision_id)
     SELECT g.id, greatest(g.valid_from, coalesce((SELECT max(s.valid_to) FROM grid_shapes s WHERE s.grid_id = g.id), g.valid_from)), $1, g.area, $2
       FROM grids g JOIN import_plan p ON p.grid_id = g.id WHERE p.reshaped`,
    [today, revisionId],
  );
  await tx.query(
    `UPDATE grids g SET name = i.name, class = coalesce(i.class, g.class), area = i.area, village_id = p.village_id, squad_id = p.squad_id
       FROM import_grids i JOIN import_plan p ON p.feature = i.feature WHERE g.id = p.grid_id AND (p.reshaped OR p.renamed)`,
  );
  const added = await tx.query<{ id: number }>(
    `INSERT INTO grids (code, name, class, squad_id, village_id, area, valid_from)
     SELECT i.code, i.name, coalesce(i.class, 3), p.squad_id, p.village_id, i.area, $1 FROM import_grids i JOIN import_plan p ON p.feature = i.feature
      WHERE p.grid_id IS NULL ORDER BY i.feature RETURNING id`,
    [today],
  );
  const households = await tx.query<{ id: number; now: number }>(movesOf('households', 'x.geom'));
  const targets = await tx.query<{ id: number; now: number }>(movesOf('targets', 'ST_PointOnSurface(x.geom)'));
  // A removed grid's worker held it until today: a finished day keeps them (grid_assignments, R4).
  await recordHolders(tx);
  await tx.query(`UPDATE grid_assignments a SET to_day = $1 FROM (${REMOVED}) r WHERE a.grid_id = r.id AND a.to_day IS NULL`, [today]);
  await tx.query(`UPDATE grids g SET valid_to = $1, worker_id = NULL FROM (${REMOVED}) r WHERE g.id = r.id`, [today]);

  await tx.query(`UPDATE households h SET grid_id = u.now FROM unnest($1::int[], $2::int[]) AS u(id, now) WHERE h.id = u.id`, [
    households.map((h) => h.id),
    households.map((h) => h.now),
  ]);
  // A key target that changes grid is a new row from today: yesterday's passes stay with the old one.
  await tx.query(
    `WITH moved AS (
       UPDATE targets t SET valid_to = $1 FROM unnest($2::int[], $3::int[]) AS u(id, now) WHERE t.id = u.id
       RETURNING t.name, t.kind, u.now AS grid_id, t.geom, t.radius_m, t.required_passes)
     INSERT INTO targets (name, kind, grid_id, geom, radius_m, required_passes, valid_from)
     SELECT name, kind, grid_id, geom, radius_m, required_passes, $1 FROM moved`,
    [today, targets.map((t) => t.id), targets.map((t) => t.now)],
  );
  await tx.query(`UPDATE road_cells c SET valid_to = $1 WHERE ${current('c')} AND c.grid_id = ANY($2::int[])`, [today, moving]);
  // Removed grids are no longer current: cutting skips them.
  return cutRoadCells(tx, { grids: [...moving, ...added.map((a) => a.id)] }, today);
}

/** A layer's columns: every attribute any of its features has. */
export const fieldsOf = (layer: ReadLayer) => [...new Set(layer.collection.features.flatMap((f) => Object.keys(f.properties ?? {})))];
