// A whole deployment on loopback for the cluster test and the fault scripts: a PostgreSQL with PostGIS of
// its own (so it can be restarted), a Redis of its own, server nodes as real processes, and nginx with
// docs/nginx.conf. Everything lives in one temporary folder and is stopped by `stop()`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Queryable } from '../../server/platform/db/types.ts';
import { LocalFrame } from '../../shared/core/frame.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitFor(what: string, ok: () => Promise<boolean>, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ok().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function pgBin(): string {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort().pop() : undefined;
  if (!version) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql postgresql-15-postgis-3)');
  return `${base}/${version}/bin`;
}

/** PostgreSQL refuses to run as root: as root, its commands run as the postgres user. */
function asPostgres(cmd: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const r = spawnSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export interface Postgres {
  url: string;
  restart(): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): Promise<void>;
}

export async function startPostgres(dir: string): Promise<Postgres> {
  const data = join(dir, 'pg');
  mkdirSync(data);
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    for (const d of [dir, data]) chownSync(d, uid, 0);
  }
  const port = await freePort();
  const bin = pgBin();
  asPostgres(`${bin}/initdb`, ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=256MB`;
  const start = async () => {
    asPostgres(`${bin}/pg_ctl`, ['-D', data, '-o', opts, '-l', join(dir, 'pg.log'), '-w', 'start']);
    await waitFor('PostgreSQL', async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.end();
      return true;
    });
  };
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await start();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE EXTENSION postgis');
  await c.end();
  const stop = (mode: 'fast' | 'immediate' = 'fast') => void asPostgres(`${bin}/pg_ctl`, ['-D', data, '-m', mode, '-w', 'stop']);
  return {
    url,
    start,
    stop,
    async restart() {
      stop('immediate');
      await start();
    },
  };
}

export interface Service {
  port: number;
  proc: ChildProcess;
  /** What the process printed, for a failing test to show. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function run(cmd: string, args: string[], env: Record<string, string>, port: number): Service {
  const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => (out = (out + b.toString()).slice(-20_000));
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return {
    port,
    proc,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill(signal);
      await Promise.race([done, sleep(10_000).then(() => proc.kill('SIGKILL'))]);
    },
  };
}

export async function startRedis(port?: number): Promise<Service> {
  const p = port ?? (await freePort());
  const s = run('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {}, p);
  await waitFor('Redis', async () => spawnSync('redis-cli', ['-p', String(p), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 10_000);
  return s;
}

export const ADMIN_PASSWORD = 'cluster-admin-password';
export const DEMO_PASSWORD = 'cluster-demo-password';

/** One server node as `npm run serve` starts it, on PostgreSQL and Redis, without the simulator. */
export async function startNode(
  name: string,
  env: { DATABASE_URL: string; REDIS_URL?: string; port?: number; [k: string]: string | number | undefined },
): Promise<Service & { base: string }> {
  const port = env.port ?? (await freePort());
  const vars: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ID: name,
    ADMIN_PASSWORD,
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    CLIENT_DIR: join(ROOT, 'dist'),
    TRUST_PROXY: '127.0.0.1', // nginx, in front of the nodes
  };
  for (const [k, v] of Object.entries(env)) if (k !== 'port' && v !== undefined) vars[k] = String(v);
  // GP_NODE_ARGS: Node options for the server processes, e.g. `--cpu-prof` to profile a benchmark.
  const nodeArgs = process.env.GP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const s = run(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts', '--no-sim'], vars, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `node ${name}`,
      async () => {
        if (s.proc.exitCode !== null) throw new Error(`node ${name} exited:\n${s.output()}`);
        return (await fetch(`${base}/api/health`)).ok;
      },
      180_000,
    );
  } catch (err) {
    throw new Error(`${String(err)}\n${s.output()}`);
  }
  return { ...s, base };
}

/** nginx with docs/nginx.conf, listening on `port` in front of the given node ports. */
export async function startNginx(dir: string, nodePorts: number[]): Promise<Service & { base: string }> {
  const port = await freePort();
  const servers = (line: string) => nodePorts.map((p) => line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${p}`)).join('\n');
  let conf = readFileSync(join(ROOT, 'docs/nginx.conf'), 'utf8')
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace(/worker_processes auto;/, 'worker_processes 1;');
  // Each upstream's two example servers become one line per node.
  conf = conf.replace(/( *server 127\.0\.0\.1:8081[^\n]*\n)( *server 127\.0\.0\.1:8082[^\n]*\n)/g, (_m, first: string) => `${servers(first.trimEnd())}\n`);
  const prefix = join(dir, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  writeFileSync(join(prefix, 'nginx.conf'), conf);
  const s = run('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr', '-g', `daemon off; pid ${join(prefix, 'nginx.pid')};`], {}, port);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    'nginx',
    async () => {
      if (s.proc.exitCode !== null) throw new Error(`nginx exited:\n${s.output()}`);
      return (await fetch(`${base}/api/health`)).ok;
    },
    20_000,
  );
  return { ...s, base };
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gp-cluster-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Logs in and returns the session cookie. */
export async function login(base: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export interface WireFix {
  t: number;
  lon: number;
  lat: number;
}

/** Sends fixes to the native door as a terminal does: a refused or failed request is sent again. */
export async function sendFixes(base: string, token: string, fixes: WireFix[], tries = 40): Promise<{ accepted: number; attempts: number }> {
  const body = JSON.stringify({
    fixes: fixes.map((f) => ({ deviceTime: new Date(f.t).toISOString(), lat: f.lat, lon: f.lon, accuracy: 8, speed: 1.2, heading: 90, battery: 80 })),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(`${base}/api/positions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (r.ok) return { accepted: ((await r.json()) as { accepted: number }).accepted, attempts: attempt };
      if (r.status < 500 && r.status !== 429) throw new Error(`refused for good: ${r.status} ${await r.text()}`);
    } catch (err) {
      if (String(err).includes('refused for good') || attempt >= tries) throw err;
    }
    await sleep(Math.min(2000, 100 * attempt));
  }
}

// node:http with kept-alive sockets: at a city's rate lighter on the load generator than fetch, which shares
// the two cores with the servers.
const terminalAgent = new Agent({ keepAlive: true, maxSockets: Number(process.env.BENCH_CITY_SOCKETS ?? 256) });

/** One POST to the native door as a terminal sends it; rejects when no answer comes within `timeoutMs`. */
export function postPositions(entry: string, token: string, body: string, timeoutMs = 60_000): Promise<{ status: number; text: string }> {
  const u = new URL(`${entry}/api/positions`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: terminalAgent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A plain `pg` client as the project's Queryable, for the server's own helpers (registerDevice…). */
export const queryableOf = (sql: pg.Client): Queryable => ({
  query: async <T>(s: string, p?: readonly unknown[]) => (await sql.query(s, p ? [...p] : undefined)).rows as T[],
  exec: async (s: string) => void (await sql.query(s)),
});

/**
 * Workers hired until there are `n` (load beyond the demo's 137), squads in turn; then every worker with a
 * terminal's starting point, a point of the grids taken in turn (there are more workers than grids).
 */
export async function workforceOf(q: Queryable, n: number) {
  await q.query(
    `INSERT INTO workers (name, phone, squad_id, hired_on) SELECT '压测' || n, '1380000' || lpad(n::text, 4, '0'), 1 + n % 9, '2024-01-01'
       FROM generate_series(1, $1 - (SELECT count(*) FROM workers)) n`,
    [n],
  );
  return q.query<{ id: number; lon: number; lat: number }>(
    `SELECT w.id, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM workers) w
       JOIN LATERAL (SELECT ST_PointOnSurface(area) AS p FROM grids ORDER BY id OFFSET (w.k - 1) % (SELECT count(*) FROM grids) LIMIT 1) g ON true ORDER BY w.id`,
  );
}

/** A walk east from a point, one fix every `everyS` seconds ending now. */
export function walkEast(from: [number, number], n: number, stepM = 12, everyS = 10, end = Date.now() - 1000): WireFix[] {
  const around = new LocalFrame(...from);
  return Array.from({ length: n }, (_, i) => {
    const [lon, lat] = around.toLonLat(i * stepM, 0);
    return { t: end - (n - 1 - i) * everyS * 1000, lon, lat };
  });
}
