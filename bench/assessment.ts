// `npm run bench:assessment`: the assessment month of a city (issue 19; R20-R28) on PostgreSQL — 10,000
// workers, 30 days of coverage, 300,000 incidents, 100,000 sample results and the other records of a month —
// computed as GET /api/assessment/month computes it (server/assessment/store.ts computeMonth), beside the
// baseline of one aggregate query over the same tables (counts per worker, no rules). Also the day's event
// ranking (R21), the month's rectification tallies (R20) and basic-information rates (R22).
// BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres: a database `bench_assessment` is made there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ensureCatalog } from '../server/incidents/catalog.ts';
import { computeMonth, dayEvents, monthBasicInfo, monthRectifications } from '../server/assessment/store.ts';
import { migrate } from '../server/platform/db/migrate.ts';
import { openPostgres } from '../server/platform/db/postgres.ts';
import { freshBenchDatabase } from './db.ts';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 10_000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 300_000);
const SAMPLE_RESULTS = Number(process.env.BENCH_SAMPLES ?? 100_000);
const SQUADS = Math.max(1, Math.round(WORKERS / 100));
const MONTH = '2026-10'; // statistics 2026-09-30 00:00 to 2026-10-31 00:00 (每月最后一天零时)
const FIRST = '2026-09-30';
const DAYS = 30;
const START = '2026-09-30T00:00:00+08:00';
const RUNS = 3;

const url = process.env.BENCH_DATABASE_URL;
if (!url) {
  console.error('BENCH_DATABASE_URL=postgres://… is required (a database bench_assessment is created there)');
  process.exit(2);
}
const db = await openPostgres(await freshBenchDatabase(url, 'bench_assessment'));
await migrate(db);
await ensureCatalog(db);

const t0 = performance.now();
const box = (x: string, y: string, d: string) =>
  `ST_Multi(ST_MakeEnvelope(117 + ${x} * ${d}, 35 + ${y} * ${d}, 117 + (${x} + 1) * ${d}, 35 + (${y} + 1) * ${d}, 4326))`;
