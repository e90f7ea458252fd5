// Organisation administration (issue 17) through HTTP: squads, villages, grid handovers with their history
// (R4), workers hired, transferred, on leave and gone, accounts, departments (R6), incident classes,
// unknown terminals, the equipment register (R7) and the chair's quarter (R5). Each route's happy path, its
// refusals (unknown ids, wrong types, empty names, a date not a date) with nothing changed after them, and
// the audit entries written.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../shared/core/time.ts';
import { DEMO_PASSWORD, client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let admin: Awaited<ReturnType<typeof client>>;
const today = shanghaiDay(Date.now());

beforeAll(async () => {
  srv = await startTestServer();
  admin = await client(srv.base, 'admin');
});
afterAll(() => srv?.close());

interface GridRow {
  id: number;
  code: string;
  squadId: number;
  workerId: number | null;
  lon: number;
  lat: number;
}

/** The staffed grids of a squad, in id order, with a point inside each. */
const gridsOf = (squadId: number) =>
  srv.db.query<GridRow>(
    `SELECT id, code, squad_id AS "squadId", worker_id AS "workerId", ST_X(ST_PointOnSurface(area)) AS lon, ST_Y(ST_PointOnSurface(area)) AS lat
       FROM grids WHERE squad_id = $1 AND worker_id IS NOT NULL ORDER BY id`,
    [squadId],
  );
const workerOfGrid = async (gridId: number) => (await srv.db.query<{ w: number | null }>('SELECT worker_id AS w FROM grids WHERE id = $1', [gridId]))[0]!.w;
/** Audit entries of an entity, oldest first. */
const audits = (entity: string, entityId: number | string) =>
  srv.db.query<{ action: string; before: any; after: any; user_id: number }>(
    'SELECT action, before, after, user_id FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id',
    [entity, String(entityId)],
  );
/** The whole of a table, to show that a refused request changed nothing. */
const snapshot = (table: string) => srv.db.query(`SELECT * FROM ${table} ORDER BY 1`);

let hires = 0;
/** A new worker of a squad, hired through the API. */
async function hire(squadId: number, name = `新员${++hires}`) {
  const r = await admin.post('/workers', { name, phone: `1390537${String(1000 + hires).slice(-4)}`, squadId, hiredOn: addDays(today, -30) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; name: string; squadId: number; gridId: number | null; status: string };
}

/** Sends a ten-minute walk from a point through the native door, one fix every 30 s, as a terminal would. */
async function walk(token: string, lon: number, lat: number) {
  const start = Date.now() - 10 * 60_000;
  const fixes = Array.from({ length: 20 }, (_, i) => ({
    deviceTime: new Date(start + i * 30_000).toISOString(),
    lon,
    lat: lat + i * 0.0001,
    accuracy: 5,
    speed: 1.2,
  }));
  const r = await fetch(`${srv.base}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ fixes }),
  });
  expect(r.status).toBe(200);
  return r.json();
}

describe('squads and villages', () => {
  it('renames a squad and its branch, audited with before and after; refuses bad input and changes nothing', async () => {
    const r = await admin.patch('/squads/1', { name: '改名巡查中队', branch: '改名党总支' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 1, name: '改名巡查中队', branch: '改名党总支' });
    expect((await admin.get('/org')).body.squads.find((s: any) => s.id === 1)).toMatchObject({ name: '改名巡查中队', branch: '改名党总支' });
    const [entry] = await audits('squad', 1);
    expect(entry).toMatchObject({ action: 'update', before: { name: expect.any(String) }, after: { name: '改名巡查中队' } });
    expect(entry!.before.name).not.toBe('改名巡查中队');

    const before = await snapshot('squads');
    for (const [path, body, status] of [
      ['/squads/1', {}, 400],
      ['/squads/1', { name: '' }, 400],
      ['/squads/1', { name: '   ' }, 400],
      ['/squads/1', { name: 7 }, 400],
      ['/squads/1', { colour: 'red' }, 400],
      ['/squads/99999', { name: '无此中队' }, 404],
      ['/squads/abc', { name: '无此中队' }, 400],
    ] as const) {
      const bad = await admin.patch(path, body);
      expect(bad.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(bad.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
    expect(await snapshot('squads')).toEqual(before);
    expect((await (await client(srv.base, 'leader')).patch('/squads/1', { name: '领导改名' })).status).toBe(403);
  });

  it('edits a village, and moving it to another squad takes its grids and their workers along', async () => {
    const [v] = await srv.db.query<{ id: number; squadId: number; kind: string }>(
      `SELECT v.id, v.squad_id AS "squadId", v.kind FROM villages v WHERE EXISTS (SELECT 1 FROM grids g WHERE g.village_id = v.id AND g.worker_id IS NOT NULL) ORDER BY v.id LIMIT 1`,
    );
    const kind = v!.kind === '村' ? '居' : '村';
    const renamed = await admin.patch(`/villages/${v!.id}`, { name: '新名村', kind });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: v!.id, name: '新名村', kind, squadId: v!.squadId, movedGrids: 0 });

    const before = await snapshot('villages');
    for (const [body, status] of [
      [{ kind: '镇' }, 400],
      [{ name: '' }, 400],
      [{ squadId: 99999 }, 422],
      [{ squadId: 'two' }, 400],
      [{}, 400],
    ] as const)
      expect((await admin.patch(`/villages/${v!.id}`, body)).status, JSON.stringify(body)).toBe(status);
    expect((await admin.patch('/villages/99999', { name: '无' })).status).toBe(404);
    expect(await snapshot('villages')).toEqual(before);

    const to = v!.squadId === 9 ? 8 : v!.squadId + 1;
    const grids = await srv.db.query<{ id: number; w: number | null }>('SELECT id, worker_id AS w FROM grids WHERE village_id = $1', [v!.id]);
    const moved = await admin.patch(`/villages/${v!.id}`, { squadId: to });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ squadId: to, movedGrids: grids.length });
    const now = await srv.db.query<{ g: number; w: number | null }>(
      'SELECT g.squad_id AS g, w.squad_id AS w FROM grids g LEFT JOIN workers w ON w.id = g.worker_id WHERE g.village_id = $1',
      [v!.id],
    );
    expect(now.every((r) => r.g === to && (r.w === null || r.w === to))).toBe(true);
    // The live coverage learnt the grids' new squad.
    for (const g of grids) expect(srv.running.coverage.live.squadOf.get(g.id)).toBe(to);
    // And back, for the tests below.
    expect((await admin.patch(`/villages/${v!.id}`, { squadId: v!.squadId })).body.movedGrids).toBe(grids.length);
    expect((await audits('village', v!.id)).map((a) => a.action)).toEqual(['update', 'update', 'update']);
  });
});

describe('grid handover (R4)', () => {
  it('hands a grid to a new worker with its dated history, one worker per grid', async () => {
    const [g] = await gridsOf(3);
    const previous = g!.workerId!;
    const w = await hire(3);
    const r = await admin.post(`/grids/${g!.id}/handover`, { workerId: w.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ gridId: g!.id, code: g!.code, workerId: w.id, previousWorkerId: previous, on: today, released: null });
    expect(await workerOfGrid(g!.id)).toBe(w.id);
    const history = (await admin.get(`/grids/${g!.id}/assignments`)).body;
    expect(history).toMatchObject({ gridId: g!.id, squadId: 3, code: g!.code });
    expect(history.assignments.map((a: any) => [a.workerId, a.toDay])).toEqual([
      [previous, today],
      [w.id, null],
    ]);
    expect(history.assignments[1]).toMatchObject({ fromDay: today, by: '系统管理员', worker: w.name });
    // The worker list and the worker's own record name the grid.
    expect((await admin.get('/workers?squad=3')).body.find((x: any) => x.id === w.id)).toMatchObject({ gridId: g!.id, gridCode: g!.code });
    expect((await admin.get(`/workers/${previous}/profile`)).body).toMatchObject({ gridId: null });
    const [entry] = await audits('grid', g!.id);
    expect(entry).toMatchObject({ action: 'handover', before: { workerId: previous }, after: { workerId: w.id, on: today, released: null } });
  });

  it('refuses a worker who holds another grid (409) unless that grid is released in the same request', async () => {
    const [a, b] = (await gridsOf(4)).slice(0, 2);
    const holderOfB = b!.workerId!;
    const before = [await snapshot('grids'), await snapshot('grid_assignments')];
    const refused = await admin.post(`/grids/${b!.id}/handover`, { workerId: a!.workerId });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'holds_another_grid', details: { gridId: a!.id, code: a!.code } });
    expect(refused.body.message).toContain(`"release": ${a!.id}`);
    // release must name the grid the worker holds.
    expect((await admin.post(`/grids/${b!.id}/handover`, { workerId: a!.workerId, release: b!.id })).status).toBe(409);
    const [other] = await gridsOf(5);
    expect((await admin.post(`/grids/${b!.id}/handover`, { workerId: a!.workerId, release: other!.id })).status).toBe(409);
    expect([await snapshot('grids'), await snapshot('grid_assignments')]).toEqual(before);

    const moved = await admin.post(`/grids/${b!.id}/handover`, { workerId: a!.workerId, release: a!.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ workerId: a!.workerId, previousWorkerId: holderOfB, released: { gridId: a!.id, code: a!.code } });
    expect(await workerOfGrid(a!.id)).toBeNull();
    expect(await workerOfGrid(b!.id)).toBe(a!.workerId);
    const historyA = (await admin.get(`/grids/${a!.id}/assignments`)).body.assignments;
    expect(historyA.map((x: any) => [x.workerId, x.toDay])).toEqual([[a!.workerId, today]]);
    expect((await audits('grid', a!.id)).map((x) => x.action)).toEqual(['release']);
    // The one who lost grid b takes the empty grid a: every grid staffed again.
    expect((await admin.post(`/grids/${a!.id}/handover`, { workerId: holderOfB })).status).toBe(200);
    const open = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM grid_assignments WHERE to_day IS NULL AND worker_id IN ($1, $2)`, [
      a!.workerId,
      holderOfB,
    ]);
    expect(open[0]!.n).toBe(2);
  });

  it('refuses bad handovers with a 4xx and changes nothing', async () => {
    const [g, h] = await gridsOf(6);
    const [elsewhere] = await gridsOf(7);
    const newcomer = await hire(6);
    const before = [await snapshot('grids'), await snapshot('grid_assignments'), (await snapshot('audit_log')).length];
    const cases: [number, unknown, number, string?][] = [
      [g!.id, { workerId: 99999 }, 422, 'unknown_reference'],
      [99999, { workerId: newcomer.id }, 404],
      [g!.id, { workerId: 'x' }, 400],
      [g!.id, {}, 400],
      [g!.id, { workerId: newcomer.id, on: '2026-02-30' }, 400],
      [g!.id, { workerId: newcomer.id, on: 'tomorrow' }, 400],
      [g!.id, { workerId: newcomer.id, on: addDays(today, 1) }, 422, 'invalid_date'],
      [g!.id, { workerId: newcomer.id, on: addDays(today, -400) }, 422, 'invalid_date'],
      [g!.id, { workerId: g!.workerId }, 409, 'already_holds'],
      [g!.id, { workerId: elsewhere!.workerId, release: elsewhere!.id }, 409, 'other_squad'],
      [g!.id, { workerId: null, release: h!.id }, 422],
      [g!.id, { workerId: newcomer.id, extra: 1 }, 400],
    ];
    for (const [grid, body, status, error] of cases) {
      const r = await admin.post(`/grids/${grid}/handover`, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (error) expect(r.body.error, JSON.stringify(body)).toBe(error);
    }
    expect([await snapshot('grids'), await snapshot('grid_assignments'), (await snapshot('audit_log')).length]).toEqual(before);
    for (const who of ['leader', 'duty', 'squad01', 'worker'])
      expect((await (await client(srv.base, who)).post(`/grids/${g!.id}/handover`, { workerId: newcomer.id })).status, who).toBe(403);
  });

  it('hands over on a past day, not before the current holder took the grid; a release leaves it empty', async () => {
    const [g] = await gridsOf(6);
    const w = await hire(6);
    const on = addDays(today, -3);
    const r = await admin.post(`/grids/${g!.id}/handover`, { workerId: w.id, on });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.on).toBe(on);
    // The days since are made again with the new worker.
    expect((await srv.db.query('SELECT 1 FROM coverage_stale WHERE day = $1', [on])).length).toBe(1);
    // Before the new holder's first day: refused.
    const back = await admin.post(`/grids/${g!.id}/handover`, { workerId: g!.workerId, on: addDays(today, -4) });
    expect(back.status).toBe(422);
    const released = await admin.post(`/grids/${g!.id}/handover`, { workerId: null });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ workerId: null, previousWorkerId: w.id });
    expect(await workerOfGrid(g!.id)).toBeNull();
    expect((await admin.post(`/grids/${g!.id}/handover`, { workerId: null })).body.error).toBe('no_worker');
    expect((await admin.post(`/grids/${g!.id}/handover`, { workerId: g!.workerId })).status).toBe(200);
    const history = (await admin.get(`/grids/${g!.id}/assignments`)).body.assignments.map((a: any) => [a.workerId, a.fromDay, a.toDay]);
    expect(history.slice(-2)).toEqual([
      [w.id, on, today],
      [g!.workerId, today, null],
    ]);
  });

  it('keeps a finished day with the worker who held the grid then: its summary and notice name them', async () => {
    const [, g] = await gridsOf(7);
    const before = g!.workerId!;
    const w = await hire(7, '今日接手');
    expect((await admin.post(`/grids/${g!.id}/handover`, { workerId: w.id })).status).toBe(200);
    const yesterday = addDays(today, -1);
    const past = await admin.get(`/coverage/summary?squad=7&date=${yesterday}`);
    expect(past.status, JSON.stringify(past.body)).toBe(200);
    expect(past.body.grids.find((x: any) => x.gridId === g!.id)).toMatchObject({ workerId: before });
    const named = (await admin.get(`/coverage/notice?squad=7&date=${yesterday}`)).body.unqualified.map((u: any) => u.workerId);
    expect(named).not.toContain(w.id);
    expect((await admin.get('/coverage/summary?squad=7')).body.grids.find((x: any) => x.gridId === g!.id)).toMatchObject({
      workerId: w.id,
      worker: '今日接手',
    });
  });

  it('reaches the live coverage at once: the summary names the new worker and counts their patrol', async () => {
    const [g] = await gridsOf(8);
    const w = await hire(8, '接班人');
    expect((await admin.post(`/grids/${g!.id}/handover`, { workerId: w.id })).status).toBe(200);
    expect(srv.running.coverage.live.workerOf.get(g!.id)).toBe(w.id);
    const token = (await admin.post('/devices', { uniqueId: `ADMIN-LIVE-${w.id}`, workerId: w.id })).body.token;
    expect((await walk(token, g!.lon, g!.lat)).accepted).toBe(20);
    const summary = (await admin.get('/coverage/summary?squad=8')).body;
    const row = summary.grids.find((x: any) => x.gridId === g!.id);
    expect(row).toMatchObject({ workerId: w.id, worker: '接班人' });
    // Time on patrol is counted for the grid's worker as the live engine knows them.
    expect(row.patrolMinutes).toBeGreaterThanOrEqual(9);
    // And the live picture places them in the new grid.
    const live = (await admin.get('/workers/live')).body.workers.find((x: any) => x.workerId === w.id);
    expect(live).toMatchObject({ gridId: g!.id, squadId: 8 });
    // Released, they are out of the grid at once, not with their next fix.
    expect((await admin.post(`/grids/${g!.id}/handover`, { workerId: null })).status).toBe(200);
    expect((await admin.get('/workers/live')).body.workers.find((x: any) => x.workerId === w.id)).toMatchObject({ gridId: null, squadId: 8 });
    expect(srv.running.coverage.live.workerOf.has(g!.id)).toBe(false);
    expect((await admin.post(`/grids/${g!.id}/handover`, { workerId: w.id })).status).toBe(200);
  });
});

