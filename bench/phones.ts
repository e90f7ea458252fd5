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

const PHASE_S = Number(process.env.BENCH_PHASE_S ?? 12);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 2000);
const DOORS = ['osmandQuery', 'osmandJson', 'native'] as const;
type Door = (typeof DOORS)[number];

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

/**
 * The next fix of each terminal, round robin: a terminal's fixes 1 s apart, to and fro at 36 km/h, from
 * half an hour ago (today's, as live phones send: not a backlog of finished days).
 */
function fixSource(ids: string[]) {
  const start = Date.now() - 30 * 60_000;
  const step = new Array<number>(ids.length).fill(0);
  let cursor = 0;
  return () => {
    const d = cursor++ % ids.length;
    const i = step[d]!;
    step[d] = i + 1;
    return {
      d,
      id: ids[d]!,
      t: start + i * 1000,
      lat: 34.97 + (d % 10) * 0.006 + Math.abs((i % 800) - 400) * 0.00009,
      lon: 117.06 + (Math.floor(d / 10) % 20) * 0.006,
    };
  };
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

const osmandQuery = (f: ReturnType<ReturnType<typeof fixSource>>) =>
  `/api/osmand?id=${f.id}&lat=${f.lat.toFixed(6)}&lon=${f.lon.toFixed(6)}&timestamp=${f.t / 1000}&accuracy=5&speed=10&batt=80`;

function doorRequest(door: Door, next: ReturnType<typeof fixSource>, tokens: string[]): autocannon.Request['setupRequest'] {
  return (req) => {
    const f = next();
    if (door === 'osmandQuery') return { ...req, method: 'POST', path: osmandQuery(f) };
    if (door === 'osmandJson')
      return {
        ...req,
        method: 'POST',
        path: '/api/osmand',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          device_id: f.id,
          location: { timestamp: new Date(f.t).toISOString(), coords: { latitude: f.lat, longitude: f.lon, accuracy: 5, speed: 10 }, battery: { level: 0.8 } },
        }),
      };
    return {
      ...req,
      method: 'POST',
      path: '/api/positions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[f.d]}` },
      body: JSON.stringify({ fixes: [{ deviceTime: new Date(f.t).toISOString(), lat: f.lat, lon: f.lon, accuracy: 5, speed: 10 }] }),
    };
  };
}

async function benchDoors(label: string, env: Record<string, string>, port: number): Promise<Phase[]> {
  console.log(`${label}: the project's doors (${DEVICES} terminals over ${CONNECTIONS} connections, ${PHASE_S} s each)`);
  const child = await startServer(env, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const cookie = await adminCookie(base);
    const workers = (await (await fetch(`${base}/api/workers`, { headers: { cookie } })).json()) as { id: number }[];
    const out: Phase[] = [];
    for (const door of DOORS) {
      // Each door its own terminals, so that no fix repeats another door's.
      const ids: string[] = [];
      const tokens: string[] = [];
      for (let i = 0; i < DEVICES; i++) {
        const r = await fetch(`${base}/api/devices`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ uniqueId: `PH-${door}-${i}`, workerId: workers[i % workers.length]!.id }),
        });
        const d = (await r.json()) as { uniqueId: string; token: string };
        ids.push(d.uniqueId);
        tokens.push(d.token);
      }
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
