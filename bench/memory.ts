// `npm run bench:memory`: is the server's memory flat under a city's phones (issue 20 #9)? A server on the
// embedded database, or on PostgreSQL with BENCH_DATABASE_URL, takes phones sending one fix a request through
// the OsmAnd door at BENCH_RATE requests/s (2,000: BENCH_DEVICES = 10,000 phones every 5 s, their fixes of now) for BENCH_MINUTES; its RSS and
// JS heap (from /api/health, as an administrator sees it) are sampled every minute and printed as a series,
// with the fixes stored. The baseline: the same server idle, after its phones were registered.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { freshBenchDatabase } from './db.ts';
import { adminCookie, startServer, stopServer } from './server.ts';
import { doorRequest, fixSource, registerTerminals } from './terminals.ts';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const url = process.env.BENCH_DATABASE_URL;
const backend = url ? 'postgres' : 'pglite';
const port = 18196;
const dataDir = `/tmp/gp-bench-memory-${process.pid}`;

interface Sample {
  minute: number;
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  storedPerS: number;
  p99ms: number;
}

// --expose-gc: /api/health collects garbage before it reads the heap, so a sample is what is live.
const child = await startServer(url ? { DATABASE_URL: await freshBenchDatabase(url, 'gp_bench_memory') } : { DATA_DIR: dataDir }, port, ['--expose-gc']);
const base = `http://127.0.0.1:${port}`;
const series: Sample[] = [];
try {
  const cookie = await adminCookie(base);
  const memory = async () =>
    ((await (await fetch(`${base}/api/health`, { headers: { cookie } })).json()) as { memory: Omit<Sample, 'minute' | 'storedPerS' | 'p99ms'> }).memory;
  const { ids, tokens } = await registerTerminals(base, cookie, 'osmandQuery', DEVICES);
  const idle = await memory();
  series.push({ minute: 0, ...idle, storedPerS: 0, p99ms: 0 });
  console.log(
    `${backend}: ${DEVICES} phones at ${RATE} requests/s for ${MINUTES} min; idle after registering: RSS ${idle.rssMB} MB, heap ${idle.heapUsedMB} MB`,
  );
  const next = fixSource(ids, true); // fixes of now: the trails fill as a real day's do
  // A minute a run, so that each minute's figures are its own.
  for (let minute = 1; minute <= MINUTES; minute++) {
    const r = await autocannon({
      url: base,
      connections: 200,
      overallRate: RATE,
      duration: 60,
      requests: [{ setupRequest: doorRequest('osmandQuery', next, tokens) }],
    });
    const m = await memory();
    const sample = {
      minute,
      ...m,
      storedPerS: Math.round(r['2xx'] / r.duration),
      p99ms: r.latency.p99,
    };
    series.push(sample);
    console.log(
      `  minute ${String(minute).padStart(2)}: RSS ${sample.rssMB} MB, heap ${sample.heapUsedMB} MB of ${sample.heapTotalMB} MB, external ${sample.externalMB} MB; ${sample.storedPerS} stored/s, p99 ${sample.p99ms} ms${r.non2xx + r.errors + r.timeouts ? ` (${r.non2xx} non-2xx, ${r.errors + r.timeouts} errors)` : ''}`,
    );
  }
} finally {
  await stopServer(child);
  rmSync(dataDir, { recursive: true, force: true });
}
const after = (m: number) => series.find((s) => s.minute === m) ?? series.at(-1)!;
const settled = after(Math.min(5, MINUTES));
const last = series.at(-1)!;
console.log(
  `growth from minute ${settled.minute} to ${last.minute}: RSS ${(last.rssMB - settled.rssMB).toFixed(1)} MB, heap ${(last.heapUsedMB - settled.heapUsedMB).toFixed(1)} MB`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  `bench/results/memory-${backend}.json`,
  `${JSON.stringify({ date: new Date().toISOString(), backend, rate: RATE, devices: DEVICES, series }, null, 2)}\n`,
);
process.exit(0);
