// Coverage agreement (R13): the live engine (Turf-era TypeScript, in memory) and the PostGIS batch give
// identical passes on the hard cases and on a simulated morning, on the backend under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageTarget } from '../shared/coverage/engine.ts';
import { addDays, dayRange, shanghaiDay } from '../shared/core/time.ts';
import { batchPasses } from '../server/coverage/batch.ts';
import { loadSimTown, simTerminals } from '../server/demo/sim/local.ts';
import { DEFAULT_SESSIONS, Simulator, httpTransport } from '../server/demo/sim/simulator.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let targets: CoverageTarget[];
const today = shanghaiDay(Date.now());
const yesterday = addDays(today, -1);
const before = addDays(today, -2);
const at = (day: string, hours: number) => dayRange(day).start.getTime() + hours * 3_600_000;
const tokens = new Map<number, string>();

beforeAll(async () => {
  srv = await startTestServer();
  targets = srv.running.coverage.live.engines.targets.targets;
  const admin = await client(srv.base, 'admin');
  const workers = (await admin.get('/workers')).body.slice(0, 8);
  for (const w of workers) tokens.set(w.id, (await admin.post('/devices', { uniqueId: `COV-${w.id}`, workerId: w.id })).body.token);
});
afterAll(() => srv?.close());

const frame = () => srv.running.coverage.live.frame;
const toLonLat = (x: number, y: number) => {
  const [lon, lat] = frame().toLonLat(x, y);
  return { lon, lat };
};

/** Sends fixes for a worker through the native door, as its terminal would. */
async function send(workerId: number, fixes: { t: number; x: number; y: number }[]) {
  for (let i = 0; i < fixes.length; i += 1000) {
    const body = { fixes: fixes.slice(i, i + 1000).map((f) => ({ deviceTime: new Date(f.t).toISOString(), ...toLonLat(f.x, f.y), accuracy: 5 })) };
    const r = await fetch(`${srv.base}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(workerId)}` },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(200);
  }
}

/** A straight ride east past a target's point at `offset` metres, one fix every `everyS` s at `speed` m/s. */
const ride = (target: CoverageTarget, start: number, offset: number, speed: number, everyS: number, span = 200) =>
  Array.from({ length: Math.ceil(span / (speed * everyS)) + 1 }, (_, i) => ({
    t: start + i * everyS * 1000,
    x: target.point![0] - span / 2 + i * speed * everyS + 3.3,
    y: target.point![1] + offset,
  }));

/** Live engine and PostGIS batch give the same passes of key targets and of road cells on a day; returns how many were passed. */
async function expectAgreement(day: string) {
  const passed = { targets: 0, cells: 0 };
  const batch = await batchPasses(srv.db, day, frame(), srv.running.coverage.live.rules);
  for (const layer of ['targets', 'cells'] as const) {
    const live = srv.running.coverage.live.engines[layer].passesOn(day);
    expect(new Map([...live].sort()), `${layer} ${day}`).toEqual(new Map([...batch[layer]].sort()));
    passed[layer] = live.size;
  }
  return passed;
}

