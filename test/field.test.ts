// The grid worker's field app through HTTP (issue 18; R8, R14-R17, R20, R40): today's tasks, patrol reports,
// the visit diary and its 民情台账, my cases and their rectification, basic information, positions from the
// app — each write replayed to prove it is stored once, bad inputs refused with nothing changed, and every
// read checked against another grid's worker and another squad's leader by what comes back.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalFrame } from '../shared/core/frame.ts';
import { shanghaiDay } from '../shared/core/time.ts';
import { idCheck } from '../shared/town/idcard.ts';
import { FIELD_POSITIONS_BUDGET } from '../server/field/positions.ts';
import { dayWithRoom } from './helpers/clock.ts';
import { pngOf } from './helpers/images.ts';
import { DEMO_PASSWORD, client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
type Client = Awaited<ReturnType<typeof client>>;
let me: Client; // the demo's `worker`, of grid `mine`
let other: Client; // the worker of a grid of another squad
let ownLeader: Client; // the squad leader of `mine`'s squad
let otherLeader: Client; // a squad leader of another squad
let admin: Client;
let mine: { id: number; squadId: number; workerId: number; lon: number; lat: number };
let theirs: { id: number; squadId: number; workerId: number };
let home: { id: number; lon: number; lat: number }; // a household of my grid
let foreignHome: number; // a household of the other grid
let token = '';
dayWithRoom(45); // a patrol 40 minutes ago is today's
const today = shanghaiDay(Date.now());
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const count = async (table: string) => (await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const terminal = (method: string, path: string, body?: unknown) =>
  fetch(`${srv.base}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  srv = await startTestServer();
  admin = await client(srv.base, 'admin');
  me = await client(srv.base, 'worker');
  const who = (await me.get('/auth/me')).body;
  mine = (
    await srv.db.query<typeof mine>(
      `SELECT id, squad_id AS "squadId", worker_id AS "workerId", ST_X(ST_PointOnSurface(area)) AS lon, ST_Y(ST_PointOnSurface(area)) AS lat FROM grids WHERE id = $1`,
      [who.gridId],
    )
  )[0]!;
  theirs = (
    await srv.db.query<typeof theirs>(
      `SELECT id, squad_id AS "squadId", worker_id AS "workerId" FROM grids WHERE worker_id IS NOT NULL AND squad_id <> $1
          AND EXISTS (SELECT 1 FROM households h WHERE h.grid_id = grids.id) ORDER BY id LIMIT 1`,
      [mine.squadId],
    )
  )[0]!;
  expect(
    (await admin.post('/users', { username: 'otherworker', displayName: '别格网格员', password: DEMO_PASSWORD, role: 'worker', workerId: theirs.workerId }))
      .status,
  ).toBe(201);
  other = await client(srv.base, 'otherworker');
  const [own] = await srv.db.query<{ code: string }>('SELECT code FROM squads WHERE id = $1', [mine.squadId]);
  const [far] = await srv.db.query<{ code: string }>('SELECT code FROM squads WHERE id = $1', [theirs.squadId]);
  ownLeader = await client(srv.base, `squad${own!.code}`);
  otherLeader = await client(srv.base, `squad${far!.code}`);
  home = (
    await srv.db.query<typeof home>('SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM households WHERE grid_id = $1 ORDER BY id LIMIT 1', [mine.id])
  )[0]!;
  foreignHome = (await srv.db.query<{ id: number }>('SELECT id FROM households WHERE grid_id = $1 ORDER BY id LIMIT 1', [theirs.id]))[0]!.id;
  token = (await admin.post('/devices', { uniqueId: 'FIELD-1', workerId: mine.workerId })).body.token;
});
afterAll(async () => {
  await srv?.close();
  vi.useRealTimers();
});

describe('今日 (today)', () => {
  it('gives my grid, its targets and cells with passes, 合格 or what is missing, and what is due, nearest first', async () => {
    const r = await me.get(`/field/today?lat=${home.lat}&lon=${home.lon}`);
    expect(r.status).toBe(200);
    const t = r.body;
    expect(t.grid.id).toBe(mine.id);
    expect(t.grid.area.type).toBe('MultiPolygon');
    expect(t.date).toBe(today);
    // No track yet today: not qualified, and the patrol time heads what is missing (R15).
    expect(t.qualified).toBe(false);
    expect(t.missing[0]).toEqual({ kind: 'patrol_time', haveMinutes: 0, needMinutes: t.minPatrolMinutes });
    expect(t.missing.filter((m: { kind: string }) => m.kind === 'target')).toHaveLength(t.targets.length);
    const [n] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM households WHERE grid_id = $1`, [mine.id]);
    expect(t.households.total).toBe(n!.n);
    expect(t.households.due[0].householdId).toBe(home.id); // the one I stand at is nearest
    const d = t.households.due.map((h: { distanceM: number }) => h.distanceM);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    for (const p of t.persons) expect(p.dueOn <= (p.kind === 'assist' ? t.week.to : t.halfMonth.to)).toBe(true);
    // Nothing of another grid: every target, cell and household is mine.
    const [ids] = await srv.db.query<{ targets: number[] }>(`SELECT coalesce(array_agg(id ORDER BY id), '{}') AS targets FROM targets WHERE grid_id = $1`, [
      mine.id,
    ]);
    expect(t.targets.map((x: { targetId: number }) => x.targetId).sort((a: number, b: number) => a - b)).toEqual(ids!.targets);
  });

  it('moves with the live coverage: fixes from the app count as my terminal’s', async () => {
    const frame = new LocalFrame(mine.lon, mine.lat);
    const fixes = Array.from({ length: 7 }, (_, i) => {
      const [lon, lat] = frame.toLonLat(i * 8, 0);
      return { deviceTime: minutesAgo(7 - i), lon, lat, accuracy: 5 };
    });
    const r = await me.post('/field/positions', { fixes });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(7);
    expect((await me.post('/field/positions', { fixes })).body.duplicates).toBe(7);
    const t = (await me.get('/field/today')).body;
    expect(t.patrolMinutes).toBeGreaterThanOrEqual(5);
    expect(t.missing[0]).toMatchObject({ kind: 'patrol_time', haveMinutes: t.patrolMinutes });
  });

  it('is refused to other roles, and a malformed position is a 400', async () => {
    expect((await ownLeader.get('/field/today')).status).toBe(403);
    const bad = await me.get('/field/today?lat=30');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBeTruthy();
  });
});

