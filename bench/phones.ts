// `npm run bench:phones`: phones sending one fix a request, as Traccar Client does (issue 20), through the
// OsmAnd door (query string and JSON form) and the native door of a real server process, on the embedded
// database and, with BENCH_DATABASE_URL, on PostgreSQL. The load generator (autocannon, keep-alive, many
// connections) runs on the same machine. A request is answered only once its fix is stored, so 2xx/s is
// fixes stored/s. Beside it, in the same run: a bare node:http server parsing the same query string, and the
// same with one INSERT per request into the same database (bench/floor.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { freshBenchDatabase } from './db.ts';
import { adminCookie, rssOf, startServer, stopServer } from './server.ts';
import { DOORS, type Door, doorRequest, fixSource, osmandQuery, registerTerminals } from './terminals.ts';

const PHASE_S = Number(process.env.BENCH_PHASE_S ?? 12);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 2000);

interface Phase {
  door: Door | 'bare' | 'insert';
  requestsPerS: number;
  p50ms: number;
  p99ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  rssMB: number | null;
}

async function load(url: string, setup: autocannon.Request['setupRequest'], door: Phase['door'], pid: number | null, seconds = PHASE_S): Promise<Phase> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: [{ setupRequest: setup }] });
  const phase: Phase = {
    door,
    requestsPerS: Math.round(r['2xx'] / r.duration),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rssMB: pid ? Math.round(rssOf(pid)) : null,
  };
  console.log(
    `  ${door.padEnd(12)} ${String(phase.requestsPerS).padStart(6)} stored/s  p50 ${phase.p50ms} ms  p99 ${phase.p99ms} ms  (${phase.ok} ok, ${phase.non2xx} non-2xx, ${phase.errors} errors)${phase.rssMB ? `  RSS ${phase.rssMB} MB` : ''}`,
  );
  return phase;
}

async function benchDoors(label: string, env: Record<string, string>, port: number): Promise<Phase[]> {
  console.log(`${label}: the project's doors (${DEVICES} terminals over ${CONNECTIONS} connections, ${PHASE_S} s each)`);
  const child = await startServer(env, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const cookie = await adminCookie(base);
    const out: Phase[] = [];
    for (const door of DOORS) {
      // Each door its own terminals, so that no fix repeats another door's.
      const { ids, tokens } = await registerTerminals(base, cookie, door, DEVICES);
      const next = fixSource(ids);
      await load(base, doorRequest(door, next, tokens), door, null, 3); // warm-up: JIT, plans, caches
      out.push(await load(base, doorRequest(door, next, tokens), door, child.pid!));
    }
    return out;
  } finally {
    await stopServer(child);
  }
}

async function floor(mode: 'bare' | 'insert', where: string, port: number): Promise<Phase> {
  const child: ChildProcess = spawn('npx', ['tsx', 'bench/floor.ts', String(port), mode, where], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`floor ${mode} exited ${code}`)));
  });
  try {
    const next = fixSource(Array.from({ length: DEVICES }, (_, i) => `F-${i}`));
    const setup: autocannon.Request['setupRequest'] = (req) => ({ ...req, method: 'POST', path: osmandQuery(next()).replace('/api/osmand', '/') });
    await load(`http://127.0.0.1:${port}`, setup, mode, null, 3);
    return await load(`http://127.0.0.1:${port}`, setup, mode, child.pid!);
  } finally {
    await stopServer(child);
  }
}

const out: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${(await import('node:os')).cpus().length} cores`,
  phaseSeconds: PHASE_S,
  connections: CONNECTIONS,
  devices: DEVICES,
};
console.log('floors: a bare node:http server parsing the same query string');
out.bare = await floor('bare', '', 18190);
const dataDir = `/tmp/gp-bench-phones-${process.pid}`;
rmSync(dataDir, { recursive: true, force: true });
console.log('pglite: node:http + one INSERT a request');
out.pgliteInsert = await floor('insert', `${dataDir}-floor`, 18191);
rmSync(`${dataDir}-floor`, { recursive: true, force: true });
out.pglite = await benchDoors('pglite', { DATA_DIR: dataDir }, 18192);
rmSync(dataDir, { recursive: true, force: true });
const url = process.env.BENCH_DATABASE_URL;
if (url) {
  console.log('postgres: node:http + one INSERT a request');
  out.postgresInsert = await floor('insert', await freshBenchDatabase(url, 'gp_bench_floor'), 18193);
  out.postgres = await benchDoors('postgres', { DATABASE_URL: await freshBenchDatabase(url, 'gp_bench') }, 18194);
} else console.log('postgres: set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL too');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/phones.json', `${JSON.stringify(out, null, 2)}\n`);
process.exit(0);
