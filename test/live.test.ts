// Live fan-out over socket.io: snapshot, deltas, a missed stretch, reconnect, and the same state as the server.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDelta, applySnapshot, emptyLiveStore, pruneTrails, type LiveDelta, type LiveSnapshot, type LiveStore } from '../shared/tracking/live.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

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
});