describe('positions from the app and Traccar Client', () => {
  it('gives my terminal’s settings for the QR code; a worker with no terminal gets a clear 404', async () => {
    const r = await me.get('/field/traccar');
    expect(r.status).toBe(200);
    expect(r.body.deviceId).toBe('FIELD-1');
    expect(r.body.serverUrl).toMatch(/\/api\/osmand$/);
    expect(r.body.qr).toContain('id=FIELD-1');
    const none = await other.get('/field/traccar');
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('no_terminal');
    expect((await other.post('/field/positions', { fixes: [] })).status).toBe(404);
  });
});

describe('巡查上报 (R15)', () => {
  it('starts and ends a patrol once, whatever is replayed', async () => {
    const start = { clientRef: 'patrol-1', at: minutesAgo(40), lat: mine.lat, lon: mine.lon, content: '主干道' };
    const a = await me.post('/field/patrols', start);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ repeated: false, endedAt: null, gridId: mine.id });
    expect((await me.post('/field/patrols', start)).body).toMatchObject({ id: a.body.id, repeated: true });
    expect((await me.get('/field/today')).body.patrols).toEqual({ reported: 1, open: true });
    const end = { clientRef: 'patrol-1', at: minutesAgo(10), lat: mine.lat, lon: mine.lon, content: '主干道、学校周边', result: '未发现问题' };
    const b = await me.post('/field/patrols/end', end);
    expect(b.body).toMatchObject({ id: a.body.id, minutes: 30, result: '未发现问题', repeated: false });
    expect((await me.post('/field/patrols/end', { ...end, result: '改了' })).body).toMatchObject({ result: '未发现问题', repeated: true });
    expect((await me.get('/field/patrols')).body.patrols).toHaveLength(1);
    // Through the terminal too: the same worker's patrols.
    expect((await terminal('GET', '/field/patrols')).body.patrols).toHaveLength(1);
  });
  it('refuses a patrol from the future or ending before it began, and an unknown one', async () => {
    const before = await count('patrol_reports');
    const future = await me.post('/field/patrols', { clientRef: 'p-f', at: new Date(Date.now() + 3_600_000).toISOString(), lat: 35, lon: 117 });
    expect(future.status).toBe(422);
    expect((await me.post('/field/patrols/end', { clientRef: 'nope', at: minutesAgo(1), lat: 35, lon: 117, content: 'x', result: 'y' })).status).toBe(404);
    expect((await me.post('/field/patrols', { clientRef: 'bad ref!', at: minutesAgo(1), lat: 35, lon: 117 })).status).toBe(400);
    expect(await count('patrol_reports')).toBe(before);
  });
});

