// Live fan-out over socket.io: snapshot, deltas, a missed stretch, reconnect, and the same state as the server.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDelta, applySnapshot, emptyLiveStore, pruneTrails, type LiveDelta, type LiveSnapshot, type LiveStore } from '../shared/tracking/live.ts';
import { SESSION_RECHECK_MS } from '../server/platform/realtime/hub.ts';
import { DEMO_PASSWORD, client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
const devices: { token: string; workerId: number; squadId: number }[] = [];
const start = Date.now() - 20 * 60_000;
let clock = start;

beforeAll(async () => {
  srv = await startTestServer();
  const admin = await client(srv.base, 'admin');
  const workers = (await admin.get('/workers')).body;
  // Two workers of squad 1 and one of squad 2.
  const picked = [...workers.filter((w: any) => w.squadId === 1).slice(0, 2), workers.find((w: any) => w.squadId === 2)];
  for (const [i, w] of picked.entries()) {
    const r = await admin.post('/devices', { uniqueId: `LIVE-${i}`, workerId: w.id });
    devices.push({ token: r.body.token, workerId: w.id, squadId: w.squadId });
  }
});
afterAll(() => srv?.close());

/** Each device walks 15 m north per 10 s step. */
async function walk(steps: number) {
  for (let s = 0; s < steps; s++) {
    clock += 10_000;
    await Promise.all(
      devices.map((d, i) =>
        fetch(`${srv.base}/api/positions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token}` },
          body: JSON.stringify({
            fixes: [
              { deviceTime: new Date(clock).toISOString(), lat: 35.0 + i * 0.01 + ((clock - start) / 10_000) * 0.000135, lon: 117.1, accuracy: 5, speed: 1.5 },
            ],
          }),
        }).then((r) => expect(r.status).toBe(200)),
      ),
    );
  }
}

function connect(cookie: string, store: LiveStore, log: string[]): Socket {
  const socket = io(srv.base, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    auth: (cb) => cb({ since: store.seq || undefined, node: store.node }),
    reconnection: false,
  });
  socket.on('live:snapshot', (s: LiveSnapshot) => {
    applySnapshot(store, s);
    log.push('snapshot');
  });
  socket.on('live:delta', (d: LiveDelta) => {
    applyDelta(store, d);
    log.push(`delta:${d.seq}`);
  });
  return socket;
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

function comparable(store: LiveStore, at: number) {
  pruneTrails(store, at);
  return [...store.workers.values()].sort((a, b) => a.workerId - b.workerId).map((w) => ({ ...w, trail: w.trail.map((p) => p[2]) }));
}

