// Bringing in a town's key targets (重点目标, R13): points or areas, each of a kind with its pass radius and
// passes a day (from the kind unless the file says), each in the grid it lies in. The file is the whole
// layer unless it holds part of it (part=true). Matched to the town's by name and kind; a target that moved
// or changed is retired and made anew from today, as the grid import does, so that a past day's passes
// stay with the target of that day (server/town/validity.ts).
import type { ImportPlan } from '../../shared/town/contract.ts';
import { DEFAULT_REQUIRED_PASSES, TARGET_KINDS, type TargetKind } from '../../shared/coverage/rules.ts';
import type { Columns } from '../../shared/town/mapping.ts';
import { malformedGeometry, type Problem } from '../../shared/town/validate.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';
import { Problems, cell } from './households.ts';
import type { ReadLayer } from './read.ts';
import { current } from './validity.ts';

/** A kind as a county writes it: its id (school) or its label (学校). */
export function targetKindOf(v: string): TargetKind | null {
  const s = v.trim();
  if (s in TARGET_KINDS) return s as TargetKind;
  const hit = (Object.entries(TARGET_KINDS) as [TargetKind, { label: string }][]).find(([, k]) => k.label === s);
  return hit ? hit[0] : null;
}

const MAX_PASSES = 6;
/** A target of the same name and kind this close is the same target, moved or redrawn; farther, another one. */
const MATCH_M = 300;

async function stageTargets(tx: Queryable, layer: ReadLayer, map: Columns, problems: Problems) {
  const rows: { feature: number; name: string; kind: TargetKind; radius: number; passes: number; geometry: string }[] = [];
  const seen = new Map<string, number>();
  const labels = Object.values(TARGET_KINDS)
    .map((k) => k.label)
    .join('、');
  for (const [i, f] of layer.collection.features.entries()) {
    const name = cell(f, map.nameField);
    const say = (message: string) => problems.add({ feature: i + 1, label: name || `#${i + 1}`, message, severity: 'error' });
    const type = f.geometry?.type;
    if ((type !== 'Point' && type !== 'Polygon') || malformedGeometry(f.geometry)) {
      say('a key target is a point or a polygon');
      continue;
    }
    const kind = targetKindOf(cell(f, map.kindField));
    if (!name) {
      say(`it has no name (${map.nameField})`);
      continue;
    }
    if (!kind) {
      say(`its kind (${map.kindField}) "${cell(f, map.kindField)}" is not one of ${labels}`);
      continue;
    }
    const radiusText = cell(f, map.radiusField);
    const passesText = cell(f, map.passesField);
    const radius = radiusText === '' ? TARGET_KINDS[kind].radiusM : Number(radiusText);
    const passes = passesText === '' ? DEFAULT_REQUIRED_PASSES : Number(passesText);
    if (!(radius > 0 && radius <= 500)) {
      say(`its pass radius (${map.radiusField}) "${radiusText}" is not a number of metres from 1 to 500`);
      continue;
    }
    if (!Number.isInteger(passes) || passes < 1 || passes > MAX_PASSES) {
      say(`its passes a day (${map.passesField}) "${passesText}" is not a whole number from 1 to ${MAX_PASSES}`);
      continue;
    }
    // Names repeat (two factories of one name in different villages); the same name at the same place twice is a duplicate.
    const p = f.geometry.type === 'Point' ? f.geometry.coordinates : f.geometry.coordinates[0]![0]!;
    const key = `${kind}|${name}|${p[0]!.toFixed(4)}|${p[1]!.toFixed(4)}`;
    if (seen.has(key)) {
      say(`a ${TARGET_KINDS[kind].label} of that name at that place is also row ${seen.get(key)}`);
      continue;
    }
    seen.set(key, i + 1);
    rows.push({ feature: i + 1, name, kind, radius, passes, geometry: JSON.stringify(f.geometry) });
  }
  await tx.query(`CREATE TEMP TABLE import_targets (feature int PRIMARY KEY, name text NOT NULL, kind text NOT NULL, radius_m real NOT NULL,
                                                    required_passes smallint NOT NULL, geom geometry(Geometry, 4326) NOT NULL, grid_id int, target_id int) ON COMMIT DROP`);
  await bulkInsert(
    tx,
    'import_targets',
    [
      { name: 'feature', type: 'int', value: (r) => r.feature },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'kind', type: 'text', value: (r) => r.kind },
      { name: 'radius_m', type: 'float8', value: (r) => r.radius },
      { name: 'required_passes', type: 'int', value: (r) => r.passes },
      { name: 'geom', type: 'text', expr: 'ST_SetSRID(ST_GeomFromGeoJSON(v), 4326)', value: (r) => r.geometry },
    ],
    rows,
  );
  await tx.query(
    `UPDATE import_targets i SET grid_id = (SELECT g.id FROM grids g WHERE ${current('g')} AND ST_Covers(g.area, ST_PointOnSurface(i.geom)) ORDER BY g.id LIMIT 1)`,
  );
  // Each file target is the town's target of its name and kind nearest to it within MATCH_M, one to one.
  await tx.query(
    `WITH pairs AS (
       SELECT i.feature, t.id, ST_Distance(ST_PointOnSurface(i.geom)::geography, ST_PointOnSurface(t.geom)::geography) AS d
         FROM import_targets i JOIN targets t ON ${current('t')} AND t.name = i.name AND t.kind = i.kind
          AND ST_DWithin(ST_PointOnSurface(i.geom)::geography, ST_PointOnSurface(t.geom)::geography, $1)
     ), ranked AS (
       SELECT feature, id, row_number() OVER (PARTITION BY feature ORDER BY d, id) AS a, row_number() OVER (PARTITION BY id ORDER BY d, feature) AS b FROM pairs
     )
     UPDATE import_targets i SET target_id = r.id FROM ranked r WHERE r.feature = i.feature AND r.a = 1 AND r.b = 1`,
    [MATCH_M],
  );
}

