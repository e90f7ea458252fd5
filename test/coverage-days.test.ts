// A day's coverage through the API (R13, R15, R16): road cells, a worker who patrols all of their grid
// twice is qualified and the rest are in the notice; late fixes make a recorded day stale; the 30-day
// history; live deltas over socket.io, scoped.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XY } from '../shared/core/plane.ts';
import { addDays, dayRange, shanghaiDay } from '../shared/core/time.ts';
import type { CoverageItem } from '../server/coverage/engine.ts';
import type { CoverageDelta } from '../shared/coverage/live.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
const today = shanghaiDay(Date.now());
const yesterday = addDays(today, -1);
const before = addDays(today, -2);
const at = (day: string, hours: number) => dayRange(day).start.getTime() + hours * 3_600_000;
let grid: { id: number; squadId: number; workerId: number; targets: CoverageItem[]; cells: CoverageItem[] };
let token = '';

beforeAll(async () => {
  srv = await startTestServer();
  const live = srv.running.coverage.live;
  const of = (layer: 'targets' | 'cells', gridId: number) => [...live.items[layer].values()].filter((i) => i.gridId === gridId);
  // A grid with key targets and a few road cells, so the tour is short but covers both layers.
  const [g] = await srv.db.query<{ id: number; squadId: number; workerId: number }>(
    `SELECT g.id, g.squad_id AS "squadId", g.worker_id AS "workerId" FROM grids g
      WHERE g.worker_id IS NOT NULL AND EXISTS (SELECT 1 FROM targets t WHERE t.grid_id = g.id)
        AND (SELECT count(*) FROM road_cells c WHERE c.grid_id = g.id) BETWEEN 4 AND 30
      ORDER BY g.id LIMIT 1`,
  );
  grid = { ...g!, targets: of('targets', g!.id), cells: of('cells', g!.id) };
  token = (await (await client(srv.base, 'admin')).post('/devices', { uniqueId: 'DAYS-1', workerId: grid.workerId })).body.token;
});
afterAll(() => srv?.close());

const frame = () => srv.running.coverage.live.frame;

/** A tour through every key target and every road cell of the grid, nearest first. */
function tourStops(): XY[] {
  const stops: XY[] = [...grid.targets.map((t) => t.point ?? t.rings![0]![0]!), ...grid.cells.flatMap((c) => [c.line![0]!, c.line![c.line!.length - 1]!])];
  const tour = [stops.shift()!];
  while (stops.length) {
    const [x, y] = tour[tour.length - 1]!;
    let best = 0;
    stops.forEach((p, i) => {
      if (Math.hypot(p[0] - x, p[1] - y) < Math.hypot(stops[best]![0] - x, stops[best]![1] - y)) best = i;
    });
    tour.push(stops.splice(best, 1)[0]!);
  }
  return tour;
}

/** Fixes along the tour at 5 m/s, to and fro for at least `minutes` (a patrol session), from `start`. */
function tourFixes(start: number, minutes = 0): { t: number; lon: number; lat: number }[] {
  let stops = tourStops();
  const out: { t: number; x: number; y: number }[] = [{ t: start, x: stops[0]![0], y: stops[0]![1] }];
  do {
    for (let i = 1; i < stops.length; i++) {
      const [a, b] = [stops[i - 1]!, stops[i]!];
      const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 40));
      for (let k = 1; k <= n; k++)
        out.push({
          t: out[out.length - 1]!.t + (Math.hypot(b[0] - a[0], b[1] - a[1]) / n / 5) * 1000 + 1000,
          x: a[0] + ((b[0] - a[0]) * k) / n,
          y: a[1] + ((b[1] - a[1]) * k) / n,
        });
    }
    stops = [...stops].reverse();
  } while (out[out.length - 1]!.t - start < minutes * 60_000);
  return out.map((f) => {
    const [lon, lat] = frame().toLonLat(f.x, f.y);
    return { t: Math.round(f.t), lon, lat };
  });
}