// A random instant of the period, and a random worker, from the row number (deterministic: setseed).
const instant = `'${START}'::timestamptz + random() * interval '${DAYS} days'`;
const someWorker = `1 + floor(random() * ${WORKERS})::int`;
await db.exec(`SELECT setseed(0.19);
  INSERT INTO users (username, display_name, password_hash, role) VALUES ('bench', 'bench', 'x', 'admin');
  INSERT INTO squads (code, name, branch, area) SELECT lpad(i::text, 3, '0'), i || '中队', i || '党总支', ${box('i', '0', '0.1')} FROM generate_series(1, ${SQUADS}) i;
  INSERT INTO villages (code, name, kind, squad_id, area, centre)
    SELECT lpad(i::text, 12, '0'), i || '村', '村', 1 + (i - 1) % ${SQUADS}, ${box('i', '1', '0.01')}, ST_SetSRID(ST_MakePoint(117, 35), 4326)
      FROM generate_series(1, ${SQUADS * 10}) i;
  INSERT INTO workers (name, phone, squad_id, hired_on) SELECT '网格员' || i, '1' || lpad(i::text, 10, '0'), 1 + (i - 1) % ${SQUADS}, '2024-01-01'
    FROM generate_series(1, ${WORKERS}) i;
  INSERT INTO grids (code, name, class, squad_id, village_id, worker_id, area)
    SELECT lpad(i::text, 14, '0'), i || '网格', 1 + i % 3, 1 + (i - 1) % ${SQUADS}, 1 + (i - 1) % ${SQUADS * 10}, i, ${box('i % 100', 'i / 100', '0.001')}
      FROM generate_series(1, ${WORKERS}) i;
  INSERT INTO grid_assignments (grid_id, worker_id, from_day) SELECT id, worker_id, '2024-01-01' FROM grids;
  INSERT INTO households (address, grid_id, size, geom) SELECT i || '号', 1 + (i - 1) % ${WORKERS}, 3, ST_SetSRID(ST_MakePoint(117, 35), 4326)
    FROM generate_series(1, ${WORKERS * 10}) i;
  INSERT INTO coverage_days (day, grid_id, targets, targets_complete, targets_partial, road_m, road_complete_m, road_once_m, patrol_ms, qualified)
    SELECT '${FIRST}'::date + d, g, 4, 4, 0, 500, 500, 500, 4000000, random() < 0.93 FROM generate_series(0, ${DAYS - 1}) d, generate_series(1, ${WORKERS}) g;
  INSERT INTO incidents (code, category_code, state, level, source, description, geom, reporter_worker_id, created_at)
    SELECT 'B' || i, (SELECT code FROM incident_categories ORDER BY code OFFSET (i % 41) LIMIT 1),
           (ARRAY['registered', 'dispatched', 'closed', 'closed', 'rejected', 'merged', 'reported'])[1 + i % 7], 'village', 'terminal', 'x',
           ST_SetSRID(ST_MakePoint(117, 35), 4326), ${someWorker}, ${instant}
      FROM generate_series(1, ${INCIDENTS}) i;
  INSERT INTO inspection_samples (worker_id, grid_id, full_check, seed, household_ids, by_user_id)
    SELECT g, g, false, 'bench', ARRAY(SELECT h FROM generate_series(g, g + ${WORKERS} * 9, ${WORKERS}) h), 1 FROM generate_series(1, ${WORKERS}) g;
  INSERT INTO sample_results (sample_id, household_id, result, checked_at, by_user_id)
    SELECT 1 + (i - 1) % ${WORKERS}, i, (ARRAY['correct', 'correct', 'correct', 'correct', 'correct', 'correct', 'correct', 'person_missing', 'not_deregistered', 'wrong_detail'])[1 + i % 10],
           ${instant}, 1
      FROM generate_series(1, ${SAMPLE_RESULTS}) i;
  INSERT INTO training_sessions (title, held_at, by_user_id) VALUES ('日常学习', '2026-10-10T09:00:00+08:00', 1), ('专项业务培训', '2026-10-20T09:00:00+08:00', 1);
  INSERT INTO test_scores (session_id, worker_id, score, taken_at, by_user_id)
    SELECT s, w, 60 + floor(random() * 41), '2026-10-20T10:00:00+08:00'::timestamptz + s * interval '1 hour', 1 FROM generate_series(1, 2) s, generate_series(1, ${WORKERS}) w;
  INSERT INTO publicity_tasks (title, given_at, deadline, by_user_id) VALUES ('反诈宣传', '2026-10-05T09:00:00+08:00', '2026-10-15T18:00:00+08:00', 1);
  INSERT INTO publicity_evidence (task_id, worker_id, kind, submitted_at, faked, by_user_id)
    SELECT 1, w, 'photo', '2026-10-10T10:00:00+08:00', random() < 0.01, 1 FROM generate_series(1, ${WORKERS}) w WHERE random() < 0.9;
  INSERT INTO rectification_records (worker_id, day, kind, by_user_id)
    SELECT ${someWorker}, '${FIRST}'::date + floor(random() * ${DAYS})::int, (ARRAY['urged', 'verified_party', 'verified_department'])[1 + i % 3], 1
      FROM generate_series(1, ${WORKERS * 5}) i;
  INSERT INTO conduct_tasks (worker_id, title, deadline, completed_at, by_user_id)
    SELECT w, '交办任务', '2026-10-25T18:00:00+08:00', CASE WHEN random() < 0.9 THEN '2026-10-24T18:00:00+08:00'::timestamptz END, 1 FROM generate_series(1, ${WORKERS}) w;
  INSERT INTO conduct_checks (worker_id, checked_at, on_time, kit, conduct, by_user_id)
    SELECT w, ${instant}, random() < 0.97, random() < 0.97, random() < 0.99, 1 FROM generate_series(1, ${WORKERS}) w;
  INSERT INTO complaints (worker_id, received_at, summary, upheld, by_user_id) SELECT ${someWorker}, ${instant}, '投诉', random() < 0.5, 1 FROM generate_series(1, ${WORKERS / 20});
  INSERT INTO online_scores (worker_id, month, score, by_user_id) SELECT w, '${MONTH}', 60 + floor(random() * 41), 1 FROM generate_series(1, ${WORKERS}) w;
  INSERT INTO assessment_bonuses (worker_id, kind, level, awarded_at, by_user_id)
    SELECT ${someWorker}, 'commendation', 'district', ${instant}, 1 FROM generate_series(1, ${WORKERS / 10});
  ANALYZE;`);