/** The same target, not moved (1 m), of the same grid, radius and passes. */
const SAME = `(t.grid_id = i.grid_id AND t.radius_m = i.radius_m AND t.required_passes = i.required_passes
               AND GeometryType(t.geom) = GeometryType(i.geom) AND ST_HausdorffDistance(t.geom, i.geom) * 111000 < 1)`;
/** The town's current targets that will not be in it. */
const removed = (part: boolean) =>
  part
    ? 'SELECT NULL::int AS id WHERE false'
    : `SELECT t.id FROM targets t WHERE ${current('t')} AND NOT EXISTS (SELECT 1 FROM import_targets i WHERE i.target_id = t.id)`;

export async function planTargetsIn(tx: Queryable, layer: ReadLayer, map: Columns, part: boolean): Promise<ImportPlan> {
  const problems = new Problems();
  await stageTargets(tx, layer, map, problems);
  for (const r of await tx.query<{ feature: number; name: string; at: [number, number] }>(
    `SELECT feature, name, json_build_array(ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))) AS at FROM import_targets WHERE grid_id IS NULL ORDER BY feature`,
  ))
    problems.add({ feature: r.feature, label: r.name, message: 'it lies in no grid of the town', severity: 'error', at: r.at });
  const [c] = await tx.query<ImportPlan['counts']>(
    `SELECT count(*) FILTER (WHERE i.target_id IS NULL)::int AS added, count(*) FILTER (WHERE t.id IS NOT NULL AND NOT ${SAME})::int AS changed,
            count(*) FILTER (WHERE t.id IS NOT NULL AND ${SAME})::int AS unchanged, (SELECT count(*)::int FROM (${removed(part)}) r) AS removed
       FROM import_targets i LEFT JOIN targets t ON t.id = i.target_id`,
  );
  const changes = await tx.query<ImportPlan['changes']['features'][number]>(
    `SELECT 'Feature' AS type, ST_AsGeoJSON(i.geom, 7)::json AS geometry,
            json_build_object('code', i.kind, 'name', i.name, 'change', CASE WHEN t.id IS NULL THEN 'added' ELSE 'changed' END) AS properties
       FROM import_targets i LEFT JOIN targets t ON t.id = i.target_id WHERE i.grid_id IS NOT NULL AND (t.id IS NULL OR NOT ${SAME})
     UNION ALL
     SELECT 'Feature', ST_AsGeoJSON(t.geom, 7)::json, json_build_object('code', t.kind, 'name', t.name, 'change', 'removed')
       FROM targets t WHERE t.id IN (${removed(part)})`,
  );
  const list: Problem[] = problems.done();
  return {
    layer: layer.name,
    kind: 'targets',
    counts: c!,
    changes: { type: 'FeatureCollection', features: changes },
    problems: list,
    blocked: problems.blocked,
    moves: { targets: 0, households: 0, roadCells: 0 },
  };
}

/** Applies a plan without errors in its transaction: changed and removed targets retired today, changed and new ones made from today. */
export async function applyTargetPlan(tx: Queryable, today: string, part: boolean) {
  await tx.query(
    `UPDATE targets t SET valid_to = $1
      WHERE t.id IN (${removed(part)}) OR t.id IN (SELECT i.target_id FROM import_targets i JOIN targets t ON t.id = i.target_id WHERE NOT ${SAME})`,
    [today],
  );
  await tx.query(
    `INSERT INTO targets (name, kind, grid_id, geom, radius_m, required_passes, valid_from)
     SELECT i.name, i.kind, i.grid_id, i.geom, i.radius_m, i.required_passes, $1 FROM import_targets i
      WHERE i.target_id IS NULL OR i.target_id IN (SELECT id FROM targets WHERE valid_to = $1) ORDER BY i.feature`,
    [today],
  );
}
