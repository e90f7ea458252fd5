// The terminals' doors on plain node:http (issue 20): a request is read as Express's parsers read it, every
// refusal is a 4xx saying what is wrong that stores nothing, and the caller's address is believed through
// the configured proxies only (issue 16 #20), as on every other route.
import { request as httpRequest } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOOR_LIMITS } from '../server/platform/http/doors.ts';
import { UNKNOWN_ID_BUDGET } from '../server/tracking/osmand.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let behindProxy: TestServer;
let token: string;
const positions = async () => (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM positions'))[0]!.n;
let minute = 0;
/** A fix a minute apart from the last, a few minutes old, near the town. */
const nextFix = () => ({
  deviceTime: new Date(Date.now() - 30 * 60_000 + minute++ * 60_000).toISOString(),
  lat: 35.0 + minute * 0.0005,
  lon: 117.1,
  accuracy: 5,
});

beforeAll(async () => {
  [srv, behindProxy] = await Promise.all([startTestServer(), startTestServer({ seed: false, env: { TRUST_PROXY: 'loopback' } })]);
  const admin = await client(srv.base, 'admin');
  const workerId = (await admin.get('/workers')).body[0].id;
  const reg = await admin.post('/devices', { uniqueId: 'DOOR-1', workerId });
  token = reg.body.token;
});
afterAll(async () => {
  await srv?.close();
  await behindProxy?.close();
});

const native = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${srv.base}/api/positions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body });

describe('the terminals’ doors read a body as Express did', () => {
  it('takes a compressed batch (gzip, deflate) and a JSON body with a UTF-8 charset', async () => {
    const before = await positions();
    for (const [encoding, pack] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
    ] as const) {
      const r = await native(pack(JSON.stringify({ fixes: [nextFix()] })), { 'content-encoding': encoding });
      expect(await r.json(), encoding).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    }
    const r = await native(JSON.stringify({ fixes: [nextFix()] }), { 'content-type': 'application/json; charset=UTF-8' });
    expect(r.status).toBe(200);
    expect(await positions()).toBe(before + 3);
  });

  it('refuses what it cannot read with a 4xx that says why, and stores nothing', async () => {
    const before = await positions();
    const fix = JSON.stringify({ fixes: [nextFix()] });
    const cases: [string, Promise<Response>, number, string][] = [
      ['unknown encoding', native(fix, { 'content-encoding': 'compress' }), 415, 'unsupported_encoding'],
      ['not gzip', native(fix, { 'content-encoding': 'gzip' }), 400, 'invalid_request'],
      ['latin-1', native(fix, { 'content-type': 'application/json; charset=latin1' }), 415, 'unsupported_encoding'],
      ['cut JSON', native('{"fixes": ['), 400, 'invalid_json'],
      ['JSON not an object', native('"fixes"'), 400, 'invalid_json'],
      ['over 1 MB', native(`{"fixes": [${'1,'.repeat(DOOR_LIMITS.jsonBytes / 2)}1]}`), 413, 'too_large'],
      ['inflates over 1 MB', native(gzipSync(`{"fixes": [${'1,'.repeat(DOOR_LIMITS.jsonBytes)}1]}`), { 'content-encoding': 'gzip' }), 413, 'too_large'],
      [
        'a form of too many fields',
        fetch(`${srv.base}/api/osmand`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: Array.from({ length: DOOR_LIMITS.formFields + 1 }, (_, i) => `f${i}=1`).join('&'),
        }),
        413,
        'too_large',
      ],
      ['no such method', fetch(`${srv.base}/api/positions`, { headers: { authorization: `Bearer ${token}` } }), 404, 'not_found'],
      [
        'a write from another site',
        fetch(`${srv.base}/api/osmand?id=DOOR-1&lat=35.01&lon=117.1`, { method: 'POST', headers: { origin: 'http://evil.example' } }),
        403,
        'cross_site',
      ],
      ['no token', fetch(`${srv.base}/api/positions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fix }), 401, 'unauthorized'],
      ['off the contract', native(JSON.stringify({ fixes: 'all of them' })), 400, 'invalid_request'],
    ];
    for (const [what, answer, status, error] of cases) {
      const r = await answer;
      expect(r.status, what).toBe(status);
      expect(r.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect((await r.json()).error, what).toBe(error);
    }
    expect(await positions()).toBe(before);
  });

  it('outlives a request cut off in its body, and answers the next', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${srv.base}/api/positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '5000' },
      });
      req.on('error', () => resolve());
      req.write('{"fixes": [', () => setTimeout(() => req.destroy(), 50));
    });
    const r = await native(JSON.stringify({ fixes: [nextFix()] }));
    expect(await r.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });
});

describe('the caller’s address at the doors (issue 16 #20)', () => {
  const guess = (base: string, i: number, from: string) =>
    fetch(`${base}/api/osmand?id=GUESS-${from}-${i}&lat=35&lon=117.1`, { headers: { 'x-forwarded-for': from } });

  it('is the connection’s own unless TRUST_PROXY names the proxy: a guesser cannot dodge the throttle by saying it is elsewhere', async () => {
    const direct: number[] = [];
    for (let i = 0; i <= UNKNOWN_ID_BUDGET.max; i++) direct.push((await guess(srv.base, i, `203.0.113.${i}`)).status);
    expect(direct.at(-1)).toBe(429);
    // Behind a trusted proxy, each forwarded address has its own budget, and is the one recorded.
    const proxied: number[] = [];
    for (let i = 0; i <= UNKNOWN_ID_BUDGET.max; i++) proxied.push((await guess(behindProxy.base, i, `203.0.113.${i}`)).status);
    expect(proxied.every((s) => s === 400)).toBe(true);
    const [seen] = await behindProxy.db.query<{ remote: string }>(`SELECT remote FROM unknown_devices WHERE unique_id = 'GUESS-203.0.113.3-3'`);
    expect(seen!.remote).toBe('203.0.113.3');
  });
});