describe('走访 with the diary (R14, R17) and the 民情台账', () => {
  const diary = (extra: object = {}) => ({
    clientRef: 'visit-1',
    householdId: 0,
    visitedAt: minutesAgo(20),
    timeSlot: 'morning',
    range: '村东片',
    people: '户主',
    problems: [
      { text: '路灯不亮', ledger: true },
      { text: '咨询医保', ledger: false },
    ],
    handling: '已登记，报村委',
    note: '',
    ...extra,
  });

  it('records a visit once however often it is replayed, and opens a ledger item for the marked problem', async () => {
    const body = diary({ householdId: home.id });
    const before = await count('visits');
    const a = await me.post('/field/visits', body);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ repeated: false, householdId: home.id, timeSlot: 'morning', range: '村东片', status: 'pending' });
    expect(a.body.ledgerIds).toHaveLength(1);
    const again = await terminal('POST', '/field/visits', body);
    expect(again.body).toMatchObject({ id: a.body.id, repeated: true, ledgerIds: a.body.ledgerIds });
    expect(await count('visits')).toBe(before + 1);
    expect(await count('ledger_items')).toBe(1);
    // The household is no longer due this month (R14), and shows the visit.
    expect((await me.get('/field/today')).body.households.due.some((h: { householdId: number }) => h.householdId === home.id)).toBe(false);
    const h = await me.get(`/field/households/${home.id}`);
    expect(h.body.visits[0]).toMatchObject({
      id: a.body.id,
      problems: [
        { text: '路灯不亮', ledger: true },
        { text: '咨询医保', ledger: false, ledgerId: null },
      ],
    });
    expect((await me.get('/field/visits')).body.visits.map((v: { id: number }) => v.id)).toContain(a.body.id);
  });

  it('refuses an unknown household (404), another grid’s (403), a bad body (400), recording nothing', async () => {
    const before = await count('visits');
    const unknown = await me.post('/field/visits', diary({ clientRef: 'v-x', householdId: 999_999 }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/household 999999/);
    expect((await me.post('/field/visits', diary({ clientRef: 'v-y', householdId: foreignHome }))).status).toBe(403);
    expect((await me.post('/field/visits', diary({ clientRef: 'v-z', householdId: home.id, timeSlot: 'noon' }))).status).toBe(400);
    expect((await me.post('/field/visits', '{"clientRef":')).status).toBe(400);
    expect(await count('visits')).toBe(before);
  });

  it('follows a ledger item until done, seen by my squad leader and the leader, not by another squad or grid', async () => {
    const [item] = (await me.get('/field/ledger')).body.items;
    expect(item).toMatchObject({ text: '路灯不亮', state: 'open', gridId: mine.id });
    const f = await ownLeader.post(`/field/ledger/${item.id}/follow-ups`, { clientRef: 'f-1', state: 'following', note: '已联系供电所' });
    expect(f.status).toBe(200);
    const done = await me.post(`/field/ledger/${item.id}/follow-ups`, { clientRef: 'f-2', state: 'done', note: '路灯已修好' });
    expect(done.body).toMatchObject({ state: 'done', repeated: false });
    expect(done.body.history.map((e: { state: string }) => e.state)).toEqual(['open', 'following', 'done']);
    expect((await me.post(`/field/ledger/${item.id}/follow-ups`, { clientRef: 'f-2', state: 'done', note: '路灯已修好' })).body.repeated).toBe(true);
    expect((await me.post(`/field/ledger/${item.id}/follow-ups`, { clientRef: 'f-3', state: 'following', note: '再看' })).status).toBe(409);
    expect((await (await client(srv.base, 'leader')).get('/field/ledger')).body.items.map((i: { id: number }) => i.id)).toContain(item.id);
    expect((await ownLeader.get(`/field/ledger/${item.id}`)).status).toBe(200);
    expect((await otherLeader.get('/field/ledger')).body.items).toEqual([]);
    expect((await otherLeader.get(`/field/ledger/${item.id}`)).status).toBe(403);
    expect((await other.get('/field/ledger')).body.items).toEqual([]);
    expect((await other.get(`/field/ledger/${item.id}`)).status).toBe(403);
  });
});

