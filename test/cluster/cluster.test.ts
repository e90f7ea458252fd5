// Two server nodes behind nginx on one PostgreSQL and one Redis (issue #9): a wall on one node sees what
// arrives at the other, both give the same coverage, and losing a node loses nothing acknowledged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { IncidentUpdate } from '../../shared/incidents/machine.ts';
import type { LiveDelta, LiveSnapshot } from '../../shared/tracking/live.ts';
import { registerDevice } from '../../server/tracking/devices.ts';
import {
  ADMIN_PASSWORD,
  login,
  queryableOf,
  sendFixes,
  startNginx,
  startNode,
  startPostgres,
  startRedis,
  tempDir,
  walkEast,
  type Postgres,
  type Service,
} from './harness.ts';

let tmp: ReturnType<typeof tempDir>;
let db: Postgres;
let redis: Service;
let a: Service & { base: string };
let b: Service & { base: string };
let lb: Service & { base: string };
let sql: pg.Client;
const sockets: Socket[] = [];

beforeAll(async () => {
  tmp = tempDir();
  db = await startPostgres(tmp.dir);
  redis = await startRedis();
  const env = { DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${redis.port}` };
  a = await startNode('a', env); // seeds the demo town
  b = await startNode('b', env);
  lb = await startNginx(tmp.dir, [a.port, b.port]);
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
}, 300_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await sql?.end();
  for (const s of [lb, b, a, redis]) await s?.stop();
  db?.stop();
  tmp?.remove();
});

/** A worker of a staffed grid with a point key target, and a fresh terminal for them. */
async function terminalAtTarget(uniqueId: string) {
  const { rows } = await sql.query<{ workerId: number; gridId: number; targetId: number; lon: number; lat: number }>(
    `SELECT g.worker_id AS "workerId", g.id AS "gridId", t.id AS "targetId", ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat
       FROM grids g JOIN targets t ON t.grid_id = g.id
      WHERE g.worker_id IS NOT NULL AND GeometryType(t.geom) = 'POINT'
        AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.worker_id = g.worker_id)
      ORDER BY g.id LIMIT 1`,
  );
  const w = rows[0]!;
  const q = queryableOf(sql);
  const device = await registerDevice(q, uniqueId, w.workerId);
  return { ...w, token: device.token, deviceId: device.id };
}

/** A leader's live socket, and the node whose snapshot it got. */
async function wallSocket(base: string): Promise<Socket & { node?: string }> {
  const cookie = await login(base, 'leader');
  const s: Socket & { node?: string } = io(base, { transports: ['websocket'], extraHeaders: { cookie } });
  sockets.push(s);
  s.on('live:snapshot', (snap: LiveSnapshot) => (s.node = snap.node));
  await new Promise((r) => s.once('live:snapshot', r));
  return s;
}

const until = <T>(socket: Socket, event: string, match: (x: T) => boolean, ms = 10_000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} within ${ms} ms`)), ms);
    const on = (x: T) => {
      if (!match(x)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(x);
    };
    socket.on(event, on);
  });

async function summary(base: string, cookie: string) {
  const r = await fetch(`${base}/api/coverage/summary`, { headers: { cookie } });
  expect(r.status).toBe(200);
  return (await r.json()) as { town: Record<string, number>; grids: { gridId: number; targetsDone?: number; [k: string]: unknown }[] };
}

