// `npm run bench:coverage`: the coverage engine's cost (R13).
// - Live engine: a simulated day of the demo town's 137 workers through the in-memory engine (flatbush
//   index, both layers: key targets and road cells), beside the naive baseline of the same fixes tested
//   against every target and cell with Turf and no index.
// - PostGIS batch for that town-day, on the embedded database and (with BENCH_DATABASE_URL) PostgreSQL,
//   checked to agree with the live engine.
// - A city-sized day on PostgreSQL: 1,000 workers, 8 h at one fix per 10 s (2.88 M fixes), 5,000 targets,
//   20,000 road cells; beside it, the same fixes' segments built without any geometry test.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as turf from '@turf/turf';
import type { Feature, LineString, Point, Polygon } from 'geojson';
import type { XY } from '../shared/core/plane.ts';
import pg from 'pg';
import { DEFAULT_COVERAGE_RULES } from '../shared/coverage/rules.ts';
import { addDays, dayRange, shanghaiDay } from '../shared/core/time.ts';
import { batchPasses } from '../server/coverage/batch.ts';
import { LiveCoverage, createCoverage, type CoverageItem } from '../server/coverage/engine.ts';
import { bulkInsert } from '../server/platform/db/bulk.ts';
import { freshBenchDatabase } from './db.ts';
import type { Db, Queryable } from '../server/platform/db/index.ts';
import { migrate } from '../server/platform/db/migrate.ts';
import { openPglite } from '../server/platform/db/pglite.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { TOWN_FRAME } from '../geodata/projection.ts';
import { loadSimTown } from '../server/demo/sim/local.ts';
import type { SimFix } from '../server/demo/sim/plan.ts';
import { DEFAULT_SESSIONS, Simulator } from '../server/demo/sim/simulator.ts';

