// Roles and scopes proven for every route (R40): the route table and SECURITY.md agree, and every route is
// called as every role, anonymously, with an expired session, with a terminal's token and a revoked one.
// Also: login throttling, password change and reset, terminal revocation, cross-site writes, headers,
// the append-only audit trail.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../shared/core/roles.ts';
import { apiRoutes } from '../server/app.ts';
import { tokenHash } from '../server/auth/sessions.ts';
import type { Route } from '../server/platform/http/route.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let routes: Route[];
const accounts: Record<string, string> = {
  admin: 'admin',
  leader: 'leader',
  duty: 'duty',
  squad_leader: 'squad01',
  inspector: 'inspector',
  worker: 'worker',
  wall: 'wall',
  department: 'urban',
};

beforeAll(async () => {
  srv = await startTestServer();
  routes = apiRoutes(srv.running.deps);
});
afterAll(() => srv?.close());

const accessText = (r: Route) => (r.access === 'public' ? 'public' : r.access === 'device' ? 'device' : [...r.access].join(', '));
const concrete = (path: string) => path.replace(':id', '1').replace(':code', '0101').replace(':photo', '1');
/**
 * The status of a call; a 403 saying the record is outside the caller's scope (the field app's: another
 * grid's household, R40) is a role the route lets in, refused that one record — told apart from a role refused.
 */
const call = (method: string, path: string, headers: Record<string, string>) =>
  fetch(`${srv.base}/api${concrete(path)}`, {
    method: method === 'ALL' ? 'GET' : method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' || method === 'ALL' ? undefined : '{}',
  }).then(async (r) => (r.status === 403 && ((await r.json()) as { error: string }).error === 'out_of_scope' ? 'out of scope' : r.status));

describe('the route table', () => {
  it('is the table in SECURITY.md, route for route', () => {
    const doc = readFileSync('SECURITY.md', 'utf8');
    const rows = [...doc.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE|ALL) \| `\/api(\S+)` \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(rows.sort()).toEqual(routes.map((r) => `${r.method.toUpperCase()} ${r.path} ${accessText(r)}`).sort());
  });

  it('answers each role as the table says: 401 without a session, 403 outside the list, never either inside it', async () => {
    const cookies: Record<string, string> = {};
    for (const [role, username] of Object.entries(accounts))
      cookies[role] = (await client(srv.base, username, role === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD)).cookie;
    const admin = await client(srv.base, 'admin');
    const [w] = (await admin.get('/workers')).body;
    // Device 1 is what the admin routes on `/devices/1/…` rotate and revoke; the terminals used here come after.
    expect((await admin.post('/devices', { uniqueId: 'SEC-0000', workerId: w.id })).body.id).toBe(1);
    const device = (await admin.post('/devices', { uniqueId: 'SEC-0001', workerId: w.id })).body;
    const revoked = (await admin.post('/devices', { uniqueId: 'SEC-0002', workerId: w.id })).body;
    expect((await admin.post(`/devices/${revoked.id}/revoke`)).status).toBe(200);
    // An expired session: a real login whose session has run out.
    const stale = await client(srv.base, 'leader');
    await srv.db.query(`UPDATE sessions SET expires_at = now() - interval '1 hour' WHERE token_hash = $1`, [tokenHash(stale.cookie.split('=')[1]!)]);
    const checked: string[] = [];
    for (const r of routes) {
      const m = r.method.toUpperCase();
      if (r.path === '/auth/logout') continue; // would end the sessions used here; covered below
      const anonymous = await call(m, r.path, {});
      const expired = await call(m, r.path, { cookie: stale.cookie });
      if (r.access === 'public') {
        expect([anonymous, expired], `${m} ${r.path} public`).not.toContain(401);
        continue;
      }
      expect(anonymous, `${m} ${r.path} anonymous`).toBe(401);
      expect(expired, `${m} ${r.path} expired session`).toBe(401);
      const viaDevice = r.access === 'device' || r.access.includes('device');
      if (viaDevice) {
        expect(await call(m, r.path, { authorization: `Bearer ${device.token}` }), `${m} ${r.path} device`).not.toBeOneOf([401, 403]);
        expect(await call(m, r.path, { authorization: `Bearer ${revoked.token}` }), `${m} ${r.path} revoked device`).toBe(401);
      }
      if (r.access === 'device') {
        for (const role of ROLES) expect(await call(m, r.path, { cookie: cookies[role]! }), `${m} ${r.path} as ${role} (terminals only)`).toBe(401);
        continue;
      }
      for (const role of ROLES) {
        const status = await call(m, r.path, { cookie: cookies[role]! });
        if (r.access.includes(role)) expect(status, `${m} ${r.path} as ${role}`).not.toBeOneOf([401, 403]);
        else expect(status, `${m} ${r.path} as ${role}`).toBe(403);
      }
      checked.push(`${m} ${r.path}`);
    }
    expect(checked.length).toBeGreaterThan(40);
    // Every route as every role: it grows with the route table, past the default on a busy machine.
  }, 240_000);
});

