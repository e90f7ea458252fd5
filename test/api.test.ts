// The HTTP API as its clients use it: login, roles and scopes, GeoJSON layers, bad input.
import * as turf from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv?.close());

describe('health and description', () => {
  it('reports the backend and PostGIS without a login', async () => {
    const r = await (await client(srv.base)).get('/health');
    expect(r.status).toBe(200);
    // One node alone: its name, and no cluster bus.
    expect(r.body).toEqual({
      status: 'ok',
      db: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
      postgis: expect.stringMatching(/^3\.\d+/),
      node: expect.stringMatching(/.+:\d+$/),
      cluster: null,
    });
    // An administrator also sees this node's memory; nobody else does.
    const admin = (await (await client(srv.base, 'admin')).get('/health')).body.memory;
    expect(admin.rssMB).toBeGreaterThan(admin.heapUsedMB);
    expect(admin.heapUsedMB).toBeGreaterThan(1);
    expect((await (await client(srv.base, 'duty')).get('/health')).body.memory).toBeUndefined();
  });

  it('serves OpenAPI generated from the route table, with the fixed paths', async () => {
    const r = await (await client(srv.base)).get('/openapi.json');
    expect(r.body.openapi).toBe('3.1.0');
    for (const p of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/geo/boundary',
      '/api/geo/squads',
      '/api/geo/villages',
      '/api/geo/grids',
      '/api/geo/roads',
      '/api/geo/targets',
      '/api/org',
      '/api/workers',
      '/api/openapi.json',
    ])
      expect(Object.keys(r.body.paths)).toContain(p);
    expect(r.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
  });
});

