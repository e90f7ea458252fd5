// Household visits through the API (R14, R23): a terminal records them, bad batches change nothing, the
// worker's own track verifies them, monthly household coverage and overdue persons of interest follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFrame } from '../shared/core/frame.ts';
import { dist } from '../shared/core/plane.ts';
import { addDays, shanghaiDay } from '../shared/core/time.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let token = '';
const today = shanghaiDay(Date.now());
const month = today.slice(0, 7);
/**
 * The grid, its worker, a person of interest and households chosen far enough apart not to verify each other:
 * a village's grid, as a community's households live behind a few building entrances close together.
 */
let g: { id: number; squadId: number; workerId: number };
let person: { id: number; kind: 'assist' | 'concern'; household: number };
let homes: { id: number; lon: number; lat: number }[]; // [A (the person's), B, C, D, E, F]
let foreign: number; // a household of another grid
const T = Date.now() - 30 * 60_000;

beforeAll(async () => {
  srv = await startTestServer();
  g = (
    await srv.db.query<typeof g>(
      `SELECT g.id, g.squad_id AS "squadId", g.worker_id AS "workerId" FROM grids g JOIN villages v ON v.id = g.village_id
      WHERE g.worker_id IS NOT NULL AND v.kind = '村' AND EXISTS (SELECT 1 FROM focus_persons f JOIN households h ON h.id = f.household_id WHERE h.grid_id = g.id)
      ORDER BY g.id LIMIT 1`,
    )
  )[0]!;
  person = (
    await srv.db.query<typeof person>(
      `SELECT f.id, f.kind, f.household_id AS household FROM focus_persons f JOIN households h ON h.id = f.household_id WHERE h.grid_id = $1 ORDER BY f.id LIMIT 1`,
      [g.id],
    )
  )[0]!;
  await srv.db.query(`UPDATE focus_persons SET registered_on = $1 WHERE id = $2`, [addDays(today, -20), person.id]);
  const all = await srv.db.query<{ id: number; lon: number; lat: number }>(
    `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM households WHERE grid_id = $1 ORDER BY id`,
    [g.id],
  );
  const frame = new LocalFrame(all[0]!.lon, all[0]!.lat);
  const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => dist(frame.toLocal(a.lon, a.lat), frame.toLocal(b.lon, b.lat));
  homes = [all.find((h) => h.id === person.household)!];
  for (const h of all) if (homes.length < 6 && homes.every((o) => metres(o, h) > 150)) homes.push(h);
  expect(homes).toHaveLength(6);
  foreign = (await srv.db.query<{ id: number }>('SELECT id FROM households WHERE grid_id <> $1 ORDER BY id LIMIT 1', [g.id]))[0]!.id;
  token = (await (await client(srv.base, 'admin')).post('/devices', { uniqueId: 'VISIT-1', workerId: g.workerId })).body.token;
});
afterAll(() => srv?.close());

const post = (body: unknown, auth = `Bearer ${token}`) =>
  fetch(`${srv.base}/api/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
const visit = (household: number, at: number, extra: object = {}) => ({ householdId: household, visitedAt: new Date(at).toISOString(), ...extra });
const count = async () => (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM visits'))[0]!.n;

/** Fixes circling within 10 m of a household for `minutes` from `start`, one every 10 s. */
async function linger(h: { lon: number; lat: number }, start: number, minutes: number) {
  const around = new LocalFrame(h.lon, h.lat);
  const fixes = Array.from({ length: minutes * 6 + 1 }, (_, i) => {
    const [lon, lat] = around.toLonLat(10 * Math.cos(i), 10 * Math.sin(i));
    return { deviceTime: new Date(start + i * 10_000).toISOString(), lon, lat, accuracy: 5 };
  });
  const r = await fetch(`${srv.base}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ fixes }),
  });
  expect(r.status).toBe(200);
}

describe('POST /api/visits', () => {
  it('refuses bad batches whole, with what is wrong, and records nothing', async () => {
    const [A, , , , E] = homes;
    const good = visit(E!.id, Date.now() - 2 * 3_600_000);
    const cases: [unknown, number, string?][] = [
      [{}, 400],
      [{ visits: [] }, 400],
      [{ visits: Array.from({ length: 501 }, () => good) }, 400],
      [{ visits: [{ ...good, visitedAt: 'yesterday' }] }, 400],
      [{ visits: [{ ...good, extra: 1 }] }, 400],
      [{ visits: [{ ...good, householdId: -3 }] }, 400],
      ['{"visits": [', 400],
      [{ visits: [good, visit(foreign, T)] }, 422, 'not in this worker'],
      [{ visits: [good, visit(99_999_999, T)] }, 422, 'no household'],
      [{ visits: [good, visit(A!.id, T, { personId: person.id + 100_000 })] }, 422, 'does not live'],
      [{ visits: [good, visit(A!.id, Date.now() + 3_600_000)] }, 422, 'future'],
      [{ visits: [good, visit(A!.id, Date.now() - 40 * 86_400_000)] }, 422, 'days old'],
    ];
    for (const [body, status, says] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(r.body.error).toBeTypeOf('string');
      if (says) expect(JSON.stringify(r.body.details)).toContain(says);
    }
    expect((await post({ visits: [good] }, 'Bearer nope')).status).toBe(401);
    expect((await post({ visits: [good] }, '')).status).toBe(401);
    const spare = (await (await client(srv.base, 'admin')).post('/devices', { uniqueId: 'VISIT-SPARE', workerId: null })).body.token;
    expect((await post({ visits: [good] }, `Bearer ${spare}`)).status).toBe(409);
    expect(await count()).toBe(0);
  });

  it('records a batch once, however often the terminal re-sends it', async () => {
    const [, , , , E, F] = homes;
    const batch = { visits: [visit(E!.id, Date.now() - 2 * 3_600_000, { note: '家中无人，留联系卡' }), visit(F!.id, Date.now() - 2 * 3_600_000)] };
    expect((await post(batch)).body).toMatchObject({ recorded: 2, duplicates: 0 });
    expect((await post(batch)).body).toMatchObject({ recorded: 0, duplicates: 2 });
    expect(await count()).toBe(2);
  });
});