describe('logins and sessions', () => {
  it('lock a username after five wrong passwords, the right one included, and audit it', async () => {
    const login = (password: string) =>
      fetch(`${srv.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'squad09', password }),
      });
    for (let i = 0; i < 5; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    const locked = await login(DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await srv.db.query(`SELECT 1 FROM audit_log WHERE action = 'login_locked' AND entity_id = 'squad09'`)).length).toBe(1);
    expect((await client(srv.base, 'squad08')).cookie).not.toBe(''); // other users are not affected
  });

  it('change a password with the current one, ending the other sessions; an administrator resets one', async () => {
    const a = await client(srv.base, 'inspector');
    const b = await client(srv.base, 'inspector');
    expect((await a.post('/auth/password', { current: 'wrong', next: 'new-password-1' })).status).toBe(403);
    expect((await a.post('/auth/password', { current: DEMO_PASSWORD, next: 'short' })).status).toBe(400);
    expect((await a.post('/auth/password', { current: DEMO_PASSWORD, next: 'new-password-1' })).status).toBe(200);
    expect((await a.get('/auth/me')).status).toBe(200);
    expect((await b.get('/auth/me')).status).toBe(401);
    expect((await client(srv.base, 'inspector', 'new-password-1')).cookie).not.toBe('');
    const admin = await client(srv.base, 'admin');
    const [{ id }] = (await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'inspector'`)) as [{ id: number }];
    expect((await admin.post(`/users/${id}/password`, { password: DEMO_PASSWORD })).status).toBe(200);
    expect((await a.get('/auth/me')).status).toBe(401);
    expect((await admin.post('/users/99999/password', { password: DEMO_PASSWORD })).status).toBe(404);
    expect((await (await client(srv.base, 'wall')).post('/auth/password', { current: DEMO_PASSWORD, next: 'new-password-2' })).status).toBe(403);
  });
});

describe('terminals', () => {
  it('are cut off at once when revoked: token and OsmAnd id refused', async () => {
    const admin = await client(srv.base, 'admin');
    const [w] = (await admin.get('/workers')).body;
    const d = (await admin.post('/devices', { uniqueId: 'SEC-LOST', workerId: w.id })).body;
    const fix = (lat: number) => ({ fixes: [{ deviceTime: new Date().toISOString(), lat, lon: 117.1, accuracy: 5 }] });
    const post = () =>
      fetch(`${srv.base}/api/positions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token}` },
        body: JSON.stringify(fix(35.0)),
      });
    expect((await post()).status).toBe(200);
    expect((await admin.post(`/devices/${d.id}/revoke`)).status).toBe(200);
    expect((await post()).status).toBe(401);
    const osmand = await fetch(`${srv.base}/api/osmand?id=SEC-LOST&lat=35.0&lon=117.1&timestamp=${Math.floor(Date.now() / 1000)}`);
    expect(osmand.status).toBeGreaterThanOrEqual(400);
    expect((await admin.post('/devices/99999/revoke')).status).toBe(404);
  });
});