describe('login and sessions', () => {
  it('logs in with an httpOnly, SameSite cookie, knows who is in, logs out', async () => {
    const c = await client(srv.base);
    const login = await c.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/gp_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await c.get('/auth/me')).body.username).toBe('admin');
    expect((await c.post('/auth/logout')).status).toBe(200);
    expect((await c.get('/auth/me')).status).toBe(401);
  });

  it('refuses a wrong password or an unknown user alike, and records the attempt', async () => {
    const c = await client(srv.base);
    const wrong = await c.post('/auth/login', { username: 'admin', password: 'nope-nope' });
    const unknown = await c.post('/auth/login', { username: 'nobody', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    const audited = await srv.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'login_failed' AND entity_id IN ('admin', 'nobody')`,
    );
    expect(audited[0]!.n).toBe(2);
  });

  it('keeps everything but health, login and the API description behind a login', async () => {
    const anon = await client(srv.base);
    for (const p of ['/geo/grids', '/geo/boundary', '/org', '/workers', '/auth/me', '/users']) expect((await anon.get(p)).status, p).toBe(401);
    const forged = await anon.post('/auth/logout', undefined, { cookie: 'gp_session=forged-token' });
    expect(forged.status).toBe(401);
  });
});

describe('GeoJSON layers', () => {
  it('return valid WGS84 FeatureCollections with an id and the contract properties on every feature', async () => {
    const c = await client(srv.base, 'duty');
    const expected: Record<string, string[]> = {
      boundary: ['code', 'name'],
      squads: ['code', 'name', 'branch'],
      villages: ['code', 'name', 'kind', 'squadId'],
      grids: ['code', 'name', 'squadId', 'villageId', 'class', 'workerId'],
      roads: ['class', 'name'],
      targets: ['name', 'kind', 'gridId', 'radiusM', 'requiredPasses'],
      context: ['kind', 'name'],
    };
    for (const [layer, props] of Object.entries(expected)) {
      const r = await c.get(`/geo/${layer}`);
      expect(r.status, layer).toBe(200);
      expect(r.body.type).toBe('FeatureCollection');
      expect(r.body.features.length, layer).toBeGreaterThan(0);
      for (const f of r.body.features) {
        expect(f.id, layer).toEqual(expect.any(Number));
        for (const p of props) expect(f.properties, `${layer}.${p}`).toHaveProperty(p);
        const [w, s, e, n] = turf.bbox(f);
        expect(w).toBeGreaterThan(116.9);
        expect(e).toBeLessThan(117.3);
        expect(s).toBeGreaterThan(34.85);
        expect(n).toBeLessThan(35.15);
        if (f.geometry.type.endsWith('Polygon')) expect(turf.kinks(f).features, `${layer} ${f.id} self-intersects`).toHaveLength(0);
      }
    }
    const grids = (await c.get('/geo/grids')).body;
    expect(grids.features.length).toBeGreaterThanOrEqual(130);
    expect(grids.features[0].properties.code).toMatch(/^370481106\d{5}$/);
    expect(new Set(grids.features.map((f: any) => f.properties.workerId)).size).toBe(grids.features.length);
  });

  it('narrow to one squad when asked', async () => {
    const c = await client(srv.base, 'leader');
    const all = (await c.get('/geo/grids')).body.features;
    const two = (await c.get('/geo/grids?squad=2')).body.features;
    expect(two.length).toBeGreaterThan(0);
    expect(two.length).toBeLessThan(all.length);
    expect(two.every((f: any) => f.properties.squadId === 2)).toBe(true);
  });
});

describe('roles and scopes', () => {
  it('gives a squad leader only their squad, and refuses another squad (403, no data)', async () => {
    const c = await client(srv.base, 'squad03');
    const me = (await c.get('/auth/me')).body;
    expect(me.role).toBe('squad_leader');
    for (const p of ['/geo/grids', '/geo/villages', '/geo/targets']) {
      const r = await c.get(p);
      expect(r.status).toBe(200);
      expect(r.body.features.length, p).toBeGreaterThan(0);
    }
    expect((await c.get('/geo/grids')).body.features.every((f: any) => f.properties.squadId === me.squadId)).toBe(true);
    expect((await c.get('/geo/villages')).body.features.every((f: any) => f.properties.squadId === me.squadId)).toBe(true);
    const workers = (await c.get('/workers')).body;
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.every((w: any) => w.squadId === me.squadId)).toBe(true);
    for (const p of ['/geo/grids?squad=1', '/workers?squad=1', '/geo/targets?squad=1']) {
      const r = await c.get(p);
      expect(r.status, p).toBe(403);
      expect(r.body).toEqual({ error: 'forbidden', message: expect.any(String) });
    }
    // Targets of other squads never leak through.
    const gridIds = new Set((await c.get('/geo/grids')).body.features.map((f: any) => f.id));
    expect((await c.get('/geo/targets')).body.features.every((t: any) => gridIds.has(t.properties.gridId))).toBe(true);
  });

  it('gives a grid worker only their own grid and their own record', async () => {
    const c = await client(srv.base, 'worker');
    const me = (await c.get('/auth/me')).body;
    expect(me.gridId).toEqual(expect.any(Number));
    const grids = (await c.get('/geo/grids')).body.features;
    expect(grids.map((g: any) => g.id)).toEqual([me.gridId]);
    const workers = (await c.get('/workers')).body;
    expect(workers.map((w: any) => w.id)).toEqual([me.workerId]);
    expect((await c.get('/geo/targets')).body.features.every((t: any) => t.properties.gridId === me.gridId)).toBe(true);
  });

  it('shows the wall masked names and no phone numbers (R40; issue 16 #5)', async () => {
    const wall = await client(srv.base, 'wall');
    const duty = await client(srv.base, 'duty');
    const masked = (await wall.get('/workers')).body;
    const full = (await duty.get('/workers')).body;
    expect(masked).toHaveLength(full.length);
    for (let i = 0; i < full.length; i++) {
      expect(full[i].phone).toMatch(/^1\d{10}$/);
      expect(masked[i].phone).toBeNull();
      expect(masked[i].name).toContain('*');
      expect(masked[i].name[0]).toBe(full[i].name[0]);
      expect(masked[i].name).not.toBe(full[i].name);
    }
    const org = (await wall.get('/org')).body;
    expect(org.brigade.captain).toContain('*');
    expect(org.squads.every((s: any) => s.leader.includes('*'))).toBe(true);
  });

  it('describes the brigade: 三组一队, nine squads with their grids, departments, the rotating chair (R1-R6)', async () => {
    const org = (await (await client(srv.base, 'leader')).get('/org')).body;
    expect(org.brigade.name).toBe('西岗巡查大队');
    expect(org.brigade.deputies).toHaveLength(2);
    expect(org.sections.map((s: any) => s.name)).toEqual(['综合组', '管理组', '信息组', '督察队']);
    expect(org.squads).toHaveLength(9);
    expect(org.squads.every((s: any) => s.name.endsWith('巡查中队') && s.grids > 0 && s.grids === s.workers)).toBe(true);
    expect(org.departments.map((d: any) => d.name)).toContain('派出所');
    expect(org.departments.find((d: any) => d.name === '派出所').headcount).toBe(2);
    expect(org.squads.map((s: any) => s.id)).toContain(org.rotatingChair.squadId);
    expect(org.rotatingChair.quarter).toMatch(/^\d{4}Q[1-4]$/);
  });

  it('lets only an admin list and create accounts; a new squad leader is scoped at once', async () => {
    const admin = await client(srv.base, 'admin');
    for (const who of ['leader', 'duty', 'wall', 'squad01']) {
      const c = await client(srv.base, who);
      expect((await c.get('/users')).status, who).toBe(403);
      expect((await c.post('/users', { username: 'sneaky', displayName: 'x', password: 'password123', role: 'admin' })).status, who).toBe(403);
    }
    const created = await admin.post('/users', { username: 'squad05b', displayName: '张*', password: 'password-123', role: 'squad_leader', squadId: 5 });
    expect(created.status).toBe(201);
    const c = await client(srv.base, 'squad05b', 'password-123');
    expect((await c.get('/geo/grids')).body.features.every((f: any) => f.properties.squadId === 5)).toBe(true);
    expect((await admin.post('/users', { username: 'squad05b', displayName: 'again', password: 'password-123', role: 'leader' })).status).toBe(409);
    const audit = await srv.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'create' AND entity = 'user' AND after->>'username' = 'squad05b'`,
    );
    expect(audit[0]!.n).toBe(1);
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  it('rejects malformed and invalid bodies', async () => {
    const admin = await client(srv.base, 'admin');
    const before = (await admin.get('/users')).body.length;
    const cases: [unknown, number, string][] = [
      ['{not json', 400, 'invalid_json'],
      [{ username: 'ab', displayName: 'x', password: 'password123', role: 'leader' }, 400, 'invalid_request'],
      [{ username: 'okname', displayName: 'x', password: 'short', role: 'leader' }, 400, 'invalid_request'],
      [{ username: 'okname', displayName: 'x', password: 'password123', role: 'god' }, 400, 'invalid_request'],
      [{ username: 'okname', displayName: 'x', password: 'password123', role: 'squad_leader' }, 400, 'invalid_request'],
      [{ username: 'okname', displayName: 'x', password: 'password123', role: 'leader', squadId: 1 }, 400, 'invalid_request'],
      [{ username: 'okname', displayName: 'x', password: 'password123', role: 'leader', extra: 1 }, 400, 'invalid_request'],
      [{ username: 'okname', displayName: 'x', password: 'password123', role: 'squad_leader', squadId: 999 }, 422, 'unknown_reference'],
      [{ username: 'okname', displayName: 'x', password: 'password123', role: 'worker', workerId: 99999 }, 422, 'unknown_reference'],
      [[1, 2, 3], 400, 'invalid_request'],
    ];
    for (const [body, status, error] of cases) {
      const r = await admin.post('/users', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error).toBe(error);
      expect(r.body.message).toEqual(expect.any(String));
    }
    expect((await admin.get('/users')).body.length).toBe(before);
  });

  it('says which field is wrong', async () => {
    const r = await (await client(srv.base)).post('/auth/login', { username: 'admin' });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([{ path: 'body.password', message: expect.any(String) }]);
  });

  it('refuses an oversized body with 413', async () => {
    const r = await (await client(srv.base)).post('/auth/login', { username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('too_large');
  });

  it('rejects bad query parameters and unknown routes', async () => {
    const c = await client(srv.base, 'leader');
    for (const q of ['squad=abc', 'squad=-1', 'squad=1.5', 'squad=99999999999', 'other=1']) {
      const r = await c.get(`/geo/grids?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error).toBe('invalid_request');
    }
    const r = await c.get('/no/such/route');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
  });
});
