// Bringing in a town's villages and communities (村/社区, 12-digit codes) and its squads (中队, groups of
// villages, R3), one layer at a time (issue 17). Matched by code and checked in PostGIS: shapes repaired,
// areas outside the town, two on one ground, a village in no squad. Nothing is deleted — grids, incidents
// and past days name villages and squads — so one the file does not hold is kept (a village with grids
// left out of a whole layer is an error). A village that changes squad takes its grids and their workers
// with it; a squad layer regroups the villages by where they lie.
import type { ImportPlan } from '../../shared/town/contract.ts';
import type { Columns } from '../../shared/town/mapping.ts';
import { areaProblems, OUTSIDE_VILLAGE_SHARE, OVERLAP_M2, type Problem, villageKindOf } from '../../shared/town/validate.ts';
import { moveGridsWithVillages } from '../org/staffing.ts';
import type { Queryable } from '../platform/db/index.ts';
import { AT, type At, outsideTownProblems, overlapKeptProblems, shapeProblems, stageAreas } from './areas.ts';
import { cell } from './households.ts';
import type { ReadLayer } from './read.ts';
import { current } from './validity.ts';

type Say = (r: { feature: number; code: string; name: string; at: At | null }, message: string, severity: Problem['severity']) => void;

function problemList(): { problems: Problem[]; say: Say } {
  const problems: Problem[] = [];
  return {
    problems,
    say: (r, message, severity) => problems.push({ feature: r.feature, label: `${r.code} ${r.name}`.trim(), message, severity, ...(r.at ? { at: r.at } : {}) }),
  };
}

/** What PostGIS says of staged boundaries: shapes, the town's edge, and (a file of part of the layer) the ground of those kept. */
async function boundaryProblems(tx: Queryable, table: string, town: 'villages' | 'squads', say: Say, part: boolean) {
  await shapeProblems(tx, table, say);
  await outsideTownProblems(tx, table, say);
  if (part) await overlapKeptProblems(tx, table, town, say, OVERLAP_M2);
}

