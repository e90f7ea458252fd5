// The authoritative computation of a day's passes in PostGIS, by the same rules as the live engine
// (shared/coverage/engine.ts): segments of consecutive clean fixes under the gap, in the same local metric frame,
// runs of passing segments (gaps and islands), then passes at least minGap apart (a recursive walk).
// One SQL serves key targets and road cells (R13): both are rows with a geometry, a radius and passes.
import type { CoverageRules } from '../../shared/coverage/rules.ts';
import type { LocalFrame } from '../../shared/core/frame.ts';
import { dayRange } from '../../shared/core/time.ts';
import type { Queryable } from '../platform/db/index.ts';
import { validOn } from '../town/validity.ts';

/** What is patrolled, and where a day's passes of it are recorded. */
export const LAYERS = {
  targets: { table: 'targets', record: 'target_passes', key: 'target_id' },
  cells: { table: 'road_cells', record: 'cell_passes', key: 'cell_id' },
} as const;
export type Layer = keyof typeof LAYERS;

const local = (geom: string) => `ST_Scale(ST_Translate(${geom}, -$3::float8, -$4::float8), $5::float8, $6::float8)`;

const passesSql = (table: string) => `
WITH RECURSIVE fixes AS (
  SELECT p.worker_id, p.fix_time, p.geom
    FROM positions p
   WHERE p.verdict = 'ok' AND p.worker_id IS NOT NULL
     AND p.fix_time >= $1::timestamptz - make_interval(secs => $7::float8 / 1000) AND p.fix_time < $2::timestamptz
), segments AS (
  SELECT worker_id, lag(fix_time) OVER w AS t0, fix_time AS t1, ST_MakeLine(lag(geom) OVER w, geom) AS seg
    FROM fixes WINDOW w AS (PARTITION BY worker_id ORDER BY fix_time)
), reach AS (
  -- The widest radius in degrees: a bounding-box test on the GiST index before the exact metric one.
  SELECT max(radius_m) * 1.001 / $5::float8 AS dx, max(radius_m) * 1.001 / $6::float8 AS dy FROM ${table}
), passing AS (
  SELECT s.worker_id, t.id AS target_id, s.t0, s.t1
    FROM segments s CROSS JOIN reach
    JOIN ${table} t ON t.geom && ST_Expand(s.seg, reach.dx, reach.dy)
     AND ST_DWithin(${local('s.seg')}, ${local('t.geom')}, t.radius_m + 1e-6) AND ${validOn('t', '$9')}
   WHERE s.t0 IS NOT NULL AND s.t1 - s.t0 < make_interval(secs => $7::float8 / 1000)
), runs AS (
  -- A run starts where this target's previous passing segment of the worker did not end at this one's start.
  SELECT target_id, worker_id, t0 AS start
    FROM (SELECT *, lag(t1) OVER (PARTITION BY worker_id, target_id ORDER BY t0) AS prev_end FROM passing) x
   WHERE prev_end IS DISTINCT FROM t0
), day_runs AS (
  SELECT target_id, start, row_number() OVER (PARTITION BY target_id ORDER BY start, worker_id) AS k
    FROM runs WHERE start >= $1::timestamptz AND start < $2::timestamptz
), counted AS (
  SELECT target_id, k, start, start AS last, true AS counts FROM day_runs WHERE k = 1
  UNION ALL
  SELECT r.target_id, r.k, r.start,
         CASE WHEN r.start - c.last >= make_interval(secs => $8::float8 / 1000) THEN r.start ELSE c.last END,
         r.start - c.last >= make_interval(secs => $8::float8 / 1000)
    FROM counted c JOIN day_runs r ON r.target_id = c.target_id AND r.k = c.k + 1
)
SELECT target_id AS "targetId", array_agg((extract(epoch FROM start) * 1000)::float8 ORDER BY start) AS times
  FROM counted WHERE counts GROUP BY target_id`;

/** Counted pass times (ms) of every target (or road cell) of the day passed on that day. */
export async function batchPasses(
  q: Queryable,
  day: string,
  frame: LocalFrame,
  rules: CoverageRules,
  layer: Layer = 'targets',
): Promise<Map<number, number[]>> {
  const { start, end } = dayRange(day);
  const rows = await q.query<{ targetId: number; times: number[] }>(passesSql(LAYERS[layer].table), [
    start,
    end,
    frame.lon0,
    frame.lat0,
    frame.mPerDegLon,
    frame.mPerDegLat,
    rules.segmentGapMs,
    rules.minGapMs,
    day,
  ]);
  return new Map(rows.map((r) => [r.targetId, r.times]));
}

/** Computes a day and records it as that day's authoritative passes. */
export async function recordDay(q: Queryable, day: string, frame: LocalFrame, rules: CoverageRules, layer: Layer = 'targets'): Promise<Map<number, number[]>> {
  const { table, record, key } = LAYERS[layer];
  const passes = await batchPasses(q, day, frame, rules, layer);
  await q.query(`DELETE FROM ${record} WHERE day = $1`, [day]);
  await q.query(
    `INSERT INTO ${record} (day, ${key}, passes, pass_times)
     SELECT $1::date, t.id, coalesce(jsonb_array_length(u.times), 0), coalesce(u.times, '[]'::jsonb)
       FROM ${table} t LEFT JOIN unnest($2::int[], $3::jsonb[]) AS u(id, times) ON u.id = t.id WHERE ${validOn('t', '$1')}`,
    [day, [...passes.keys()], [...passes.values()].map((t) => JSON.stringify(t))],
  );
  return passes;
}

/** A day's recorded passes, or null when the day has not been recorded. */
export async function recordedPasses(q: Queryable, day: string, layer: Layer): Promise<Map<number, number[]> | null> {
  const { record, key } = LAYERS[layer];
  const rows = await q.query<{ id: number; times: number[] }>(`SELECT ${key} AS id, pass_times AS times FROM ${record} WHERE day = $1`, [day]);
  return rows.length ? new Map(rows.map((r) => [r.id, r.times])) : null;
}