describe('households nearby and searched', () => {
  it('lists my grid’s households nearest first, and finds one by address', async () => {
    const near = (await me.get(`/field/households?lat=${home.lat}&lon=${home.lon}&limit=5`)).body.households;
    expect(near[0].id).toBe(home.id);
    expect(near[0].distanceM).toBeLessThan(1);
    const { address } = (await srv.db.query<{ address: string }>('SELECT address FROM households WHERE id = $1', [home.id]))[0]!;
    const found = (await me.get(`/field/households?q=${encodeURIComponent(address)}`)).body.households;
    expect(found.map((h: { id: number }) => h.id)).toContain(home.id);
    // The other worker finds none of my households, even by my address.
    expect((await other.get(`/field/households?q=${encodeURIComponent(address)}`)).body.households.map((h: { id: number }) => h.id)).not.toContain(home.id);
  });
});

describe('基础信息 (R8): residents and households, with a change log', () => {
  let resident: number;
  const idNumber = `37048119900101123${idCheck('37048119900101123')}`;
  const wrongCheck = `37048119900101123${idCheck('37048119900101123') === '0' ? '1' : '0'}`;
  it('adds a resident once, updates, verifies and de-registers them, each change with who and when', async () => {
    const add = { clientRef: 'res-1', householdId: home.id, name: '王小明', gender: '男', birthYear: 1990, idNumber, phone: '13805370009' };
    const before = await count('residents');
    const bad = await me.post('/field/residents', { ...add, idNumber: wrongCheck });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual([{ path: 'body.idNumber', message: 'not a valid ID number' }]);
    expect((await me.post('/field/residents', { ...add, householdId: 999_999 })).status).toBe(404);
    expect((await me.post('/field/residents', { ...add, householdId: foreignHome })).status).toBe(403);
    expect(await count('residents')).toBe(before);
    const a = await me.post('/field/residents', add);
    expect(a.status).toBe(201);
    resident = a.body.id;
    expect((await me.post('/field/residents', add)).body).toMatchObject({ id: resident, repeated: true });
    const u = await me.post(`/field/residents/${resident}/changes`, { action: 'update', clientRef: 'res-2', phone: '13805370010' });
    expect(u.body.phone).toBe('13805370010');
    await me.post(`/field/residents/${resident}/changes`, { action: 'verify', clientRef: 'res-3' });
    const d = await me.post(`/field/residents/${resident}/changes`, { action: 'deregister', clientRef: 'res-4', note: '迁出' });
    expect(d.body.status).toBe('deregistered');
    expect(d.body.changes.map((c: { action: string }) => c.action)).toEqual(['add', 'update', 'verify', 'deregister']);
    expect(d.body.changes[1]).toMatchObject({ before: { phone: '13805370009' }, after: { phone: '13805370010' } });
    expect(d.body.changes.every((c: { by: string | null }) => c.by)).toBe(true);
    expect((await me.post(`/field/residents/${resident}/changes`, { action: 'update', clientRef: 'res-5', phone: '1' })).status).toBe(400);
  });
  it('shows ID numbers in clear in my grid, masked to my squad leader, and refuses another grid', async () => {
    expect((await me.get(`/field/residents/${resident}`)).body.idNumber).toBe(idNumber);
    const seen = await ownLeader.get(`/field/residents/${resident}`);
    expect(seen.status).toBe(200);
    expect(seen.body.idNumber).toBe(`370481********${idNumber.slice(-4)}`);
    expect(seen.body.phone).toBe('138****0010');
    expect((await otherLeader.get(`/field/residents/${resident}`)).status).toBe(403);
    expect((await other.get(`/field/residents/${resident}`)).status).toBe(403);
    expect((await other.get(`/field/households/${home.id}`)).status).toBe(403);
    expect((await other.get(`/field/residents?household=${home.id}`)).status).toBe(403);
    const theirList = (await other.get('/field/residents?status=all')).body.residents;
    expect(theirList.some((r: { id: number }) => r.id === resident)).toBe(false);
    expect((await other.post(`/field/residents/${resident}/changes`, { action: 'verify', clientRef: 'x-1' })).status).toBe(403);
  });
  it('adds a household inside my grid only, and de-registers it', async () => {
    const before = await count('households');
    const outside = await me.post('/field/households', { clientRef: 'hh-0', address: '外村1号', size: 3, lat: 0, lon: 0 });
    expect(outside.status).toBe(422);
    expect(await count('households')).toBe(before);
    const a = await me.post('/field/households', { clientRef: 'hh-1', address: '新建1号', size: 3, lat: home.lat, lon: home.lon });
    expect(a.status).toBe(201);
    expect((await me.post('/field/households', { clientRef: 'hh-1', address: '新建1号', size: 3, lat: home.lat, lon: home.lon })).body.repeated).toBe(true);
    expect(await count('households')).toBe(before + 1);
    const d = await me.post(`/field/households/${a.body.id}/changes`, { action: 'deregister', clientRef: 'hh-2', note: '拆除' });
    expect(d.body).toMatchObject({ status: 'deregistered', deregisteredOn: today });
    expect((await me.get('/field/today')).body.households.due.some((h: { householdId: number }) => h.householdId === a.body.id)).toBe(false);
  });
});

