// `npm run bench:ingest`: fixes at increasing rates through the native door of a real server process;
// prints sustained fixes/s stored, p50/p99 from sending to the socket.io broadcast, and the server's
// memory — on the embedded database and, when BENCH_DATABASE_URL is set, on PostgreSQL. Beside it, the
// baseline of a plain multi-row INSERT of the same rows on the same database, in the same run.
import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { io } from 'socket.io-client';
import { freshBenchDatabase } from './db.ts';
import { adminCookie, rssOf, startServer, stopServer } from './server.ts';
import { openPglite } from '../server/platform/db/pglite.ts';
import { migrate } from '../server/platform/db/migrate.ts';
import type { Db } from '../server/platform/db/index.ts';
import type { LiveDelta } from '../shared/tracking/live.ts';

// The first rate warms the server up (JIT, plans, caches) and is not reported.
const RATES = (process.env.BENCH_RATES ?? '500,1000,2500,5000,10000').split(',').map(Number);
const PHASE_S = Number(process.env.BENCH_PHASE_S ?? 8);
const DEVICES = 100;

interface PhaseResult {
  target: number;
  sent: number;
  stored: number;
  errors: number;
  serverP50ms: number | null;
  serverP99ms: number | null;
  seconds: number;
  fixesPerS: number;
  p50ms: number;
  p99ms: number;
  rssMB: number;
}

async function benchServer(label: string, env: Record<string, string>, port: number): Promise<PhaseResult[]> {
  const child = await startServer(env, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const cookie = await adminCookie(base);
    const workers = (await (await fetch(`${base}/api/workers`, { headers: { cookie } })).json()) as { id: number }[];
    const tokens: { token: string; workerId: number }[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const r = await fetch(`${base}/api/devices`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ uniqueId: `BENCH-${label}-${i}`, workerId: workers[i % workers.length]!.id }),
      });
      tokens.push({ token: ((await r.json()) as { token: string }).token, workerId: workers[i % workers.length]!.id });
    }
    // Broadcast latency: when does the delta carrying a given worker's fix time reach a wall?
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const socket = io(base, { transports: ['websocket'], extraHeaders: { cookie } });
    socket.on('live:delta', (d: LiveDelta) => {
      const now = performance.now();
      for (const w of d.workers)
        for (const p of w.points) {
          const k = `${w.workerId}:${p[2]}`;
          const s = sentAt.get(k);
          if (s !== undefined) {
            latencies.push(now - s);
            sentAt.delete(k);
          }
        }
    });
    await new Promise((r) => socket.once('live:snapshot', r));
    // In the past, within the age limit; each terminal's fixes 1 s apart.
    const fixTime = Date.now() - 6 * 86_400_000;
    const deviceClock: number[] = [];
    const step = new Map<number, number>();
    const results: PhaseResult[] = [];
    for (const rate of RATES) {
      latencies.length = 0;
      // Each terminal (a gateway, at city rates) sends once a second what fell due; a terminal whose last
      // request has not come back holds its fixes for the next: the server's pace shows as the rate reached.
      const perSecond = Math.max(1, Math.round(rate / DEVICES));
      let sent = 0;
      let stored = 0;
      let errors = 0;
      const t0 = performance.now();
      const since = Date.now();
      const inflight: Promise<void>[] = [];
      const queued = tokens.map(() => [] as { deviceTime: string; lat: number; lon: number; accuracy: number; speed: number }[]);
      const busy = tokens.map(() => false);
      // Terminals are spread over the second, as real ones are: terminal d sends at d × 10 ms past each second.
      for (let slot = 0; slot < PHASE_S * DEVICES; slot++) {
        const d = slot % DEVICES;
        const dev = tokens[d]!;
        const wait = t0 + (slot * 1000) / DEVICES - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const clock = (deviceClock[d] ?? fixTime) + perSecond * 1000;
        deviceClock[d] = clock;
        const n = step.get(d) ?? 0;
        // To and fro along a line at 36 km/h: every fix a valid move.
        for (let k = 0; k < perSecond; k++) {
          const i = n + k;
          queued[d]!.push({
            deviceTime: new Date(clock - (perSecond - k) * 1000).toISOString(),
            lat: 34.97 + (d % 10) * 0.006 + Math.abs((i % 800) - 400) * 0.00009,
            lon: 117.06 + Math.floor(d / 10) * 0.006,
            accuracy: 5,
            speed: 10,
          });
        }
        step.set(d, n + perSecond);
        if (busy[d]) continue;
        const fixes = queued[d]!.splice(0, 1000);
        const start = performance.now();
        for (const f of fixes) sentAt.set(`${dev.workerId}:${Date.parse(f.deviceTime)}`, start);
        sent += fixes.length;
        busy[d] = true;
        inflight.push(
          fetch(`${base}/api/positions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${dev.token}` },
            body: JSON.stringify({ fixes }),
          })
            .then(async (r) => {
              if (!r.ok) throw new Error(String(r.status));
              stored += ((await r.json()) as { accepted: number }).accepted;
            })
            .catch(() => void errors++)
            .finally(() => {
              busy[d] = false;
            }),
        );
      }
      await Promise.all(inflight);
      const seconds = (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 1200)); // the last deltas
      latencies.sort((a, b) => a - b);
      const server = (
        (await (await fetch(`${base}/api/tracking/quality?since=${since}`, { headers: { cookie } })).json()) as {
          broadcastLatencyMs: { p50: number; p99: number };
        }
      ).broadcastLatencyMs;
      const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN);
      const r: PhaseResult = {
        target: rate,
        sent,
        stored,
        errors,
        seconds: +seconds.toFixed(2),
        fixesPerS: Math.round(stored / seconds),
        p50ms: q(0.5),
        p99ms: q(0.99),
        serverP50ms: server.p50,
        serverP99ms: server.p99,
        rssMB: Math.round(rssOf(child.pid!)),
      };
      sentAt.clear();
      if (rate === RATES[0]) continue;
      results.push(r);
      console.log(
        `${label.padEnd(9)} target ${String(rate).padStart(6)}/s  stored ${String(r.fixesPerS).padStart(6)}/s (${stored} stored of ${sent} sent in ${r.seconds}s, ${errors} errors)  receipt→broadcast p50 ${r.serverP50ms} ms p99 ${r.serverP99ms} ms; send→wall (load generator's clock) p50 ${r.p50ms} p99 ${r.p99ms} ms  server RSS ${r.rssMB} MB`,
      );
    }
    socket.disconnect();
    return results;
  } finally {
    await stopServer(child);
  }
}

