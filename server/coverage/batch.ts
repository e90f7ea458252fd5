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
/** A fix's local metres, by the same float operations as `local` (so the same numbers as the live engine's). */
const localX = (lon: string) => `((${lon} - $3::float8) * $5::float8)`;
const localY = (lat: string) => `((${lat} - $4::float8) * $6::float8)`;

/**
 * Side of the square buckets (local metres) that pair segments with the items near them. A city's day is
 * millions of segments against tens of thousands of items: an index probe a segment cost 10–16 µs, a hash
 * join on the bucket a fraction of that (issue 20). A segment no wider or taller than a bucket (at a fix every
 * few seconds, all but the rare long gap) is put in the one bucket of its box's lower-left corner, and each
 * item in every bucket from which such a segment's box can meet its own; the longer segments go by the index.
 */
const BUCKET_M = 100;
/** A bucket's column and row (of the bucket holding local metres x, y), as one number; ±100,000 km is room enough. */
const bucketKey = (col: string, row: string) => `((${col}::bigint + 1000000) * 2000000 + ${row}::bigint)`;
const cell = (m: string) => `floor(${m} / ${BUCKET_M})::int`;

const LAYER_NAMES = Object.keys(LAYERS) as Layer[];
/** Each layer's items as rows of one set, told apart by the layer's number (its place in LAYERS). */
const eachLayer = (sql: (table: string, layer: number) => string) => LAYER_NAMES.map((l, i) => sql(LAYERS[l].table, i)).join('\n  UNION ALL\n  ');

// Both layers in one statement: the day's segments, most of the cost after the pairing, are made once.
const PASSES_SQL = `
WITH RECURSIVE fixes AS (
  SELECT p.worker_id, p.fix_time, ${localX('ST_X(p.geom)')} AS x, ${localY('ST_Y(p.geom)')} AS y
    FROM positions p
   WHERE p.verdict = 'ok' AND p.worker_id IS NOT NULL
     AND p.fix_time >= $1::timestamptz - make_interval(secs => $7::float8 / 1000) AND p.fix_time < $2::timestamptz
), segments AS (
  SELECT worker_id, t0, t1, x0, y0, x1, y1, least(x0, x1) AS xmin, greatest(x0, x1) AS xmax, least(y0, y1) AS ymin, greatest(y0, y1) AS ymax
    FROM (SELECT worker_id, lag(fix_time) OVER w AS t0, fix_time AS t1, lag(x) OVER w AS x0, lag(y) OVER w AS y0, x AS x1, y AS y1
            FROM fixes WINDOW w AS (PARTITION BY worker_id ORDER BY fix_time)) s
   WHERE t0 IS NOT NULL AND t1 - t0 < make_interval(secs => $7::float8 / 1000)
), items AS MATERIALIZED (
  -- Each item in its local frame with its box grown by its radius (and a metre: the box only preselects).
  SELECT layer, id, g, radius_m, ST_XMin(g) - radius_m - 1 AS xmin, ST_XMax(g) + radius_m + 1 AS xmax,
         ST_YMin(g) - radius_m - 1 AS ymin, ST_YMax(g) + radius_m + 1 AS ymax
    FROM (${eachLayer((table, layer) => `SELECT ${layer} AS layer, t.id, t.radius_m, ST_SetSRID(${local('t.geom')}, 0) AS g FROM ${table} t WHERE ${validOn('t', '$9')}`)}) t
), item_buckets AS (
  -- One series an item, not two crossed: the planner counts 1,000 rows a series, and a million would make it
  -- compile the statement (JIT) for seconds even on a small town.
  SELECT i.layer, i.id, i.g, i.radius_m, i.xmin, i.xmax, i.ymin, i.ymax,
         unnest(ARRAY(SELECT ${bucketKey('i.col0 + k % i.cols', 'i.row0 + k / i.cols')} FROM generate_series(0, i.cols * i.rows - 1) k)) AS bucket
    FROM (SELECT *, ${cell('xmin')} - 1 AS col0, ${cell('ymin')} - 1 AS row0,
                 ${cell('xmax')} - ${cell('xmin')} + 2 AS cols, ${cell('ymax')} - ${cell('ymin')} + 2 AS rows FROM items) i
), passing AS (
  SELECT i.layer, s.worker_id, i.id AS target_id, s.t0, s.t1
    FROM segments s JOIN item_buckets i ON i.bucket = ${bucketKey(cell('s.xmin'), cell('s.ymin'))}
   WHERE s.xmax - s.xmin <= ${BUCKET_M} AND s.ymax - s.ymin <= ${BUCKET_M}
     AND s.xmin <= i.xmax AND i.xmin <= s.xmax AND s.ymin <= i.ymax AND i.ymin <= s.ymax
     AND ST_DWithin(ST_MakeLine(ST_MakePoint(s.x0, s.y0), ST_MakePoint(s.x1, s.y1)), i.g, i.radius_m + 1e-6)
  UNION ALL
  -- The long segments by each layer's GiST index, in a box grown by the layer's widest radius (in degrees).
  ${eachLayer(
    (table, layer) => `SELECT ${layer}, s.worker_id, t.id, s.t0, s.t1
    FROM segments s CROSS JOIN (SELECT max(radius_m) * 1.001 / $5::float8 AS dx, max(radius_m) * 1.001 / $6::float8 AS dy FROM ${table}) reach
    JOIN ${table} t ON t.geom && ST_MakeEnvelope(s.xmin / $5::float8 + $3::float8 - reach.dx, s.ymin / $6::float8 + $4::float8 - reach.dy,
                                                  s.xmax / $5::float8 + $3::float8 + reach.dx, s.ymax / $6::float8 + $4::float8 + reach.dy, 4326)
     AND ST_DWithin(ST_MakeLine(ST_MakePoint(s.x0, s.y0), ST_MakePoint(s.x1, s.y1)), ST_SetSRID(${local('t.geom')}, 0), t.radius_m + 1e-6)
     AND ${validOn('t', '$9')}
   WHERE s.xmax - s.xmin > ${BUCKET_M} OR s.ymax - s.ymin > ${BUCKET_M}`,
  )}
), runs AS (
  -- A run starts where this target's previous passing segment of the worker did not end at this one's start.
  SELECT layer, target_id, worker_id, t0 AS start
    FROM (SELECT *, lag(t1) OVER (PARTITION BY layer, worker_id, target_id ORDER BY t0) AS prev_end FROM passing) x
   WHERE prev_end IS DISTINCT FROM t0
), day_runs AS (
  SELECT layer, target_id, start, row_number() OVER (PARTITION BY layer, target_id ORDER BY start, worker_id) AS k
    FROM runs WHERE start >= $1::timestamptz AND start < $2::timestamptz
), counted AS (
  SELECT layer, target_id, k, start, start AS last, true AS counts FROM day_runs WHERE k = 1
  UNION ALL
  SELECT r.layer, r.target_id, r.k, r.start,
         CASE WHEN r.start - c.last >= make_interval(secs => $8::float8 / 1000) THEN r.start ELSE c.last END,
         r.start - c.last >= make_interval(secs => $8::float8 / 1000)
    FROM counted c JOIN day_runs r ON r.layer = c.layer AND r.target_id = c.target_id AND r.k = c.k + 1
)
SELECT layer, target_id AS "targetId", array_agg((extract(epoch FROM start) * 1000)::float8 ORDER BY start) AS times
  FROM counted WHERE counts GROUP BY layer, target_id`;

