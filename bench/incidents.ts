// `npm run bench:incidents`: from an incident API call to the `incident:update` event at each of 200
// connected wall/console clients, p50/p99 — beside the baseline of a bare socket.io broadcast of the same
// message to the same clients, in the same run; on the embedded database and (BENCH_DATABASE_URL) PostgreSQL.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import type { IncidentUpdate } from '../shared/incidents/machine.ts';
import { ensureAdmin } from '../server/auth/users.ts';
import { loadConfig } from '../server/platform/config.ts';
import type { Db } from '../server/platform/db/index.ts';
import { migrate } from '../server/platform/db/migrate.ts';
import { openPglite } from '../server/platform/db/pglite.ts';
import { createLogger } from '../server/platform/log.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { startServer } from '../server/server.ts';
import { freshBenchDatabase } from './db.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 60);
const PASSWORD = 'bench-password';
const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 10) / 10 : null;
};

async function bench(label: string, db: Db) {
  await migrate(db);
  await ensureAdmin(db, PASSWORD);
  await seedDemo(db, { seed: 'xigang-2023-09-14', demoPassword: PASSWORD });
  const running = await startServer({ db, config: loadConfig({ LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' }), log: createLogger('silent') });
  const base = `http://127.0.0.1:${running.port}`;
  const login = async (username: string) =>
    (
      await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
    ).headers
      .get('set-cookie')!
      .split(';')[0]!;
  const [duty, leader] = [await login('duty'), await login('leader')];
  const grid = (
    (await (await fetch(`${base}/api/geo/grids`, { headers: { cookie: leader } })).json()) as { features: { geometry: { coordinates: number[][][][] } }[] }
  ).features[40]!;
  const ring = grid.geometry.coordinates[0]![0]!;
  const [lon, lat] = [ring.reduce((s, p) => s + p[0]!, 0) / ring.length, ring.reduce((s, p) => s + p[1]!, 0) / ring.length];

  // The clients, and for each awaited message the time it reached each of them.
  const waiting = new Map<string, { t0: number; got: number[]; done: () => void }>();
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const s = io(base, { transports: ['websocket'], extraHeaders: { cookie: leader }, reconnection: false, forceNew: true });
    const seen = (key: string) => {
      const w = waiting.get(key);
      if (!w) return;
      w.got.push(performance.now() - w.t0);
      if (w.got.length === CLIENTS) w.done();
    };
    s.on('incident:update', (u: IncidentUpdate) => seen(`${u.incident.id}:${u.incident.version}`));
    s.on('bench', (m: { key: string }) => seen(m.key));
    sockets.push(s);
    await new Promise((r) => s.once('live:snapshot', r));
  }
  const expect = (key: string) => {
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const w = { t0: performance.now(), got: [] as number[], done };
    waiting.set(key, w);
    return { w, finished };
  };
  const post = (path: string, body: object) =>
    fetch(`${base}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: duty }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<{ id: number; version: number }>,
    );

  const api: number[] = [];
  const http: number[] = [];
  for (let k = 0; k < INCIDENTS; k++) {
    // The id is not known before the reply: the next one is, the sequence having no other writer here.
    const [{ n }] = (await db.query<{ n: number }>(`SELECT coalesce(max(id), 0) + 1 AS n FROM incidents`)) as [{ n: number }];
    let e = expect(`${n}:1`);
    let h0 = performance.now();
    const created = await post('/incidents', { categoryCode: '0102', lat, lon, description: `基准 ${k}` });
    http.push(performance.now() - h0);
    await e.finished;
    api.push(...e.w.got);
    let version = created.version;
    for (const step of [{ action: 'register' }, { action: 'dispatch', departmentId: 2 }]) {
      e = expect(`${created.id}:${version + 1}`);
      h0 = performance.now();
      await post(`/incidents/${created.id}/actions`, { ...step, version });
      http.push(performance.now() - h0);
      await e.finished;
      api.push(...e.w.got);
      version++;
    }
  }
  // Baseline: the same number of messages of the same size, broadcast by the server's hub directly.
  const sample = JSON.stringify({ seq: 1, event: 'dispatch', incident: { id: 1, code: '20261126-00001', category: '市容环境·乱堆乱放', state: 'dispatched' } });
  const raw: number[] = [];
  for (let k = 0; k < INCIDENTS * 3; k++) {
    const key = `raw:${k}`;
    const e = expect(key);
    running.deps.platform.rooms.publish('bench', () => ({ key, pad: sample }));
    await e.finished;
    raw.push(...e.w.got);
  }
  for (const s of sockets) s.disconnect();
  await running.close();
  const out = {
    clients: CLIENTS,
    messages: INCIDENTS * 3,
    apiToEvent: { p50: quantile(api, 0.5), p99: quantile(api, 0.99), max: quantile(api, 1) },
    httpOnly: { p50: quantile(http, 0.5), p99: quantile(http, 0.99) },
    baselineBroadcast: { p50: quantile(raw, 0.5), p99: quantile(raw, 0.99), max: quantile(raw, 1) },
  };
  console.log(
    `${label.padEnd(9)} ${CLIENTS} clients, ${out.messages} changes: API call → incident:update at every client p50 ${out.apiToEvent.p50} ms, p99 ${out.apiToEvent.p99} ms (the HTTP call alone p50 ${out.httpOnly.p50} ms); baseline bare broadcast p50 ${out.baselineBroadcast.p50} ms, p99 ${out.baselineBroadcast.p99} ms`,
  );
  return out;
}

const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model}` };
{
  const db = await openPglite(':memory:');
  results.pglite = await bench('pglite', db);
  await db.close();
}
const url = process.env.BENCH_DATABASE_URL;
if (url) {
  const { openPostgres } = await import('../server/platform/db/postgres.ts');
  const db = await openPostgres(await freshBenchDatabase(url, 'gp_bench_inc'));
  results.postgres = await bench('postgres', db);
  await db.close();
} else console.log('postgres: set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL too');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/incidents.json', `${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