describe('我的事件 and 督促整改 / 整改核查 (R18, R20)', () => {
  it('lists my cases with their actions; orders a rectification, shows its check as a task on its day, records the check with photos', async () => {
    const report = await me.post('/incidents', {
      categoryCode: '0101',
      lat: home.lat,
      lon: home.lon,
      description: '企业消防通道堵塞',
      clientRef: 'case-1',
    });
    expect(report.status).toBe(201);
    const id = report.body.id;
    // Sent again from the app's queue after a lost answer: the same case, not a second one.
    const again = await me.post('/incidents', { categoryCode: '0101', lat: home.lat, lon: home.lon, description: '企业消防通道堵塞', clientRef: 'case-1' });
    expect(again.body.id).toBe(id);
    expect((await srv.db.query('SELECT id FROM incidents WHERE client_ref = $1', ['case-1'])).length).toBe(1);
    const cases = (await me.get('/field/cases')).body.cases;
    const mineCase = cases.find((c: { id: number }) => c.id === id);
    expect(mineCase.mine).toEqual({ assigned: false, reported: true, inGrid: true });
    expect(Array.isArray(mineCase.actions)).toBe(true);
    expect((await other.get('/field/cases')).body.cases.some((c: { id: number }) => c.id === id)).toBe(false);

    const order = { clientRef: 'rect-1', responsibleParty: '某某企业', deadline: today, note: '三日内清理' };
    expect((await me.post(`/field/cases/${id}/rectification`, { ...order, clientRef: 'rect-0', deadline: '2020-01-01' })).status).toBe(422);
    const r = await me.post(`/field/cases/${id}/rectification`, order);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ round: 1, state: 'pending', responsibleParty: '某某企业' });
    expect((await me.post(`/field/cases/${id}/rectification`, order)).body).toMatchObject({ id: r.body.id, repeated: true });
    expect((await me.post(`/field/cases/${id}/rectification`, { ...order, clientRef: 'rect-2' })).status).toBe(409);
    expect((await other.post(`/field/cases/${id}/rectification`, { ...order, clientRef: 'rect-3' })).status).toBe(404);
    // Due today: a task of today.
    expect((await me.get('/field/today')).body.rectifications).toEqual([
      expect.objectContaining({ rectificationId: r.body.id, incidentId: id, overdueDays: 0 }),
    ]);

    // The check's photo goes through the incident's photo storage; something that is not an image is refused.
    const upload = (bytes: Buffer, type: string) =>
      fetch(`${srv.base}/api/incidents/${id}/attachments`, {
        method: 'POST',
        headers: { cookie: me.cookie, 'content-type': type },
        body: new Uint8Array(bytes),
      });
    const notImage = await upload(Buffer.from('not an image at all'), 'image/png');
    expect(notImage.status).toBe(415);
    const photo = (await (await upload(pngOf(8, 8), 'image/png')).json()) as { id: number };
    // The same photo re-sent by the queue is the one stored.
    expect(((await (await upload(pngOf(8, 8), 'image/png')).json()) as { id: number }).id).toBe(photo.id);
    expect(await srv.db.query('SELECT id FROM incident_attachments WHERE incident_id = $1', [id])).toHaveLength(1);
    expect((await me.post(`/field/cases/${id}/rectification/check`, { clientRef: 'chk-0', passed: true, note: '已清理', photoIds: [999_999] })).status).toBe(
      422,
    );
    const check = await me.post(`/field/cases/${id}/rectification/check`, { clientRef: 'chk-1', passed: true, note: '已清理', photoIds: [photo.id] });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ state: 'passed', photoIds: [photo.id], repeated: false });
    expect(
      (await me.post(`/field/cases/${id}/rectification/check`, { clientRef: 'chk-1', passed: true, note: '已清理', photoIds: [photo.id] })).body.repeated,
    ).toBe(true);
    expect((await me.get('/field/today')).body.rectifications).toEqual([]);
    const detail = (await me.get(`/incidents/${id}`)).body;
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['rectify', 'rectify_check']));
  });
});