describe('verification and household coverage', () => {
  it('lists a person of interest never visited since registration as overdue (R14)', async () => {
    const r = (await (await client(srv.base, 'leader')).get('/coverage/focus-overdue')).body;
    const p = r.overdue.find((x: any) => x.personId === person.id);
    expect(p).toMatchObject({ kind: person.kind, lastVisit: null, overdueDays: 20 - (person.kind === 'assist' ? 7 : 15), gridId: g.id });
    expect(p.category).toBeTypeOf('string');
    expect(r.overdue.map((x: any) => x.overdueDays)).toEqual([...r.overdue.map((x: any) => x.overdueDays)].sort((a: number, b: number) => b - a));
    // The wall learns where visits are late, not who, which household, nor which group (R40; issue 16 #5).
    const wallBody = (await (await client(srv.base, 'wall')).get('/coverage/focus-overdue')).body;
    expect(wallBody.overdue).toHaveLength(r.overdue.length);
    expect([wallBody.assist, wallBody.concern]).toEqual([r.assist, r.concern]);
    const wall = wallBody.overdue.find((x: any) => x.gridId === g.id && x.overdueDays === p.overdueDays);
    expect(wall).toBeDefined();
    for (const hidden of ['name', 'personId', 'householdId', 'kind', 'category', 'registeredOn', 'lastVisit']) expect(wall, hidden).not.toHaveProperty(hidden);
    expect(JSON.stringify(wallBody)).not.toContain(p.name);
  });

  it('verifies a visit only when the track was there at the time, and counts the month (R14, R23)', async () => {
    const [A, B, C, D] = homes;
    await linger(D!, T - 41 * 60_000, 2); // at D, but 40 minutes before the visit
    await linger(A!, T - 3 * 60_000, 6); // at A around the visit time
    const r = await post({ visits: [visit(A!.id, T, { personId: person.id }), visit(B!.id, T), visit(D!.id, T), visit(C!.id, Date.now() - 60_000)] });
    expect(r.body.recorded).toBe(4);
    const leader = await client(srv.base, 'leader');
    const list = (await leader.get(`/visits?month=${month}&grid=${g.id}`)).body.visits;
    const status = new Map(list.map((v: any) => [v.householdId, v.status]));
    expect(Object.fromEntries(homes.map((h, i) => [`ABCDEF`[i], status.get(h.id)]))).toEqual({
      A: 'verified',
      B: 'unverified',
      C: 'pending',
      D: 'unverified',
      E: 'unverified',
      F: 'unverified',
    });
    expect((await leader.get(`/visits?status=unverified&grid=${g.id}`)).body.visits).toHaveLength(4);

    const cov = (await leader.get(`/coverage/households?month=${month}`)).body;
    const grid = cov.grids.find((x: any) => x.gridId === g.id);
    const n = (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM households WHERE grid_id = $1', [g.id]))[0]!.n;
    expect(grid).toMatchObject({
      households: n,
      verified: 1,
      unverifiedOnly: 4,
      pendingOnly: 1,
      visits: 6,
      verifiedVisits: 1,
      unverifiedVisits: 4,
      pendingVisits: 1,
    });
    expect(grid.coverage).toBeCloseTo(1 / n, 4);
    expect(cov.town).toMatchObject({ verified: 1, visits: 6 });
    const total = (await srv.db.query<{ total: number }>('SELECT count(*)::int AS total FROM households'))[0]!.total;
    expect(cov.town.households).toBe(total);
    expect(cov.squads.reduce((s: number, q: any) => s + q.households, 0)).toBe(total);

    const after = (await leader.get('/coverage/focus-overdue')).body;
    expect(after.overdue.some((x: any) => x.personId === person.id)).toBe(false);
  });

  it('scopes and refuses bad months', async () => {
    const other = g.squadId === 1 ? 2 : 1;
    const squad = (await (await client(srv.base, `squad0${other}`)).get('/coverage/households')).body;
    expect(squad.squads.map((s: any) => s.squadId)).toEqual([other]);
    expect(squad.town.visits).toBe(0);
    const mine = (await (await client(srv.base, `squad0${other}`)).get('/visits')).body.visits;
    expect(mine).toEqual([]);
    expect((await (await client(srv.base, 'wall')).get('/visits')).status).toBe(403);
    const leader = await client(srv.base, 'leader');
    for (const q of ['month=2026-13', 'month=2026-1', 'month=x', `month=${Number(month.slice(0, 4)) + 1}-01`])
      expect((await leader.get(`/coverage/households?${q}`)).status, q).toBe(400);
    for (const q of ['date=2026-02-30', `date=${addDays(today, 1)}`]) expect((await leader.get(`/coverage/focus-overdue?${q}`)).status, q).toBe(400);
    for (const q of ['status=lost', 'limit=0', 'grid=abc']) expect((await leader.get(`/visits?${q}`)).status, q).toBe(400);
  });
});
