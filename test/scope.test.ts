// Scope from outside (R40; issue 16): every GET route and the socket, as every role, with activity in
// several squads — and what comes back is checked against the caller's scope, not only the status code:
// a squad leader meets no other squad, a worker no other grid, a department's desk no worker and only the
// cases given to it, and the wall no phone number at all.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../server/app.ts';
import type { Route } from '../server/platform/http/route.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let routes: Route[];
type Me = { role: string; squadId: number | null; gridId: number | null; workerId: number | null; departmentId: number | null };
const ACCOUNTS = ['admin', 'leader', 'duty', 'squad01', 'squad02', 'inspector', 'worker', 'wall', 'urban'];
const sessions = new Map<string, { cookie: string; me: Me }>();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** The town's map and organisation, which every brigade role sees whole (the context a scoped view sits in). */
const TOWN_REFERENCE = new Set([
  '/health',
  '/site',
  '/openapi.json',
  '/org',
  '/categories',
  '/calendar',
  '/geo/boundary',
  '/geo/squads',
  '/geo/context',
  '/geo/roads',
  '/geo/villages',
]);

/** Every object in an answer, with the path it was found at. */
function* objects(v: unknown, path = '$'): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* objects(x, `${path}[${i}]`);
  else if (v && typeof v === 'object') {
    yield [path, v as Record<string, unknown>];
    for (const [k, x] of Object.entries(v)) yield* objects(x, `${path}.${k}`);
  }
}

const isIncident = (o: Record<string, unknown>) => typeof o.categoryCode === 'string' && typeof o.state === 'string';
const isLiveWorker = (o: Record<string, unknown>) => typeof o.workerId === 'number' && typeof o.lat === 'number';

/** What in this answer lies outside the caller's scope: one line each. */
function outOfScope(me: Me, answer: unknown): string[] {
  const found: string[] = [];
  for (const [at, o] of objects(answer)) {
    const squad = typeof o.squadId === 'number' ? o.squadId : null;
    const grid = typeof o.gridId === 'number' ? o.gridId : null;
    if (me.role === 'squad_leader' && squad !== null && squad !== me.squadId) found.push(`${at}: squad ${squad}`);
    if (me.role === 'worker') {
      const mine = isIncident(o) && (o.assigneeWorkerId === me.workerId || o.reporterWorkerId === me.workerId);
      if (grid !== null && grid !== me.gridId && !mine) found.push(`${at}: grid ${grid}`);
    }
    if (me.role === 'department') {
      if (isLiveWorker(o)) found.push(`${at}: worker ${o.workerId}`);
      if (isIncident(o) && o.assigneeDepartmentId !== me.departmentId) found.push(`${at}: case ${o.id} of department ${o.assigneeDepartmentId}`);
    }
  }
  if (me.role === 'wall')
    for (const [at, o] of objects(answer))
      for (const [k, v] of Object.entries(o)) if (typeof v === 'string' && /^(1[3-9]\d{9}|\d{3}\*{4}\d{4})$/.test(v)) found.push(`${at}.${k}: a phone number`);
  return found;
}

