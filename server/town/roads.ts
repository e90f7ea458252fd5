// Bringing in a town's roads (issue 17, R13): main roads and central streets are what patrols must cover,
// cut into road cells by the grids they cross (server/coverage/roadCells.ts). Roads carry the days they
// hold (migration 018), as grids do: a road redrawn or left out of the file is retired today with its
// cells, and the new one is cut from today, so that a past day's cells and passes stay as they were.
// Matched to the town's by name and class, the nearest within MATCH_M, one to one.
import type { LineString } from 'geojson';
import type { ImportPlan } from '../../shared/town/contract.ts';
import type { Columns } from '../../shared/town/mapping.ts';
import { malformedGeometry, roadClassOf } from '../../shared/town/validate.ts';
import { cutRoadCells } from '../coverage/roadCells.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';
import { AT, type At, outsideTownProblems } from './areas.ts';
import { cell, Problems } from './households.ts';
import type { ReadLayer } from './read.ts';
import { current } from './validity.ts';

/** A road of the same name and class this close is the same road, redrawn; farther, another one. */
const MATCH_M = 300;

/** The same road, not moved (1 m). */
const SAME = '(ST_HausdorffDistance(r.geom, i.geom) * 111000 < 1)';
/** The town's current roads that will not be in it. */
const removed = (part: boolean) =>
  part
    ? 'SELECT NULL::int AS id WHERE false'
    : `SELECT r.id FROM roads r WHERE ${current('r')} AND NOT EXISTS (SELECT 1 FROM import_roads i WHERE i.road_id = r.id)`;
/** The town's roads that are retired: removed, or matched to a file road drawn anew. */
const RETIRED = (part: boolean) => `${removed(part)} UNION SELECT r.id FROM import_roads i JOIN roads r ON r.id = i.road_id WHERE NOT ${SAME}`;

async function stageRoads(tx: Queryable, layer: ReadLayer, map: Columns, problems: Problems) {
  const rows: { feature: number; name: string; class: string; line: string }[] = [];
  for (const [i, f] of layer.collection.features.entries()) {
    const name = cell(f, map.nameField);
    const say = (message: string) => problems.add({ feature: i + 1, label: name || `#${i + 1}`, message, severity: 'error' });
    const g = f.geometry;
    if ((g?.type !== 'LineString' && g?.type !== 'MultiLineString') || malformedGeometry(g)) {
      say(malformedGeometry(g) ?? `it is a ${g?.type ?? 'feature with no geometry'}, not a line`);
      continue;
    }
    const roadClass = roadClassOf(cell(f, map.classField));
    if (!name) say(`it has no name (${map.nameField})`);
    else if (!roadClass) say(`its class (${map.classField}) "${cell(f, map.classField)}" is not 主干道 (main), 中心街道 (central) or 村内道路/其他 (other)`);
    // A road in several pieces is stored as its pieces, each a line of the same name.
    else
      for (const line of g.type === 'LineString' ? [g.coordinates] : g.coordinates)
        rows.push({ feature: i + 1, name, class: roadClass, line: JSON.stringify({ type: 'LineString', coordinates: line } satisfies LineString) });
  }
  await tx.query(`CREATE TEMP TABLE import_roads (piece serial PRIMARY KEY, feature int NOT NULL, name text NOT NULL, class text NOT NULL,
                                                  geom geometry(LineString, 4326) NOT NULL, road_id int) ON COMMIT DROP`);
  await bulkInsert(
    tx,
    'import_roads',
    [
      { name: 'feature', type: 'int', value: (r) => r.feature },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'class', type: 'text', value: (r) => r.class },
      { name: 'geom', type: 'text', expr: 'ST_SetSRID(ST_GeomFromGeoJSON(v), 4326)', value: (r) => r.line },
    ],
    rows,
  );
  await tx.query('CREATE INDEX ON import_roads USING gist (geom)');
  await tx.query(
    `WITH pairs AS (
       SELECT i.piece, r.id, ST_HausdorffDistance(i.geom, r.geom) AS d
         FROM import_roads i JOIN roads r ON ${current('r')} AND r.name = i.name AND r.class = i.class AND ST_DWithin(i.geom::geography, r.geom::geography, $1)
     ), ranked AS (
       SELECT piece, id, row_number() OVER (PARTITION BY piece ORDER BY d, id) AS a, row_number() OVER (PARTITION BY id ORDER BY d, piece) AS b FROM pairs
     )
     UPDATE import_roads i SET road_id = r.id FROM ranked r WHERE r.piece = i.piece AND r.a = 1 AND r.b = 1`,
    [MATCH_M],
  );
}