describe('a de-registered household (R8)', () => {
  it('leaves the monthly household coverage of my grid (R14)', async () => {
    const grid = async () =>
      ((await me.get('/coverage/households')).body.grids as { gridId: number; households: number }[]).find((g) => g.gridId === mine.id)!.households;
    const before = await grid();
    const h = (
      await srv.db.query<{ id: number }>(`SELECT id FROM households WHERE grid_id = $1 AND status = 'registered' ORDER BY id DESC LIMIT 1`, [mine.id])
    )[0]!;
    expect((await me.post(`/field/households/${h.id}/changes`, { action: 'deregister', clientRef: 'hh-9', note: '拆迁' })).status).toBe(200);
    expect(await grid()).toBe(before - 1);
  });
});

describe('a case action re-sent from the queue (R18, R20)', () => {
  const report = (description: string, clientRef: string, categoryCode = '0101') =>
    me.post('/incidents', { categoryCode, lat: home.lat, lon: home.lon, description, clientRef });
  const events = async (id: number, action: string) =>
    (await srv.db.query('SELECT id FROM incident_events WHERE incident_id = $1 AND action = $2', [id, action])).length;

  it('answers the same success to the same clientRef of the same worker, session or terminal, and records the action once', async () => {
    const duty = await client(srv.base, 'duty');
    const c = (await report('路口违建棚', 'act-case-1')).body;
    const reg = await duty.post(`/incidents/${c.id}/actions`, { action: 'register', version: c.version });
    const disp = await duty.post(`/incidents/${c.id}/actions`, { action: 'dispatch', version: reg.body.version, workerId: mine.workerId });
    expect(disp.body.state).toBe('dispatched');
    const accept = { clientRef: 'act-1', action: 'accept', version: disp.body.version };
    const a = await me.post(`/field/cases/${c.id}/actions`, accept);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ id: c.id, state: 'in_progress', repeated: false, mine: { assigned: true } });
    expect(a.body.actions).toContain('handle');
    // Its answer lost: the queue sends it again, by the session and by the worker's terminal — done, not a 409.
    const again = await me.post(`/field/cases/${c.id}/actions`, accept);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: c.id, state: 'in_progress', version: a.body.version, repeated: true });
    expect((await terminal('POST', `/field/cases/${c.id}/actions`, accept)).body).toMatchObject({ state: 'in_progress', repeated: true });
    expect(await events(c.id, 'accept')).toBe(1);
    // The same id for another action is a mistake, said as one; nothing changes.
    const reused = await me.post(`/field/cases/${c.id}/actions`, { clientRef: 'act-1', action: 'handle', version: a.body.version, result: '已拆除' });
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe('client_ref_reused');
    const h = { clientRef: 'act-2', action: 'handle', version: a.body.version, result: '已督促拆除' };
    expect((await me.post(`/field/cases/${c.id}/actions`, h)).body).toMatchObject({ state: 'handled', repeated: false });
    expect((await me.post(`/field/cases/${c.id}/actions`, h)).body).toMatchObject({ state: 'handled', repeated: true });
    expect(await events(c.id, 'handle')).toBe(1);
    expect((await srv.db.query('SELECT id FROM field_case_actions WHERE incident_id = $1', [c.id])).length).toBe(2);
    // Another worker sending that id gets nothing of it: the case is not theirs (R40).
    expect((await other.post(`/field/cases/${c.id}/actions`, accept)).status).toBe(404);
    // The audit trail has each action once, with its clientRef.
    const audited = await srv.db.query<{ after: { clientRef: string } }>(
      `SELECT after FROM audit_log WHERE entity = 'incident' AND entity_id = $1 AND action IN ('accept', 'handle') ORDER BY id`,
      [String(c.id)],
    );
    expect(audited.map((r) => r.after.clientRef)).toEqual(['act-1', 'act-2']);
  });

  it('keeps a real conflict a 409 that says the state and who acted: someone else verified first', async () => {
    const duty = await client(srv.base, 'duty');
    const urban = await client(srv.base, 'urban');
    const inspector = await client(srv.base, 'inspector');
    const departmentId = (await urban.get('/auth/me')).body.departmentId;
    const c = (await report('沿街违建需城管处理', 'act-case-2')).body;
    let v = (await duty.post(`/incidents/${c.id}/actions`, { action: 'register', version: c.version })).body.version;
    v = (await duty.post(`/incidents/${c.id}/actions`, { action: 'dispatch', version: v, departmentId })).body.version;
    v = (await urban.post(`/incidents/${c.id}/actions`, { action: 'accept', version: v })).body.version;
    v = (await urban.post(`/incidents/${c.id}/actions`, { action: 'handle', version: v, result: '已拆除' })).body.version;
    // The worker who found it sees 核查 offered at version v; the inspector verifies first.
    expect((await me.get('/field/cases')).body.cases.find((x: { id: number }) => x.id === c.id).actions).toContain('verify');
    expect((await inspector.post(`/incidents/${c.id}/actions`, { action: 'verify', version: v })).body.state).toBe('verified');
    const late = await me.post(`/field/cases/${c.id}/actions`, { clientRef: 'act-3', action: 'verify', version: v });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('version_conflict');
    const said = Object.fromEntries((late.body.details as { path: string; message: string }[]).map((d) => [d.path, d.message]));
    expect(said.state).toBe('verified');
    expect(said.version).toBe(String(v + 1));
    expect(said.by).toMatch(/ verify /);
    expect(await events(c.id, 'verify')).toBe(1);
    expect((await srv.db.query('SELECT id FROM field_case_actions WHERE client_ref = $1', ['act-3'])).length).toBe(0);
    // Sent again with the version it now has, it is still refused: verified is not a state that takes 核查.
    const again = await me.post(`/field/cases/${c.id}/actions`, { clientRef: 'act-3', action: 'verify', version: v + 1 });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('action_not_allowed');
  });

  it('answers a re-sent 督促整改 and 整改核查 as done for the worker who sent them', async () => {
    const c = (await report('店外乱堆杂物', 'act-case-3', '0102')).body;
    const order = { clientRef: 'rect-r1', responsibleParty: '某商店', deadline: today };
    const r = await me.post(`/field/cases/${c.id}/rectification`, order);
    expect(r.status).toBe(201);
    const again = await terminal('POST', `/field/cases/${c.id}/rectification`, order);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: r.body.id, repeated: true });
    const check = { clientRef: 'chk-r1', passed: true, note: '已清理' };
    expect((await me.post(`/field/cases/${c.id}/rectification/check`, check)).body.repeated).toBe(false);
    expect((await me.post(`/field/cases/${c.id}/rectification/check`, check)).body).toMatchObject({ state: 'passed', repeated: true });
    // A second check with its own id is a real conflict, saying who checked.
    const late = await me.post(`/field/cases/${c.id}/rectification/check`, { ...check, clientRef: 'chk-r2' });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/checked \(passed\) by/);
  });
});