beforeAll(async () => {
  srv = await startTestServer();
  routes = apiRoutes(srv.running.deps);
  for (const username of ACCOUNTS) {
    const c = await client(srv.base, username, username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
    sessions.set(username, { cookie: c.cookie, me: (await c.get('/auth/me')).body });
  }
  // Activity in two squads: a case in each (one given to 城管), and workers of both on the move.
  const admin = await client(srv.base, 'admin');
  const duty = await client(srv.base, 'duty');
  const grids = await srv.db.query<{ id: number; squad: number; worker: number; lon: number; lat: number }>(
    `SELECT DISTINCT ON (g.squad_id) g.id, g.squad_id AS squad, g.worker_id AS worker, ST_X(ST_PointOnSurface(g.area)) AS lon, ST_Y(ST_PointOnSurface(g.area)) AS lat
       FROM grids g WHERE g.worker_id IS NOT NULL AND g.squad_id IN (1, 2) ORDER BY g.squad_id, g.id`,
  );
  const [urban] = await srv.db.query<{ id: number }>(`SELECT id FROM departments WHERE code = 'urban'`);
  for (const g of grids) {
    const c = (
      await duty.post('/incidents', {
        categoryCode: '0101',
        lat: g.lat,
        lon: g.lon,
        description: `第${g.squad}中队事件`,
        callerName: '李四',
        callerPhone: '13905370002',
      })
    ).body;
    if (g.squad === 1) {
      const registered = (await duty.post(`/incidents/${c.id}/actions`, { action: 'register', version: c.version })).body;
      await duty.post(`/incidents/${c.id}/actions`, { action: 'dispatch', version: registered.version, departmentId: urban!.id });
    }
    const token = (await admin.post('/devices', { uniqueId: `SCOPE-${g.squad}`, workerId: g.worker })).body.token;
    const fixes = [0, 1, 2].map((i) => ({
      deviceTime: new Date(Date.now() - (3 - i) * 10_000).toISOString(),
      lat: g.lat + i * 0.0001,
      lon: g.lon,
      accuracy: 5,
      speed: 1,
    }));
    await fetch(`${srv.base}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ fixes }),
    });
  }
});
afterAll(() => srv?.close());

describe('every GET route, as every role', () => {
  it('answers only within the caller’s scope: what comes back, not only the status', async () => {
    // Routes of one thing are asked for squad 2's: its case, its worker's track, a duplicate near its case.
    const [far] = await srv.db.query<{ id: number; lon: number; lat: number; worker: number; photo: number | null }>(
      `SELECT i.id, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, g.worker_id AS worker, NULL::int AS photo
         FROM incidents i JOIN grids g ON g.id = i.grid_id WHERE i.squad_id = 2 ORDER BY i.id LIMIT 1`,
    );
    const query: Record<string, string> = {
      '/tracking/days': `date=${today}`,
      '/tracks/day': `date=${today}`,
      '/tracks': `worker=${far!.worker}&date=${today}`,
      '/heatmap': `from=${today}&to=${today}`,
      '/incidents/kpis': `from=${today}&to=${today}`,
      '/incidents/duplicates': `categoryCode=0101&lat=${far!.lat}&lon=${far!.lon}`,
      '/replay': `date=${today}&at=${encodeURIComponent(new Date().toISOString())}`,
      '/assessment/workers/:id/records': 'part=conduct',
      '/assessment/annual': `year=${today.slice(0, 4)}`,
      '/assessment/criticism': `month=${today.slice(0, 7)}`,
    };
    // Routes of one worker, grid or item are asked for squad 2's: squad 1's leader must not get them.
    const [held] = await srv.db.query<{ id: number; grid: number }>(
      `SELECT e.id, g.id AS grid FROM equipment e JOIN grids g ON g.worker_id = e.holder_worker_id WHERE g.worker_id = $1 ORDER BY e.id LIMIT 1`,
      [far!.worker],
    );
    // A change of the item, so that it has a history to show.
    const admin = await client(srv.base, 'admin');
    expect((await admin.patch(`/equipment/${held!.id}`, { note: '巡查测试' })).status).toBe(200);
    const ids: Record<string, number> = {
      '/workers/:id/profile': far!.worker,
      '/grids/:id/assignments': held!.grid,
      '/equipment/:id/events': held!.id,
    };
    const problems: string[] = [];
    let checked = 0;
    for (const r of routes.filter((x) => x.method === 'get' && !x.path.includes(':photo'))) {
      if (TOWN_REFERENCE.has(r.path)) continue;
      for (const [username, { cookie, me }] of sessions) {
        if (r.access === 'public' || r.access === 'device' || !r.access.includes(me.role as never)) continue;
        const id = r.path.startsWith('/assessment/workers/') ? far!.worker : (ids[r.path] ?? far!.id);
        const res = await fetch(`${srv.base}/api${r.path.replace(':id', String(id))}?${query[r.path] ?? ''}`, { headers: { cookie } });
        const type = res.headers.get('content-type') ?? '';
        const body = type.includes('json') ? await res.json() : await res.text();
        // A refusal says only why: it carries nothing of what was asked for.
        if (res.status >= 400) {
          expect([403, 404], `${r.path} as ${username}`).toContain(res.status);
          expect(Object.keys(body).sort(), `${r.path} as ${username}`).toEqual(expect.arrayContaining(['error', 'message']));
          expect(
            Object.keys(body).every((k) => ['error', 'message', 'details'].includes(k)),
            `${r.path} as ${username}`,
          ).toBe(true);
        }
        for (const p of outOfScope(me, body)) problems.push(`${r.path} as ${username}: ${p}`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(90);
    // The organisation's registers: squad 2's worker, grid and item whole for the town's desks, refused to squad 1's leader.
    const get = (who: string, path: string) => fetch(`${srv.base}/api${path}`, { headers: { cookie: sessions.get(who)!.cookie } });
    for (const [path, id] of Object.entries(ids)) {
      const at = path.replace(':id', String(id));
      for (const who of ['admin', 'leader', 'duty', 'inspector', 'squad02']) {
        const res = await get(who, at);
        expect(res.status, `${at} as ${who}`).toBe(200);
        expect(JSON.stringify(await res.json()), `${at} as ${who}`).toMatch(path.startsWith('/equipment') ? /"equipmentId"/ : /"squadId":2\b/);
      }
      expect((await get('squad01', at)).status, `${at} as squad01`).toBe(404);
      for (const who of ['worker', 'wall', 'urban']) expect((await get(who, at)).status, `${at} as ${who}`).toBe(403);
    }
    const equipment = async (who: string) => ((await (await get(who, '/equipment')).json()) as { equipment: { squadId: number | null }[] }).equipment;
    expect(new Set((await equipment('squad01')).map((e) => e.squadId))).toEqual(new Set([1]));
    expect((await equipment('leader')).some((e) => e.squadId === null)).toBe(true);
    expect(new Set((await equipment('admin')).map((e) => e.squadId)).size).toBeGreaterThan(2);
    // The assessment (issue 19): squad 2's worker's month for the brigade's readers, refused to squad 1's
    // leader; the month's rows of squad 1's leader are squad 1's only, and the month is no business of the
    // duty officers, workers, the wall or a department.
    const month = `/assessment/workers/${far!.worker}/month`;
    for (const who of ['admin', 'leader', 'inspector', 'squad02']) {
      const res = await get(who, month);
      expect(res.status, `${month} as ${who}`).toBe(200);
      expect(((await res.json()) as { worker: { squadId: number } }).worker.squadId, `${month} as ${who}`).toBe(2);
    }
    expect((await get('squad01', month)).status).toBe(404);
    for (const who of ['duty', 'worker', 'wall', 'urban']) expect((await get(who, month)).status, `${month} as ${who}`).toBe(403);
    const rows = ((await (await get('squad01', '/assessment/month')).json()) as { workers: { squadId: number }[] }).workers;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.squadId))).toEqual(new Set([1]));
    // Squad 2's case itself: squad 1's leader and the worker of another squad are refused it.
    for (const who of ['squad01', 'worker'])
      expect((await fetch(`${srv.base}/api/incidents/${far!.id}`, { headers: { cookie: sessions.get(who)!.cookie } })).status, who).toBe(404);
  });
});

describe('the socket, as every role', () => {
  it('delivers only what is within the caller’s scope: snapshots, live deltas, coverage and cases', async () => {
    const problems: string[] = [];
    const sockets = [...sessions].map(([username, { cookie, me }]) => {
      const s = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
      let events = 0;
      s.onAny((event: string, payload: unknown) => {
        events++;
        for (const p of outOfScope(me, payload)) problems.push(`${event} to ${username}: ${p}`);
      });
      return { s, username, events: () => events };
    });
    await new Promise((r) => setTimeout(r, 800));
    // More activity while they listen: fixes in both squads and a new case in each.
    const duty = await client(srv.base, 'duty');
    const grids = await srv.db.query<{ squad: number; lon: number; lat: number; token: string }>(
      `SELECT DISTINCT ON (g.squad_id) g.squad_id AS squad, ST_X(ST_PointOnSurface(g.area)) AS lon, ST_Y(ST_PointOnSurface(g.area)) AS lat, d.unique_id AS token
         FROM grids g JOIN devices d ON d.worker_id = g.worker_id WHERE d.unique_id LIKE 'SCOPE-%' ORDER BY g.squad_id`,
    );
    for (const g of grids) {
      await duty.post('/incidents', { categoryCode: '0102', lat: g.lat, lon: g.lon, description: '又一事件', callerPhone: '13905370003' });
      await fetch(`${srv.base}/api/osmand?id=${g.token}&lat=${g.lat + 0.0004}&lon=${g.lon}&timestamp=${Math.floor(Date.now() / 1000)}`);
    }
    await new Promise((r) => setTimeout(r, 1200));
    for (const { s, username, events } of sockets) {
      expect(events(), username).toBeGreaterThan(0);
      s.disconnect();
    }
    expect(problems).toEqual([]);
  });
});