async function send(fixes: { t: number; lon: number; lat: number }[]) {
  for (let i = 0; i < fixes.length; i += 1000) {
    const body = { fixes: fixes.slice(i, i + 1000).map((f) => ({ deviceTime: new Date(f.t).toISOString(), lon: f.lon, lat: f.lat, accuracy: 5 })) };
    const r = await fetch(`${srv.base}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(200);
  }
}

describe('road cells', () => {
  it('cut every main road and central street into cells of about 50 m, each in one grid', async () => {
    const [c] = await srv.db.query<{ n: number; short: number; long: number; lanes: number; outside: number; total: number; roads: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE c.length_m < 25)::int AS short, count(*) FILTER (WHERE c.length_m > 75)::int AS long,
              count(*) FILTER (WHERE r.class = 'lane')::int AS lanes,
              count(*) FILTER (WHERE NOT ST_Covers(ST_Buffer(g.area::geography, 1)::geometry, c.geom))::int AS outside,
              sum(c.length_m)::float8 AS total,
              (SELECT sum(ST_Length(geom::geography)) FROM roads r2 WHERE r2.class IN ('main', 'central'))::float8 AS roads
         FROM road_cells c JOIN roads r ON r.id = c.road_id JOIN grids g ON g.id = c.grid_id`,
    );
    expect(c!.n).toBeGreaterThan(500);
    expect(c!.long).toBe(0);
    expect(c!.short).toBeLessThan(c!.n * 0.05); // only pieces where a road just clips a grid
    expect(c!.lanes).toBe(0);
    expect(c!.outside).toBe(0);
    expect(Math.abs(c!.total - c!.roads) / c!.roads).toBeLessThan(0.01); // the cells add up to the roads
    const fc = (await (await client(srv.base, 'leader')).get('/geo/road-cells')).body;
    expect(fc.features).toHaveLength(c!.n);
    expect(fc.features[0].geometry.type).toBe('LineString');
  });
});