describe('workers', () => {
  it('hires a worker, refusing empty names, bad phones, unknown squads and dates that are not dates', async () => {
    const before = await snapshot('workers');
    for (const [body, status] of [
      [{ name: '', phone: '13905371111', squadId: 1, hiredOn: today }, 400],
      [{ name: '张三', phone: 'call me', squadId: 1, hiredOn: today }, 400],
      [{ name: '张三', phone: '13905371111', squadId: 99999, hiredOn: today }, 422],
      [{ name: '张三', phone: '13905371111', squadId: 1, hiredOn: '2026-13-01' }, 400],
      [{ name: '张三', phone: '13905371111', squadId: '1', hiredOn: today, grid: 3 }, 400],
      [{ name: '张三', phone: '13905371111', hiredOn: today }, 400],
    ] as const)
      expect((await admin.post('/workers', body)).status, JSON.stringify(body)).toBe(status);
    expect(await snapshot('workers')).toEqual(before);
    const w = await hire(2, '王新');
    expect(w).toMatchObject({ name: '王新', squadId: 2, gridId: null, status: 'active' });
    expect((await audits('worker', w.id))[0]).toMatchObject({ action: 'create', after: { name: '王新', squadId: 2 } });
  });

  it('edits and transfers a worker; one who holds a grid of the old squad is refused until it is handed over', async () => {
    const w = await hire(2, '调动人');
    const edited = await admin.patch(`/workers/${w.id}`, { name: '调动人甲', phone: '13905379999' });
    expect(edited.body).toMatchObject({ name: '调动人甲', phone: '13905379999', squadId: 2 });
    const moved = await admin.patch(`/workers/${w.id}`, { squadId: 3 });
    expect(moved.status).toBe(200);
    expect(moved.body.squadId).toBe(3);
    expect((await audits('worker', w.id)).map((a) => a.action)).toEqual(['create', 'update', 'transfer']);
    const [g] = await gridsOf(2);
    const before = await snapshot('workers');
    const refused = await admin.patch(`/workers/${g!.workerId}`, { squadId: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'holds_grid', details: { gridId: g!.id } });
    for (const [id, body, status] of [
      [w.id, { squadId: 99999 }, 422],
      [w.id, { name: '' }, 400],
      [w.id, {}, 400],
      [99999, { name: '无人' }, 404],
    ] as const)
      expect((await admin.patch(`/workers/${id}`, body)).status, JSON.stringify(body)).toBe(status);
    expect(await snapshot('workers')).toEqual(before);
  });

  it('keeps a worker on leave out of the day notice, and names them again when back (R16)', async () => {
    // Nobody in squad 5 patrolled today: all its workers are unqualified and named.
    const named = async () => (await admin.get('/coverage/notice?squad=5')).body.unqualified.map((u: any) => u.workerId);
    const [g] = await gridsOf(5);
    const w = g!.workerId!;
    expect(await named()).toContain(w);
    const leave = await admin.patch(`/workers/${w}/status`, { status: 'leave' });
    expect(leave.status, JSON.stringify(leave.body)).toBe(200);
    expect(leave.body).toMatchObject({ previous: 'active', on: today, released: null, revokedDevices: [], worker: { id: w, status: 'leave', gridId: g!.id } });
    expect(await named()).not.toContain(w);
    // Still the grid's worker (R4): a leave is not a handover.
    expect(await workerOfGrid(g!.id)).toBe(w);
    // A grid is not handed to someone on leave.
    const [h] = (await gridsOf(5)).slice(1);
    expect((await admin.post(`/grids/${h!.id}/handover`, { workerId: w, release: g!.id })).body.error).toBe('worker_not_active');
    expect((await admin.patch(`/workers/${w}/status`, { status: 'active' })).body.worker.status).toBe('active');
    expect(await named()).toContain(w);
    const history = (await admin.get(`/workers/${w}/profile`)).body.statusHistory.map((s: any) => [s.previous, s.status, s.on]);
    expect(history).toEqual([
      ['active', 'leave', today],
      ['leave', 'active', today],
    ]);
  });

  it('a worker who left has their grid released, terminals revoked, account disabled, and is named nowhere', async () => {
    const [g] = await gridsOf(9);
    const w = g!.workerId!;
    const device = (await admin.post('/devices', { uniqueId: `ADMIN-LEFT-${w}`, workerId: w })).body;
    const account = (await admin.post('/users', { username: `gone${w}`, displayName: '将离职', password: 'left-password-1', role: 'worker', workerId: w }))
      .body;
    const session = await client(srv.base, `gone${w}`, 'left-password-1');
    expect((await session.get('/auth/me')).status).toBe(200);
    const on = addDays(today, -1);
    const r = await admin.patch(`/workers/${w}/status`, { status: 'left', on });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      previous: 'active',
      on,
      released: { gridId: g!.id, code: g!.code },
      revokedDevices: [device.id],
      disabledAccounts: [account.id],
      worker: { status: 'left', gridId: null },
    });
    expect(await workerOfGrid(g!.id)).toBeNull();
    expect(srv.running.coverage.live.workerOf.has(g!.id)).toBe(false);
    const history = (await admin.get(`/grids/${g!.id}/assignments`)).body.assignments;
    expect(history.at(-1)).toMatchObject({ workerId: w, toDay: on });
    // The terminal is cut off, and the account with it.
    const sent = await fetch(`${srv.base}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
      body: JSON.stringify({ fixes: [] }),
    });
    expect(sent.status).toBe(401);
    expect((await session.get('/auth/me')).status).toBe(401);
    expect((await admin.get('/coverage/notice?squad=9')).body.unqualified.map((u: any) => u.workerId)).not.toContain(w);
    expect((await audits('worker', w)).at(-1)).toMatchObject({ action: 'status', before: { status: 'active' }, after: { status: 'left', on } });
    expect((await audits('device', device.id)).map((a) => a.action)).toEqual(['create', 'revoke']);
    // Gone is final: hire anew.
    expect((await admin.patch(`/workers/${w}/status`, { status: 'active' })).body.error).toBe('worker_left');
    expect((await admin.post(`/grids/${g!.id}/handover`, { workerId: w })).body.error).toBe('worker_not_active');
    expect((await admin.patch(`/equipment/1`, { holderWorkerId: w })).body.error).toBe('worker_left');
  });

  it('refuses bad status changes and changes nothing', async () => {
    const w = await hire(1, '状态人');
    const before = [await snapshot('workers'), await snapshot('worker_status_events')];
    for (const [body, status, error] of [
      [{ status: 'gone' }, 400, null],
      [{ status: 'leave', on: '2026-13-01' }, 400, null],
      [{ status: 'leave', on: addDays(today, 1) }, 422, 'invalid_date'],
      [{ status: 'leave', on: addDays(today, -60) }, 422, 'invalid_date'],
      [{ status: 'active' }, 409, 'no_change'],
      [{}, 400, null],
    ] as const) {
      const r = await admin.patch(`/workers/${w.id}/status`, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (error) expect(r.body.error).toBe(error);
    }
    expect((await admin.patch('/workers/99999/status', { status: 'leave' })).status).toBe(404);
    expect([await snapshot('workers'), await snapshot('worker_status_events')]).toEqual(before);
  });

  it('answers a worker profile within scope: terminals ids for the administrator only', async () => {
    const [g] = await gridsOf(2);
    await admin.post('/devices', { uniqueId: `ADMIN-PROFILE-${g!.workerId}`, workerId: g!.workerId });
    const mine = (await admin.get(`/workers/${g!.workerId}/profile`)).body;
    expect(mine).toMatchObject({ id: g!.workerId, squadId: 2, gridId: g!.id });
    expect(mine.assignments.at(-1)).toMatchObject({ gridId: g!.id, toDay: null });
    expect(mine.equipment.some((e: any) => e.kind === 'terminal' && e.holderWorkerId === g!.workerId)).toBe(true);
    expect(mine.devices[0].uniqueId).toBe(`ADMIN-PROFILE-${g!.workerId}`);
    const leader = (await (await client(srv.base, 'leader')).get(`/workers/${g!.workerId}/profile`)).body;
    expect(leader.devices[0]).not.toHaveProperty('uniqueId');
    expect((await (await client(srv.base, 'squad02')).get(`/workers/${g!.workerId}/profile`)).status).toBe(200);
    expect((await (await client(srv.base, 'squad01')).get(`/workers/${g!.workerId}/profile`)).status).toBe(404);
    expect((await (await client(srv.base, 'wall')).get(`/workers/${g!.workerId}/profile`)).status).toBe(403);
    expect((await admin.get('/workers/99999/profile')).status).toBe(404);
  });
});

describe('accounts', () => {
  it('edits an account: a role change clears the scope it no longer has and ends its sessions', async () => {
    const [u] = await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'squad03'`);
    const session = await client(srv.base, 'squad03');
    const r = await admin.patch(`/users/${u!.id}`, { role: 'leader', displayName: '新领导' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: u!.id, username: 'squad03', role: 'leader', squadId: null, displayName: '新领导', disabled: false });
    expect((await session.get('/auth/me')).status).toBe(401);
    const [entry] = (await audits('user', u!.id)).filter((a) => a.action === 'update');
    expect(entry).toMatchObject({ before: { role: 'squad_leader', squadId: 3 }, after: { role: 'leader', squadId: null } });
    expect(entry!.after).not.toHaveProperty('password_hash');
    const back = await admin.patch(`/users/${u!.id}`, { role: 'squad_leader', squadId: 3 });
    expect(back.body).toMatchObject({ role: 'squad_leader', squadId: 3 });
    // A name alone keeps the sessions.
    const again = await client(srv.base, 'squad03');
    expect((await admin.patch(`/users/${u!.id}`, { displayName: '三中队长' })).status).toBe(200);
    expect((await again.get('/auth/me')).body.displayName).toBe('三中队长');
  });

  it('disabling an account ends its sessions and closes its socket at once', async () => {
    const [u] = await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'inspector'`);
    const session = await client(srv.base, 'inspector');
    const socket = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: session.cookie }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const ended = new Promise<string>((resolve) => socket.on('session:ended', () => resolve('ended')));
    const started = Date.now();
    expect((await admin.patch(`/users/${u!.id}`, { disabled: true })).body.disabled).toBe(true);
    expect(await ended).toBe('ended');
    expect(Date.now() - started).toBeLessThan(2000);
    socket.disconnect();
    expect((await session.get('/auth/me')).status).toBe(401);
    expect(
      (
        await fetch(`${srv.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'inspector', password: DEMO_PASSWORD }),
        })
      ).status,
    ).toBe(401);
    expect((await admin.patch(`/users/${u!.id}`, { disabled: false })).status).toBe(200);
    expect((await client(srv.base, 'inspector')).cookie).not.toBe('');
  });

  it('keeps the last active administrator (409), and refuses bad edits with nothing changed', async () => {
    const [me] = await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'admin'`);
    const before = await snapshot('users');
    expect((await admin.patch(`/users/${me!.id}`, { disabled: true })).body.error).toBe('last_admin');
    expect((await admin.patch(`/users/${me!.id}`, { role: 'leader' })).body.error).toBe('last_admin');
    const [leader] = await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'leader'`);
    for (const [id, body, status] of [
      [leader!.id, {}, 400],
      [leader!.id, { role: 'king' }, 400],
      [leader!.id, { squadId: 2 }, 422],
      [leader!.id, { role: 'squad_leader' }, 422],
      [leader!.id, { role: 'squad_leader', squadId: 99999 }, 422],
      [leader!.id, { role: 'worker', workerId: 99999 }, 422],
      [leader!.id, { displayName: '' }, 400],
      [leader!.id, { disabled: 'yes' }, 400],
      [leader!.id, { username: 'renamed' }, 400],
      [99999, { displayName: '无人' }, 404],
    ] as const)
      expect((await admin.patch(`/users/${id}`, body)).status, JSON.stringify(body)).toBe(status);
    expect(await snapshot('users')).toEqual(before);
    // With a second administrator, the first may step down.
    const second = (await admin.post('/users', { username: 'admin2', displayName: '第二管理员', password: 'second-admin-1', role: 'admin' })).body;
    expect((await admin.patch(`/users/${second.id}`, { disabled: true })).status).toBe(200);
    expect((await admin.patch(`/users/${me!.id}`, { role: 'leader' })).body.error).toBe('last_admin');
    expect((await (await client(srv.base, 'leader')).patch(`/users/${leader!.id}`, { displayName: '自改' })).status).toBe(403);
  });
});