export async function planRoadsIn(tx: Queryable, layer: ReadLayer, map: Columns, part: boolean): Promise<ImportPlan> {
  const problems = new Problems();
  await stageRoads(tx, layer, map, problems);
  const say = (r: { feature: number; name: string; at: At | null }, message: string, severity: 'error' | 'warning') =>
    problems.add({ feature: r.feature, label: r.name, message, severity, ...(r.at ? { at: r.at } : {}) });
  await outsideTownProblems(tx, 'import_roads', say, 'line');
  // A road patrols must cover that crosses no grid would have no cells and no worker (R4, R13).
  for (const r of await tx.query<{ feature: number; name: string; at: At }>(
    `SELECT DISTINCT ON (i.feature) i.feature, i.name, ${AT('ST_LineInterpolatePoint(i.geom, 0.5)')} AS at FROM import_roads i
      WHERE i.class IN ('main', 'central') AND NOT EXISTS (SELECT 1 FROM grids g WHERE ${current('g')} AND ST_Intersects(g.area, i.geom)) ORDER BY i.feature`,
  ))
    say(r, 'it crosses no grid: patrols must cover it, and nobody would (R13)', 'error');
  for (const r of await tx.query<{ feature: number; name: string; at: At; other: number }>(
    `SELECT DISTINCT ON (i.feature) i.feature, i.name, ${AT('ST_LineInterpolatePoint(i.geom, 0.5)')} AS at, o.feature AS other
       FROM import_roads i JOIN import_roads o ON o.piece < i.piece AND o.feature <> i.feature AND o.name = i.name AND o.geom && i.geom
        AND ST_HausdorffDistance(o.geom, i.geom) * 111000 < 1 ORDER BY i.feature`,
  ))
    say(r, `it is the same road as feature ${r.other}`, 'error');

  const [c] = await tx.query<ImportPlan['counts']>(
    `SELECT count(DISTINCT i.feature) FILTER (WHERE i.road_id IS NULL)::int AS added,
            count(DISTINCT i.feature) FILTER (WHERE r.id IS NOT NULL AND NOT ${SAME})::int AS changed,
            count(DISTINCT i.feature) FILTER (WHERE r.id IS NOT NULL AND ${SAME})::int AS unchanged,
            (SELECT count(*)::int FROM (${removed(part)}) x) AS removed
       FROM import_roads i LEFT JOIN roads r ON r.id = i.road_id`,
  );
  const [cells] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM road_cells c WHERE ${current('c')} AND c.road_id IN (${RETIRED(part)})`);
  const changes = await tx.query<ImportPlan['changes']['features'][number]>(
    `SELECT 'Feature' AS type, ST_AsGeoJSON(i.geom, 7)::json AS geometry,
            json_build_object('code', i.class, 'name', i.name, 'change', CASE WHEN r.id IS NULL THEN 'added' ELSE 'changed' END) AS properties
       FROM import_roads i LEFT JOIN roads r ON r.id = i.road_id WHERE r.id IS NULL OR NOT ${SAME}
     UNION ALL
     SELECT 'Feature', ST_AsGeoJSON(r.geom, 7)::json, json_build_object('code', r.class, 'name', r.name, 'change', 'removed')
       FROM roads r WHERE r.id IN (${removed(part)})`,
  );
  return {
    layer: layer.name,
    kind: 'roads',
    counts: c!,
    changes: { type: 'FeatureCollection', features: changes as ImportPlan['changes']['features'] },
    problems: problems.done(),
    blocked: problems.blocked,
    moves: { targets: 0, households: 0, roadCells: cells!.n },
  };
}

/**
 * Applies a road plan without errors in its transaction: roads redrawn or left out retired today with their
 * cells, new and redrawn ones added from today and their cells cut. Returns how many cells were cut.
 */
export async function applyRoadPlan(tx: Queryable, today: string, part: boolean): Promise<number> {
  const retired = (await tx.query<{ id: number }>(RETIRED(part))).map((r) => r.id);
  await tx.query(`UPDATE road_cells c SET valid_to = $1 WHERE ${current('c')} AND c.road_id = ANY($2::int[])`, [today, retired]);
  await tx.query(`UPDATE roads SET valid_to = $1 WHERE id = ANY($2::int[])`, [today, retired]);
  const added = await tx.query<{ id: number }>(
    `INSERT INTO roads (name, class, geom, valid_from)
     SELECT i.name, i.class, i.geom, $1 FROM import_roads i WHERE i.road_id IS NULL OR i.road_id = ANY($2::int[]) ORDER BY i.piece RETURNING id`,
    [today, retired],
  );
  return added.length ? cutRoadCells(tx, { roads: added.map((r) => r.id) }, today) : 0;
}