describe('browsers', () => {
  it('refuse a cookie-carrying write from another site, and get security headers', async () => {
    const duty = await client(srv.base, 'duty');
    const body = { categoryCode: '0501', lat: 35.0, lon: 117.1, description: 'x' };
    expect((await duty.post('/incidents', body, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await duty.post('/incidents', body, { referer: 'http://evil.example/page' })).status).toBe(403);
    const own = new URL(srv.base).host;
    expect((await duty.post('/incidents', body, { origin: `http://${own}` })).status).not.toBe(403);
    const r = await fetch(`${srv.base}/api/health`);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('logins from another site (issue 16 #16)', () => {
  it('are refused, so a page elsewhere cannot log a browser into an account of its choosing', async () => {
    const login = (headers: Record<string, string>) =>
      fetch(`${srv.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ username: 'duty', password: DEMO_PASSWORD }),
      });
    for (const headers of [{ origin: 'http://evil.example' }, { referer: 'http://evil.example/login' }, { origin: 'null' }] as Record<string, string>[]) {
      const r = await login(headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect((await r.json()).error).toBe('cross_site');
      expect(r.headers.get('set-cookie'), JSON.stringify(headers)).toBeNull();
    }
    const own = await login({ origin: srv.base });
    expect(own.status).toBe(200);
    expect(own.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await login({})).status).toBe(200); // a script, no browser headers
  });
});

describe('the audit trail', () => {
  it('is append-only in the database', async () => {
    const [{ n }] = (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')) as [{ n: number }];
    expect(n).toBeGreaterThan(10);
    await expect(srv.db.query(`UPDATE audit_log SET action = 'nothing'`)).rejects.toThrow(/append-only/);
    await expect(srv.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(srv.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const [{ m }] = (await srv.db.query<{ m: number }>('SELECT count(*)::int AS m FROM audit_log')) as [{ m: number }];
    expect(m).toBe(n);
  });
});

describe('the audit viewer', () => {
  it('shows administrators and inspectors the trail, filtered, and exports it as CSV safe for Excel', async () => {
    await fetch(`${srv.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: '=HYPERLINK("http://x")', password: 'x' }),
    });
    const admin = await client(srv.base, 'admin');
    const all = (await admin.get('/audit?pageSize=1000')).body;
    expect(all.total).toBeGreaterThan(10);
    expect(all.entries[0].id).toBeGreaterThan(all.entries[1].id); // newest first
    const failed = (await (await client(srv.base, 'inspector')).get('/audit?action=login_failed')).body.entries;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e: any) => e.action === 'login_failed')).toBe(true);
    const csv = await fetch(`${srv.base}/api/audit.csv?action=login_failed`, { headers: { cookie: admin.cookie } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads UTF-8
    const text = bytes.toString('utf8');
    expect(text).toContain('"编号","时间","用户"');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`); // a formula is written as text
    expect((await admin.get('/audit?action=export')).body.entries[0]).toMatchObject({ entity: 'audit_log', username: 'admin' });
    for (const q of ['from=2026-13-01', 'user=x', 'entity=Robert%27);DROP', 'pageSize=5000']) expect((await admin.get(`/audit?${q}`)).status, q).toBe(400);
  });

  it('records reading sensitive personal data (R40)', async () => {
    const leader = await client(srv.base, 'leader');
    expect((await leader.get('/coverage/focus-overdue')).status).toBe(200);
    const admin = await client(srv.base, 'admin');
    const reads = (await admin.get('/audit?action=read&entity=focus_persons')).body.entries;
    expect(reads[0]).toMatchObject({ username: 'leader', entity: 'focus_persons' });
    expect((await (await client(srv.base, 'wall')).get('/coverage/focus-overdue')).status).toBe(200); // masked: not a sensitive read
    expect((await admin.get('/audit?action=read&entity=focus_persons')).body.total).toBe(reads.length);
  });
});

describe('terminal budgets and ids', () => {
  it('refuse a flood from one terminal with 429, not the others, and issue unguessable ids', async () => {
    const admin = await client(srv.base, 'admin');
    const issued = (await admin.post('/devices', { workerId: null })).body;
    expect(issued.uniqueId).toMatch(/^XG-[A-Za-z0-9_-]{16}$/);
    const other = (await admin.post('/devices', { workerId: null })).body;
    expect(other.uniqueId).not.toBe(issued.uniqueId);
    const send = (token: string) =>
      fetch(`${srv.base}/api/positions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"fixes":[]}',
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push(await send(issued.token));
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect(await send(other.token)).toBe(200);
  });
});
