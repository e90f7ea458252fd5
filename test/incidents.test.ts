// Incidents through the API (R18-R20, R31, R40): full lifecycles, the 409s, scopes, bad input, photos,
// dispatch suggestions, duplicates, deadlines and the live feed.
import * as turf from '@turf/turf';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../shared/core/time.ts';
import type { IncidentUpdate } from '../shared/incidents/machine.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';
import { pngClaiming, pngOf } from './helpers/images.ts';

let srv: TestServer;
type Client = Awaited<ReturnType<typeof client>>;
let duty: Client, inspector: Client, urban: Client, leader: Client, admin: Client;
/** A grid with its worker, a point inside it and the worker's terminal token. */
let home: { gridId: number; squadId: number; workerId: number; at: [number, number]; token: string };
const URBAN = 2; // 城管, the second department of the seed (R6)

beforeAll(async () => {
  srv = await startTestServer();
  [duty, inspector, urban, leader, admin] = (await Promise.all(['duty', 'inspector', 'urban', 'leader', 'admin'].map((u) => client(srv.base, u)))) as [
    Client,
    Client,
    Client,
    Client,
    Client,
  ];
  const grid = (await admin.get('/geo/grids')).body.features[10];
  const token = (await admin.post('/devices', { uniqueId: 'INC-0001', workerId: grid.properties.workerId })).body.token;
  home = {
    gridId: grid.id,
    squadId: grid.properties.squadId,
    workerId: grid.properties.workerId,
    at: turf.pointOnFeature(grid).geometry.coordinates as [number, number],
    token,
  };
});
afterAll(() => srv?.close());

