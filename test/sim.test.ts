// The patrol simulator drives the real doors like terminals do (R13: two sessions a day).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayRange, addDays, shanghaiDay } from '../shared/core/time.ts';
import { loadSimTown, simTerminals } from '../server/demo/sim/local.ts';
import { DEFAULT_SESSIONS, Simulator, httpTransport } from '../server/demo/sim/simulator.ts';
import { startDutyOfficer } from '../server/demo/dutyOfficer.ts';
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
    const sim = new Simulator(
      terminals,
      town.grids,
      httpTransport(srv.base),
      { seed: 'test', sessions: DEFAULT_SESSIONS, demo: false, osmandShare: 0.5 },
      () => now,
      now,
    );
    const backfilled = await sim.backfill();
    expect(backfilled).toBeGreaterThan(12 * 60); // at least an hour of fixes each, bar the skivers
    // The ticks run far faster than real time, one request a terminal each: kept under the native door's
    // budget of 30 requests in 10 s a terminal (which a phone at real time never nears), backfill included.
    for (let i = 0; i < 20; i++) {
      now += 10_000;
      await sim.tick();
    }
    expect(sim.stats.errors).toBe(0);
    expect(sim.stats.native).toBeGreaterThan(0);
    expect(sim.stats.osmand).toBeGreaterThan(0);
    const [stored] = await srv.db.query<{ n: number; workers: number; ok: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT worker_id)::int AS workers, count(*) FILTER (WHERE verdict = 'ok')::int AS ok FROM positions`,
    );
    expect(stored!.n).toBe(sim.stats.sent);
    expect(stored!.workers).toBeGreaterThanOrEqual(10);
    expect(stored!.ok / stored!.n).toBeGreaterThan(0.9); // outliers and jitter are filtered, the rest kept
    // What the terminals found and recorded went through the doors too (R14, R18).
    const [records] = await srv.db.query<{ incidents: number; onSpot: number; visits: number }>(
      `SELECT (SELECT count(*)::int FROM incidents) AS incidents, (SELECT count(*)::int FROM incidents WHERE state = 'handled') AS "onSpot", (SELECT count(*)::int FROM visits) AS visits`,
    );
    expect(records!.incidents).toBe(sim.stats.incidents);
    expect(records!.visits).toBe(sim.stats.visits);
    expect(records!.visits).toBeGreaterThan(0);
    const live = (await (await client(srv.base, 'leader')).get('/workers/live')).body;
    expect(live.workers.length).toBe(stored!.workers);
    // The same day replayed again sends the same fixes: stored once.
    const again = new Simulator(
      terminals,
      town.grids,
      httpTransport(srv.base),
      { seed: 'test', sessions: DEFAULT_SESSIONS, demo: false, osmandShare: 0.5 },
      () => now,
      now,
    );
    await again.backfill();
    const [after] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions`);
    expect(after!.n).toBe(stored!.n);
  });
});

describe('the scripted duty officer', () => {
  it('moves incidents along to closure through the workflow, step by step as time passes (R31)', async () => {
    const duty = await client(srv.base, 'duty');
    const grid = (await duty.get('/geo/grids')).body.features[5];
    const [lon, lat] = grid.geometry.coordinates[0][0][0];
    const ids: number[] = [];
    for (const [code, n] of [
      ['0101', 0.0031],
      ['1201', 0.0032],
      ['0801', 0.0033],
      ['9901', 0.0034],
    ] as const) {
      const r = await duty.post('/incidents', { categoryCode: code, lat: lat + n, lon: lon + n, description: '演示' });
      if (r.status === 201) ids.push(r.body.id);
    }
    expect(ids.length).toBeGreaterThan(1);
    const officer = startDutyOfficer(srv.running.deps.platform, srv.running.incidents, 'test', 3_600_000);
    officer.stop();
    const seen = new Map<number, Set<string>>();
    for (let round = 0; round < 40; round++) {
      await srv.db.query(`UPDATE incidents SET updated_at = updated_at - interval '10 minutes' WHERE id = ANY($1::int[])`, [ids]);
      await officer.tick();
      for (const r of await srv.db.query<{ id: number; state: string }>('SELECT id, state FROM incidents WHERE id = ANY($1::int[])', [ids]))
        (seen.get(r.id) ?? seen.set(r.id, new Set()).get(r.id)!).add(r.state);
    }
    const states = await srv.db.query<{ state: string }>('SELECT state FROM incidents WHERE id = ANY($1::int[])', [ids]);
    expect(states.some((s) => s.state === 'closed')).toBe(true);
    // Every case went through registration and dispatch unless it was turned away.
    for (const id of ids) {
      const s = seen.get(id)!;
      if (!s.has('rejected')) for (const must of ['registered', 'dispatched'] as const) expect(s.has(must), `${id}: ${[...s]}`).toBe(true);
    }
    const timeline = (await duty.get(`/incidents/${ids[0]}`)).body.timeline;
    expect(timeline[0].action).toBe('report');
    expect(timeline.length).toBeGreaterThan(3);
  });
});