function planOf(
  layer: ReadLayer,
  kind: 'villages' | 'squads',
  counts: ImportPlan['counts'],
  changes: ImportPlan['changes']['features'],
  problems: Problem[],
  villages: number,
): ImportPlan {
  problems.sort((a, b) => a.feature - b.feature || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return {
    layer: layer.name,
    kind,
    counts,
    changes: { type: 'FeatureCollection', features: changes },
    problems,
    blocked: problems.some((p) => p.severity === 'error'),
    moves: { targets: 0, households: 0, roadCells: 0, villages },
  };
}

/** The staged areas added or changed, with their new shape, for the map. */
const changesOf = (tx: Queryable, table: string, plan: string) =>
  tx.query<ImportPlan['changes']['features'][number]>(
    `SELECT 'Feature' AS type, ST_AsGeoJSON(i.area, 7)::json AS geometry,
            json_build_object('code', i.code, 'name', i.name, 'change', CASE WHEN p.id IS NULL THEN 'added' ELSE 'changed' END) AS properties
       FROM ${table} i JOIN ${plan} p ON p.feature = i.feature WHERE (p.id IS NULL OR p.reshaped OR p.renamed OR p.moved) AND NOT ST_IsEmpty(i.area)`,
  );
const countsOf = async (tx: Queryable, plan: string) =>
  (
    await tx.query<ImportPlan['counts']>(
      `SELECT count(*) FILTER (WHERE id IS NULL)::int AS added, count(*) FILTER (WHERE reshaped OR renamed OR moved)::int AS changed, 0 AS removed,
              count(*) FILTER (WHERE id IS NOT NULL AND NOT (reshaped OR renamed OR moved))::int AS unchanged FROM ${plan}`,
    )
  )[0]!;

export async function planVillagesIn(tx: Queryable, layer: ReadLayer, map: Columns, part: boolean): Promise<ImportPlan> {
  const features = layer.collection.features;
  const { problems, say } = problemList();
  const codeOf = (i: number) => cell(features[i]!, map.codeField);
  problems.push(...areaProblems(features, { code: map.codeField!, name: map.nameField! }, 'villages'));
  features.forEach((f, i) => {
    if (villageKindOf(cell(f, map.kindField), codeOf(i)) === null)
      say(
        { feature: i + 1, code: codeOf(i), name: cell(f, map.nameField), at: null },
        map.kindField && cell(f, map.kindField)
          ? `its kind (${map.kindField}) "${cell(f, map.kindField)}" is neither 村 nor 社区/居`
          : 'its kind cannot be told from its code (001–199 居, 200–399 村): say it (kindField)',
        'error',
      );
  });
  await stageAreas(
    tx,
    'import_villages',
    'villages',
    features,
    { code: map.codeField!, name: map.nameField! },
    {
      ddl: ', squad text, kind text',
      columns: [
        { name: 'squad', type: 'text', value: (r) => cell(r.f, map.squadField) },
        { name: 'kind', type: 'text', value: (r) => villageKindOf(cell(r.f, map.kindField), codeOf(r.i)) ?? '村' },
      ],
    },
  );
  // Each village's squad: the one its row names (code or name), else the squad it lies in, else the one it had.
  await tx.query(`CREATE TEMP TABLE import_village_plan ON COMMIT DROP AS
    SELECT x.*, x.id IS NOT NULL AND x.squad_id IS DISTINCT FROM x.was AS moved FROM (
      SELECT i.feature, i.code, v.id, v.squad_id AS was,
             CASE WHEN i.squad <> '' THEN (SELECT s.id FROM squads s WHERE s.code = i.squad OR s.name = i.squad ORDER BY s.id LIMIT 1)
                  ELSE coalesce((SELECT s.id FROM squads s WHERE ST_Covers(s.area, ST_PointOnSurface(i.area)) ORDER BY s.id LIMIT 1), v.squad_id) END AS squad_id,
             v.id IS NOT NULL AND ST_Area(ST_SymDifference(v.area, i.area)::geography) > 1 AS reshaped,
             v.id IS NOT NULL AND (v.name <> i.name OR v.kind <> i.kind) AS renamed
        FROM import_villages i LEFT JOIN villages v ON v.code = i.code) x`);

  await boundaryProblems(tx, 'import_villages', 'villages', say, part);
  for (const r of await tx.query<{ feature: number; code: string; name: string; at: At; town: string }>(
    `SELECT i.feature, i.code, i.name, ${AT('i.area')} AS at, t.code AS town FROM import_villages i, town t WHERE left(i.code, 9) <> t.code ORDER BY i.feature`,
  ))
    say(r, `its code does not begin with the town’s code ${r.town}`, 'warning');
  for (const r of await tx.query<{ feature: number; code: string; name: string; at: At; squad: string }>(
    `SELECT i.feature, i.code, i.name, ${AT('i.area')} AS at, i.squad FROM import_villages i JOIN import_village_plan p ON p.feature = i.feature
      WHERE p.squad_id IS NULL ORDER BY i.feature`,
  ))
    say(
      r,
      r.squad
        ? `its squad (${map.squadField}) "${r.squad}" is not a squad’s code or name`
        : `it lies in no squad: say its squad (${map.squadField ?? 'squadField'})`,
      'error',
    );
  // A whole layer that leaves out a village with grids would leave its grids in no village.
  if (!part)
    for (const r of await tx.query<{ code: string; name: string; at: At; grids: number }>(
      `SELECT v.code, v.name, ${AT('v.area')} AS at, count(g.id)::int AS grids FROM villages v JOIN grids g ON g.village_id = v.id AND ${current('g')}
        WHERE NOT EXISTS (SELECT 1 FROM import_villages i WHERE i.code = v.code) GROUP BY v.id ORDER BY v.code`,
    ))
      say({ ...r, feature: 0 }, `it is not in the file but ${r.grids} grids lie in it: bring it in too, or say the file holds part of the villages`, 'error');
  // Grids that a redrawn village would leave partly outside (R3: a grid within its 村居).
  for (const r of await tx.query<{ code: string; name: string; at: At; outside: number; village: string }>(
    `SELECT g.code, g.name, ${AT('g.area')} AS at, i.name AS village,
            ST_Area(ST_Difference(g.area, i.area)::geography) / greatest(ST_Area(g.area::geography), 1) AS outside
       FROM grids g JOIN import_village_plan p ON p.id = g.village_id AND p.reshaped JOIN import_villages i ON i.feature = p.feature
      WHERE ${current('g')} ORDER BY g.code`,
  ))
    if (r.outside > OUTSIDE_VILLAGE_SHARE)
      say({ ...r, feature: 0 }, `${Math.round(r.outside * 100)}% of this grid would lie outside its village ${r.village}`, 'warning');

  const [moved] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM import_village_plan WHERE moved');
  return planOf(
    layer,
    'villages',
    await countsOf(tx, 'import_village_plan'),
    await changesOf(tx, 'import_villages', 'import_village_plan'),
    problems,
    moved!.n,
  );
}

/** Applies a village plan without errors in its transaction: villages updated and added; those that changed squad take their grids and workers. */
export async function applyVillagePlan(tx: Queryable) {
  await tx.query(
    `UPDATE villages v SET name = i.name, kind = i.kind, area = i.area, centre = ST_PointOnSurface(i.area), squad_id = p.squad_id
       FROM import_villages i JOIN import_village_plan p ON p.feature = i.feature WHERE v.id = p.id AND (p.reshaped OR p.renamed OR p.moved)`,
  );
  await tx.query(
    `INSERT INTO villages (code, name, kind, squad_id, area, centre)
     SELECT i.code, i.name, i.kind, p.squad_id, i.area, ST_PointOnSurface(i.area) FROM import_villages i JOIN import_village_plan p ON p.feature = i.feature
      WHERE p.id IS NULL ORDER BY i.feature`,
  );
  const moved = (await tx.query<{ id: number }>('SELECT id FROM import_village_plan WHERE moved')).map((r) => r.id);
  await moveGridsWithVillages(tx, moved, [], false);
  // A squad is its villages' ground (the map's squad layer).
  await tx.query('UPDATE squads s SET area = COALESCE((SELECT ST_Multi(ST_Union(v.area)) FROM villages v WHERE v.squad_id = s.id), s.area)');
}

export async function planSquadsIn(tx: Queryable, layer: ReadLayer, map: Columns, part: boolean): Promise<ImportPlan> {
  const features = layer.collection.features;
  const { problems, say } = problemList();
  problems.push(...areaProblems(features, { code: map.codeField!, name: map.nameField! }, 'squads'));
  await stageAreas(
    tx,
    'import_squads',
    'squads',
    features,
    { code: map.codeField!, name: map.nameField! },
    {
      ddl: ', branch text',
      columns: [{ name: 'branch', type: 'text', value: (r) => cell(r.f, map.branchField) }],
    },
  );
  await tx.query(`CREATE TEMP TABLE import_squad_plan ON COMMIT DROP AS
    SELECT i.feature, i.code, s.id, false AS moved,
           s.id IS NOT NULL AND ST_Area(ST_SymDifference(s.area, i.area)::geography) > 1 AS reshaped,
           s.id IS NOT NULL AND (s.name <> i.name OR (i.branch <> '' AND s.branch <> i.branch)) AS renamed
      FROM import_squads i LEFT JOIN squads s ON s.code = i.code`);
  // Each village goes to the squad of the file it lies in (most of it: its inner point); in none, it keeps its squad only when the file holds part of them.
  await tx.query(`CREATE TEMP TABLE import_squad_villages ON COMMIT DROP AS
    SELECT v.id, v.code, v.name, v.squad_id AS was, (SELECT code FROM squads WHERE id = v.squad_id) AS was_code,
           (SELECT i.code FROM import_squads i WHERE ST_Covers(i.area, ST_PointOnSurface(v.area)) ORDER BY i.feature LIMIT 1) AS squad,
           ${AT('v.area')} AS at
      FROM villages v`);
  await tx.query(
    `UPDATE import_squad_plan p SET moved = true WHERE EXISTS (SELECT 1 FROM import_squad_villages v WHERE v.squad IS DISTINCT FROM v.was_code AND v.squad IS NOT NULL AND p.code IN (v.squad, v.was_code))`,
  );

  await boundaryProblems(tx, 'import_squads', 'squads', say, part);
  if (!part)
    for (const v of await tx.query<{ code: string; name: string; at: At }>(
      'SELECT code, name, at FROM import_squad_villages WHERE squad IS NULL ORDER BY code',
    ))
      say({ ...v, feature: 0 }, 'this village lies in no squad of the file', 'error');
  for (const s of await tx.query<{ code: string; name: string; at: At }>(
    `SELECT s.code, s.name, ${AT('s.area')} AS at FROM squads s WHERE NOT EXISTS (SELECT 1 FROM import_squads i WHERE i.code = s.code)
        AND NOT EXISTS (SELECT 1 FROM import_squad_villages v WHERE coalesce(v.squad, v.was_code) = s.code) ORDER BY s.code`,
  ))
    say({ ...s, feature: 0 }, 'it is not in the file and would be left with no village: it is kept, with its staff, until they move', 'warning');

  const [moved] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM import_squad_villages WHERE squad IS NOT NULL AND squad IS DISTINCT FROM was_code',
  );
  return planOf(layer, 'squads', await countsOf(tx, 'import_squad_plan'), await changesOf(tx, 'import_squads', 'import_squad_plan'), problems, moved!.n);
}