const terminal = (path: string, body: unknown, token = home.token) =>
  fetch(`${srv.base}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
const report = (c: Client, body: object) => c.post('/incidents', { lat: home.at[1], lon: home.at[0], description: '测试事件', ...body });
/** Takes the actions in turn, each with the version it last saw; returns the last state of the incident. */
async function walk(c: Client | 'terminal', id: number, steps: object[]) {
  let inc = (await leader.get(`/incidents/${id}`)).body;
  for (const step of steps) {
    const body = { ...step, version: inc.version };
    const r = c === 'terminal' ? await terminal(`/incidents/${id}/actions`, body) : await c.post(`/incidents/${id}/actions`, body);
    expect(r.status, `${JSON.stringify(step)} → ${JSON.stringify(r.body)}`).toBe(200);
    inc = r.body;
  }
  return inc;
}

describe('incident classes', () => {
  it('are a coded two-level tree with departments and time limits', async () => {
    const { categories } = (await duty.get('/categories')).body;
    expect(categories.length).toBeGreaterThan(40);
    const fire = categories.find((c: any) => c.name === '火灾');
    expect(fire).toMatchObject({ code: '0401', majorName: '突发事件', department: '应急办', hoursKind: 'natural', onSpot: false });
    expect(categories.find((c: any) => c.code === '0102')).toMatchObject({ name: '乱堆乱放', onSpot: true });
    expect((await (await client(srv.base, 'wall')).get('/categories')).status).toBe(200);
  });

  it('are edited by an administrator only', async () => {
    expect((await duty.put('/categories/0102', { timeLimitH: 6 })).status).toBe(403);
    const r = await admin.put('/categories/0102', { timeLimitH: 6 });
    expect(r.status).toBe(200);
    expect(r.body.timeLimitH).toBe(6);
    expect((await admin.put('/categories/0102', { timeLimitH: -1 })).status).toBe(400);
    expect((await admin.put('/categories/7777', { timeLimitH: 5 })).status).toBe(404);
    expect((await duty.get('/categories')).body.categories.find((c: any) => c.code === '0102').timeLimitH).toBe(6);
  });
});

describe('the working-time calendar', () => {
  it('is kept by an administrator and moves working-hour deadlines', async () => {
    const days = (await duty.get('/calendar')).body.days;
    expect(days.some((d: any) => d.day === '2026-10-01' && d.kind === 'holiday')).toBe(true);
    expect((await duty.put('/calendar', { days: [{ day: '2026-12-31', kind: 'holiday' }] })).status).toBe(403);
    for (const bad of [{ days: [] }, { days: [{ day: '2026-02-30', kind: 'holiday' }] }, { days: [{ day: '2026-12-31', kind: 'party' }] }])
      expect((await admin.put('/calendar', bad)).status).toBe(400);
    const r = await admin.put('/calendar', {
      days: [
        { day: '2026-12-31', kind: 'holiday', name: '测试' },
        { day: '2026-10-01', kind: 'normal' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.days.find((d: any) => d.day === '2026-12-31')).toMatchObject({ kind: 'holiday' });
    expect(r.body.days.some((d: any) => d.day === '2026-10-01')).toBe(false);
    await admin.put('/calendar', {
      days: [
        { day: '2026-12-31', kind: 'normal' },
        { day: '2026-10-01', kind: 'holiday', name: '国庆节' },
      ],
    });
  });
});

describe('lifecycles', () => {
  it('on the spot: the grid worker reports and resolves it, an inspector verifies, the duty officer feeds back and closes (R18, R19)', async () => {
    const created = await terminal('/incidents', { categoryCode: '0102', lat: home.at[1], lon: home.at[0], description: '路边堆放建筑垃圾' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'reported', level: 'village', source: 'terminal', gridId: home.gridId, squadId: home.squadId, version: 1 });
    expect(created.body.code).toMatch(new RegExp(`^${shanghaiDay(Date.now()).replaceAll('-', '')}-\\d{5}$`));
    const id = created.body.id;
    // The terminal sends it again (a retry after a lost reply): it is the same report.
    const again = await terminal('/incidents', { categoryCode: '0102', lat: home.at[1], lon: home.at[0], description: '路边堆放建筑垃圾', clientRef: 'T-1' });
    const third = await terminal('/incidents', { categoryCode: '0102', lat: home.at[1], lon: home.at[0], description: '路边堆放建筑垃圾', clientRef: 'T-1' });
    expect(third.body).toMatchObject({ id: again.body.id, repeated: true });
    expect(again.body.repeated).toBe(false);
    await walk('terminal', id, [{ action: 'resolve_on_spot', result: '已督促清理' }]);
    await walk(inspector, id, [{ action: 'verify' }]);
    const done = await walk(duty, id, [{ action: 'feedback', method: 'phone', content: '已电话告知', satisfaction: 'satisfied' }, { action: 'close' }]);
    expect(done.state).toBe('closed');
    expect(done.timeline.map((e: any) => e.action)).toEqual(['report', 'resolve_on_spot', 'verify', 'feedback', 'close']);
    expect(done.actions).toEqual([]);
  });

  it('takes its source from who reports it, never from what the reporter claims (R31; issue 16 #22)', async () => {
    const count = async () => (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents'))[0]!.n;
    const before = await count();
    const at = { lat: home.at[1], lon: home.at[0] };
    for (const source of ['inspector', 'phone', 'duty']) {
      const r = await terminal('/incidents', { categoryCode: '0102', ...at, description: '冒充来源', source });
      expect(r.status, source).toBe(422);
      expect(r.body.error).toBe('source_not_allowed');
      expect(r.body.details[0].path).toBe('body.source');
    }
    expect((await report(inspector, { categoryCode: '0102', description: 'x', source: 'phone' })).status).toBe(422);
    expect(await count()).toBe(before);
    expect((await report(inspector, { categoryCode: '0102', description: '督察发现' })).body.source).toBe('inspector');
    expect((await report(duty, { categoryCode: '0102', description: '值班发现', source: 'duty' })).body.source).toBe('duty');
  });

  it('to a department, extended once and sent back once, with the resident’s contact only for handling roles (R31, R40)', async () => {
    const created = await report(duty, { categoryCode: '0101', description: '村口私搭彩钢棚', callerName: '王建国', callerPhone: '13805370001' });
    expect(created.body).toMatchObject({ state: 'reported', level: 'town', source: 'phone' });
    const id = created.body.id;
    let inc = await walk(duty, id, [{ action: 'register' }, { action: 'dispatch', departmentId: URBAN }]);
    expect(inc).toMatchObject({ state: 'dispatched', assigneeDepartmentId: URBAN });
    const firstDeadline = Date.parse(inc.deadline);
    expect(firstDeadline).toBeGreaterThan(Date.now() + 40 * 3_600_000); // 40 working hours are more than 40 hours
    expect((await urban.get(`/incidents/${id}`)).body.caller).toEqual({ name: '王建国', phone: '13805370001' });
    expect((await leader.get(`/incidents/${id}`)).body.caller).toEqual({ name: '王*国', phone: '138****0001' });
    // The wall, in a room with visitors, gets no resident's contact at all (issue 16 #5).
    const onWall = (await (await client(srv.base, 'wall')).get(`/incidents/${id}`)).body;
    expect(onWall.caller).toBeNull();
    for (const trace of ['13805370001', '138****0001', '王*国', '王建国']) expect(JSON.stringify(onWall)).not.toContain(trace);
    inc = await walk(urban, id, [{ action: 'accept' }, { action: 'request_extension', hours: 8, reason: '需协调拆除队' }]);
    expect(inc.extensionPending).toBe(true);
    inc = await walk(duty, id, [{ action: 'approve_extension' }]);
    expect(Date.parse(inc.deadline)).toBeGreaterThan(firstDeadline);
    await walk(urban, id, [{ action: 'handle', result: '已拆除' }]);
    await walk(inspector, id, [{ action: 'rework', reason: '未清理残渣' }]);
    await walk(urban, id, [{ action: 'accept' }, { action: 'handle', result: '残渣已清运' }]);
    await walk(inspector, id, [{ action: 'verify' }]);
    inc = await walk(duty, id, [{ action: 'feedback', method: 'visit', content: '上门告知', satisfaction: 'basically' }, { action: 'close' }]);
    expect(inc).toMatchObject({ state: 'closed', counts: { rework: 1, extension: 1, postpone: 0, escalation: 0 } });
  });

  it('level by level to the city and back (R19), postponed and resumed, rejected', async () => {
    const up = (await terminal('/incidents', { categoryCode: '0802', lat: home.at[1], lon: home.at[0], description: '宅基地边界纠纷' })).body;
    let inc = await walk(duty, up.id, [{ action: 'escalate', reason: '村居无法调处' }]);
    expect(inc).toMatchObject({ state: 'registered', level: 'town' });
    inc = await walk(duty, up.id, [
      { action: 'dispatch', workerId: home.workerId },
      { action: 'escalate', reason: '涉及多部门，报市指挥中心' },
    ]);
    expect(inc).toMatchObject({ state: 'escalated', level: 'city', deadline: null });
    inc = await walk(duty, up.id, [{ action: 'city_result', result: '市自然资源局已确权' }]);
    expect(inc.state).toBe('handled');

    const later = (await report(duty, { categoryCode: '1102', description: '信号灯损坏' })).body;
    inc = await walk(duty, later.id, [{ action: 'register' }, { action: 'postpone', reason: '等待配件' }, { action: 'resume' }]);
    expect(inc).toMatchObject({ state: 'registered', counts: { postpone: 1 } });

    const no = (await report(duty, { categoryCode: '9901', description: '误报' })).body;
    inc = await walk(duty, no.id, [{ action: 'reject', reason: '经核实不属实' }]);
    expect(inc.state).toBe('rejected');
    expect(inc.timeline[1].note).toContain('经核实不属实');
  });
});

describe('conflicts and refusals', () => {
  it('answers 409 with the state and the allowed actions, and lets one of two officers win', async () => {
    const id = (await report(duty, { categoryCode: '0501', description: '占道经营' })).body.id;
    const notNow = await duty.post(`/incidents/${id}/actions`, { action: 'close', version: 1 });
    expect(notNow.status).toBe(409);
    expect(notNow.body.error).toBe('action_not_allowed');
    expect(JSON.stringify(notNow.body.details)).toContain('register');
    const other = await client(srv.base, 'duty');
    const [a, b] = await Promise.all([
      duty.post(`/incidents/${id}/actions`, { action: 'register', version: 1 }),
      other.post(`/incidents/${id}/actions`, { action: 'reject', reason: '重复', version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const now = (await duty.get(`/incidents/${id}`)).body;
    expect(now.version).toBe(2);
    expect(now.timeline).toHaveLength(2); // nothing half-applied
    expect((await duty.post(`/incidents/${id}/actions`, { action: 'dispatch', workerId: home.workerId, version: 1 })).body.error).toBe('version_conflict');
  });

  it('refuses bad input with what is wrong, and changes nothing', async () => {
    const before = (await duty.get('/incidents?pageSize=1')).body.total;
    const cases: [object, number][] = [
      [{ categoryCode: '7777' }, 422],
      [{ categoryCode: '0101', lat: 40.5, lon: 116.4 }, 422],
      [{ categoryCode: '01' }, 400],
      [{ categoryCode: '0101', description: '' }, 400],
      [{ categoryCode: '0101', lat: 'north' }, 400],
      [{ categoryCode: '0101', callerPhone: 'call me' }, 400],
      [{ categoryCode: '0101', extra: 1 }, 400],
    ];
    for (const [body, status] of cases) {
      const r = await report(duty, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error).toBeTypeOf('string');
    }
    expect((await duty.get('/incidents?pageSize=1')).body.total).toBe(before);
    const id = (await report(duty, { categoryCode: '0501' })).body.id;
    await walk(duty, id, [{ action: 'register' }]);
    for (const [body, status] of [
      [{ action: 'dispatch', workerId: 99_999, version: 2 }, 422],
      [{ action: 'dispatch', version: 2 }, 400],
      [{ action: 'dispatch', workerId: home.workerId, departmentId: URBAN, version: 2 }, 400],
      [{ action: 'fly', version: 2 }, 400],
      [{ action: 'dispatch', workerId: home.workerId }, 400],
    ] as [object, number][])
      expect((await duty.post(`/incidents/${id}/actions`, body)).status, JSON.stringify(body)).toBe(status);
    expect((await duty.get(`/incidents/${id}`)).body).toMatchObject({ state: 'registered', version: 2 });
    expect((await duty.get('/incidents/99999')).status).toBe(404);
    expect((await duty.get('/incidents/abc')).status).toBe(400);
    expect((await leader.post(`/incidents/${id}/actions`, { action: 'dispatch', workerId: home.workerId, version: 2 })).status).toBe(403);
  });
});

describe('scopes', () => {
  it('give a squad leader their squad, a department what it was sent, a worker their own, and the wall no contacts', async () => {
    const mine = await client(srv.base, `squad0${home.squadId}`);
    const other = await client(srv.base, `squad0${home.squadId === 1 ? 2 : 1}`);
    const list = (await mine.get('/incidents?pageSize=500')).body.incidents;
    expect(list.length).toBeGreaterThan(3);
    expect(list.every((i: any) => i.squadId === home.squadId)).toBe(true);
    expect((await other.get('/incidents?pageSize=500')).body.incidents.some((i: any) => i.squadId === home.squadId)).toBe(false);
    expect((await other.get(`/incidents/${list[0].id}`)).status).toBe(404);
    expect((await other.get(`/incidents?squad=${home.squadId}`)).status).toBe(403);
    const dept = (await urban.get('/incidents?pageSize=500')).body.incidents;
    expect(dept.length).toBeGreaterThan(0);
    expect(dept.every((i: any) => i.assigneeDepartmentId === URBAN)).toBe(true);
    expect((await urban.get('/coverage/summary')).status).toBe(403); // departments see their cases, not the brigade's figures
    const worker = await client(srv.base, 'worker');
    const me = (await worker.get('/auth/me')).body;
    for (const i of (await worker.get('/incidents?pageSize=500')).body.incidents)
      expect(i.gridId === me.gridId || i.assigneeWorkerId === me.workerId).toBe(true);
  });
});

describe('photos', () => {
  const png = pngOf(4, 3);
  const upload = (id: number, body: Buffer, type = 'image/png', auth: Record<string, string> = { cookie: duty.cookie }) =>
    fetch(`${srv.base}/api/incidents/${id}/attachments`, { method: 'POST', headers: { 'content-type': type, ...auth }, body: new Uint8Array(body) }).then(
      async (r) => ({ status: r.status, body: await r.json() }),
    );

  it('are stored by content type, refused when fake or too large', async () => {
    const id = (await report(duty, { categoryCode: '0201', description: '电线杆小广告' })).body.id;
    const ok = await upload(id, png, 'application/octet-stream');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ mime: 'image/png', size: png.length });
    const back = await fetch(`${srv.base}${ok.body.url}`, { headers: { cookie: duty.cookie } });
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await back.arrayBuffer()).equals(png)).toBe(true);
    expect((await upload(id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png')).status).toBe(415);
    expect((await upload(id, Buffer.alloc(9 * 1024 * 1024, 1), 'image/jpeg')).status).toBe(413);
    // A header claiming 30,000 × 30,000 pixels is a decompression bomb, refused by its header (R40 hardening).
    const bomb = await upload(id, pngClaiming(30_000, 30_000));
    expect(bomb).toMatchObject({ status: 413, body: { error: 'image_too_large' } });
    expect(bomb.body.message).toContain('30000 × 30000');
    // The signature alone, with no readable header, is not an image.
    const headless = await upload(id, Buffer.concat([png.subarray(0, 8), Buffer.alloc(40, 7)]));
    expect(headless).toMatchObject({ status: 415, body: { error: 'unreadable_image' } });
    expect((await upload(id, png, 'image/png', { authorization: `Bearer ${home.token}` })).status).toBe(201); // the grid worker's terminal
    expect((await duty.get(`/incidents/${id}`)).body.photos).toHaveLength(2);
  });
});

describe('dispatch help', () => {
  it('suggests the nearest workers on patrol, the incident’s own grid worker first, and the class’s department', async () => {
    const workers = (await admin.get('/workers')).body as { id: number }[];
    const near = workers.find((w) => w.id !== home.workerId)!;
    const nearToken = (await admin.post('/devices', { uniqueId: 'INC-NEAR', workerId: near.id })).body.token;
    const now = Date.now();
    const fix = (dLat: number, i: number) => ({
      deviceTime: new Date(now - (3 - i) * 10_000).toISOString(),
      lat: home.at[1] + dLat + i * 0.00005,
      lon: home.at[0],
      accuracy: 5,
      speed: 1.2,
    });
    // The neighbour is 100 m away, the grid's own worker 900 m.
    expect((await terminal('/positions', { fixes: [0, 1, 2].map((i) => fix(0.0009, i)) }, nearToken)).status).toBe(200);
    expect((await terminal('/positions', { fixes: [0, 1, 2].map((i) => fix(0.0081, i)) })).status).toBe(200);
    const id = (await report(duty, { categoryCode: '1205', description: '井盖缺失' })).body.id;
    const s = (await duty.get(`/incidents/${id}/suggestions`)).body;
    expect(s.workers[0]).toMatchObject({ workerId: home.workerId, ownGrid: true });
    expect(s.workers[1]).toMatchObject({ workerId: near.id, ownGrid: false });
    expect(s.workers[1].distanceM).toBeGreaterThan(90);
    expect(s.workers[1].distanceM).toBeLessThan(130);
    expect(s.workers[1].etaWalkMin).toBeGreaterThan(s.workers[1].etaEbikeMin);
    expect(s.department).toMatchObject({ name: '城管' });
    expect((await urban.get(`/incidents/${id}/suggestions`)).status).toBe(403);
  });

  it('lists open incidents of the same class within 100 m and 24 h as possible duplicates, which can be merged', async () => {
    const first = (await report(duty, { categoryCode: '0503', description: '店外经营' })).body;
    const check = (await duty.get(`/incidents/duplicates?categoryCode=0503&lat=${home.at[1] + 0.0004}&lon=${home.at[0]}`)).body;
    expect(check.duplicates.map((d: any) => d.id)).toContain(first.id);
    expect((await duty.get(`/incidents/duplicates?categoryCode=0503&lat=north&lon=${home.at[0]}`)).status).toBe(400);
    const second = (await duty.post('/incidents', { categoryCode: '0503', lat: home.at[1] + 0.0004, lon: home.at[0], description: '又见店外经营' })).body;
    expect(second.possibleDuplicates.map((d: any) => d.id)).toContain(first.id);
    const far = (await duty.post('/incidents', { categoryCode: '0503', lat: home.at[1] + 0.002, lon: home.at[0], description: '远处' })).body;
    expect(far.possibleDuplicates?.map((d: any) => d.id) ?? []).not.toContain(first.id);
    const merged = await walk(duty, second.id, [{ action: 'merge', intoId: first.id }]);
    expect(merged.state).toBe('merged');
  });

  it('tells a squad leader or a worker of duplicates and dispatch candidates in their own scope only (R40; issue 16 #2)', async () => {
    const first = (await report(duty, { categoryCode: '0503', description: '占道堆物' })).body;
    const ask = `/incidents/duplicates?categoryCode=0503&lat=${home.at[1] + 0.0003}&lon=${home.at[0]}`;
    const own = await client(srv.base, `squad0${home.squadId}`);
    const other = await client(srv.base, `squad0${home.squadId === 1 ? 2 : 1}`);
    expect((await own.get(ask)).body.duplicates.map((d: any) => d.id)).toContain(first.id);
    const elsewhere = await other.get(ask);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.duplicates).toEqual([]);
    // The worker account (one grid) hears of no case in another squad.
    const [far] = await srv.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(ST_PointOnSurface(g.area)) AS lon, ST_Y(ST_PointOnSurface(g.area)) AS lat FROM grids g
        WHERE g.squad_id <> (SELECT w.squad_id FROM users u JOIN workers w ON w.id = u.worker_id WHERE u.username = 'worker') ORDER BY g.id LIMIT 1`,
    );
    const there = (await duty.post('/incidents', { categoryCode: '0503', lat: far!.lat, lon: far!.lon, description: '别处占道' })).body;
    const askThere = `/incidents/duplicates?categoryCode=0503&lat=${far!.lat}&lon=${far!.lon}`;
    expect((await duty.get(askThere)).body.duplicates.map((d: any) => d.id)).toContain(there.id);
    expect((await (await client(srv.base, 'worker')).get(askThere)).body.duplicates).toEqual([]);
    // Candidates for dispatch: only the squad's own workers, for its own leader, though one of another squad is near.
    const workers = (await admin.get('/workers')).body as { id: number; squadId: number }[];
    const squadOf = new Map(workers.map((w) => [w.id, w.squadId]));
    const neighbour = workers.find((w) => w.squadId !== home.squadId)!;
    const neighbourToken = (await admin.post('/devices', { uniqueId: 'INC-OTHER-SQUAD', workerId: neighbour.id })).body.token;
    const fixes = [0, 1, 2].map((i) => ({
      deviceTime: new Date(Date.now() - (3 - i) * 10_000).toISOString(),
      lat: home.at[1] + 0.0005 + i * 0.00005,
      lon: home.at[0],
      accuracy: 5,
      speed: 1.2,
    }));
    expect((await terminal('/positions', { fixes }, neighbourToken)).status).toBe(200);
    const s = (await own.get(`/incidents/${first.id}/suggestions`)).body;
    expect(s.workers.length).toBeGreaterThan(0);
    for (const w of s.workers) expect(squadOf.get(w.workerId)).toBe(home.squadId);
    expect((await duty.get(`/incidents/${first.id}/suggestions`)).body.workers.map((w: any) => w.workerId)).toContain(neighbour.id);
    expect(s.workers.map((w: any) => w.workerId)).not.toContain(neighbour.id);
  });
});

