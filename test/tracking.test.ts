// Live tracking through its real doors: the native batch API and the OsmAnd protocol (R7, R15).
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dayRange, shanghaiDay } from '../shared/core/time.ts';
import { ANALYZE_AFTER, ANALYZE_TARGET } from '../server/platform/db/statistics.ts';
import { MAX_UNKNOWN_DEVICES, noteUnknownDevice } from '../server/tracking/devices.ts';
import { dayTable } from '../server/tracking/store.ts';
import { UNKNOWN_ID_BUDGET } from '../server/tracking/osmand.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let admin: Awaited<ReturnType<typeof client>>;
let token: string;
let workerId: number;
const BASE_LAT = 35.0;
const BASE_LON = 117.1;
// The test's fixes span 50 minutes from t0: all of them in the past (none refused as from the future, at
// any hour) and on one Asia/Shanghai day (near midnight they are moved to the hour before it).
const t0 = (() => {
  const t = Date.now() - 60 * 60_000;
  const midnight = dayRange(shanghaiDay(t + 55 * 60_000)).start.getTime();
  return midnight > t ? midnight - 60 * 60_000 : t;
})();
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${srv.base}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const send = async (fixes: unknown[], tok = token) => {
  const r = await post('/positions', { fixes }, { authorization: `Bearer ${tok}` });
  return { status: r.status, body: await r.json() };
};
const stored = async (where = 'true') =>
  (await srv.db.query<{ verdict: string; n: number }>(`SELECT verdict, count(*)::int AS n FROM positions WHERE ${where} GROUP BY verdict`)).reduce<
    Record<string, number>
  >((o, r) => Object.assign(o, { [r.verdict]: r.n }), {});

const OSMAND_PORT = 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  srv = await startTestServer({ env: { OSMAND_PORT: String(OSMAND_PORT) } });
  admin = await client(srv.base, 'admin');
  workerId = (await admin.get('/workers')).body[0].id;
  const reg = await admin.post('/devices', { uniqueId: 'XG-T-0001', workerId });
  expect(reg.status).toBe(201);
  token = reg.body.token;
});
afterAll(() => srv?.close());

describe('device registration (admin)', () => {
  it('answers a token once, refuses duplicates, unknown workers, bad ids and non-admins', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await admin.post('/devices', { uniqueId: 'XG-T-0001', workerId })).status).toBe(409);
    expect((await admin.post('/devices', { uniqueId: 'XG-T-0002', workerId: 999999 })).status).toBe(422);
    expect((await admin.post('/devices', { uniqueId: 'a b', workerId })).status).toBe(400);
    expect((await (await client(srv.base, 'duty')).post('/devices', { uniqueId: 'XG-T-0003', workerId })).status).toBe(403);
    const list = (await admin.get('/devices')).body.devices;
    expect(list.map((d: any) => d.uniqueId)).toEqual(['XG-T-0001']);
    expect(JSON.stringify(list)).not.toContain(token);
  });
});

