// `npm run bench:city` (needs BENCH_DATABASE_URL): a city on PostgreSQL — 1,000 workers with a terminal
// each sending one fix every 5 s of the day, at 10× real time (2,000 fixes/s, one fix a request as Traccar
// Client sends them; BENCH_CITY_SPEEDUP=1 for real time), 5,000 key targets, 20 walls watching — for
// BENCH_CITY_S seconds (60: ten minutes of the city's day). Each run checks that every fix sent was stored. Once on one server node, once on two nodes behind nginx with Redis. Prints the sustained
// ingest rate, fix-to-wall latency p50/p99 (send → a wall's socket), the coverage batch time for the day's
// fixes, the servers' CPU and memory; and, as the baseline in the same run, the same fixes as single-row
// INSERTs straight into the database over as many connections.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { DEFAULT_COVERAGE_RULES } from '../shared/coverage/rules.ts';
import type { LiveDelta } from '../shared/tracking/live.ts';
import { shanghaiDay } from '../shared/core/time.ts';
import { FIX_GAP_MS } from '../shared/tracking/rules.ts';
import { batchPasses } from '../server/coverage/batch.ts';
import { townFrame } from '../server/coverage/engine.ts';
import { LocalFrame } from '../shared/core/frame.ts';
import { migrate } from '../server/platform/db/migrate.ts';
import { openPostgres } from '../server/platform/db/postgres.ts';
import { ensureAdmin } from '../server/auth/users.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { registerDevice } from '../server/tracking/devices.ts';
import {
  ADMIN_PASSWORD,
  DEMO_PASSWORD,
  login,
  postPositions,
  startNginx,
  startNode,
  startRedis,
  tempDir,
  workforceOf,
  type Service,
} from '../test/cluster/harness.ts';
import { freshBenchDatabase } from './db.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) {
  console.error('bench:city needs BENCH_DATABASE_URL=postgres://… (a PostgreSQL with PostGIS)');
  process.exit(2);
}
const WORKERS = Number(process.env.BENCH_CITY_WORKERS ?? 1000);
const TARGETS = 5000;
const WALLS = Number(process.env.BENCH_CITY_WALLS ?? 20);
const SECONDS = Number(process.env.BENCH_CITY_S ?? 60);
// 10: one fix per 5 s of the day, sent every 0.5 s (a long day in a short run). 1: real time, as phones send.
const SPEEDUP = Number(process.env.BENCH_CITY_SPEEDUP ?? 10);
// Fixes a request of each run, on one node and on two: 1 as Traccar Client sends them, 6 for a terminal that batches.
const ONE_NODE_BATCHES = (process.env.BENCH_CITY_BATCHES ?? '1,6').split(',').map(Number);
const TWO_NODE_BATCHES = (process.env.BENCH_CITY_TWO_BATCHES ?? '6').split(',').map(Number);
const RUNS = ONE_NODE_BATCHES.length + TWO_NODE_BATCHES.length;
const FIX_EVERY_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh city: the demo town, grown to WORKERS workers and TARGETS key targets, each worker with a terminal. */
async function buildCity(dbUrl: string) {
  const db = await openPostgres(dbUrl);
  await migrate(db);
  await ensureAdmin(db, ADMIN_PASSWORD);
  await seedDemo(db, { seed: 'xigang-2023-09-14', demoPassword: DEMO_PASSWORD });
  // Extra key targets at random points of the grids (the random is seeded so runs compare).
  await db.query('SELECT setseed(0.42)');
  await db.query(
    `INSERT INTO targets (name, kind, grid_id, geom, radius_m)
     SELECT '压测目标' || row_number() OVER (), 'bench', g.id, p.geom, 50
       FROM (SELECT ST_SetSRID(ST_MakePoint(ST_XMin(b) + random() * (ST_XMax(b) - ST_XMin(b)), ST_YMin(b) + random() * (ST_YMax(b) - ST_YMin(b))), 4326) AS geom
               FROM (SELECT ST_Envelope(boundary) AS b FROM town) t, generate_series(1, $1 * 3)) p
       JOIN grids g ON ST_Contains(g.area, p.geom) LIMIT $1 - (SELECT count(*) FROM targets)`,
    [TARGETS],
  );
  // Each worker walks a circle of 300 m at 3 m/s around a point of the grids.
  const workers = await workforceOf(db, WORKERS);
  const terminals: { token: string; workerId: number; lon: number; lat: number }[] = [];
  for (const w of workers) terminals.push({ ...w, workerId: w.id, token: (await registerDevice(db, `CITY-${w.id}`, w.id)).token });
  const [n] = await db.query<{ workers: number; targets: number; cells: number }>(
    `SELECT (SELECT count(*) FROM workers)::int AS workers, (SELECT count(*) FROM targets)::int AS targets, (SELECT count(*) FROM road_cells)::int AS cells`,
  );
  await db.close();
  return { terminals, counts: n! };
}

const cpuMsOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
};
/** A process and its children (nginx's workers under its master). */
const treeCpuMsOf = (pid: number): number => {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return cpuMsOf(pid) + children.reduce((s, c) => s + treeCpuMsOf(c), 0);
};
const rssMbOf = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

/** `batch` fixes a request: 1 as Traccar Client sends them, more for a terminal that uploads every few fixes. */
let runsDone = 0;
async function run(
  label: string,
  entry: string,
  nodes: Service[],
  terminals: Awaited<ReturnType<typeof buildCity>>['terminals'],
  batch: number,
  dbUrl: string,
  /** The processes sharing the machine with the nodes: their CPU is reported beside the nodes'. */
  others: Record<string, Service> = {},
) {
  const counter = new pg.Client({ connectionString: dbUrl });
  await counter.connect();
  const storedRows = async () => Number((await counter.query('SELECT count(*)::int AS n FROM positions')).rows[0].n);
  const rowsBefore = await storedRows();
  // The walls: leaders' live sockets through the entry; each fix's send time is looked up on receipt.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  // The same by the ten seconds the fix was sent in: whether the tail is the start (phones new to the server) or steady.
  const byTen: number[][] = [];
  let t0 = Date.now();
  const acks: number[] = [];
  const walls: Socket[] = [];
  /** Which node each wall's socket landed on, through nginx. */
  const wallsByNode: Record<string, number> = {};
  for (let i = 0; i < WALLS; i++) {
    const cookie = await login(entry, 'leader');
    const s = io(entry, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    s.on('live:delta', (d: LiveDelta) => {
      const now = Date.now();
      for (const w of d.workers)
        for (const p of w.points) {
          const at = sentAt.get(`${w.workerId}|${p[2]}`);
          if (at === undefined) continue;
          latencies.push(now - at);
          const ten = Math.floor((at - t0) / 10_000);
          if (!byTen[ten]) byTen[ten] = [];
          byTen[ten].push(now - at);
        }
    });
    const snapshot = await new Promise<{ node: string }>((r) => s.once('live:snapshot', r));
    wallsByNode[snapshot.node] = (wallsByNode[snapshot.node] ?? 0) + 1;
    walls.push(s);
  }
  const cpu0 = nodes.map((n) => cpuMsOf(n.proc.pid!));
  const othersCpu0 = Object.values(others).map((o) => treeCpuMsOf(o.proc.pid!));
  const generatorCpu0 = process.cpuUsage(); // the phones and walls themselves share the machine's two cores
  let sent = 0;
  let acked = 0;
  let errors = 0;
  let late = 0;
  const rss: number[] = [];
  t0 = Date.now();
  // Each run covers its own stretch of the day (so that every fix it sends is new), ending by the run's end at
  // the latest: at 10× the day runs ahead of the clock, so its stretch starts in the past. The stretches are
  // more than a track's gap apart (FIX_GAP_MS), so each run's phones begin new tracks, as after a silence.
  // Closer, a run's first fix of a phone, hundreds of metres round its circle from the last run's last, is
  // held until its next fix confirms it (R15): 5 s late on the walls, which is the filter, not the servers.
  const stretch = SECONDS * 1000 * SPEEDUP;
  const runsAfter = RUNS - ++runsDone;
  const day0 = t0 + SECONDS * 1000 - stretch - runsAfter * (stretch + FIX_GAP_MS + 60_000);
  const stopAt = t0 + SECONDS * 1000;
  const sampler = setInterval(() => rss.push(nodes.reduce((s, n) => s + rssMbOf(n.proc.pid!), 0)), 1000);
  const terminal = async (t: (typeof terminals)[number], k: number) => {
    const every = (FIX_EVERY_MS * batch) / SPEEDUP;
    const slot = every * (k / terminals.length);
    const around = new LocalFrame(t.lon, t.lat);
    for (let i = 0; ; i++) {
      const due = t0 + slot + i * every;
      // A terminal that falls behind keeps its pace (closed loop): what it could not send shows as the rate.
      if (due >= stopAt || Date.now() >= stopAt) break;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      else if (wait < -every) late++;
      const fixes = Array.from({ length: batch }, (_, j) => {
        const n = i * batch + j;
        const fixTime = day0 + n * FIX_EVERY_MS + Math.round(slot);
        const a = (n * FIX_EVERY_MS * 3) / 300 / 1000 + k; // 3 m/s on a 300 m circle
        const [lon, lat] = around.toLonLat(300 * Math.cos(a), 300 * Math.sin(a));
        return { fixTime, lon, lat };
      });
      const body = JSON.stringify({
        fixes: fixes.map((f) => ({ deviceTime: new Date(f.fixTime).toISOString(), lat: f.lat, lon: f.lon, accuracy: 8, speed: 3, heading: 90, battery: 80 })),
      });
      sent += batch;
      const now = Date.now();
      for (const f of fixes) sentAt.set(`${t.workerId}|${f.fixTime}`, now);
      try {
        const r = await postPositions(entry, t.token, body);
        acks.push(Date.now() - now);
        if (r.status === 200) acked += (JSON.parse(r.text) as { accepted: number }).accepted;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(terminals.map(terminal));
  const seconds = (Date.now() - t0) / 1000;
  await sleep(1500);
  clearInterval(sampler);
  const cpuMs = nodes.map((n, i) => cpuMsOf(n.proc.pid!) - cpu0[i]!);
  const othersCpuMs = Object.values(others).map((o, i) => treeCpuMsOf(o.proc.pid!) - othersCpu0[i]!);
  const generatorCpu = process.cpuUsage(generatorCpu0);
  const stored = (await storedRows()) - rowsBefore;
  await counter.end();
  for (const w of walls) w.disconnect();
  latencies.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  const q = (p: number, xs = latencies) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
  const tenP99 = (xs: number[] | undefined) =>
    xs
      ? q(
          0.99,
          xs.sort((a, b) => a - b),
        )
      : null;
  const r = {
    label,
    nodes: nodes.length,
    fixesPerRequest: batch,
    seconds: +seconds.toFixed(1),
    sent,
    acknowledged: acked,
    stored,
    everyFixStored: stored === sent && acked === sent,
    errors,
    lateSends: late,
    fixesPerS: Math.round(sent / seconds),
    acceptedPerS: Math.round(acked / seconds),
    wallDeliveries: latencies.length,
    wallsByNode,
    fixToWallP50ms: q(0.5),
    fixToWallP99ms: q(0.99),
    fixToWallP99msByTenSeconds: [...byTen].map(tenP99),
    ackP50ms: q(0.5, acks),
    ackP99ms: q(0.99, acks),
    serverCpuPercent: cpuMs.map((ms) => Math.round((ms / (seconds * 1000)) * 100)),
    serverRssMaxMB: Math.max(...rss),
    othersCpuPercent: Object.fromEntries(Object.keys(others).map((name, i) => [name, Math.round((othersCpuMs[i]! / (seconds * 1000)) * 100)])),
    generatorCpuPercent: Math.round((generatorCpu.user + generatorCpu.system) / 10 / (seconds * 1000)),
  };
  console.log(
    `${label.padEnd(36)} ${r.fixesPerS} fixes/s sent (${sent}, ${errors} errors, ${late} sent late), ${r.acceptedPerS}/s accepted, ${stored} new rows stored (every fix stored: ${r.everyFixStored}); acknowledged p50 ${r.ackP50ms} ms p99 ${r.ackP99ms} ms; fix→wall p50 ${r.fixToWallP50ms} ms p99 ${r.fixToWallP99ms} ms over ${r.wallDeliveries} deliveries to ${WALLS} walls (on ${Object.entries(
      wallsByNode,
    )
      .map(([n, c]) => `${n} ${c}`)
      .join(
        ', ',
      )}; p99 by 10 s sent: ${r.fixToWallP99msByTenSeconds.join(' ')}); server CPU ${r.serverCpuPercent.join(' + ')} % of a core, RSS ≤ ${r.serverRssMaxMB} MB; load generator ${r.generatorCpuPercent} % of a core${Object.entries(
      r.othersCpuPercent,
    )
      .map(([name, pc]) => `, ${name} ${pc} %`)
      .join('')}`,
  );
  return r;
}

/** Baseline: the same number of fixes as single-row INSERTs over as many connections as the server uses. */
async function baseline(dbUrl: string, rows: number) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_plain (device_id int, fix_time timestamptz, lat float8, lon float8, geom geometry(Point, 4326), verdict text)',
  );
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < rows) {
        const i = next++;
        await pool.query('INSERT INTO bench_plain VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($4, $3), 4326), $5)', [
          i % 1000,
          new Date(t0 - i * 1000),
          35 + i * 1e-7,
          117.1,
          'ok',
        ]);
      }
    }),
  );
  const perS = Math.round(rows / ((Date.now() - t0) / 1000));
  await pool.query('DROP TABLE bench_plain');
  await pool.end();
  console.log(
    `${'baseline'.padEnd(36)} single-row INSERTs straight into PostgreSQL over 10 connections: ${perS}/s (${rows} rows; no HTTP, no filters, no live state)`,
  );
  return perS;
}