describe('deadlines and the live feed', () => {
  it('sends every change in order, and marks a case overdue past its deadline', async () => {
    const got: IncidentUpdate[] = [];
    const socket = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: leader.cookie }, reconnection: false });
    socket.on('incident:update', (u: IncidentUpdate) => got.push(u));
    // A department's desk hears only of what is dispatched to it.
    const desk: IncidentUpdate[] = [];
    const deskSocket = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: urban.cookie }, reconnection: false });
    deskSocket.on('incident:update', (u: IncidentUpdate) => desk.push(u));
    await Promise.all([new Promise((r) => socket.on('live:snapshot', r)), new Promise((r) => deskSocket.on('live:snapshot', r))]);
    const id = (await report(duty, { categoryCode: '0301', description: '工地扬尘' })).body.id;
    await walk(duty, id, [{ action: 'register' }, { action: 'dispatch', departmentId: 7 }]);
    await srv.db.query(`UPDATE incidents SET dispatched_at = now() - interval '3 hours', deadline = now() - interval '1 minute' WHERE id = $1`, [id]);
    const changed = await srv.running.incidents.service.sweepDeadlines();
    for (const r of changed) srv.running.incidents.feed.publish('overdue', srv.running.incidents.service.summary(r));
    await expect
      .poll(() => got.filter((u) => u.incident.id === id).map((u) => u.event), { timeout: 5000 })
      .toEqual(['report', 'register', 'dispatch', 'overdue']);
    const mine = got.filter((u) => u.incident.id === id);
    expect(mine.map((u) => u.seq)).toEqual([...mine.map((u) => u.seq)].sort((a, b) => a - b));
    expect(mine.map((u) => u.incident.version)).toEqual([1, 2, 3, 4]);
    expect(mine[3]!.incident.urgency).toBe('overdue');
    expect((await duty.get(`/incidents?overdue=true`)).body.incidents.map((i: any) => i.id)).toContain(id);
    const forUrban = (await report(duty, { categoryCode: '0201', description: '小广告' })).body.id;
    await walk(duty, forUrban, [{ action: 'register' }, { action: 'dispatch', departmentId: URBAN }]);
    await expect.poll(() => desk.map((u) => u.incident.id), { timeout: 5000 }).toContain(forUrban);
    expect(desk.every((u) => u.incident.assigneeDepartmentId === URBAN)).toBe(true);
    expect(desk.some((u) => u.incident.id === id)).toBe(false);
    socket.disconnect();
    deskSocket.disconnect();
  });
});

describe('KPIs', () => {
  it('count what the lifecycles above did', async () => {
    const today = shanghaiDay(Date.now());
    const k = (await leader.get(`/incidents/kpis?from=${today}&to=${today}&groupBy=source`)).body;
    const all = (await duty.get('/incidents?pageSize=500')).body.incidents;
    expect(k.total.reports).toBe(all.length);
    expect(k.total.closed).toBe(all.filter((i: any) => i.state === 'closed').length);
    expect(k.total.closed).toBe(2);
    expect(k.total.bySource.terminal).toBe(all.filter((i: any) => i.source === 'terminal').length);
    expect(k.groups.map((g: any) => g.key).sort()).toEqual([...new Set(all.map((i: any) => i.source))].sort());
    expect(k.total.reworkRate).toBeGreaterThan(0);
    expect((await leader.get(`/incidents/kpis?from=${today}&to=2020-01-01`)).status).toBe(400);
    expect((await leader.get(`/incidents/kpis?from=${today}&to=${today}&groupBy=moon`)).status).toBe(400);
  });
});