const DAY = addDays(shanghaiDay(Date.now()), -1);
const NAIVE_FIXES = Number(process.env.BENCH_NAIVE_FIXES ?? 3000);
const out: Record<string, unknown> = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model}`, day: DAY };
const ms = (t0: number) => Math.round(performance.now() - t0);

interface Fix {
  w: number;
  t: number;
  lon: number;
  lat: number;
}

/** The demo town seeded, and a simulated day of all its workers, time-ordered. */
async function town(db: Db) {
  await migrate(db);
  await seedDemo(db, { seed: 'xigang-2023-09-14', demoPassword: 'bench-password' });
  const coverage = await createCoverage(db);
  const sim = await loadSimTown(db);
  const simulator = new Simulator(
    [],
    sim.grids,
    { native: async () => {}, osmand: async () => {}, visits: async () => {}, incident: async () => {} },
    { seed: 'bench', sessions: DEFAULT_SESSIONS, demo: false, osmandShare: 0 },
  );
  const fixes: Fix[] = [];
  for (const w of sim.workers)
    for (const f of simulator.dayPlan({ workerId: w.workerId, gridId: w.gridId, uniqueId: '', token: '' }, DAY).fixes as SimFix[])
      fixes.push({ w: w.workerId, t: f.t, lon: f.lon, lat: f.lat });
  fixes.sort((a, b) => a.t - b.t || a.w - b.w);
  return { coverage, fixes, workers: sim.workers.map((w) => w.workerId) };
}

/** The live engine over the day, fresh. */
function liveRun(c: LiveCoverage, fixes: Fix[]) {
  const fresh = new LiveCoverage(
    c.frame,
    c.rules,
    { targets: [...c.items.targets.values()], cells: [...c.items.cells.values()] },
    [...c.squadOf].map(([id, squadId]) => ({ id, squadId, workerId: c.workerOf.get(id) ?? null })),
  );
  const t0 = performance.now();
  for (const f of fixes) fresh.addFix(f.w, f.t, f.lon, f.lat);
  const seconds = (performance.now() - t0) / 1000;
  return { engine: fresh, usPerFix: +((seconds * 1e6) / fixes.length).toFixed(2), fixesPerS: Math.round(fixes.length / seconds) };
}

/** Naive: every segment against every target and cell with Turf, no index. */
function naiveRun(c: LiveCoverage, fixes: Fix[]) {
  const back = (p: number[]) => c.frame.toLonLat(p[0]!, p[1]!);
  const items = [...c.items.targets.values(), ...c.items.cells.values()].map((i: CoverageItem) => ({
    radiusM: i.radiusM,
    f: (i.point ? turf.point(back(i.point)) : i.line ? turf.lineString(i.line.map(back)) : turf.polygon(i.rings!.map((r) => r.map(back)))) as Feature<
      Point | LineString | Polygon
    >,
  }));
  const last = new Map<number, Fix>();
  let hits = 0;
  const t0 = performance.now();
  for (const f of fixes) {
    const prev = last.get(f.w);
    last.set(f.w, f);
    if (!prev || f.t - prev.t >= DEFAULT_COVERAGE_RULES.segmentGapMs) continue;
    const seg = turf.lineString([
      [prev.lon, prev.lat],
      [f.lon, f.lat],
    ]);
    for (const { f: g, radiusM } of items) {
      const d =
        g.geometry.type === 'Point'
          ? turf.pointToLineDistance(g as Feature<Point>, seg, { units: 'meters' })
          : turf.booleanIntersects(seg, g)
            ? 0
            : Math.min(
                ...turf.coordAll(g).map((p) => turf.pointToLineDistance(p, seg, { units: 'meters' })),
                ...seg.geometry.coordinates.map((p) =>
                  g.geometry.type === 'Polygon'
                    ? turf.pointToPolygonDistance(p, g as Feature<Polygon>, { units: 'meters' })
                    : turf.pointToLineDistance(p, g as Feature<LineString>, { units: 'meters' }),
                ),
              );
      if (d <= radiusM) hits++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { usPerFix: Math.round((seconds * 1e6) / fixes.length), fixesPerS: Math.round(fixes.length / seconds), hits };
}

/** Stores the day as clean fixes and times the PostGIS batch of both layers; checks it against the live engine. */
async function townBatch(label: string, db: Db, t: Awaited<ReturnType<typeof town>>, live: LiveCoverage) {
  const devices = new Map<number, number>();
  for (const w of t.workers)
    devices.set(
      w,
      (
        await db.query<{ id: number }>(`INSERT INTO devices (unique_id, worker_id, token_hash) VALUES ($1, $2, $3) RETURNING id`, [
          `BENCH-${w}`,
          w,
          `bench-${w}`,
        ])
      )[0]!.id,
    );
  const t0 = performance.now();
  await bulkInsert(
    db,
    'positions',
    [
      { name: 'device_id', type: 'int', value: (f: Fix) => devices.get(f.w) },
      { name: 'worker_id', type: 'int', value: (f: Fix) => f.w },
      { name: 'fix_time', type: 'timestamptz', value: (f: Fix) => new Date(f.t) },
      { name: 'lat', type: 'float8', value: (f: Fix) => f.lat },
      { name: 'lon', type: 'float8', value: (f: Fix) => f.lon },
      { name: 'verdict', type: 'text', value: () => 'ok' },
    ],
    t.fixes,
    { suffix: 'ON CONFLICT DO NOTHING' },
  );
  await db.query('UPDATE positions SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326)');
  await db.query('ANALYZE positions');
  const loadMs = ms(t0);
  const result: Record<string, unknown> = { fixes: t.fixes.length, loadMs };
  const b0 = performance.now();
  const batch = await batchPasses(db, DAY, live.frame, live.rules);
  result.batchMs = ms(b0);
  for (const layer of ['targets', 'cells'] as const) {
    result[`${layer}Passed`] = batch[layer].size;
    result[`${layer}Agree`] = sameDay(batch[layer], live.engines[layer].passesOn(DAY));
  }
  console.log(
    `${label.padEnd(9)} town-day batch: ${t.fixes.length} fixes — both layers ${result.batchMs} ms (key targets ${result.targetsPassed} passed, agree with live: ${result.targetsAgree}; road cells ${result.cellsPassed} passed, agree: ${result.cellsAgree})`,
  );
  return result;
}

/** The same passes, item by item: the batch's and the live engine's. */
const sameDay = (a: Map<number, number[]>, b: Map<number, number[]>) =>
  JSON.stringify([...a].sort((x, y) => x[0] - y[0])) === JSON.stringify([...b].sort((x, y) => x[0] - y[0]));

/**
 * A city-sized day: 1,000 workers on a 32 × 32 lattice 2 km apart, each walking a 400 m circle (a lap in
 * 30 min) from 08:00 to 16:00 at a fix per 10 s, with 5 key targets (4 on the circle, 1 far off) and 20 road
 * cells of 50 m tangent to it 20 m out. Made here, so that the live engine and PostGIS (in its own schema:
 * the batch reads positions, targets and road_cells) get the very same coordinates.
 */
function makeCity() {
  const frame = TOWN_FRAME;
  const { start } = dayRange(DAY);
  const lonLat = (x: number, y: number): [number, number] => [frame.lon0 + x / frame.mPerDegLon, frame.lat0 + y / frame.mPerDegLat];
  const fixes: Fix[] = [];
  const targets: { w: number; at: [number, number] }[] = [];
  const cells: { w: number; from: [number, number]; to: [number, number] }[] = [];
  for (let w = 1; w <= 1000; w++) {
    const cx = (((w - 1) % 32) - 16) * 2000;
    const cy = (Math.floor((w - 1) / 32) - 16) * 2000;
    for (let k = 0; k < 2880; k++) {
      const a = (k * 10 * 2 * Math.PI) / 1800 + w;
      const [lon, lat] = lonLat(cx + 400 * Math.cos(a) + 5 * Math.sin(k * 7), cy + 400 * Math.sin(a) + 5 * Math.cos(k * 5));
      fixes.push({ w, t: start.getTime() + (8 * 3600 + k * 10) * 1000, lon, lat });
    }
    for (let i = 1; i <= 5; i++) {
      const a = i * 1.2566;
      const r = i === 5 ? 700 : 400;
      targets.push({ w, at: lonLat(cx + r * Math.cos(a), cy + r * Math.sin(a)) });
    }
    for (let i = 1; i <= 20; i++) {
      const a = i * 0.31416;
      const [c, s] = [Math.cos(a), Math.sin(a)];
      cells.push({ w, from: lonLat(cx + 420 * c - 25 * s, cy + 420 * s + 25 * c), to: lonLat(cx + 420 * c + 25 * s, cy + 420 * s - 25 * c) });
    }
  }
  fixes.sort((a, b) => a.t - b.t || a.w - b.w);
  return { frame, fixes, targets, cells };
}

/** The city's day through the live engine, then through the PostGIS batch of both layers; checked to agree. */
async function cityDay(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q: Queryable = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params as unknown[])).rows } as unknown as Queryable;
  const t0 = performance.now();
  const city = makeCity();
  const { frame } = city;
  const item = (id: number, w: number, geom: { point: XY } | { line: XY[] }, radiusM: number): CoverageItem => ({
    id,
    gridId: w,
    squadId: 1,
    lengthM: 0,
    radiusM,
    requiredPasses: 2,
    ...geom,
  });
  const local = (p: [number, number]) => frame.toLocal(p[0], p[1]);
  const engine = new LiveCoverage(
    frame,
    DEFAULT_COVERAGE_RULES,
    {
      targets: city.targets.map((t, i) => item(i + 1, t.w, { point: local(t.at) }, 50)),
      cells: city.cells.map((c, i) => item(i + 1, c.w, { line: [local(c.from), local(c.to)] }, 30)),
    },
    Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, squadId: 1, workerId: i + 1 })),
  );
  const live = liveRun(engine, city.fixes);
  console.log(
    `live engine, city: ${city.fixes.length} fixes against ${city.targets.length} key targets + ${city.cells.length} road cells — ${live.usPerFix} µs/fix, ${live.fixesPerS} fixes/s`,
  );

  await client.query(
    `CREATE EXTENSION IF NOT EXISTS postgis; DROP SCHEMA IF EXISTS bench_city CASCADE; CREATE SCHEMA bench_city; SET search_path = bench_city, public; SET work_mem = '256MB';`,
  );
  // The columns the batch reads; a row holds from valid_from (migration 013).
  await client.query(`CREATE TABLE positions (worker_id int, fix_time timestamptz, geom geometry(Point, 4326), verdict text);
    CREATE TABLE targets (id int PRIMARY KEY, geom geometry(Geometry, 4326), radius_m real, required_passes smallint, valid_from date DEFAULT '2000-01-01', valid_to date);
    CREATE TABLE road_cells (id int PRIMARY KEY, geom geometry(LineString, 4326), radius_m real, required_passes smallint, valid_from date DEFAULT '2000-01-01', valid_to date);`);
  for (let i = 0; i < city.fixes.length; i += 100_000) {
    const part = city.fixes.slice(i, i + 100_000);
    await client.query(
      `INSERT INTO positions SELECT w, to_timestamp(t / 1000.0), ST_SetSRID(ST_MakePoint(lon, lat), 4326), 'ok'
         FROM unnest($1::int[], $2::float8[], $3::float8[], $4::float8[]) AS u(w, t, lon, lat)`,
      [part.map((f) => f.w), part.map((f) => f.t), part.map((f) => f.lon), part.map((f) => f.lat)],
    );
  }
  await client.query(
    `INSERT INTO targets (id, geom, radius_m, required_passes) SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326), 50, 2
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i)`,
    [city.targets.map((t) => t.at[0]), city.targets.map((t) => t.at[1])],
  );
  await client.query(
    `INSERT INTO road_cells (id, geom, radius_m, required_passes)
     SELECT i, ST_SetSRID(ST_MakeLine(ST_MakePoint(x0, y0), ST_MakePoint(x1, y1)), 4326), 30, 2
       FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[]) WITH ORDINALITY AS u(x0, y0, x1, y1, i)`,
    [city.cells.map((c) => c.from[0]), city.cells.map((c) => c.from[1]), city.cells.map((c) => c.to[0]), city.cells.map((c) => c.to[1])],
  );
  await client.query(
    `CREATE INDEX ON positions (fix_time) WHERE verdict = 'ok'; CREATE INDEX ON targets USING gist (geom); CREATE INDEX ON road_cells USING gist (geom); ANALYZE positions; ANALYZE targets; ANALYZE road_cells;`,
  );
  const genMs = ms(t0);
  const s0 = performance.now();
  // Summing a measure of each segment makes PostgreSQL build every one of them (an unused column is dropped).
  await client.query(
    `SELECT sum(ST_NPoints(seg)) FROM (SELECT ST_MakeLine(lag(geom) OVER w, geom) AS seg FROM positions WHERE verdict = 'ok' AND fix_time >= $1 AND fix_time < $2 WINDOW w AS (PARTITION BY worker_id ORDER BY fix_time)) s`,
    [dayRange(DAY).start, dayRange(DAY).end],
  );
  const segmentsMs = ms(s0);
  const res: Record<string, unknown> = {
    fixes: city.fixes.length,
    targets: city.targets.length,
    cells: city.cells.length,
    liveUsPerFix: live.usPerFix,
    liveFixesPerS: live.fixesPerS,
    generateMs: genMs,
    segmentsOnlyMs: segmentsMs,
  };
  const b0 = performance.now();
  const passes = await batchPasses(q, DAY, frame, DEFAULT_COVERAGE_RULES);
  res.batchMs = ms(b0);
  for (const layer of ['targets', 'cells'] as const) {
    res[`${layer}Complete`] = [...passes[layer].values()].filter((p) => p.length >= 2).length;
    res[`${layer}Agree`] = sameDay(passes[layer], live.engine.engines[layer].passesOn(DAY));
  }
  await client.query('DROP SCHEMA bench_city CASCADE');
  await client.end();
  console.log(
    `postgres  city-day batch: ${res.fixes} fixes, ${res.targets} targets, ${res.cells} road cells — both layers ${res.batchMs} ms (key targets ${res.targetsComplete} complete, agree with live: ${res.targetsAgree}; road cells ${res.cellsComplete} complete, agree: ${res.cellsAgree}); baseline: the segments alone ${segmentsMs} ms; made in ${genMs} ms`,
  );
  return res;
}

// BENCH_PART=city: the city's day alone.
const part = process.env.BENCH_PART;
// Embedded database: the town, the live engine and its naive baseline, the town-day batch.
if (part !== 'city') {
  const db = await openPglite(':memory:');
  const t = await town(db);
  const live = liveRun(t.coverage, t.fixes);
  const items = t.coverage.items.targets.size + t.coverage.items.cells.size;
  console.log(
    `live engine: ${t.fixes.length} fixes of ${t.workers.length} workers against ${t.coverage.items.targets.size} key targets + ${t.coverage.items.cells.size} road cells — ${live.usPerFix} µs/fix, ${live.fixesPerS} fixes/s`,
  );
  const naive = naiveRun(t.coverage, t.fixes.slice(0, NAIVE_FIXES));
  console.log(
    `baseline: naive Turf, every segment against all ${items} items, no index — ${naive.usPerFix} µs/fix, ${naive.fixesPerS} fixes/s (on the first ${NAIVE_FIXES} fixes); the engine is ${Math.round(naive.usPerFix / live.usPerFix)}× faster`,
  );
  out.live = {
    fixes: t.fixes.length,
    workers: t.workers.length,
    targets: t.coverage.items.targets.size,
    cells: t.coverage.items.cells.size,
    usPerFix: live.usPerFix,
    fixesPerS: live.fixesPerS,
  };
  out.naiveTurf = { fixes: NAIVE_FIXES, usPerFix: naive.usPerFix, fixesPerS: naive.fixesPerS };
  out.pgliteTownDay = await townBatch('pglite', db, t, live.engine);
  await db.close();
}

const url = process.env.BENCH_DATABASE_URL;
if (url) {
  const benchUrl = await freshBenchDatabase(url, 'gp_bench_cov');
  if (part !== 'city') {
    const { openPostgres } = await import('../server/platform/db/postgres.ts');
    const db = await openPostgres(benchUrl);
    const t = await town(db);
    out.postgresTownDay = await townBatch('postgres', db, t, liveRun(t.coverage, t.fixes).engine);
    await db.close();
  }
  out.postgresCityDay = await cityDay(benchUrl);
} else console.log('postgres: set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL and the city-sized day');

mkdirSync('bench/results', { recursive: true });
// The city alone replaces the city's figures of the last full run and keeps the rest.
const file = 'bench/results/coverage.json';
const kept = part === 'city' && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
writeFileSync(file, `${JSON.stringify({ ...kept, ...out, ...(part === 'city' ? { cityDate: out.date, date: kept.date ?? out.date } : {}) }, null, 2)}\n`);
process.exit(0);