describe('a day of coverage', () => {
  it('qualifies the worker who patrolled every target and road cell of the grid twice, and lists the others in the notice (R15, R16)', async () => {
    await send([...tourFixes(at(yesterday, 9), 40), ...tourFixes(at(yesterday, 13.5), 40)]);
    const leader = await client(srv.base, 'leader');
    const sum = (await leader.get(`/coverage/summary?date=${yesterday}`)).body;
    const g = sum.grids.find((x: any) => x.gridId === grid.id);
    expect(g).toMatchObject({
      targets: grid.targets.length,
      complete: grid.targets.length,
      cells: grid.cells.length,
      cellsComplete: grid.cells.length,
      completion: 1,
      roadDouble: 1,
      roadSingle: 1,
      qualified: true,
    });
    expect(g.patrolMinutes).toBeGreaterThanOrEqual(80); // two sessions of 40 minutes or more (每日必巡)
    expect(sum.town.qualified).toBe(sum.grids.filter((x: any) => x.workerId !== null && x.qualified).length);
    expect(sum.town.roadCompleteM).toBeGreaterThanOrEqual(g.roadM);

    const notice = (await leader.get(`/coverage/notice?date=${yesterday}`)).body;
    expect(notice.unqualified.some((w: any) => w.workerId === grid.workerId)).toBe(false);
    expect(notice.unqualified).toHaveLength(sum.town.workers - sum.town.qualified);
    expect(notice.unqualified.length).toBeGreaterThan(100);
    const missing = notice.unqualified.find((w: any) => w.targets > 0);
    expect(missing.targetsLeft).toHaveLength(missing.targets - missing.complete);
    expect(missing.worker).not.toContain('*');
    const wall = (await (await client(srv.base, 'wall')).get(`/coverage/notice?date=${yesterday}`)).body;
    expect(wall.unqualified.every((w: any) => w.worker.includes('*'))).toBe(true); // R40

    const roads = (await leader.get(`/coverage/roads?date=${yesterday}`)).body;
    const cells = new Map(roads.cells.map((c: any) => [c.cellId, c]));
    for (const c of grid.cells) expect(cells.get(c.id)).toMatchObject({ status: 'complete', passes: 2, gridId: grid.id });
    expect(roads.roads.reduce((n: number, r: any) => n + r.cells, 0)).toBe(roads.cells.length);
    expect(roads.roads.reduce((n: number, r: any) => n + r.roadCompleteM, 0)).toBeCloseTo(sum.town.roadCompleteM, -1);
  });

  it('recomputes a recorded day when late fixes of it arrive (a terminal that was offline)', async () => {
    const leader = await client(srv.base, 'leader');
    const first = (await leader.get(`/coverage/summary?date=${before}`)).body;
    expect(first.source).toBe('batch');
    expect(first.grids.find((x: any) => x.gridId === grid.id).qualified).toBe(false);
    await send([...tourFixes(at(before, 8), 40), ...tourFixes(at(before, 15), 40)]);
    // Marked before the terminal heard back, however many batches' marks went in one statement.
    expect(await srv.db.query('SELECT day::text FROM coverage_stale')).toEqual([{ day: before }]);
    const again = (await leader.get(`/coverage/summary?date=${before}`)).body;
    expect(again.grids.find((x: any) => x.gridId === grid.id).qualified).toBe(true);
    expect(await srv.db.query('SELECT day FROM coverage_stale')).toEqual([]);
  });

  it('gives the daily history per squad and grid, finished days as recorded and today live', async () => {
    const leader = await client(srv.base, 'leader');
    const h = (await leader.get('/coverage/history?days=3')).body;
    expect(h).toMatchObject({ from: before, to: today });
    const squad = h.squads.find((s: any) => s.squadId === grid.squadId);
    expect(squad.days.map((d: any) => d.day)).toEqual([before, yesterday, today]);
    const sum = (await leader.get(`/coverage/summary?date=${yesterday}`)).body.squads.find((s: any) => s.squadId === grid.squadId);
    const { day: _day, grids: _grids, ...y } = squad.days[1];
    for (const k of ['targets', 'complete', 'partial', 'completion', 'roadDouble', 'roadSingle', 'qualified']) expect(y[k], k).toEqual(sum[k]);
    expect(h.grids.find((g: any) => g.gridId === grid.id).days.map((d: any) => d.qualified)).toEqual([1, 1, 0]);
    const mine = (await (await client(srv.base, 'squad02')).get('/coverage/history?days=7')).body;
    expect(mine.squads.map((s: any) => s.squadId)).toEqual([2]);
    for (const q of ['days=0', 'days=91', 'days=x', 'date=2026-01-01']) expect((await leader.get(`/coverage/history?${q}`)).status, q).toBe(400);
    expect((await (await client(srv.base, 'squad02')).get('/coverage/history?squad=3')).status).toBe(403);
  });

  it('is published by a leader once the day is over, and kept as published (R16)', async () => {
    const leader = await client(srv.base, 'leader');
    expect((await leader.get(`/coverage/notice?date=${yesterday}`)).body.published).toBeNull();
    const r = await leader.post('/coverage/notice', { date: yesterday, note: '请各中队督促整改' });
    expect(r.status).toBe(200);
    const notice = (await leader.get(`/coverage/notice?date=${yesterday}`)).body;
    expect(r.body.published).toBe(notice.unqualified.length);
    expect(notice.published).toMatchObject({ note: '请各中队督促整改' });
    expect((await leader.post('/coverage/notice', { date: yesterday })).status).toBe(409);
    expect((await leader.post('/coverage/notice', { date: today })).status).toBe(409);
    expect((await (await client(srv.base, 'duty')).post('/coverage/notice', { date: before })).status).toBe(403);
    const [row] = await srv.db.query<{ n: number }>('SELECT jsonb_array_length(workers) AS n FROM coverage_notices WHERE day = $1', [yesterday]);
    expect(row!.n).toBe(notice.unqualified.length);
  });

  it('records a finished day on an admin’s demand, not today', async () => {
    const admin = await client(srv.base, 'admin');
    const r = await admin.post('/coverage/record', { date: yesterday });
    expect(r.status).toBe(200);
    expect(r.body.grids.find((x: any) => x.gridId === grid.id).qualified).toBe(true);
    expect((await admin.post('/coverage/record', { date: today })).status).toBe(409);
    expect((await admin.post('/coverage/record', { date: addDays(today, 3) })).status).toBe(400);
    expect((await admin.post('/coverage/record', { date: 'yesterday' })).status).toBe(400);
    expect((await (await client(srv.base, 'leader')).post('/coverage/record', { date: yesterday })).status).toBe(403);
  });
});

