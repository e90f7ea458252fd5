// Hostile input (R40): generated garbage thrown at every JSON endpoint, every query and path, and the socket
// handshake — wrong types, huge numbers, deep nesting, long strings, __proto__ keys, injection strings,
// coordinates out of range. The server answers 4xx (reads may answer 2xx), stays up, and writes nothing.
import fc from 'fast-check';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoutes } from '../server/app.ts';
import type { Route } from '../server/platform/http/route.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let routes: Route[];
let admin: Awaited<ReturnType<typeof client>>;
let token = '';
const TABLES = [
  'users',
  'devices',
  'incidents',
  'incident_events',
  'incident_attachments',
  'incident_categories',
  'calendar_days',
  'visits',
  'grids',
  'targets',
  'households',
  'focus_persons',
  'coverage_days',
  'target_passes',
  'reward_applications',
  'reward_proofs',
  'award_feedback',
  'award_lists',
];

beforeAll(async () => {
  srv = await startTestServer();
  routes = apiRoutes(srv.running.deps);
  admin = await client(srv.base, 'admin');
  const [w] = (await admin.get('/workers')).body;
  token = (await admin.post('/devices', { uniqueId: 'HOSTILE-1', workerId: w.id })).body.token;
});
afterAll(() => srv?.close());

const snapshot = async () =>
  Object.fromEntries(
    await Promise.all(TABLES.map(async (t) => [t, (await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n] as const)),
  );
const okFixes = async () => (await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions WHERE verdict = 'ok'`))[0]!.n;

const NASTY = [
  "'; DROP TABLE incidents; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '𠮷'.repeat(300),
  'x'.repeat(20_000),
  '1e309',
  '-1',
  '0',
  '9007199254740993',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  '{"$gt":""}',
  '2026-02-30',
  '99999999',
];
/** Garbage values: anything JSON can carry, and the strings that break careless code. */
const value = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(...NASTY),
    fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.1, 2 ** 31, -(2 ** 31) - 1, 91, -181),
    fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: false }),
    fc.array(fc.constantFrom(...NASTY), { maxLength: 50 }),
    fc.constant(JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}')),
    fc.integer({ min: 1, max: 200 }).map((d) => JSON.parse(`${'['.repeat(d)}${']'.repeat(d)}`)),
    fc.constant({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    }), // self-intersecting
  );
/** Objects with the route's own field names holding garbage: past the outer shape, into the validators. */
const shaped = (schema: z.ZodType | undefined): fc.Arbitrary<unknown> => {
  const js = schema
    ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, unknown>;
        anyOf?: { properties?: Record<string, unknown> }[];
      })
    : {};
  const keys = [...new Set([...Object.keys(js.properties ?? {}), ...(js.anyOf ?? []).flatMap((a) => Object.keys(a.properties ?? {}))])];
  if (!keys.length) return fc.anything({ maxDepth: 2 });
  return fc.dictionary(fc.constantFrom(...keys, '__proto__', 'extra'), value(), { maxKeys: keys.length + 1 });
};
const concrete = (path: string) => path.replace(':id', '1').replace(':code', '0101').replace(':photo', '1');

describe('hostile input', () => {
  it('to every JSON body is refused with what is wrong, never a 5xx, and changes nothing', async () => {
    const before = await snapshot();
    const ok = await okFixes();
    const writes = routes.filter((r) => r.body && r.path !== '/auth/logout');
    expect(writes.length).toBeGreaterThanOrEqual(12);
    for (const r of writes) {
      const viaDevice = r.access === 'device' || (Array.isArray(r.access) && r.access.includes('device') && r.access.length === 1);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...(viaDevice ? { authorization: `Bearer ${token}` } : { cookie: admin.cookie }),
      };
      await fc.assert(
        fc.asyncProperty(fc.oneof(shaped(r.body), value()), async (garbage) => {
          const res = await fetch(`${srv.base}/api${concrete(r.path)}`, { method: r.method.toUpperCase(), headers, body: JSON.stringify(garbage) ?? 'null' });
          // Never a server error; a refusal says what is wrong. (What happens to be valid, e.g. an empty batch
          // of fixes, may pass — and must still write nothing, checked below.)
          expect(res.status, `${r.method} ${r.path} ${JSON.stringify(garbage)?.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) expect((await res.json()).error).toBeTypeOf('string');
          else await res.arrayBuffer();
        }),
        { numRuns: 25, seed: 20261126 },
      );
    }
    expect(await snapshot()).toEqual(before);
    expect(await okFixes()).toBe(ok); // garbage fixes may be recorded as refused, never as clean
  }, 300_000); // every route of the table: it grows with the table

  it('in raw bodies, query strings and paths gets a 4xx; reads never fail', async () => {
    const raw = [
      '{',
      '{"a":',
      'null',
      '[]',
      '"x"',
      '\u0000\u0001',
      'x'.repeat(2 * 1024 * 1024),
      '{"__proto__":{"isAdmin":true}}',
      `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    ];
    for (const body of raw) {
      const res = await fetch(`${srv.base}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin.cookie }, body });
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
    }
    // A photo sent as JSON or as a form is not an image, and does not hang the request.
    const duty = await client(srv.base, 'duty');
    const id = (await duty.post('/incidents', { categoryCode: '0501', lat: 35.0, lon: 117.1, description: 'x' })).body.id ?? 1;
    for (const [type, body] of [
      ['application/json', '{"image":"AAAA"}'],
      ['application/x-www-form-urlencoded', 'image=AAAA'],
    ] as const)
      expect(
        (
          await fetch(`${srv.base}/api/incidents/${id}/attachments`, {
            method: 'POST',
            headers: { 'content-type': type, cookie: duty.cookie },
            body,
            signal: AbortSignal.timeout(5000),
          })
        ).status,
      ).toBe(415);
    const reads = routes.filter((r) => r.method === 'get' && r.access !== 'public');
    for (const r of reads)
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom('date', 'from', 'to', 'squad', 'grid', 'days', 'month', 'page', 'pageSize', 'worker', 'state', 'x', '__proto__'),
            fc.constantFrom(...NASTY.filter((s) => s.length < 1000)),
          ),
          fc.constantFrom('1', '0', '-1', '1e99', 'abc', '%00', '99999999999'),
          async (query, id) => {
            const path = r.path.replace(':id', id).replace(':code', id).replace(':photo', id);
            const res = await fetch(`${srv.base}/api${path}?${new URLSearchParams(query as Record<string, string>)}`, { headers: { cookie: admin.cookie } });
            expect(res.status, `${path} ${JSON.stringify(query)}`).toBeLessThan(500);
          },
        ),
        { numRuns: 12, seed: 7 },
      );
    expect((await fetch(`${srv.base}/api/health`)).status).toBe(200);
  }, 300_000); // every route of the table: it grows with the table

  it('in a path that cannot be decoded, or a day far before the town’s data, is a 4xx and records nothing (issue 16 #17, #18)', async () => {
    for (const path of ['/incidents/%ff', '/incidents/%E0%A4%A', '/incidents/%c0%af']) {
      const res = await fetch(`${srv.base}/api${path}`, { headers: { cookie: admin.cookie } });
      expect(res.status, path).toBe(400);
      expect((await res.json()).error, path).toBe('invalid_request');
    }
    const before = await snapshot();
    const leader = await client(srv.base, 'leader');
    for (const path of [
      '/coverage/summary?date=0001-01-01',
      '/coverage/summary?date=0100-03-01',
      '/coverage/targets?date=1970-01-01',
      '/coverage/notice?date=2000-01-01',
    ]) {
      const res = await leader.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toBe('out_of_range');
      expect(res.body.message, path).toMatch(/first day of data \(\d{4}-\d{2}-\d{2}\)/);
    }
    expect((await admin.post('/coverage/record', { date: '0001-01-01' })).body.error).toBe('out_of_range');
    // No record was made for any of them.
    const after = await snapshot();
    expect([after.coverage_days, after.target_passes]).toEqual([before.coverage_days, before.target_passes]);
  });

  it('in the socket handshake is refused or ignored, and the server stays up', async () => {
    for (const since of [{ $gt: 1 }, 'x'.repeat(100_000), -1, 1e308, [1, 2], null]) {
      const socket = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: admin.cookie }, auth: { since } as never, reconnection: false });
      const outcome = await new Promise<string>((resolve) => {
        socket.on('live:snapshot', () => resolve('snapshot'));
        socket.on('connect_error', () => resolve('refused'));
        socket.on('disconnect', () => resolve('refused')); // an oversized handshake is dropped
        setTimeout(() => resolve('silent'), 3000);
      });
      expect(['snapshot', 'refused'], JSON.stringify(since).slice(0, 40)).toContain(outcome);
      socket.disconnect();
    }
    const forged = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: 'gp_session=forged; gp_session=__proto__' }, reconnection: false });
    expect(
      await new Promise((r) => {
        forged.on('connect_error', () => r('refused'));
        forged.on('live:snapshot', () => r('snapshot'));
      }),
    ).toBe('refused');
    forged.disconnect();
    expect((await fetch(`${srv.base}/api/health`)).status).toBe(200);
  });
});