/** Applies a squad plan without errors in its transaction: squads updated and added, villages regrouped with their grids and workers. */
export async function applySquadPlan(tx: Queryable) {
  await tx.query(
    `UPDATE squads s SET name = i.name, branch = CASE WHEN i.branch <> '' THEN i.branch ELSE s.branch END, area = i.area
       FROM import_squads i JOIN import_squad_plan p ON p.feature = i.feature WHERE s.id = p.id AND (p.reshaped OR p.renamed)`,
  );
  await tx.query(
    `INSERT INTO squads (code, name, branch, area)
     SELECT i.code, i.name, CASE WHEN i.branch <> '' THEN i.branch ELSE i.name END, i.area FROM import_squads i JOIN import_squad_plan p ON p.feature = i.feature
      WHERE p.id IS NULL ORDER BY i.code`,
  );
  const moved = await tx.query<{ id: number }>(
    `UPDATE villages v SET squad_id = s.id FROM import_squad_villages m JOIN squads s ON s.code = m.squad
      WHERE v.id = m.id AND m.squad IS DISTINCT FROM m.was_code RETURNING v.id`,
  );
  // The squads' areas are the file's: the grids and workers only follow their villages.
  await moveGridsWithVillages(
    tx,
    moved.map((v) => v.id),
    [],
    false,
  );
}