describe('two nodes', () => {
  it('a wall on node A sees the fixes and the incidents that arrive at node B', async () => {
    const t = await terminalAtTarget('CLUSTER-1');
    const wall = await wallSocket(a.base);
    const seen = until<LiveDelta>(wall, 'live:delta', (d) => d.workers.some((w) => w.workerId === t.workerId));
    const fixes = walkEast([t.lon - 0.001, t.lat], 16);
    expect((await sendFixes(b.base, t.token, fixes)).accepted).toBe(16);
    const delta = await seen;
    const w = delta.workers.find((x) => x.workerId === t.workerId)!;
    expect(w.fixTime).toBe(fixes[15]!.t);

    const duty = await login(b.base, 'duty');
    const updates: IncidentUpdate[] = [];
    wall.on('incident:update', (u: IncidentUpdate) => updates.push(u));
    const r = await fetch(`${b.base}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: duty, origin: b.base },
      body: JSON.stringify({ categoryCode: '0102', lat: t.lat, lon: t.lon, description: '集群测试：B 节点上报' }),
    });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: number };
    for (let i = 0; i < 50 && !updates.some((u) => u.incident.id === id); i++) await new Promise((res) => setTimeout(res, 100));
    expect(updates.find((u) => u.incident.id === id)?.event).toBe('report');
  });

  it('both nodes give the same coverage figures for a pass whose fixes reached one of them', async () => {
    const t = await terminalAtTarget('CLUSTER-2');
    const cookieA = await login(a.base, 'leader');
    const cookieB = await login(b.base, 'leader');
    const before = await summary(a.base, cookieA);
    await sendFixes(b.base, t.token, walkEast([t.lon - 0.0012, t.lat], 20));
    let sa = before;
    let sb = before;
    for (let i = 0; i < 50; i++) {
      [sa, sb] = await Promise.all([summary(a.base, cookieA), summary(b.base, cookieB)]);
      if (JSON.stringify(sa) !== JSON.stringify(before) && JSON.stringify(sa) === JSON.stringify(sb)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(sa).not.toEqual(before); // the pass counted on A, though the fixes went to B
    expect(sa).toEqual(sb);
    const grid = (s: typeof sa) => s.grids.find((g) => g.gridId === t.gridId);
    expect(grid(sa)).toEqual(grid(sb));
  });

  it('refuses a terminal on node A at once when node B revoked it, though A knew its token (issue 20: terminals are kept in memory)', async () => {
    const t = await terminalAtTarget('CLUSTER-REVOKED');
    const post = (base: string) =>
      fetch(`${base}/api/positions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
        body: JSON.stringify({ fixes: [] }),
      }).then((r) => r.status);
    expect(await post(a.base)).toBe(200); // A has looked the token up and keeps it
    const admin = await login(b.base, 'admin', ADMIN_PASSWORD);
    const revoked = await fetch(`${b.base}/api/devices/${t.deviceId}/revoke`, { method: 'POST', headers: { cookie: admin, origin: b.base } });
    expect(revoked.status).toBe(200);
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await post(a.base);
    }
    expect(status).toBe(401);
  });

  it("answers a terminal only once its fix is on the other nodes' stream (a node killed after answering would take it from their walls)", async () => {
    const t = await terminalAtTarget('CLUSTER-STREAM');
    const redisClient = new Redis(`redis://127.0.0.1:${redis.port}`);
    try {
      const fix = { t: Date.now() - 1000, lon: t.lon, lat: t.lat };
      // Redis takes no writes for 600 ms: the node's XADD waits, and so must its answer.
      await redisClient.call('CLIENT', 'PAUSE', '600', 'WRITE');
      const sent = Date.now();
      expect((await sendFixes(a.base, t.token, [fix])).accepted).toBe(1);
      expect(Date.now() - sent).toBeGreaterThanOrEqual(400);
      const entries = (await redisClient.xrevrange('gp:events', '+', '-', 'COUNT', 50)) as [string, string[]][];
      const onStream = entries.flatMap(([, f]) => JSON.parse(f[3]!) as { k: string; deviceId?: number; fixes?: [number][] }[]);
      expect(onStream.some((e) => e.k === 'fixes' && e.deviceId === t.deviceId && e.fixes?.[0]?.[0] === fix.t)).toBe(true);
    } finally {
      redisClient.disconnect();
    }
  });

  it('behind nginx: when a node dies, terminals go on through the other, nothing acknowledged is lost, and walls reconnect', async () => {
    const terminals: Awaited<ReturnType<typeof terminalAtTarget>>[] = [];
    for (const id of ['CLUSTER-3', 'CLUSTER-4', 'CLUSTER-5', 'CLUSTER-6']) terminals.push(await terminalAtTarget(id));
    // nginx spreads sockets over the nodes: keep one that landed on A, the node about to die.
    let wall = await wallSocket(lb.base);
    for (let i = 0; i < 8 && wall.node !== 'a'; i++) wall = await wallSocket(lb.base);
    expect(wall.node).toBe('a');
    const movedToB = new Promise<void>((r) => wall.on('live:snapshot', (s: LiveSnapshot) => s.node === 'b' && r()));
    const start = Date.now() - 40 * 10_000;
    let acked = 0;
    let killed = false;
    // 40 fixes per terminal, one request each, in rounds; node A dies a third of the way through.
    for (let i = 0; i < 40; i++) {
      if (i === 13) {
        await a.stop('SIGKILL');
        killed = true;
      }
      const results = await Promise.all(
        terminals.map((t, k) => sendFixes(lb.base, t.token, walkEast([t.lon + k * 1e-5, t.lat], 40, 12, 10, start + 39 * 10_000).slice(i, i + 1))),
      );
      acked += results.reduce((s, r) => s + r.accepted, 0);
    }
    expect(killed).toBe(true);
    expect(acked).toBe(160);
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions WHERE device_id = ANY($1) AND verdict = 'ok'`, [
      terminals.map((t) => t.deviceId),
    ]);
    expect(rows[0]!.n).toBe(acked);
    // The wall reconnected through nginx to B by itself, and is live there.
    await movedToB;
    const last = until<LiveDelta>(wall, 'live:delta', (d) => d.workers.some((w) => w.workerId === terminals[0]!.workerId), 15_000);
    await sendFixes(lb.base, terminals[0]!.token, [{ t: Date.now() - 500, lon: terminals[0]!.lon + 0.002, lat: terminals[0]!.lat }]);
    await last;
    expect(wall.connected).toBe(true);
  });
});
