// Logins under attack (issue 16 #13, #14): wrong passwords make a username and an address wait, longer each
// time, but cannot lock the user out of a browser they logged in from before; an administrator lifts a wait;
// both counters count every failure; several nodes share them through Redis. Addresses come through the
// proxy header (TRUST_PROXY names this host), so each test speaks from an address of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/platform/log.ts';
import { LOGIN_LIMITS, LoginThrottle, RedisCounters } from '../server/auth/throttle.ts';
import { startRedis, type Service } from './cluster/harness.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
});
afterAll(() => srv?.close());

/** A browser: its own address and cookie jar. */
function browser(address: string) {
  const jar = new Map<string, string>();
  return {
    jar,
    async login(username: string, password: string) {
      const r = await fetch(`${srv.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        body: JSON.stringify({ username, password }),
      });
      for (const c of r.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, v] = pair!.split('=');
        jar.set(k!, v!);
      }
      return { status: r.status, retryAfter: Number(r.headers.get('retry-after')) };
    },
  };
}

const wrongTimes = async (b: ReturnType<typeof browser>, username: string, n: number) => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await b.login(username, `wrong-${i}`)).status);
  return statuses;
};

describe('logins', () => {
  it('a stranger’s wrong passwords make the username wait, but not the user’s own browser, whose right password lifts the wait', async () => {
    const own = browser('198.51.100.10');
    expect((await own.login('squad07', DEMO_PASSWORD)).status).toBe(200);
    expect(own.jar.get('gp_known')).toBeTruthy();
    const stranger = browser('203.0.113.10');
    expect(await wrongTimes(stranger, 'squad07', LOGIN_LIMITS.userFailures)).toEqual(Array(LOGIN_LIMITS.userFailures).fill(401));
    const held = await stranger.login('squad07', DEMO_PASSWORD);
    expect(held.status).toBe(429);
    expect(held.retryAfter).toBe(LOGIN_LIMITS.firstWaitMs / 1000);
    // A new browser of the user's waits too; their own browser does not.
    expect((await browser('198.51.100.11').login('squad07', DEMO_PASSWORD)).status).toBe(429);
    expect((await own.login('squad07', DEMO_PASSWORD)).status).toBe(200);
    expect((await browser('198.51.100.11').login('squad07', DEMO_PASSWORD)).status).toBe(200); // lifted
    const [alert] = await srv.db.query<{ after: { waitMs: number }; ip: string }>(
      `SELECT after, ip FROM audit_log WHERE action = 'login_locked' AND entity = 'user' AND entity_id = 'squad07'`,
    );
    expect(alert).toMatchObject({ after: { waitMs: LOGIN_LIMITS.firstWaitMs }, ip: '203.0.113.10' });
  });

  it('waits longer each time the limit is reached again', async () => {
    const own = browser('198.51.100.20');
    expect((await own.login('squad06', DEMO_PASSWORD)).status).toBe(200);
    const stranger = browser('203.0.113.20');
    await wrongTimes(stranger, 'squad06', LOGIN_LIMITS.userFailures);
    expect((await stranger.login('squad06', DEMO_PASSWORD)).retryAfter).toBe(LOGIN_LIMITS.firstWaitMs / 1000);
    expect((await own.login('squad06', DEMO_PASSWORD)).status).toBe(200);
    await wrongTimes(stranger, 'squad06', LOGIN_LIMITS.userFailures);
    expect((await stranger.login('squad06', DEMO_PASSWORD)).retryAfter).toBe((2 * LOGIN_LIMITS.firstWaitMs) / 1000);
  });

  it('lets an administrator lift a username’s wait, and records it', async () => {
    const stranger = browser('203.0.113.30');
    await wrongTimes(stranger, 'squad05', LOGIN_LIMITS.userFailures);
    const fresh = browser('198.51.100.30');
    expect((await fresh.login('squad05', DEMO_PASSWORD)).status).toBe(429);
    const admin = await client(srv.base, 'admin', ADMIN_PASSWORD);
    const [u] = await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'squad05'`);
    expect((await admin.post(`/users/${u!.id}/unlock`)).status).toBe(200);
    expect((await fresh.login('squad05', DEMO_PASSWORD)).status).toBe(200);
    expect((await srv.db.query(`SELECT 1 FROM audit_log WHERE action = 'unlock' AND entity_id = $1`, [String(u!.id)])).length).toBe(1);
    expect((await admin.post('/users/999999/unlock')).status).toBe(404);
    expect((await (await client(srv.base, 'leader')).post(`/users/${u!.id}/unlock`)).status).toBe(403);
  });

  it('counts the failure that makes a username wait against its address too (#14)', async () => {
    const guesser = browser('203.0.113.40');
    await wrongTimes(guesser, 'squad04', LOGIN_LIMITS.userFailures); // the last of these makes squad04 wait
    for (let i = 0; i < LOGIN_LIMITS.addressFailures - LOGIN_LIMITS.userFailures; i++) expect((await guesser.login(`nobody-${i}`, 'x')).status).toBe(401);
    const held = await guesser.login('squad03', DEMO_PASSWORD);
    expect(held.status).toBe(429);
    expect(held.retryAfter).toBe(LOGIN_LIMITS.firstWaitMs / 1000);
    expect((await browser('198.51.100.40').login('squad03', DEMO_PASSWORD)).status).toBe(200); // another address
    expect((await srv.db.query(`SELECT 1 FROM audit_log WHERE action = 'login_locked' AND entity = 'address' AND entity_id = '203.0.113.40'`)).length).toBe(1);
  });
});

describe('login throttling on several nodes', () => {
  let redis: Service;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('shares the counts through Redis: two nodes do not double the limits', async () => {
    const url = `redis://127.0.0.1:${redis.port}`;
    const log = createLogger('silent');
    const stores = [new RedisCounters(url, log), new RedisCounters(url, log)] as const;
    await Promise.all(stores.map((s) => s.ready));
    const [a, b] = stores.map((s) => new LoginThrottle(s)) as [LoginThrottle, LoginThrottle];
    const who = { username: 'shared-user', address: '192.0.2.1' };
    for (let i = 0; i < LOGIN_LIMITS.userFailures - 1; i++) expect((await (i % 2 ? a : b).failed(who)).user).toBe(0);
    expect((await a.failed(who)).user).toBe(LOGIN_LIMITS.firstWaitMs);
    const waiting = await b.wait({ ...who, knownBrowser: false });
    expect(waiting).toBeGreaterThan(LOGIN_LIMITS.firstWaitMs - 5000);
    expect(await b.wait({ ...who, knownBrowser: true })).toBe(0);
    await b.lift(who.username);
    expect(await a.wait({ ...who, knownBrowser: false })).toBe(0);
    await Promise.all([a.close(), b.close()]);
  });
});