describe('departments, incident classes, terminals', () => {
  it('creates and edits departments with headcount and contact (R6); the wall gets no contact phone', async () => {
    const made = await admin.post('/departments', { code: 'fire', name: '消防', headcount: 2, contactName: '王五', contactPhone: '13905370123' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ code: 'fire', name: '消防', headcount: 2, contactName: '王五', contactPhone: '13905370123' });
    expect((await admin.get('/org')).body.departments.find((d: any) => d.code === 'fire')).toMatchObject({ contactPhone: '13905370123' });
    const wall = (await (await client(srv.base, 'wall')).get('/org')).body.departments.find((d: any) => d.code === 'fire');
    expect(wall).toMatchObject({ contactName: '王*', contactPhone: null });
    const before = await snapshot('departments');
    for (const body of [
      { code: 'fire', name: '又一个', headcount: 1 },
      { code: 'Fire!', name: '消防', headcount: 1 },
      { code: 'rescue', name: '', headcount: 1 },
      { code: 'rescue', name: '救援', headcount: -1 },
      { code: 'rescue', name: '救援', headcount: 1.5 },
      { code: 'rescue', name: '救援', headcount: 1, contactPhone: 'none' },
    ])
      expect((await admin.post('/departments', body)).status, JSON.stringify(body)).toBeOneOf([400, 409]);
    expect((await admin.patch(`/departments/${made.body.id}`, {})).status).toBe(400);
    expect((await admin.patch('/departments/99999', { name: '无' })).status).toBe(404);
    expect(await snapshot('departments')).toEqual(before);
    // A renamed department: the classes that go to it say so at once.
    const urban = (await admin.get('/org')).body.departments.find((d: any) => d.code === 'urban');
    const edited = await admin.patch(`/departments/${urban.id}`, { name: '城市管理', headcount: 3, contactName: '赵六' });
    expect(edited.body).toMatchObject({ name: '城市管理', headcount: 3, contactName: '赵六', contactPhone: null });
    const classes = (await admin.get('/categories')).body.categories.filter((c: any) => c.departmentId === urban.id);
    expect(classes.length).toBeGreaterThan(0);
    expect(classes.every((c: any) => c.department === '城市管理')).toBe(true);
    expect((await audits('department', urban.id))[0]).toMatchObject({ before: { name: '城管', headcount: 2 }, after: { name: '城市管理', headcount: 3 } });
    await admin.patch(`/departments/${urban.id}`, { name: '城管', headcount: 2 });
  });

  it('creates an incident class beside the existing ones, its major class named once', async () => {
    const made = await admin.post('/categories', {
      code: '0199',
      name: '其他治安问题',
      departmentId: null,
      timeLimitH: 24,
      hoursKind: 'natural',
      onSpot: true,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const major = (await admin.get('/categories')).body.categories.find((c: any) => c.code === '0101').majorName;
    expect(made.body).toMatchObject({ code: '0199', majorName: major, name: '其他治安问题', active: true, department: null });
    expect((await audits('incident_category', '0199'))[0]).toMatchObject({ action: 'create' });
    const before = await snapshot('incident_categories');
    for (const [body, status] of [
      [{ code: '0199', name: '重复', departmentId: null, timeLimitH: 24, hoursKind: 'natural', onSpot: true }, 409],
      [{ code: '8801', name: '新大类', departmentId: null, timeLimitH: 24, hoursKind: 'natural', onSpot: true }, 422],
      [{ code: '0198', majorName: '别的名字', name: '改名', departmentId: null, timeLimitH: 24, hoursKind: 'natural', onSpot: true }, 422],
      [{ code: '0198', name: '无部门', departmentId: 99999, timeLimitH: 24, hoursKind: 'natural', onSpot: true }, 422],
      [{ code: '198', name: '三位', departmentId: null, timeLimitH: 24, hoursKind: 'natural', onSpot: true }, 400],
      [{ code: '0198', name: '', departmentId: null, timeLimitH: 24, hoursKind: 'natural', onSpot: true }, 400],
      [{ code: '0198', name: '时限', departmentId: null, timeLimitH: 0, hoursKind: 'natural', onSpot: true }, 400],
      [{ code: '0198', name: '种类', departmentId: null, timeLimitH: 24, hoursKind: 'lunar', onSpot: true }, 400],
    ] as const)
      expect((await admin.post('/categories', body)).status, JSON.stringify(body)).toBe(status);
    expect(await snapshot('incident_categories')).toEqual(before);
    const fresh = await admin.post('/categories', {
      code: '8801',
      majorName: '新增大类',
      name: '新增小类',
      departmentId: 1,
      timeLimitH: 8,
      hoursKind: 'working',
      onSpot: false,
    });
    expect(fresh.body).toMatchObject({ code: '8801', majorName: '新增大类', departmentId: 1, hoursKind: 'working' });
    // The new class is reported against at once.
    const duty = await client(srv.base, 'duty');
    const [g] = await gridsOf(1);
    expect((await duty.post('/incidents', { categoryCode: '8801', lat: g!.lat, lon: g!.lon, description: '新类事件' })).status).toBe(201);
  });

  it('lists the unknown ids that knocked, for the administrator to register one', async () => {
    const knock = await fetch(`${srv.base}/api/osmand?id=KNOCK-0001&lat=35.05&lon=117.2&timestamp=${Math.floor(Date.now() / 1000)}`);
    expect(knock.status).toBe(400);
    const { unknown } = (await admin.get('/devices/unknown')).body;
    expect(unknown.find((u: any) => u.uniqueId === 'KNOCK-0001')).toMatchObject({ attempts: 1 });
    expect((await (await client(srv.base, 'leader')).get('/devices/unknown')).status).toBe(403);
    const [g] = await gridsOf(1);
    expect((await admin.post('/devices', { uniqueId: 'KNOCK-0001', workerId: g!.workerId })).status).toBe(201);
    expect((await admin.get('/devices/unknown')).body.unknown.map((u: any) => u.uniqueId)).not.toContain('KNOCK-0001');
  });
});

describe('the equipment register (R7)', () => {
  it('lists what is held, a squad leader only their squad', async () => {
    const all = (await admin.get('/equipment')).body.equipment;
    expect(all.filter((e: any) => e.kind === 'electric_car')).toHaveLength(2);
    expect(all.filter((e: any) => e.kind === 'ebike').length).toBeGreaterThanOrEqual(10);
    const mine = (await (await client(srv.base, 'squad01')).get('/equipment')).body.equipment;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e: any) => e.squadId === 1)).toBe(true);
    expect((await (await client(srv.base, 'squad01')).get('/equipment?squad=2')).status).toBe(403);
    expect((await admin.get('/equipment?kind=ebike&status=in_service')).body.equipment.every((e: any) => e.kind === 'ebike')).toBe(true);
    expect((await admin.get('/equipment?kind=boat')).status).toBe(400);
    expect((await (await client(srv.base, 'worker')).get('/equipment')).status).toBe(403);
  });

  it('adds an item, hands it on, marks it damaged and replaced, each change kept and audited', async () => {
    const [g] = await gridsOf(1);
    const made = await admin.post('/equipment', { kind: 'ebike', label: '电动自行车99号', holderWorkerId: g!.workerId });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ kind: 'ebike', holderWorkerId: g!.workerId, squadId: 1, status: 'in_service', note: '' });
    const id = made.body.id;
    const damaged = await admin.patch(`/equipment/${id}`, { status: 'damaged', note: '前轮损坏' });
    expect(damaged.body).toMatchObject({ status: 'damaged', note: '前轮损坏', holderWorkerId: g!.workerId });
    expect((await admin.patch(`/equipment/${id}`, { holderWorkerId: null, status: 'replaced' })).body).toMatchObject({ holderWorkerId: null, squadId: null });
    const events = (await admin.get(`/equipment/${id}/events`)).body.events;
    expect(events.map((e: any) => [e.action, e.status, e.holderWorkerId])).toEqual([
      ['create', 'in_service', g!.workerId],
      ['update', 'damaged', g!.workerId],
      ['update', 'replaced', null],
    ]);
    expect(events[0].by).toBe('系统管理员');
    expect((await audits('equipment', id)).map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect((await audits('equipment', id))[1]).toMatchObject({ before: { status: 'in_service' }, after: { status: 'damaged' } });
    // A worker profile lists what they hold.
    const held = (await admin.get(`/workers/${g!.workerId}/profile`)).body.equipment.map((e: any) => e.label);
    expect(held).not.toContain('电动自行车99号');
    await admin.patch(`/equipment/${id}`, { holderWorkerId: g!.workerId });
    expect((await admin.get(`/workers/${g!.workerId}/profile`)).body.equipment.map((e: any) => e.label)).toContain('电动自行车99号');
    // A squad leader of another squad does not see its history.
    expect((await (await client(srv.base, 'squad02')).get(`/equipment/${id}/events`)).status).toBe(404);
    expect((await (await client(srv.base, 'squad01')).get(`/equipment/${id}/events`)).status).toBe(200);
  });

  it('keeps the state an item had before its first change, for one registered before the history', async () => {
    const [item] = (await admin.get('/equipment?kind=electric_car')).body.equipment;
    expect((await admin.get(`/equipment/${item.id}/events`)).body.events).toEqual([]);
    expect((await admin.patch(`/equipment/${item.id}`, { status: 'damaged', note: '电池故障' })).status).toBe(200);
    const events = (await admin.get(`/equipment/${item.id}/events`)).body.events;
    expect(events.map((e: any) => [e.action, e.status, e.by])).toEqual([
      ['create', 'in_service', null],
      ['update', 'damaged', '系统管理员'],
    ]);
  });

  it('refuses bad items and changes with nothing changed', async () => {
    const before = [await snapshot('equipment'), await snapshot('equipment_events')];
    for (const body of [
      { kind: 'boat', label: '船' },
      { kind: 'ebike', label: '' },
      { kind: 'ebike', label: '电动自行车1号' },
      { kind: 'ebike', label: '新车', holderWorkerId: 99999 },
      { kind: 'ebike', label: '新车', deviceId: 1 },
      { kind: 'terminal', label: '新终端', deviceId: 99999 },
      { kind: 'ebike', label: '新车', status: 'lost' },
    ])
      expect((await admin.post('/equipment', body)).status, JSON.stringify(body)).toBeOneOf([400, 409, 422]);
    for (const [id, body, status] of [
      [1, {}, 400],
      [1, { status: 'stolen' }, 400],
      [1, { holderWorkerId: 99999 }, 422],
      [1, { label: '改名' }, 400],
      [99999, { status: 'damaged' }, 404],
    ] as const)
      expect((await admin.patch(`/equipment/${id}`, body)).status, JSON.stringify(body)).toBe(status);
    expect([await snapshot('equipment'), await snapshot('equipment_events')]).toEqual(before);
    expect((await (await client(srv.base, 'leader')).post('/equipment', { kind: 'ebike', label: '领导的车' })).status).toBe(403);
  });
});

describe('the rotating chair (R5)', () => {
  it('states its quarter with its first and last day', async () => {
    const chair = (await admin.get('/org')).body.rotatingChair;
    const [y, m] = today.split('-').map(Number) as [number, number];
    const q = Math.floor((m - 1) / 3) + 1;
    const first = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
    const last = new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10);
    expect(chair).toMatchObject({ quarter: `${y}Q${q}`, quarterStart: first, quarterEnd: last });
    expect(today >= chair.quarterStart && today <= chair.quarterEnd).toBe(true);
  });
});