describe('assessment uploads (issue 19, R23)', () => {
  it('refuse a score file or an evidence photo that is not one with a 4xx, and store nothing', async () => {
    const [w] = (await admin.get('/workers')).body;
    const at = '2026-11-10T10:00:00+08:00';
    const task = await admin.post('/assessment/publicity', { title: '反诈宣传', givenAt: '2026-11-01T09:00:00+08:00', deadline: '2026-11-20T18:00:00+08:00' });
    const evidence = await admin.post(`/assessment/publicity/${task.body.id}/evidence`, { workerId: w.id, kind: 'photo', submittedAt: at });
    const session = await admin.post('/assessment/training', { title: '日常学习', heldAt: at });
    const count = async (t: string) => (await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
    const [files, scores] = [await count('publicity_evidence_files'), await count('test_scores')];
    for (const [type, body] of [
      ['application/json', '{"image":"AAAA"}'],
      ['application/x-www-form-urlencoded', 'image=AAAA'],
      ['image/png', '\u0000'.repeat(64)],
    ] as const)
      for (const path of [`/assessment/evidence/${evidence.body.id}/files`, `/assessment/training/${session.body.id}/scores/import`]) {
        const res = await fetch(`${srv.base}/api${path}`, {
          method: 'POST',
          headers: { 'content-type': type, cookie: admin.cookie },
          body,
          signal: AbortSignal.timeout(5000),
        });
        expect(res.status, `${path} ${type}`).toBe(415);
      }
    expect([await count('publicity_evidence_files'), await count('test_scores')]).toEqual([files, scores]);
  });
});