const loadS = (performance.now() - t0) / 1000;

// The baseline: one query counting each worker's records of the month in the same tables, no rules applied.
const BASELINE = `
  WITH p AS (SELECT '${START}'::timestamptz AS s, '${START}'::timestamptz + interval '${DAYS + 1} days' AS e),
  c AS (SELECT g.worker_id AS w, count(*) FILTER (WHERE qualified) AS q, count(*) AS n FROM coverage_days d JOIN grids g ON g.id = d.grid_id
         WHERE d.day BETWEEN '${FIRST}' AND '${FIRST}'::date + ${DAYS} GROUP BY 1),
  i AS (SELECT reporter_worker_id AS w, count(*) AS n FROM incidents, p WHERE created_at >= p.s AND created_at < p.e
         AND state NOT IN ('reported', 'rejected', 'merged') GROUP BY 1),
  r AS (SELECT s.worker_id AS w, count(*) FILTER (WHERE result = 'correct') AS ok, count(*) AS n FROM sample_results x JOIN inspection_samples s ON s.id = x.sample_id, p
         WHERE x.checked_at >= p.s AND x.checked_at < p.e GROUP BY 1),
  t AS (SELECT worker_id AS w, count(*) FILTER (WHERE score >= 80) AS ok FROM test_scores GROUP BY 1),
  k AS (SELECT worker_id AS w, count(*) AS n FROM rectification_records WHERE day BETWEEN '${FIRST}' AND '${FIRST}'::date + ${DAYS} GROUP BY 1),
  o AS (SELECT worker_id AS w, max(score) AS s FROM online_scores WHERE month = '${MONTH}' GROUP BY 1)
  SELECT w.id, c.q, c.n, i.n AS events, r.ok, r.n AS checked, t.ok AS passed, k.n AS rect, o.s AS online
    FROM workers w LEFT JOIN c ON c.w = w.id LEFT JOIN i ON i.w = w.id LEFT JOIN r ON r.w = w.id LEFT JOIN t ON t.w = w.id
    LEFT JOIN k ON k.w = w.id LEFT JOIN o ON o.w = w.id ORDER BY w.id`;

const time = async (f: () => Promise<unknown>) => {
  const ms: number[] = [];
  let answer: unknown;
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    answer = await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: Math.round(ms[Math.floor(RUNS / 2)]!), best: Math.round(ms[0]!), answer };
};

const month = await time(() => computeMonth(db, MONTH));
const baseline = await time(() => db.query(BASELINE));
const day = await time(() => dayEvents(db, '2026-10-15'));
const rect = await time(() => monthRectifications(db, MONTH));
const info = await time(() => monthBasicInfo(db, MONTH));
const m = month.answer as Awaited<ReturnType<typeof computeMonth>>;
const counts = Object.fromEntries(
  await Promise.all(
    ['workers', 'coverage_days', 'incidents', 'sample_results', 'test_scores', 'rectification_records'].map(
      async (t) => [t, (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n] as const,
    ),
  ),
);
const result = {
  at: new Date().toISOString(),
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  load: loadavg().map((x) => Math.round(x * 100) / 100),
  counts,
  loadS: Math.round(loadS * 10) / 10,
  monthMs: month,
  baselineMs: baseline,
  ofBaseline: Math.round((month.median / baseline.median) * 10) / 10,
  awarded: m.ranking.filter((r) => r.awarded).length,
  dayEventsMs: day,
  rectificationsMs: rect,
  basicInfoMs: info,
};
const { answer: _m, ...monthOut } = result.monthMs;
const print = {
  ...result,
  monthMs: monthOut,
  baselineMs: { median: baseline.median, best: baseline.best },
  dayEventsMs: { median: day.median },
  rectificationsMs: { median: rect.median },
  basicInfoMs: { median: info.median },
};
console.log(JSON.stringify(print, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/assessment.json', `${JSON.stringify(print, null, 2)}\n`);
await db.close();