/** Baseline: the same rows as one plain multi-row INSERT per 1,000, straight into the database. */
async function baseline(label: string, db: Db, rows: number): Promise<number> {
  await db.exec(
    `CREATE TEMP TABLE bench_plain (device_id int, fix_time timestamptz, lat float8, lon float8, geom geometry(Point, 4326), accuracy real, speed real)`,
  );
  const t0 = performance.now();
  for (let i = 0; i < rows; i += 1000) {
    const values: string[] = [];
    const params: unknown[] = [];
    for (let k = 0; k < 1000; k++) {
      const lat = 35 + k * 1e-5;
      params.push(k % 100, new Date(Date.now() - (i + k) * 1000).toISOString(), lat, 117.1);
      const b = params.length - 3;
      values.push(`($${b}, $${b + 1}, $${b + 2}, $${b + 3}, ST_SetSRID(ST_MakePoint($${b + 3}, $${b + 2}), 4326), 5, 10)`);
    }
    await db.query(`INSERT INTO bench_plain (device_id, fix_time, lat, lon, geom, accuracy, speed) VALUES ${values.join(', ')}`, params);
  }
  const perS = Math.round(rows / ((performance.now() - t0) / 1000));
  console.log(`${label.padEnd(9)} baseline: plain multi-row INSERT ${perS}/s (${rows} rows, no HTTP, no filters, no live state)`);
  return perS;
}

const out: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${(await import('node:os')).cpus().length} cores`,
  rates: RATES,
  phaseSeconds: PHASE_S,
  devices: DEVICES,
};
const dataDir = `/tmp/gp-bench-${process.pid}`;
rmSync(dataDir, { recursive: true, force: true });
out.pglite = await benchServer('pglite', { DATA_DIR: dataDir }, 18181);
{
  const db = await openPglite(':memory:');
  await migrate(db);
  out.pgliteBaseline = await baseline('pglite', db, 50_000);
  await db.close();
}
rmSync(dataDir, { recursive: true, force: true });
const url = process.env.BENCH_DATABASE_URL;
if (url) {
  const benchUrl = await freshBenchDatabase(url, 'gp_bench');
  out.postgres = await benchServer('postgres', { DATABASE_URL: benchUrl }, 18182);
  const { openPostgres } = await import('../server/platform/db/postgres.ts');
  const db = await openPostgres(benchUrl);
  out.postgresBaseline = await baseline('postgres', db, 100_000);
  await db.close();
} else console.log('postgres: set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL too');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ingest.json', `${JSON.stringify(out, null, 2)}\n`);
process.exit(0);