describe('live fan-out', () => {
  it('sends a snapshot, then deltas; after a missed stretch a reconnect ends with exactly the server’s state', async () => {
    const leader = await client(srv.base, 'leader');
    const store = emptyLiveStore();
    const log: string[] = [];
    let socket = connect(leader.cookie, store, log);
    await until(() => log.includes('snapshot'));
    await walk(3);
    await until(() => devices.every((d) => store.workers.get(d.workerId)?.fixTime === clock));
    expect(log.filter((l) => l.startsWith('delta')).length).toBeGreaterThan(0);
    const seqBefore = store.seq;

    socket.disconnect();
    await walk(4); // missed while away
    await new Promise((r) => setTimeout(r, 700)); // let the server flush them
    log.length = 0;
    socket = connect(leader.cookie, store, log);
    await until(() => devices.every((d) => store.workers.get(d.workerId)?.fixTime === clock));
    expect(log[0]).toMatch(/^delta:/); // resumed from its sequence number, not a fresh snapshot
    expect(store.seq).toBeGreaterThan(seqBefore);

    const server = (await leader.get('/workers/live')).body as LiveSnapshot;
    const mine = comparable(store, server.at);
    const truth = comparable({ seq: server.seq, at: server.at, workers: new Map(server.workers.map((w) => [w.workerId, w])) }, server.at);
    expect(mine.map(({ status: _s, ...w }) => w)).toEqual(truth.map(({ status: _s, ...w }) => w));
    expect(mine.find((w) => w.workerId === devices[0]!.workerId)!.trail).toHaveLength(7);
    socket.disconnect();
  });

  it('gives a client too far behind a fresh snapshot', async () => {
    const leader = await client(srv.base, 'leader');
    const store = emptyLiveStore();
    store.seq = 1; // long before the ring of recent deltas
    const log: string[] = [];
    const socket = connect(leader.cookie, store, log);
    await until(() => log.includes('snapshot'));
    expect(store.workers.size).toBe(3);
    socket.disconnect();
  });

  it('sends a squad leader only their squad, and refuses a socket without a session', async () => {
    const squad = await client(srv.base, 'squad01');
    const store = emptyLiveStore();
    const log: string[] = [];
    const socket = connect(squad.cookie, store, log);
    await until(() => log.includes('snapshot'));
    await walk(2);
    await until(() => store.workers.get(devices[0]!.workerId)?.fixTime === clock);
    await new Promise((r) => setTimeout(r, 700));
    expect([...store.workers.values()].every((w) => w.squadId === 1)).toBe(true);
    expect(store.workers.has(devices[2]!.workerId)).toBe(false);
    socket.disconnect();

    const anon = io(srv.base, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((resolve) => anon.on('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
    anon.disconnect();
  });

  it('sends a department’s desk no worker at all, live or on resuming (R40; issue 16 #1)', async () => {
    const urban = await client(srv.base, 'urban');
    expect((await urban.get('/workers/live')).status).toBe(403);
    const store = emptyLiveStore();
    const log: string[] = [];
    let socket = connect(urban.cookie, store, log);
    const deltas: LiveDelta[] = [];
    socket.on('live:delta', (d: LiveDelta) => deltas.push(d));
    await until(() => log.includes('snapshot'));
    await walk(2);
    await new Promise((r) => setTimeout(r, 700));
    expect(store.workers.size).toBe(0);
    expect(deltas).toEqual([]);
    // Resuming from a recent number (the ring path) gives nothing either.
    socket.disconnect();
    const leaderStore = emptyLiveStore();
    const leaderLog: string[] = [];
    const leaderSocket = connect((await client(srv.base, 'leader')).cookie, leaderStore, leaderLog);
    await until(() => leaderLog.includes('snapshot'));
    leaderSocket.disconnect();
    store.seq = leaderStore.seq - 1;
    store.node = leaderStore.node;
    await walk(1);
    await new Promise((r) => setTimeout(r, 500));
    log.length = 0;
    socket = connect(urban.cookie, store, log);
    socket.on('live:delta', (d: LiveDelta) => deltas.push(d));
    await new Promise((r) => setTimeout(r, 700));
    expect(deltas.flatMap((d) => d.workers)).toEqual([]);
    expect(store.workers.size).toBe(0);
    socket.disconnect();
  });

  it('refuses a socket opened by a page of another site, another port of this host included (issue 16 #4)', async () => {
    const leader = await client(srv.base, 'leader');
    const port = Number(new URL(srv.base).port);
    for (const origin of ['http://evil.example', `http://127.0.0.1:${port + 1}`, 'null']) {
      const s = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: leader.cookie, origin }, reconnection: false });
      const outcome = await new Promise<string>((resolve) => {
        s.on('connect', () => resolve('connected'));
        s.on('connect_error', () => resolve('refused'));
        s.on('live:snapshot', () => resolve('fed'));
      });
      expect(outcome, origin).toBe('refused');
      s.disconnect();
    }
    const own = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: leader.cookie, origin: srv.base }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      own.on('live:snapshot', () => resolve());
      own.on('connect_error', reject);
    });
    own.disconnect();
  });

  it('closes an open socket when its session ends: logout, a password changed, an administrator’s reset (issue 16 #3)', async () => {
    const ended = async (who: Awaited<ReturnType<typeof client>>, end: () => Promise<unknown>, waitMs = 3000) => {
      const s = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: who.cookie }, reconnection: false });
      await new Promise<void>((resolve) => s.on('live:snapshot', () => resolve()));
      let told = false;
      s.on('session:ended', () => {
        told = true;
      });
      const closed = new Promise<string>((resolve) => s.on('disconnect', (reason) => resolve(reason)));
      await end();
      const reason = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open'), waitMs))]);
      s.disconnect();
      return { reason, told };
    };
    const leader = await client(srv.base, 'leader');
    expect(await ended(leader, () => leader.post('/auth/logout'))).toEqual({ reason: 'io server disconnect', told: true });
    // A password change ends the user's other sessions, and their sockets.
    const duty = await client(srv.base, 'duty');
    const dutyElsewhere = await client(srv.base, 'duty');
    const r = await ended(dutyElsewhere, () => duty.post('/auth/password', { current: DEMO_PASSWORD, next: 'a-new-password-2026' }));
    expect(r.reason).toBe('io server disconnect');
    // An administrator's reset ends them all.
    const admin = await client(srv.base, 'admin');
    const squad = await client(srv.base, 'squad02');
    const [u] = await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'squad02'`);
    expect((await ended(squad, () => admin.post(`/users/${u!.id}/password`, { password: 'reset-by-admin-2026' }))).reason).toBe('io server disconnect');
    // Ended elsewhere (another node, or expiry): the periodic check closes it too.
    const inspector = await client(srv.base, 'inspector');
    const late = await ended(
      inspector,
      () => srv.db.query(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'inspector')`),
      SESSION_RECHECK_MS + 3000,
    );
    expect(late.reason).toBe('io server disconnect');
  });
});