const tmp = tempDir();
const services: Service[] = [];
const out: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model}`,
  workers: WORKERS,
  walls: WALLS,
  seconds: SECONDS,
  speedup: SPEEDUP,
  targetFixesPerS: (WORKERS * 1000 * SPEEDUP) / FIX_EVERY_MS,
};
try {
  const dbUrl = await freshBenchDatabase(url, 'gp_city');
  const t0 = Date.now();
  const { terminals, counts } = await buildCity(dbUrl);
  console.log(
    `city: ${counts.workers} workers with terminals, ${counts.targets} key targets (built in ${Math.round((Date.now() - t0) / 1000)} s); target ${out.targetFixesPerS} fixes/s for ${SECONDS} s`,
  );
  Object.assign(out, counts);

  const phases = process.env.BENCH_CITY_PHASES ?? 'one,two';
  if (phases.includes('one')) {
    const one = await startNode('city-1', { DATABASE_URL: dbUrl, SEED_DEMO: '0', LOG_LEVEL: 'error' });
    services.push(one);
    for (const batch of ONE_NODE_BATCHES)
      out[batch === 1 ? 'oneNode' : batch === 6 ? 'oneNodeBatched' : `oneNode${batch}`] = await run(
        `one node, ${batch} fix/request`,
        one.base,
        [one],
        terminals,
        batch,
        dbUrl,
      );
    await one.stop();
  }
  if (phases.includes('two')) {
    const redis = await startRedis();
    const env = { DATABASE_URL: dbUrl, REDIS_URL: `redis://127.0.0.1:${redis.port}`, SEED_DEMO: '0', LOG_LEVEL: 'error' };
    const a = await startNode('city-a', env);
    const b = await startNode('city-b', env);
    const lb = await startNginx(tmp.dir, [a.port, b.port]);
    services.push(redis, a, b, lb);
    for (const batch of TWO_NODE_BATCHES)
      out[batch === 6 ? 'twoNodes' : `twoNodes${batch}`] = await run(`two nodes + nginx, ${batch} fix/request`, lb.base, [a, b], terminals, batch, dbUrl, {
        nginx: lb,
        redis,
      });
  }

  // The authoritative batch over the day's stored fixes (what the nightly job runs).
  const db = await openPostgres(dbUrl);
  const frame = await townFrame(db);
  const [n] = await db.query<{ fixes: number; cells: number }>(
    `SELECT (SELECT count(*) FROM positions WHERE verdict = 'ok')::int AS fixes, (SELECT count(*) FROM road_cells)::int AS cells`,
  );
  out.cells = n!.cells;
  const batch: Record<string, number> = { fixes: n!.fixes };
  const s = Date.now();
  await batchPasses(db, shanghaiDay(Date.now()), frame, DEFAULT_COVERAGE_RULES);
  batch.ms = Date.now() - s;
  await db.close();
  out.coverageBatch = batch;
  console.log(`${'coverage batch'.padEnd(36)} ${batch.fixes} stored fixes, ${out.cells} road cells: both layers ${batch.ms} ms`);
  out.baselineInsertsPerS = await baseline(dbUrl, 20_000);
} finally {
  for (const s of services.reverse()) await s.stop().catch(() => undefined);
  tmp.remove();
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/city.json', `${JSON.stringify(out, null, 2)}\n`);
process.exit(0);