describe('live coverage deltas', () => {
  const listen = (cookie: string) => {
    const got: CoverageDelta[] = [];
    const socket: Socket = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    socket.on('coverage:delta', (d: CoverageDelta) => got.push(d));
    return { socket, got, ready: new Promise((r) => socket.on('live:snapshot', r)) };
  };

  it('tell the town and the grid’s squad, not other squads, when targets turn partial, with the new figures', async () => {
    const town = listen((await client(srv.base, 'leader')).cookie);
    const own = listen((await client(srv.base, `squad0${grid.squadId}`)).cookie);
    const other = listen((await client(srv.base, `squad0${grid.squadId === 1 ? 2 : 1}`)).cookie);
    await Promise.all([town.ready, own.ready, other.ready]);
    // The tour ends now — all of it today: just after midnight it is run faster, ending at most 4 minutes
    // ahead (terminals' clocks may be 5 minutes fast).
    const tour = tourFixes(0);
    const now = Date.now();
    const span = tour[tour.length - 1]!.t;
    const start = Math.max(now - span - 1000, dayRange(today).start.getTime() + 1000);
    const scale = Math.min(1, (now + 4 * 60_000 - start) / span);
    await send(tour.map((f) => ({ ...f, t: Math.round(start + f.t * scale) })));
    await expect
      .poll(() => town.got.flatMap((d) => d.items).filter((i) => i.gridId === grid.id).length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(grid.targets.length + grid.cells.length);
    await expect.poll(() => own.got.length, { timeout: 3000 }).toBeGreaterThan(0);
    const items = town.got.flatMap((d) => d.items);
    for (const t of grid.targets) expect(items.find((i) => i.layer === 'targets' && i.id === t.id)).toMatchObject({ passes: 1, status: 'partial' });
    const last = town.got[town.got.length - 1]!;
    const g = town.got
      .flatMap((d) => d.grids)
      .filter((x) => x.gridId === grid.id)
      .pop()!;
    expect(g).toMatchObject({ targets: grid.targets.length, partial: grid.targets.length, complete: 0 });
    expect(last.town).toBeDefined();
    const summary = (await (await client(srv.base, 'leader')).get('/coverage/summary')).body;
    expect(summary.grids.find((x: any) => x.gridId === grid.id)).toMatchObject({
      partial: g.partial,
      cellsComplete: g.cellsComplete,
      roadOnceM: g.roadOnceM,
      qualified: g.qualified,
    });
    expect(last.town).toMatchObject({
      workers: summary.town.workers,
      qualified: summary.town.qualified,
      complete: summary.town.complete,
      roadCompleteM: summary.town.roadCompleteM,
    });
    expect(own.got.every((d) => d.town === undefined && d.items.every((i) => srv.running.coverage.live.squadOf.get(i.gridId) === grid.squadId))).toBe(true);
    expect(other.got.filter((d) => d.items.some((i) => i.gridId === grid.id))).toEqual([]);
    for (const s of [town, own, other]) s.socket.disconnect();
  });
});

describe('replay', () => {
  it('shows the town as it was at a moment: the worker and their last half hour, passes so far, incidents in their state then', async () => {
    const leader = await client(srv.base, 'leader');
    const morning = new Date(at(yesterday, 9) + 20 * 60_000).toISOString();
    const r = (await leader.get(`/replay?date=${yesterday}&at=${encodeURIComponent(morning)}`)).body;
    const w = r.workers.find((x: any) => x.workerId === grid.workerId);
    expect(w).toMatchObject({ status: 'patrolling', gridId: grid.id });
    expect(w.fixTime).toBeLessThanOrEqual(Date.parse(morning));
    expect(w.trail[0][2]).toBeGreaterThan(Date.parse(morning) - 30 * 60_000);
    const evening = (await leader.get(`/replay?date=${yesterday}&at=${encodeURIComponent(new Date(at(yesterday, 22)).toISOString())}`)).body;
    expect(evening.workers).toEqual([]); // nobody out at 22:00
    const passes = (body: any) => new Map(body.targets.map((t: any) => [t.id, t.passes]));
    for (const t of grid.targets) {
      expect(passes(r).get(t.id)).toBeLessThanOrEqual(1); // the first round only, by 09:20
      expect(passes(evening).get(t.id)).toBe(2);
    }
    // An incident: absent before it was reported, reported, then registered.
    const duty = await client(srv.base, 'duty');
    const [lon, lat] = frame().toLonLat(...grid.targets[0]!.point!);
    const beforeIt = new Date(Date.now() - 1000).toISOString();
    const id = (await duty.post('/incidents', { categoryCode: '0501', lat, lon, description: '回放测试' })).body.id;
    await new Promise((res) => setTimeout(res, 50));
    const reportedAt = new Date().toISOString();
    await new Promise((res) => setTimeout(res, 50));
    expect((await duty.post(`/incidents/${id}/actions`, { action: 'register', version: 1 })).status).toBe(200);
    const stateAt = async (t: string) =>
      (await leader.get(`/replay?date=${today}&at=${encodeURIComponent(t)}`)).body.incidents.find((i: any) => i.id === id)?.state;
    expect(await stateAt(beforeIt)).toBeUndefined();
    expect(await stateAt(reportedAt)).toBe('reported');
    expect(await stateAt(new Date().toISOString())).toBe('registered');
    for (const q of [
      `date=${yesterday}&at=${encodeURIComponent(new Date().toISOString())}`,
      `date=${today}&at=yesterday`,
      `date=2026-02-30&at=${encodeURIComponent(morning)}`,
    ])
      expect((await leader.get(`/replay?${q}`)).status, q).toBe(400);
    expect((await (await client(srv.base, 'urban')).get(`/replay?date=${today}&at=${encodeURIComponent(reportedAt)}`)).status).toBe(403);
  });
});