describe('上报事件: the classes a worker reports most, first (R18)', () => {
  it('orders the active classes by my own reports, then the town’s; another worker gets their own order', async () => {
    for (const [i, code] of ['0201', '0201', '0201', '0201'].entries())
      expect(
        (await me.post('/incidents', { categoryCode: code, lat: home.lat, lon: home.lon, description: `小广告 ${i}`, clientRef: `cls-${i}` })).status,
      ).toBe(201);
    const r = await me.get('/field/report-classes');
    expect(r.status).toBe(200);
    const classes = r.body.classes as { code: string; mine: number; town: number }[];
    const [active] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_categories WHERE active');
    expect(classes).toHaveLength(active!.n);
    const counts = await srv.db.query<{ code: string; n: number }>(
      `SELECT category_code AS code, count(*)::int AS n FROM incidents WHERE reporter_worker_id = $1 GROUP BY 1`,
      [mine.workerId],
    );
    for (const c of classes) expect(c.mine, c.code).toBe(counts.find((x) => x.code === c.code)?.n ?? 0);
    expect(classes[0]).toMatchObject({ code: '0201', mine: 4 });
    const sorted = [...classes].sort((a, b) => b.mine - a.mine || b.town - a.town || a.code.localeCompare(b.code));
    expect(classes.map((c) => c.code)).toEqual(sorted.map((c) => c.code));
    // The other worker reported none: their order is the town's, and their own counts are zero (R40: no one else's figures).
    const theirs = (await other.get('/field/report-classes')).body.classes as { code: string; mine: number; town: number }[];
    expect(theirs.every((c) => c.mine === 0)).toBe(true);
    expect(theirs.map((c) => c.town)).toEqual([...theirs.map((c) => c.town)].sort((a, b) => b - a));
    expect((await ownLeader.get('/field/report-classes')).status).toBe(403);
  });
});