describe('the native door', () => {
  it('stores a batch, then counts the same fixes as duplicates when a terminal retries', async () => {
    const fixes = Array.from({ length: 20 }, (_, i) => ({
      deviceTime: iso(t0 + i * 10_000),
      lat: BASE_LAT + i * 0.0002,
      lon: BASE_LON,
      accuracy: 6,
      speed: 2.2,
      heading: 0,
      battery: 80,
    }));
    const first = await send(fixes);
    expect(first).toEqual({ status: 200, body: { accepted: 20, duplicates: 0, rejected: [] } });
    const again = await send(fixes);
    expect(again.body).toEqual({ accepted: 0, duplicates: 20, rejected: [] });
    expect((await stored()).ok).toBe(20);
  });

  it('answers lean, as the terminal doors do (issue 20): no ETag, no gzip, no session, the nosniff header kept', async () => {
    const r = await post('/positions', { fixes: [] }, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [] });
    expect(r.headers.get('etag')).toBeNull();
    expect(r.headers.get('content-encoding')).toBeNull();
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('runs every filter and says per fix why it was refused; refused fixes are kept with their reason', async () => {
    const t = t0 + 400_000;
    const lat = BASE_LAT + 0.01;
    const r = await send([
      { deviceTime: iso(t), lat, lon: BASE_LON, accuracy: 5 }, // ok
      { deviceTime: iso(t + 10_000), lat: 0, lon: 0 }, // 0,0
      { deviceTime: iso(t + 20_000), lat: 39.9, lon: 116.4 }, // Beijing
      { deviceTime: iso(Date.now() + 10 * 60_000), lat, lon: BASE_LON }, // future
      { deviceTime: iso(Date.now() - 30 * 86_400_000), lat, lon: BASE_LON }, // too old
      { deviceTime: iso(t + 30_000), lat, lon: BASE_LON, accuracy: 80 }, // poor accuracy
      { deviceTime: iso(t + 40_000), lat: lat + 0.02, lon: BASE_LON }, // 2.2 km in 40 s
      { deviceTime: iso(t + 50_000), lat: lat + 0.00002, lon: BASE_LON }, // 2 m: standing still
      { deviceTime: iso(t + 60_000), lat: lat + 0.0004, lon: BASE_LON }, // ok, walking on
      { deviceTime: 'yesterday', lat, lon: BASE_LON }, // malformed
      { deviceTime: iso(t + 70_000), lat: 'north', lon: BASE_LON }, // malformed
      { deviceTime: iso(t + 80_000), lat, lon: BASE_LON, battery: 140 }, // malformed
      'not a fix',
    ]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.duplicates).toBe(0);
    const reasons = Object.fromEntries(r.body.rejected.map((x: any) => [x.index, x.reason]));
    expect(reasons).toMatchObject({
      1: 'invalid_coordinates',
      2: 'outside_area',
      3: 'future',
      4: 'too_old',
      5: 'poor_accuracy',
      6: 'impossible_jump',
      7: 'stationary',
    });
    for (const i of [9, 10, 11, 12]) expect(reasons[i], String(i)).toMatch(/^invalid: /);
    const s = await stored();
    expect(s).toMatchObject({ ok: 22, invalid_coordinates: 1, outside_area: 1, future: 1, too_old: 1, poor_accuracy: 1, impossible_jump: 1, stationary: 1 });
  });

  it('refuses a missing or wrong token (401), a non-batch body (400), over 1,000 fixes (413) and changes nothing', async () => {
    const before = await stored();
    const one = [{ deviceTime: iso(t0 + 900_000), lat: BASE_LAT, lon: BASE_LON }];
    expect((await post('/positions', { fixes: one })).status).toBe(401);
    expect((await send(one, 'wrong-token')).status).toBe(401);
    expect((await post('/positions', { fixes: one }, { authorization: 'Basic abc' })).status).toBe(401);
    expect((await send('nope' as unknown as unknown[])).status).toBe(400);
    const bad = await post('/positions', '{"fixes": [', { authorization: `Bearer ${token}` });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('invalid_json');
    const many = Array.from({ length: 1001 }, (_, i) => ({ deviceTime: iso(t0 + 1_000_000 + i * 1000), lat: BASE_LAT, lon: BASE_LON }));
    const r = await send(many);
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('too_large');
    expect(await stored()).toEqual(before);
  });

  it('cuts a terminal off at once when its token is rotated', async () => {
    const [d] = await srv.db.query<{ id: number }>(`SELECT id FROM devices WHERE unique_id = 'XG-T-0001'`);
    const rotated = await admin.post(`/devices/${d!.id}/token`);
    expect(rotated.status).toBe(200);
    expect((await send([{ deviceTime: iso(t0 + 1_500_000), lat: BASE_LAT, lon: BASE_LON }])).status).toBe(401);
    token = rotated.body.token;
    expect((await send([{ deviceTime: iso(t0 + 1_500_000), lat: BASE_LAT + 0.03, lon: BASE_LON }])).body.accepted).toBe(1);
  });
});

describe('the OsmAnd door (Traccar Client)', () => {
  const osmand = (query: string, init: RequestInit = {}) => fetch(`${srv.base}/api/osmand?${query}`, init);
  const secs = (ms: number) => Math.floor(ms / 1000);

  it('accepts every timestamp form by any method and answers 200 with an empty body', async () => {
    const base = t0 + 2_000_000;
    const forms = [
      `timestamp=${secs(base)}`,
      `timestamp=${secs(base) * 1000 + 20_000}`,
      `timestamp=${encodeURIComponent(new Date(base + 40_000).toISOString())}`,
      `timestamp=${encodeURIComponent(new Date(base + 60_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '))}`,
    ];
    for (const [i, ts] of forms.entries()) {
      const r = await osmand(`id=XG-T-0001&lat=${BASE_LAT + 0.05 + i * 0.0003}&lon=${BASE_LON}&${ts}&speed=3.9&bearing=180&batt=66&hdop=0.8`, {
        method: i % 2 ? 'GET' : 'POST',
      });
      expect(r.status, ts).toBe(200);
      expect(await r.text()).toBe('');
    }
    const rows = await srv.db.query<{ t: Date; speed: number; attributes: any }>(
      `SELECT fix_time AS t, speed, attributes FROM positions WHERE lat BETWEEN $1 AND $2 ORDER BY fix_time`,
      [BASE_LAT + 0.049, BASE_LAT + 0.055],
    );
    // seconds; milliseconds; ISO keeps its milliseconds; the Beijing wall-clock form has whole seconds.
    expect(rows.map((r) => r.t.getTime())).toEqual([secs(base) * 1000, secs(base) * 1000 + 20_000, base + 40_000, secs(base + 60_000) * 1000]);
    expect(rows[0]!.speed).toBeCloseTo(3.9 * 0.514444, 3);
    expect(rows[0]!.attributes).toEqual({ hdop: 0.8 }); // typed, as Traccar stores it
  });

  it('answers at / on OSMAND_PORT, the bare server URL Traccar Client is given', async () => {
    const r = await fetch(`http://127.0.0.1:${OSMAND_PORT}/?id=XG-T-0001&lat=${BASE_LAT + 0.065}&lon=${BASE_LON}&timestamp=${secs(t0 + 2_550_000)}`);
    expect(r.status).toBe(200);
    expect((await srv.db.query(`SELECT 1 FROM positions WHERE lat = $1`, [BASE_LAT + 0.065])).length).toBe(1);
    // A server URL with a path (http://host:5055/path) reaches the door too: Traccar ignores the path.
    for (const [i, path] of ['/traccar', '/a/b/', '/api/health'].entries()) {
      const at = BASE_LAT + 0.066 + i * 0.0002;
      const p = await fetch(`http://127.0.0.1:${OSMAND_PORT}${path}?id=XG-T-0001&lat=${at}&lon=${BASE_LON}&timestamp=${secs(t0 + 2_560_000 + i * 10_000)}`);
      expect(p.status, path).toBe(200);
      expect((await srv.db.query(`SELECT 1 FROM positions WHERE lat = $1`, [at])).length, path).toBe(1);
    }
    // Only the door is there: no other route answers on that port.
    const health = await fetch(`http://127.0.0.1:${OSMAND_PORT}/api/health`);
    expect(health.status).toBe(400);
    expect((await health.json()).error).toBe('invalid_request'); // the OsmAnd door, asking for an id
  });

  it('accepts a form body and location=lat,lon', async () => {
    const r = await fetch(`${srv.base}/api/osmand`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `deviceid=XG-T-0001&location=${BASE_LAT + 0.06},${BASE_LON}&timestamp=${secs(t0 + 2_500_000)}`,
    });
    expect(r.status).toBe(200);
    expect((await srv.db.query(`SELECT 1 FROM positions WHERE lat = $1`, [BASE_LAT + 0.06])).length).toBe(1);
  });

  it('accepts the JSON form', async () => {
    const r = await post('/osmand', {
      device_id: 'XG-T-0001',
      location: {
        timestamp: new Date(t0 + 2_600_000).toISOString(),
        coords: { latitude: BASE_LAT + 0.07, longitude: BASE_LON, speed: 1.5, accuracy: 4 },
        battery: { level: 0.5, is_charging: true },
        is_moving: true,
      },
    });
    expect(r.status).toBe(200);
    const [row] = await srv.db.query<{ battery: number; speed: number }>(`SELECT battery, speed FROM positions WHERE lat = $1`, [BASE_LAT + 0.07]);
    expect(row).toEqual({ battery: 50, speed: 1.5 });
  });

  it('refuses an unknown id (400 query form, 404 JSON form) and remembers it for the administrator', async () => {
    expect((await osmand(`id=STOLEN-1&lat=35&lon=117.1&timestamp=${secs(t0)}`)).status).toBe(400);
    expect(
      (await post('/osmand', { device_id: 'STOLEN-2', location: { timestamp: new Date(t0).toISOString(), coords: { latitude: 35, longitude: 117.1 } } }))
        .status,
    ).toBe(404);
    const unknown = (await admin.get('/devices')).body.unknown.map((u: any) => u.uniqueId);
    expect(unknown).toEqual(expect.arrayContaining(['STOLEN-1', 'STOLEN-2']));
  });

  it('takes every request of a registered phone (2xx) and records what it could not read, so its queue never jams (R7)', async () => {
    const before = await stored();
    const sent = ['id=XG-T-0001&lat=abc&lon=117', 'id=XG-T-0001&lat=35.2&timestamp=1795653001', 'id=XG-T-0001&lat=35&lon=117.1&timestamp=tomorrow'];
    for (const q of sent) {
      const r = await osmand(q);
      expect(r.status, q).toBe(200);
      expect(await r.text()).toBe('');
    }
    const rows = await srv.db.query<{ verdict: string; attributes: any; geom: unknown }>(
      `SELECT verdict, attributes, geom FROM positions WHERE verdict = 'unreadable' AND device_id = (SELECT id FROM devices WHERE unique_id = 'XG-T-0001') ORDER BY id`,
    );
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.attributes.reason)).toEqual([
      expect.stringMatching(/lat unreadable/),
      expect.stringMatching(/lat\/lon/),
      expect.stringMatching(/timestamp/),
    ]);
    expect(rows[0]!.attributes.lat).toBe('abc'); // what the phone sent, for the administrator
    expect(rows.every((r) => r.geom === null)).toBe(true); // never drawn nor counted
    expect(await stored()).toEqual({ ...before, unreadable: (before.unreadable ?? 0) + 3 });
    // An optional reading it cannot read is dropped, not the fix; unknowns (-1) are no reading.
    const t = secs(t0 + 2_700_000);
    expect((await osmand(`id=XG-T-0001&lat=${BASE_LAT + 0.075}&lon=${BASE_LON}&timestamp=${t}&speed=fast&batt=-1&bearing=-1`)).status).toBe(200);
    const [kept] = await srv.db.query<any>(`SELECT verdict, speed, battery, heading, attributes, geom IS NOT NULL AS placed FROM positions WHERE lat = $1`, [
      BASE_LAT + 0.075,
    ]);
    expect(kept).toMatchObject({ placed: true, speed: null, battery: null, heading: null, attributes: { unreadable: 'speed' } });
    expect(kept.verdict).not.toBe('unreadable');
  });

  it('records a heartbeat (no position) at the last place, as Traccar keeps an outdated position, and a JSON one too', async () => {
    const t = t0 + 2_800_000;
    expect((await osmand(`id=XG-T-0001&timestamp=${secs(t)}&batt=43`)).status).toBe(200);
    expect(
      (await post('/osmand', { device_id: 'XG-T-0001', location: { timestamp: new Date(t + 60_000).toISOString(), coords: {}, battery: { level: -1 } } }))
        .status,
    ).toBe(200);
    const beats = await srv.db.query<{ t: Date; battery: number | null; lat: number; geom: unknown }>(
      `SELECT fix_time AS t, battery, lat, geom FROM positions WHERE verdict = 'no_position' ORDER BY fix_time`,
    );
    expect(beats.map((b) => [b.t.getTime(), b.battery])).toEqual([
      [secs(t) * 1000, 43],
      [t + 60_000, null],
    ]);
    // The last place is the one the wall shows: a far fix still waiting for the next to confirm it (R15)
    // is not where the terminal is taken to be.
    const live = (await (await client(srv.base, 'wall')).get('/workers/live')).body.workers.find((w: any) => w.workerId === workerId);
    expect([beats[0]!.lat, beats[1]!.lat]).toEqual([live.lat, live.lat]);
    expect(beats.every((b) => b.geom === null)).toBe(true);
    // Sent again (its answer lost), it is the same report.
    expect((await osmand(`id=XG-T-0001&timestamp=${secs(t)}&batt=43`)).status).toBe(200);
    expect((await srv.db.query(`SELECT 1 FROM positions WHERE verdict = 'no_position'`)).length).toBe(2);
  });

  it('stores extra attributes typed, as Traccar does: the query form’s numbers and booleans, the JSON form’s odometer, activity, mock and extras', async () => {
    const t = t0 + 2_900_000;
    expect((await osmand(`id=XG-T-0001&lat=${BASE_LAT + 0.08}&lon=${BASE_LON}&timestamp=${secs(t)}&hdop=0.7&charge=true&note=x`)).status).toBe(200);
    const json = await post('/osmand', {
      device_id: 'XG-T-0001',
      location: {
        timestamp: new Date(t + 30_000).toISOString(),
        coords: { latitude: BASE_LAT + 0.081, longitude: BASE_LON },
        odometer: 321.5,
        mock: true,
        activity: { type: 'on_foot' },
        extras: { round: 2, shift: 'am' },
      },
    });
    expect(json.status).toBe(200);
    const rows = await srv.db.query<{ attributes: any }>(`SELECT attributes FROM positions WHERE lat IN ($1, $2) ORDER BY fix_time`, [
      BASE_LAT + 0.08,
      BASE_LAT + 0.081,
    ]);
    expect(rows.map((r) => r.attributes)).toEqual([
      { hdop: 0.7, charge: true, note: 'x' },
      { odometer: 321.5, mock: true, activity: 'on_foot', round: 2, shift: 'am' },
    ]);
  });

  it('refuses only what Traccar refuses: no id, or an unreadable body', async () => {
    const before = await stored();
    const r = await osmand('lat=35&lon=117.1');
    expect(r.status).toBe(400);
    expect((await r.json()).error).toBe('invalid_request');
    expect((await post('/osmand', { location: { coords: {} } })).status).toBe(400);
    const bad = await fetch(`${srv.base}/api/osmand`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"device_id": ' });
    expect(bad.status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('throttles guessing ids per address, writing nothing once throttled (R7)', async () => {
    const rows = async () => (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM unknown_devices'))[0]!.n;
    const statuses: number[] = [];
    for (let i = 0; i < UNKNOWN_ID_BUDGET.max + 5; i++) statuses.push((await osmand(`id=GUESS-${i}&lat=35&lon=117.1`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    const after = await rows();
    const throttled = await osmand('id=GUESS-more&lat=35&lon=117.1');
    expect(throttled.status).toBe(429);
    expect((await throttled.json()).error).toBe('rate_limited');
    expect(await rows()).toBe(after);
    // A registered phone on the same address is not held up by the guesser.
    expect((await osmand(`id=XG-T-0001&lat=${BASE_LAT + 0.09}&lon=${BASE_LON}&timestamp=${secs(t0 + 3_000_000)}`)).status).toBe(200);
  });

  it('keeps the list of unknown ids bounded: the most recent ones', async () => {
    for (let i = 0; i < MAX_UNKNOWN_DEVICES + 20; i++) await noteUnknownDevice(srv.db, `FLOOD-${String(i).padStart(4, '0')}`, '10.0.0.1');
    const [n] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM unknown_devices');
    expect(n!.n).toBe(MAX_UNKNOWN_DEVICES);
    expect(
      (await srv.db.query(`SELECT 1 FROM unknown_devices WHERE unique_id = $1`, [`FLOOD-${String(MAX_UNKNOWN_DEVICES + 19).padStart(4, '0')}`])).length,
    ).toBe(1);
  });
});

describe('many phones at once: the positions writer gathers their fixes into one statement (issue 20)', () => {
  it('answers a phone only once its fix is in the database, and no phone of a failed write with a 2xx', async () => {
    const workers = (await admin.get('/workers')).body as { id: number }[];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await admin.post('/devices', { uniqueId: `XG-C-${i}`, workerId: workers[i % workers.length]!.id })).body.uniqueId);
    const lat = (i: number, k: number) => BASE_LAT + 0.07 + i * 0.0002 + k * 0.00001;
    const rows = async (id: string, at: number) =>
      (await srv.db.query('SELECT 1 FROM positions p JOIN devices d ON d.id = p.device_id WHERE d.unique_id = $1 AND p.lat = $2', [id, at])).length;
    // Every phone at once, each with one fix; asked for its row the moment its answer arrives.
    const sendAll = (k: number, battery: (i: number) => number) =>
      Promise.all(
        ids.map(async (id, i) => {
          const t = Math.floor((t0 + 2_700_000 + k * 10_000) / 1000);
          const r = await fetch(`${srv.base}/api/osmand?id=${id}&lat=${lat(i, k)}&lon=${BASE_LON}&timestamp=${t}&batt=${battery(i)}`, { method: 'POST' });
          return { status: r.status, rows: await rows(id, lat(i, k)) };
        }),
      );
    expect(await sendAll(0, () => 80)).toEqual(ids.map(() => ({ status: 200, rows: 1 })));

    // A write that fails (here: the database refuses phone 0's row) fails its whole round: the phones in it
    // hear no 2xx, keep their fix and send it again; nothing answered 2xx is missing.
    await srv.db.exec('ALTER TABLE positions ADD CONSTRAINT test_refuses_battery_13 CHECK (battery IS DISTINCT FROM 13)');
    const failed = await sendAll(1, (i) => (i === 0 ? 13 : 80));
    await srv.db.exec('ALTER TABLE positions DROP CONSTRAINT test_refuses_battery_13');
    expect(failed[0]!.status).toBeGreaterThanOrEqual(500);
    for (const [i, r] of failed.entries()) expect(r.rows, `phone ${i}: ${r.status}`).toBe(r.status === 200 ? 1 : 0);
    expect(await sendAll(1, () => 80)).toEqual(ids.map(() => ({ status: 200, rows: 1 })));
  });

  it('reads the terminals and last kept fixes of phones first heard at once together, each judged against its own (#1)', async () => {
    // After a restart every phone is new to the server: a statement a phone for its terminal and another for
    // its last kept fix was the storm of bench:memory's first minute (332 timeouts on the embedded database).
    const workers = (await admin.get('/workers')).body as { id: number }[];
    const phones: { token: string; id: number; lat: number }[] = [];
    for (let i = 0; i < 16; i++) {
      const reg = (await admin.post('/devices', { uniqueId: `XG-N-${i}`, workerId: workers[i % workers.length]!.id })).body;
      phones.push({ token: reg.token, id: reg.id, lat: BASE_LAT + 0.03 + i * 0.001 });
    }
    const at = t0 + 600_000;
    // Twelve of them had a kept fix before (stored, not yet seen by this server); four have none.
    for (const p of phones.slice(0, 12))
      await srv.db.query(
        `INSERT INTO positions (device_id, worker_id, fix_time, lat, lon, geom, verdict)
         SELECT id, worker_id, $2, $3, $4, ST_SetSRID(ST_MakePoint($4, $3), 4326), 'ok' FROM devices WHERE id = $1`,
        [p.id, new Date(at).toISOString(), p.lat, BASE_LON],
      );
    // As at a city's rate, the phones' requests reach the server together: over connections of their own
    // that are open already, all written in one turn, so that all are read off the sockets in one turn.
    const agent = new Agent({ keepAlive: true, maxSockets: phones.length });
    const request = (method: string, path: string, headers: Record<string, string> = {}, body = '') =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = httpRequest(`${srv.base}${path}`, { method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
        });
        req.on('error', reject);
        req.end(body);
      });
    await Promise.all(phones.map(() => request('GET', '/api/health')));
    const spy = vi.spyOn(srv.db, 'query');
    try {
      // Each 2.2 km from its own last kept fix 10 s later: a jump for the twelve, a first fix for the four.
      const answers = await Promise.all(
        phones.map((p) =>
          request(
            'POST',
            '/api/positions',
            { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
            JSON.stringify({ fixes: [{ deviceTime: iso(at + 10_000), lat: p.lat + 0.02, lon: BASE_LON, accuracy: 5 }] }),
          ),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(phones.map(() => 200));
      expect(answers.map((a) => a.body.rejected.map((r: { reason: string }) => r.reason).join())).toEqual(
        phones.map((_, i) => (i < 12 ? 'impossible_jump' : '')),
      );
      expect(answers.map((a) => a.body.accepted)).toEqual(phones.map((_, i) => (i < 12 ? 0 : 1)));
      const statements = (pattern: RegExp) => spy.mock.calls.filter(([sql]) => pattern.test(String(sql))).length;
      // A few statements for the sixteen, not one a phone: those asking in the same turn share one.
      for (const pattern of [/FROM devices WHERE token_hash = /, /FROM positions WHERE device_id = .* ORDER BY fix_time DESC LIMIT 1/s]) {
        expect(statements(pattern), String(pattern)).toBeGreaterThanOrEqual(1);
        expect(statements(pattern), String(pattern)).toBeLessThanOrEqual(phones.length / 4);
      }
    } finally {
      spy.mockRestore();
      agent.destroy();
      // The rows written here behind the server's back would be missing from its counts by verdict (below).
      await srv.db.query('DELETE FROM positions WHERE device_id = ANY($1::int[]) AND fix_time = $2', [
        phones.slice(0, 12).map((p) => p.id),
        new Date(at).toISOString(),
      ]);
    }
  });

  it('reads every terminal, its last kept fix and its worker’s place before listening: phones reaching a server just started wait on no look-up (#7)', async () => {
    const workers = (await admin.get('/workers')).body as { id: number }[];
    const phones: { token: string; id: number; lat: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const reg = (await admin.post('/devices', { uniqueId: `XG-P-${i}`, workerId: workers[(i + 20) % workers.length]!.id })).body;
      phones.push({ token: reg.token, id: reg.id, lat: BASE_LAT + 0.01 + i * 0.001 });
    }
    const at = Date.now() - 5 * 60_000;
    // Four of them had a kept fix before this server started; two have none.
    for (const p of phones.slice(0, 4))
      await srv.db.query(
        `INSERT INTO positions (device_id, worker_id, fix_time, lat, lon, geom, verdict)
         SELECT id, worker_id, $2, $3, $4, ST_SetSRID(ST_MakePoint($4, $3), 4326), 'ok' FROM devices WHERE id = $1`,
        [p.id, new Date(at).toISOString(), p.lat, BASE_LON],
      );
    // The same database, a server started on it now: as after a restart.
    const restarted = await startTestServer({ db: srv.db });
    const spy = vi.spyOn(srv.db, 'query');
    try {
      const answers = await Promise.all(
        phones.map((p) =>
          fetch(`${restarted.base}/api/positions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
            body: JSON.stringify({ fixes: [{ deviceTime: iso(at + 10_000), lat: p.lat + 0.02, lon: BASE_LON, accuracy: 5 }] }),
          }).then(async (r) => ({ status: r.status, body: await r.json() })),
        ),
      );
      // Each judged against its own last kept fix, read before the first request: 2.2 km in 10 s is a jump.
      expect(answers.map((a) => a.status)).toEqual(phones.map(() => 200));
      expect(answers.map((a) => a.body.rejected.map((r: { reason: string }) => r.reason).join())).toEqual(
        phones.map((_, i) => (i < 4 ? 'impossible_jump' : '')),
      );
      const asked = spy.mock.calls
        .map(([sql]) => String(sql))
        .filter((sql) => /FROM devices WHERE|ORDER BY fix_time DESC LIMIT 1|FROM workers w LEFT JOIN grids/.test(sql));
      expect(asked).toEqual([]);
      // Its live picture has the first-fix phones in their workers' grids, placed without asking either.
      const leader = await client(restarted.base, 'leader');
      const live = (await leader.get('/workers/live')).body.workers as { workerId: number; gridId: number | null }[];
      const firstFixers = phones.slice(4).map((_, i) => workers[(i + 24) % workers.length]!.id);
      for (const w of firstFixers) expect(live.find((x) => x.workerId === w)?.gridId, `worker ${w}`).toEqual(expect.any(Number));
    } finally {
      spy.mockRestore();
      await restarted.running.close();
      await srv.db.query('DELETE FROM positions WHERE device_id = ANY($1::int[])', [phones.map((p) => p.id)]);
    }
  });

  it('analyzes the day’s table as it grows, as autovacuum would: the planner knows how big the day is', async () => {
    // The embedded database has no autovacuum: unanalyzed, its planner took the day's time index and read
    // every fix of the day to find that a new phone had none (4-18 ms a phone at 27,000 fixes, the JSON and
    // native doors' collapse in bench:phones; analyzed, 0.2 ms by the phone's own index).
    const workers = (await admin.get('/workers')).body as { id: number }[];
    const tokens: string[] = [];
    for (let i = 0; i < 80; i++) tokens.push((await admin.post('/devices', { uniqueId: `XG-S-${i}`, workerId: workers[i % workers.length]!.id })).body.token);
    const table = dayTable(new Date(t0));
    const tuples = async () => (await srv.db.query<{ n: number }>('SELECT reltuples::float8 AS n FROM pg_class WHERE relname = $1', [table]))[0]!.n;
    const fixes = (d: number) =>
      Array.from({ length: 10 }, (_, k) => ({
        deviceTime: iso(t0 + 2_900_000 + k * 5000),
        lat: BASE_LAT + 0.05 + d * 0.0003 + k * 0.0001,
        lon: BASE_LON,
        accuracy: 5,
      }));
    for (const [d, tok] of tokens.entries()) expect((await send(fixes(d), tok)).status).toBe(200);
    const n = (await srv.db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM ${table}`))[0]!.n;
    expect(n).toBeGreaterThanOrEqual(800);
    // Analyzed in the background after the writes, as autovacuum would: at most its threshold behind.
    const behind = async () => n - (await tuples());
    for (let i = 0; i < 100 && (await behind()) >= ANALYZE_AFTER.rows + ANALYZE_AFTER.share * n; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await behind()).toBeLessThan(ANALYZE_AFTER.rows + ANALYZE_AFTER.share * n);
    expect(await behind()).toBeGreaterThanOrEqual(0);
    // The columns the planner uses, not the geometry (sampling it tripled an ANALYZE on the embedded database).
    const analyzed = (await srv.db.query<{ a: string }>('SELECT attname AS a FROM pg_stats WHERE tablename = $1', [table])).map((r) => r.a);
    expect(analyzed).toEqual(expect.arrayContaining(['device_id', 'worker_id', 'fix_time', 'verdict']));
    if (srv.db.backend === 'pglite') expect(analyzed).not.toContain('geom');
    // From a small sample: the 80 terminals' ids in at most ANALYZE_TARGET buckets, not one each.
    const [ids] = await srv.db.query<{ h: number; m: number }>(
      `SELECT cardinality(coalesce(histogram_bounds::text::int[], '{}')) AS h, cardinality(coalesce(most_common_vals::text::int[], '{}')) AS m
         FROM pg_stats WHERE tablename = $1 AND attname = 'device_id'`,
      [table],
    );
    expect(ids!.h + ids!.m).toBeGreaterThan(0);
    expect(ids!.h).toBeLessThanOrEqual(ANALYZE_TARGET + 1);
    expect(ids!.m).toBeLessThanOrEqual(ANALYZE_TARGET);
  });
});

describe('tracks and the live picture', () => {
  it('returns the day’s track as timed LineStrings split at gaps, within scope', async () => {
    const day = shanghaiDay(t0);
    const c = await client(srv.base, 'leader');
    const r = await c.get(`/tracks?worker=${workerId}&date=${day}`);
    expect(r.status).toBe(200);
    expect(r.body.features.length).toBeGreaterThanOrEqual(2);
    for (const f of r.body.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.properties.times).toHaveLength(f.geometry.coordinates.length);
      for (let i = 1; i < f.properties.times.length; i++) expect(f.properties.times[i] - f.properties.times[i - 1]).toBeLessThanOrEqual(5 * 60_000);
    }
    const vertices = r.body.features.reduce((n: number, f: any) => n + f.geometry.coordinates.length, 0);
    const [ok] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions WHERE worker_id = $1 AND verdict = 'ok'`, [workerId]);
    expect(vertices).toBeGreaterThanOrEqual(ok!.n - 2); // all kept fixes but lone ones between gaps
    expect(vertices).toBeLessThanOrEqual(ok!.n);
    const [w] = await srv.db.query<{ squad: number }>('SELECT squad_id AS squad FROM workers WHERE id = $1', [workerId]);
    const other = await client(srv.base, `squad0${w!.squad === 1 ? 2 : 1}`);
    expect((await other.get(`/tracks?worker=${workerId}&date=${day}`)).status).toBe(403);
    for (const q of [`worker=${workerId}`, `worker=x&date=${day}`, `worker=${workerId}&date=2026-02-30`, `worker=${workerId}&from=2026-01-01T00:00:00Z`])
      expect((await c.get(`/tracks?${q}`)).status, q).toBe(400);
    expect((await c.get(`/tracks?worker=999999&date=${day}`)).status).toBe(404);
  });

  it('holds a fix far from the last until the next confirms it: a spike that went out and came back is refused, a real move is drawn, a track begun by a spike is righted (R15)', async () => {
    // A worker of its own: the other tests' phones belong to the first workers, and their later fixes would be this one's.
    const other = (await admin.get('/workers')).body.at(-1).id as number;
    const tok = (await admin.post('/devices', { uniqueId: 'XG-T-SPIKE', workerId: other })).body.token as string;
    const wall = await client(srv.base, 'wall');
    const seen = async () => {
      const w = (await wall.get('/workers/live')).body.workers.find((x: any) => x.workerId === other);
      return { at: w.fixTime as number, trail: (w.trail as number[][]).map((p) => p[2]) };
    };
    const verdicts = async () =>
      Object.fromEntries(
        (
          await srv.db.query<{ t: Date; verdict: string }>(
            `SELECT fix_time AS t, verdict FROM positions p JOIN devices d ON d.id = p.device_id WHERE d.unique_id = 'XG-T-SPIKE'`,
          )
        ).map((r) => [r.t.getTime(), r.verdict]),
      );
    // Recent fixes: the live trail keeps 30 minutes (TRAIL_MS), cut by the feed's sweep every second.
    const recent = Date.now() - 13 * 60_000;
    const at = (s: number) => recent + s * 1000;
    const fix = (s: number, north: number, east = 0) => ({
      deviceTime: iso(at(s)),
      lat: BASE_LAT - 0.02 + north / 111_000,
      lon: BASE_LON + east / 91_000,
      accuracy: 8,
    });
    const accepted = async (f: unknown) => {
      const r = await send([f], tok);
      expect(r).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] } });
    };
    await accepted(fix(0, 0));
    await accepted(fix(10, 12));
    // 3 km north two minutes on (90 km/h: the speed rule lets it through), then back 10 s later.
    await accepted(fix(130, 3000));
    expect((await seen()).at).toBe(at(10)); // stored and acknowledged, not drawn
    await accepted(fix(140, 25));
    expect((await verdicts())[at(130)]).toBe('impossible_jump');
    expect(await seen()).toEqual({ at: at(140), trail: [at(0), at(10), at(140)] });
    // A real move: 1 km east in two minutes on an e-bike, and on from there.
    await accepted(fix(260, 25, 1000));
    expect((await seen()).at).toBe(at(140));
    await accepted(fix(270, 25, 1040));
    expect(await seen()).toEqual({ at: at(270), trail: [at(0), at(10), at(140), at(260), at(270)] });
    // A far fix with nothing after it is taken as it is once the next fix has had its time.
    await accepted(fix(390, 25, 2000));
    await srv.running.tracking.pipeline.releaseHeld(Date.now() + 30_000);
    expect((await seen()).at).toBe(at(270));
    await srv.running.tracking.pipeline.releaseHeld(Date.now() + 61_000);
    expect((await seen()).at).toBe(at(390));
    // After a silence a track begins again, here with a spike: the fixes after it go on together from elsewhere.
    await accepted(fix(700, 3025, 2000));
    expect((await send([fix(710, 25, 2010)], tok)).body.rejected).toEqual([{ index: 0, reason: 'impossible_jump' }]);
    await accepted(fix(720, 25, 2020));
    expect((await seen()).at).toBe(at(720));
    const v = await verdicts();
    expect([0, 10, 130, 140, 260, 270, 390, 700, 710, 720].map((s) => v[at(s)])).toEqual([
      'ok',
      'ok',
      'impossible_jump',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
  });

  it('draws a fix stored by a node that went down before telling the others, sent again here, as that node judged it', async () => {
    const mineOnly = (await admin.get('/workers')).body.at(-2).id as number;
    const reg = (await admin.post('/devices', { uniqueId: 'XG-T-ORPHAN', workerId: mineOnly })).body as { token: string; id: number };
    const wall = await client(srv.base, 'wall');
    const seen = async () => {
      const w = (await wall.get('/workers/live')).body.workers.find((x: any) => x.workerId === mineOnly);
      return { at: w.fixTime as number, trail: (w.trail as number[][]).map((p) => p[2]) };
    };
    const recent = Date.now() - 5 * 60_000; // inside the live trail's 30 minutes (TRAIL_MS)
    const at = (k: number) => recent + k * 10_000;
    const fix = (k: number) => ({ deviceTime: iso(at(k)), lat: BASE_LAT - 0.03 + k * 0.0001, lon: BASE_LON, accuracy: 5 });
    // Stored by the other node with its verdict, and its answer never sent (as under a node kill).
    const storedElsewhere = (k: number, verdict: string) =>
      srv.db.query(
        `INSERT INTO positions (device_id, worker_id, fix_time, lat, lon, geom, verdict) VALUES ($1, $2, $3, $4, $5, ST_SetSRID(ST_MakePoint($5, $4), 4326), $6)`,
        [reg.id, mineOnly, iso(at(k)), fix(k).lat, fix(k).lon, verdict],
      );
    expect((await send([fix(0)], reg.token)).body.accepted).toBe(1);
    await storedElsewhere(1, 'ok');
    expect((await send([fix(1)], reg.token)).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await seen()).toEqual({ at: at(1), trail: [at(0), at(1)] });
    // Refused there (this node would keep it): it stays refused, not drawn.
    await storedElsewhere(2, 'impossible_jump');
    expect((await send([fix(2)], reg.token)).body.duplicates).toBe(1);
    expect((await seen()).at).toBe(at(1));
    // A terminal's own retry of what this node drew is not drawn again.
    expect((await send([fix(0), fix(1), fix(3)], reg.token)).body).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
    expect(await seen()).toEqual({ at: at(3), trail: [at(0), at(1), at(3)] });
    // The rows written here behind the server's back would be missing from its counts by verdict (below).
    await srv.db.query('DELETE FROM positions WHERE device_id = $1 AND fix_time = ANY($2::timestamptz[])', [reg.id, [iso(at(1)), iso(at(2))]]);
  });

  it('shows the worker’s latest kept fix in the live picture', async () => {
    const live = (await (await client(srv.base, 'wall')).get('/workers/live')).body;
    const w = live.workers.find((x: any) => x.workerId === workerId);
    const [latest] = await srv.db.query<{ lat: number; t: Date }>(
      `SELECT lat, fix_time AS t FROM positions WHERE worker_id = $1 AND verdict = 'ok' ORDER BY fix_time DESC LIMIT 1`,
      [workerId],
    );
    expect(w.lat).toBe(latest!.lat);
    expect(w.fixTime).toBe(latest!.t.getTime());
    expect(['patrolling', 'idle', 'offline', 'low_battery']).toContain(w.status);
  });

  it('counts fixes by verdict and times receipt to broadcast, for the data-quality panel', async () => {
    await new Promise((r) => setTimeout(r, 400)); // a flush after the last fixes
    const q = (await (await client(srv.base, 'wall')).get('/tracking/quality')).body;
    const stored = await srv.db.query<{ verdict: string; n: number }>(`SELECT verdict, count(*)::int AS n FROM positions GROUP BY verdict`);
    for (const { verdict, n } of stored) expect(q.verdicts[verdict], verdict).toBe(n);
    expect(q.verdicts.duplicate).toBeGreaterThanOrEqual(20);
    expect(q.broadcastLatencyMs.samples).toBeGreaterThan(0);
    expect(q.broadcastLatencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(q.broadcastLatencyMs.p99).toBeLessThan(5000);
    expect((await admin.get('/tracking/quality?since=abc')).status).toBe(400);
  });
});