/** Counted pass times (ms) of every key target and road cell of the day passed on that day, by layer. */
export async function batchPasses(q: Queryable, day: string, frame: LocalFrame, rules: CoverageRules): Promise<Record<Layer, Map<number, number[]>>> {
  const { start, end } = dayRange(day);
  const rows = await q.query<{ layer: number; targetId: number; times: number[] }>(PASSES_SQL, [
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
  const passes = Object.fromEntries(LAYER_NAMES.map((l) => [l, new Map<number, number[]>()])) as Record<Layer, Map<number, number[]>>;
  for (const r of rows) passes[LAYER_NAMES[r.layer]!].set(r.targetId, r.times);
  return passes;
}

/** Computes a day and records it, both layers, as that day's authoritative passes. */
export async function recordDay(q: Queryable, day: string, frame: LocalFrame, rules: CoverageRules): Promise<Record<Layer, Map<number, number[]>>> {
  const passes = await batchPasses(q, day, frame, rules);
  for (const layer of LAYER_NAMES) {
    const { table, record, key } = LAYERS[layer];
    await q.query(`DELETE FROM ${record} WHERE day = $1`, [day]);
    await q.query(
      `INSERT INTO ${record} (day, ${key}, passes, pass_times)
       SELECT $1::date, t.id, coalesce(jsonb_array_length(u.times), 0), coalesce(u.times, '[]'::jsonb)
         FROM ${table} t LEFT JOIN unnest($2::int[], $3::jsonb[]) AS u(id, times) ON u.id = t.id WHERE ${validOn('t', '$1')}`,
      [day, [...passes[layer].keys()], [...passes[layer].values()].map((t) => JSON.stringify(t))],
    );
  }
  return passes;
}

/** A day's recorded passes, or null when the day has not been recorded. */
export async function recordedPasses(q: Queryable, day: string, layer: Layer): Promise<Map<number, number[]> | null> {
  const { record, key } = LAYERS[layer];
  const rows = await q.query<{ id: number; times: number[] }>(`SELECT ${key} AS id, pass_times AS times FROM ${record} WHERE day = $1`, [day]);
  return rows.length ? new Map(rows.map((r) => [r.id, r.times])) : null;
}