describe('the app’s position door has a budget, as the terminal doors have (R15)', () => {
  it('answers beyond it a 429 with Retry-After, per worker; the terminal’s own door is not held back', async () => {
    // A worker whose app has not sent anything yet, with a terminal of their own.
    const [third] = await srv.db.query<{ workerId: number }>(
      'SELECT worker_id AS "workerId" FROM grids WHERE worker_id IS NOT NULL AND id NOT IN ($1, $2) ORDER BY id LIMIT 1',
      [mine.id, theirs.id],
    );
    expect(
      (await admin.post('/users', { username: 'thirdworker', displayName: '第三网格员', password: DEMO_PASSWORD, role: 'worker', workerId: third!.workerId }))
        .status,
    ).toBe(201);
    const app = await client(srv.base, 'thirdworker');
    const theirToken = (await admin.post('/devices', { uniqueId: 'FIELD-2', workerId: third!.workerId })).body.token as string;
    for (let i = 0; i < FIELD_POSITIONS_BUDGET.max; i++) expect((await app.post('/field/positions', { fixes: [] })).status).toBe(200);
    const fix = { deviceTime: minutesAgo(1), lat: mine.lat, lon: mine.lon, accuracy: 5 };
    const limited = await app.post('/field/positions', { fixes: [fix] });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    const wait = Number(limited.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(FIELD_POSITIONS_BUDGET.windowMs / 1000);
    expect(await srv.db.query('SELECT id FROM positions WHERE device_id = (SELECT id FROM devices WHERE unique_id = $1)', ['FIELD-2'])).toHaveLength(0);
    // Another worker's app is not held back, nor the same worker's terminal at its own door.
    expect((await me.post('/field/positions', { fixes: [] })).status).toBe(200);
    const native = await fetch(`${srv.base}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${theirToken}` },
      body: JSON.stringify({ fixes: [fix] }),
    });
    expect(native.status).toBe(200);
  });
});
