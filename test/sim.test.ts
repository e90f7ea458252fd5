// The patrol simulator drives the real doors like terminals do (R13: two sessions a day).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayRange, addDays, shanghaiDay } from '../shared/time.ts';
import { loadSimTown, simTerminals } from '../server/sim/local.ts';
import { DEFAULT_SESSIONS, Simulator, httpTransport } from '../server/sim/simulator.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv?.close());

describe('the simulator', () => {
  it('replays yesterday morning through both doors, and its workers appear live', async () => {
    const town = await loadSimTown(srv.db);
    expect(town.workers.length).toBe(town.grids.size);
    const terminals = await simTerminals(srv.db, town.workers.slice(0, 12));
    const yesterday = addDays(shanghaiDay(Date.now()), -1);
    let now = dayRange(yesterday).start.getTime() + 9.5 * 3_600_000; // 09:30 Beijing
    const sim = new Simulator(terminals, town.grids, httpTransport(srv.base), { seed: 'test', sessions: DEFAULT_SESSIONS, demo: false, osmandShare: 0.5 }, () => now, now);
    const backfilled = await sim.backfill();
    expect(backfilled).toBeGreaterThan(12 * 60); // at least an hour of fixes each, bar the skivers
    for (let i = 0; i < 30; i++) {
      now += 10_000;
      await sim.tick();
    }
    expect(sim.stats.errors).toBe(0);
    expect(sim.stats.native).toBeGreaterThan(0);
    expect(sim.stats.osmand).toBeGreaterThan(0);
    const [stored] = await srv.db.query<{ n: number; workers: number; ok: number }>(`SELECT count(*)::int AS n, count(DISTINCT worker_id)::int AS workers, count(*) FILTER (WHERE verdict = 'ok')::int AS ok FROM positions`);
    expect(stored!.n).toBe(sim.stats.sent);
    expect(stored!.workers).toBeGreaterThanOrEqual(10);
    expect(stored!.ok / stored!.n).toBeGreaterThan(0.9); // outliers and jitter are filtered, the rest kept
    const live = (await (await client(srv.base, 'leader')).get('/workers/live')).body;
    expect(live.workers.length).toBe(stored!.workers);
    // The same day replayed again sends the same fixes: stored once.
    const again = new Simulator(terminals, town.grids, httpTransport(srv.base), { seed: 'test', sessions: DEFAULT_SESSIONS, demo: false, osmandShare: 0.5 }, () => now, now);
    await again.backfill();
    const [after] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions`);
    expect(after!.n).toBe(stored!.n);
  });
});