describe('live engine and PostGIS batch', () => {
  it('agree on the hard cases, which come out as the rules say', async () => {
    // Targets far from every other target, so each case touches its own target only.
    const gap = (a: CoverageTarget, b: CoverageTarget) =>
      Math.hypot(a.point![0] - (b.point ?? b.rings![0]![0]!)[0], a.point![1] - (b.point ?? b.rings![0]![0]!)[1]);
    const lonely = targets.filter((t) => t.point && targets.every((o) => o === t || gap(t, o) > 300));
    expect(lonely.length).toBeGreaterThanOrEqual(6);
    const [A, C, D, E, F, G] = lonely;
    const [w1, w2, w3, w4, w5, w6, w7] = [...tokens.keys()];
    // Sparse e-bike: 25 km/h, 15 s between fixes, 30 m off a 50 m target; twice, 4 h apart.
    await send(w1!, [...ride(A!, at(yesterday, 9), 30, 25 / 3.6, 15), ...ride(A!, at(yesterday, 13), 30, 25 / 3.6, 15)]);
    // Exactly at the radius.
    await send(w2!, ride(C!, at(before, 10), C!.radiusM, 1.4, 10));
    // 23:59 and 00:01.
    await send(w3!, [...ride(D!, at(today, 0) - 100_000, 0, 1.4, 10, 120), ...ride(D!, at(today, 0) + 60_000, 0, 1.4, 10, 120)]);
    // A gap of 6 minutes right across the target.
    await send(w4!, [
      { t: at(yesterday, 10), x: E!.point![0] - 300, y: E!.point![1] },
      { t: at(yesterday, 10) + 360_000, x: E!.point![0] + 300, y: E!.point![1] },
    ]);
    // Loitering 3 h within 12 m of a target.
    await send(
      w5!,
      Array.from({ length: 1080 }, (_, i) => ({ t: at(yesterday, 8) + i * 10_000, x: F!.point![0] + 12 * Math.cos(i), y: F!.point![1] + 12 * Math.sin(i) })),
    );
    // An outlier 2 km off in the middle of a pass: refused by the filters, the pass stands.
    const pass = ride(G!, at(yesterday, 15), 10, 1.4, 10);
    pass[Math.floor(pass.length / 2)]!.y += 2000;
    await send(w6!, pass);

    // One segment of 155 m, longer than the batch's buckets (it goes by the index), 20 m off a target.
    await send(w7!, [
      { t: at(before, 11), x: A!.point![0] - 75, y: A!.point![1] + 20 },
      { t: at(before, 11) + 15_000, x: A!.point![0] + 80, y: A!.point![1] + 20 },
    ]);

    for (const day of [before, yesterday, today]) await expectAgreement(day);
    const y = srv.running.coverage.live.engines.targets.passesOn(yesterday);
    expect(y.get(A!.id)).toHaveLength(2);
    expect(srv.running.coverage.live.engines.targets.passesOn(before).get(C!.id)).toHaveLength(1);
    expect(srv.running.coverage.live.engines.targets.passesOn(before).get(A!.id)).toHaveLength(1);
    expect(y.get(D!.id)).toHaveLength(1);
    expect(srv.running.coverage.live.engines.targets.passesOn(today).get(D!.id)).toHaveLength(1);
    expect(y.get(E!.id)).toBeUndefined();
    expect(y.get(F!.id)).toHaveLength(1);
    expect(y.get(G!.id)).toHaveLength(1);
    const [outlier] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions WHERE verdict = 'impossible_jump' AND worker_id = $1`, [w6]);
    expect(outlier!.n).toBe(1);
  });

  it('agree on a simulated morning of eight workers, outliers and gaps included', async () => {
    const town = await loadSimTown(srv.db);
    const terminals = await simTerminals(srv.db, town.workers.slice(20, 28));
    const now = at(before, 11.5);
    const sim = new Simulator(
      terminals,
      town.grids,
      httpTransport(srv.base),
      { seed: 'agree', sessions: DEFAULT_SESSIONS, demo: false, osmandShare: 0 },
      () => now,
      now,
    );
    expect(await sim.backfill()).toBeGreaterThan(1000);
    const { targets: t, cells: c } = await expectAgreement(before);
    expect(t).toBeGreaterThan(5);
    expect(c).toBeGreaterThan(50);
  });

  it('rebuilds today’s passes from stored positions after a restart', async () => {
    const { createCoverage } = await import('../server/coverage/engine.ts');
    const rebuilt = await createCoverage(srv.db);
    for (const layer of ['targets', 'cells'] as const)
      expect(rebuilt.engines[layer].passesOn(today)).toEqual(srv.running.coverage.live.engines[layer].passesOn(today));
  });
});

describe('GET /api/coverage/targets', () => {
  it('answers today live and an earlier day from the recorded batch, each target missed, partial or complete', async () => {
    const c = await client(srv.base, 'leader');
    const y = await c.get(`/coverage/targets?date=${yesterday}`);
    expect(y.status).toBe(200);
    expect(y.body.source).toBe('batch');
    expect(y.body.targets).toHaveLength(targets.length);
    const statuses = new Set(y.body.targets.map((t: any) => t.status));
    expect(statuses).toEqual(new Set(['missed', 'partial', 'complete']));
    for (const t of y.body.targets) expect(t.passes).toBe(t.passTimes.length);
    const [recorded] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM target_passes WHERE day = $1', [yesterday]);
    expect(recorded!.n).toBe(targets.length);
    const t = await c.get('/coverage/targets');
    expect(t.body).toMatchObject({ date: today, source: 'live' });
  });

  it('scopes a squad leader to their squad and refuses bad dates', async () => {
    const s = await client(srv.base, 'squad02');
    const r = await s.get(`/coverage/targets?date=${yesterday}`);
    expect(r.body.targets.length).toBeGreaterThan(0);
    expect(r.body.targets.every((t: any) => t.squadId === 2)).toBe(true);
    for (const bad of ['tomorrow', '2026-02-30', addDays(today, 1), '2026-1-1']) expect((await s.get(`/coverage/targets?date=${bad}`)).status, bad).toBe(400);
  });
});

describe('GET /api/coverage/summary', () => {
  it('tallies the targets of the town, each squad and each grid as the per-target answer says', async () => {
    const c = await client(srv.base, 'leader');
    const per = (await c.get(`/coverage/targets?date=${yesterday}`)).body.targets;
    const sum = (await c.get(`/coverage/summary?date=${yesterday}`)).body;
    expect(sum.town.targets).toBe(targets.length);
    expect(sum.town.complete).toBe(per.filter((t: any) => t.status === 'complete').length);
    expect(sum.town.partial).toBe(per.filter((t: any) => t.status === 'partial').length);
    expect(sum.town.complete + sum.town.partial + sum.town.missed).toBe(sum.town.targets);
    expect(sum.squads).toHaveLength(9);
    expect(sum.squads.reduce((n: number, q: any) => n + q.targets, 0)).toBe(sum.town.targets);
    expect(sum.grids.reduce((n: number, g: any) => n + g.complete, 0)).toBe(sum.town.complete);
    for (const q of sum.squads) expect(q.completion).toBeCloseTo(q.complete / q.targets, 4);
    const mine = (await (await client(srv.base, 'squad04')).get(`/coverage/summary?date=${yesterday}`)).body;
    expect(mine.squads.map((q: any) => q.squadId)).toEqual([4]);
    const { squadId: _own, ...own } = mine.squads[0];
    const { squadId: _town, ...fromTown } = sum.squads.find((q: any) => q.squadId === 4);
    expect(mine.town).toEqual(own);
    expect(own).toEqual(fromTown);
    expect((await c.get('/coverage/summary?date=2026-13-01')).status).toBe(400);
  });
});

describe('heat map and blind spots', () => {
  it('count every clean fix in its H3 cell, by squad for a squad leader', async () => {
    const leader = await client(srv.base, 'leader');
    const r = await leader.get(`/heatmap?from=${before}&to=${today}`);
    expect(r.status).toBe(200);
    expect(r.body.resolution).toBe(9);
    const [all] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions WHERE verdict = 'ok' AND fix_time >= $1`, [
      dayRange(before).start,
    ]);
    expect(r.body.cells.reduce((s: number, c: any) => s + c.count, 0)).toBe(all!.n);
    for (const c of r.body.cells) {
      expect(c.h3).toMatch(/^89[0-9a-f]{13}$/);
      expect(Date.parse(c.lastVisit)).toBeGreaterThan(0);
    }
    const s = await client(srv.base, 'squad02');
    const mine = (await s.get(`/heatmap?from=${before}&to=${today}`)).body.cells.reduce((n: number, c: any) => n + c.count, 0);
    const [squad] = await srv.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM positions p JOIN workers w ON w.id = p.worker_id WHERE p.verdict = 'ok' AND w.squad_id = 2 AND p.fix_time >= $1`,
      [dayRange(before).start],
    );
    expect(mine).toBe(squad!.n);
    expect((await s.get(`/heatmap?from=${before}&to=${today}&squad=1`)).status).toBe(403);
  });

  it('show the cells of the grids where nobody went, and none where somebody did', async () => {
    const leader = await client(srv.base, 'leader');
    const blind = (await leader.get('/coverage/blind-spots?days=7')).body;
    const visited = new Set((await leader.get(`/heatmap?from=${addDays(today, -6)}&to=${today}`)).body.cells.map((c: any) => c.h3));
    expect(blind.features.length).toBeGreaterThan(400); // a few test workers leave most of the 80 km² unvisited
    expect(blind.features.some((f: any) => visited.has(f.properties.h3))).toBe(false);
    for (const f of blind.features.slice(0, 20)) expect(f.geometry.coordinates[0]).toHaveLength(7); // a closed hexagon
    const squad = (await (await client(srv.base, 'squad03')).get('/coverage/blind-spots')).body;
    const grids = new Set((await (await client(srv.base, 'squad03')).get('/geo/grids')).body.features.map((g: any) => g.id));
    expect(squad.features.length).toBeGreaterThan(0);
    expect(squad.features.every((f: any) => grids.has(f.properties.gridId))).toBe(true);
  });

  it('refuse bad ranges', async () => {
    const c = await client(srv.base, 'leader');
    for (const q of [`from=${today}&to=${before}`, `from=2026-01-01&to=2026-03-01`, `from=x&to=${today}`, `to=${today}`])
      expect((await c.get(`/heatmap?${q}`)).status, q).toBe(400);
    for (const q of ['days=0', 'days=91', 'days=abc']) expect((await c.get(`/coverage/blind-spots?${q}`)).status, q).toBe(400);
  });
});
