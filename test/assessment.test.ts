// Assessment and awards through the API (R20-R29, R40): records of each kind, the month computed and
// explained by its records, the monthly list on notice for 3 days and confirmed by the captain; squad
// leaders see their squad only; bad input refused with a clear 4xx and nothing changed.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/assessment/settings.ts';
import { shanghaiDay } from '../shared/core/time.ts';
import { pngOf } from './helpers/images.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
type Client = Awaited<ReturnType<typeof client>>;
let leader: Client;
let inspector: Client;
let worker: Client;
let duty: Client;
let ownLeader: Client; // the squad leader of worker A's squad
let otherLeader: Client;
/** A: the `worker` account's worker; B: a worker of another squad. */
let A: { id: number; squadId: number; gridId: number };
let B: { id: number; squadId: number; gridId: number };
let incidentId = 0;

// The previous month: its statistics ended at 00:00 of its last day, before today.
const today = shanghaiDay(Date.now());
const [y, m] = today.split('-').map(Number) as [number, number];
const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
const at = (day: number, hour = 10) => `${month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const count = async (table: string) => (await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('线上考核');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const upload = (c: Client, path: string, bytes: Buffer, type = 'application/octet-stream') =>
  fetch(`${srv.base}/api${path}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': type },
    body: new Uint8Array(bytes),
  }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

beforeAll(async () => {
  srv = await startTestServer();
  leader = await client(srv.base, 'leader');
  inspector = await client(srv.base, 'inspector');
  worker = await client(srv.base, 'worker');
  duty = await client(srv.base, 'duty');
  const me = (await worker.get('/auth/me')).body;
  const workers = await srv.db.query<{ id: number; squadId: number; gridId: number }>(
    `SELECT w.id, g.squad_id AS "squadId", g.id AS "gridId" FROM workers w JOIN grids g ON g.worker_id = w.id
      WHERE EXISTS (SELECT 1 FROM households h WHERE h.grid_id = g.id) ORDER BY w.id`,
  );
  A = workers.find((w) => w.id === me.workerId)!;
  B = workers.find((w) => w.squadId !== A.squadId)!;
  ownLeader = await client(srv.base, `squad${String(A.squadId).padStart(2, '0')}`);
  otherLeader = await client(srv.base, `squad${String(B.squadId).padStart(2, '0')}`);
});
afterAll(() => srv?.close());

describe('records of each kind', () => {
  it('sets the settings of a period; refuses a weight out of range and changes nothing', async () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      effectiveFrom: `${month}-01`,
      categoryWeights: { '01': 3 },
      // Patrol days are not part of this test (the demo's history does not reach back a month); one
      // record of five not de-registered and one person missing stay within the standard here.
      standard: { minQualifiedShare: 0, minCollectionRate: 0.75, maxMissedDeregistrationRate: 0.5, minAccuracy: 0.5 },
    };
    expect((await leader.post('/assessment/settings', settings)).status).toBe(201);
    const bad = await leader.post('/assessment/settings', { ...settings, effectiveFrom: `${month}-02`, partMax: { ...settings.partMax, patrol: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_request');
    expect((await inspector.post('/assessment/settings', settings)).status).toBe(403);
    expect((await leader.get('/assessment/settings')).body.periods).toEqual([settings]);
  });

  it('draws a reproducible sample, refuses one larger than the grid’s households, records the results', async () => {
    const body = { workerId: A.id, size: 3, seed: 'test-seed' };
    const one = await inspector.post('/assessment/samples', body);
    expect(one.status).toBe(201);
    expect(one.body.householdIds).toHaveLength(3);
    expect((await inspector.post('/assessment/samples', body)).body.householdIds).toEqual(one.body.householdIds);
    const before = await count('inspection_samples');
    const big = await inspector.post('/assessment/samples', { workerId: A.id, size: 5000 });
    expect(big.status).toBe(422);
    expect(big.body.message).toMatch(/a sample of 5000 households from a grid of \d+/);
    expect(await count('inspection_samples')).toBe(before);
    const [h1, h2, h3] = one.body.householdIds as number[];
    const foreign = await inspector.post(`/assessment/samples/${one.body.id}/results`, {
      checkedAt: at(12),
      results: [{ householdId: 1_999_999, result: 'correct' }],
    });
    expect(foreign.status).toBe(422);
    expect(await count('sample_results')).toBe(0);
    const results = [
      { householdId: h1, result: 'correct' },
      { householdId: h2, result: 'correct' },
      { householdId: h3, result: 'not_deregistered' },
    ];
    expect((await inspector.post(`/assessment/samples/${one.body.id}/results`, { checkedAt: at(12), results })).body).toEqual({ imported: 3 });
    expect((await ownLeader.post('/assessment/samples', body)).status).toBe(403);
  });

  it('samples a worker’s people as well as households (R22); a sample larger than the people is refused and nothing changes', async () => {
    // The demo seeds no residents: three of A's grid, one already de-registered (not in the pool).
    const [h] = await srv.db.query<{ id: number }>('SELECT id FROM households WHERE grid_id = $1 ORDER BY id LIMIT 1', [A.gridId]);
    const people = await srv.db.query<{ id: number }>(
      `INSERT INTO residents (household_id, name, status) VALUES ($1, '张一', 'registered'), ($1, '张二', 'registered'), ($1, '张三', 'registered'),
              ($1, '张四', 'deregistered') RETURNING id`,
      [h!.id],
    );
    const before = await count('inspection_samples');
    const big = await inspector.post('/assessment/samples', { workerId: A.id, subject: 'people', size: 4 });
    expect(big.status).toBe(422);
    expect(big.body).toMatchObject({
      error: 'invalid_records',
      message: 'a sample of 4 people from a grid of 3',
      details: [{ path: 'body.size', message: 'at most 3' }],
    });
    expect(await count('inspection_samples')).toBe(before);
    const body = { workerId: A.id, subject: 'people', size: 2, seed: 'people-seed' };
    const one = await inspector.post('/assessment/samples', body);
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ subject: 'people', householdIds: [] });
    expect((await inspector.post('/assessment/samples', body)).body.residentIds).toEqual(one.body.residentIds);
    expect(one.body.residentIds.every((id: number) => people.slice(0, 3).some((p) => p.id === id))).toBe(true);
    const [p1, p2] = one.body.residentIds as number[];
    // A household's id in a sample of people, or a result naming both, changes nothing.
    const wrong = await inspector.post(`/assessment/samples/${one.body.id}/results`, {
      checkedAt: at(12),
      results: [{ householdId: h!.id, result: 'correct' }],
    });
    expect(wrong.status).toBe(422);
    const both = await inspector.post(`/assessment/samples/${one.body.id}/results`, {
      checkedAt: at(12),
      results: [{ householdId: h!.id, residentId: p1, result: 'correct' }],
    });
    expect(both.status).toBe(400);
    expect(await count('sample_results')).toBe(3);
    const results = [
      { residentId: p1, result: 'correct' },
      { residentId: p2, result: 'person_missing' },
    ];
    expect((await inspector.post(`/assessment/samples/${one.body.id}/results`, { checkedAt: at(12), results })).body).toEqual({ imported: 2 });
    // Given again, a result replaces the first.
    expect((await inspector.post(`/assessment/samples/${one.body.id}/results`, { checkedAt: at(12), results })).status).toBe(201);
    expect(await count('sample_results')).toBe(5);
  });

  it('records a session’s scores with a retest after a 79; refuses a score of 120 and changes nothing', async () => {
    const s = await inspector.post('/assessment/training', { title: '网格化治理基础知识', heldAt: at(10, 9) });
    expect(s.status).toBe(201);
    const bad = await inspector.post(`/assessment/training/${s.body.id}/scores`, { scores: [{ workerId: A.id, score: 120, takenAt: at(10) }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toMatch(/scores/);
    expect(await count('test_scores')).toBe(0);
    const scores = [
      { workerId: A.id, score: 79, takenAt: at(10) },
      { workerId: A.id, score: 85, takenAt: at(12) },
      { workerId: B.id, score: 90, takenAt: at(10) },
    ];
    expect((await inspector.post(`/assessment/training/${s.body.id}/scores`, { scores })).body).toEqual({ imported: 3 });
  });

  it('imports a session’s test scores from .xlsx (R23) with the problems of each row; a 120 refused and nothing changed', async () => {
    const s = await inspector.post('/assessment/training', { title: '专项业务培训', heldAt: at(20, 9) });
    const path = `/assessment/training/${s.body.id}/scores/import`;
    const before = await count('test_scores');
    const bad = await upload(
      inspector,
      path,
      await xlsx([
        ['网格员编号', '得分', '考试时间'],
        [A.id, 120, ''],
        ['x', 90, ''],
        [B.id, 88, 'tomorrow'],
        [1_999_999, 80, ''],
      ]),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual([
      { path: 'row 2', message: '得分 120 is not between 0 and 100' },
      { path: 'row 3', message: '网格员编号 is not a worker id' },
      { path: 'row 4', message: '考试时间 tomorrow is not a date and time with its offset' },
    ]);
    const unknown = await upload(
      inspector,
      path,
      await xlsx([
        ['网格员编号', '得分'],
        [1_999_999, 80],
      ]),
    );
    expect(unknown.body.details).toEqual([{ path: 'row 2', message: 'no worker 1999999' }]);
    expect(await count('test_scores')).toBe(before);
    expect(
      (
        await upload(
          ownLeader,
          path,
          await xlsx([
            ['网格员编号', '得分'],
            [A.id, 90],
          ]),
        )
      ).status,
    ).toBe(403);
    const good = await upload(
      inspector,
      path,
      await xlsx([
        ['网格员编号', '得分', '考试时间'],
        [A.id, 92, at(20, 11)],
        [B.id, 85, ''],
      ]),
    );
    expect(good).toEqual({ status: 201, body: { imported: 2 } });
    const rows = await srv.db.query<{ workerId: number; score: number; takenAt: Date }>(
      'SELECT worker_id AS "workerId", score::float8 AS score, taken_at AS "takenAt" FROM test_scores WHERE session_id = $1 ORDER BY worker_id',
      [s.body.id],
    );
    expect(rows.map((r) => [r.workerId, r.score, r.takenAt.toISOString()]).sort()).toEqual(
      [
        [A.id, 92, new Date(at(20, 11)).toISOString()],
        [B.id, 85, new Date(at(20, 9)).toISOString()], // no time in the row: the session's
      ].sort(),
    );
  });

  it('takes publicity evidence and the inspection team’s faked mark, which a squad leader may not give', async () => {
    const t = await leader.post('/assessment/publicity', { title: '反诈宣传', givenAt: at(5), deadline: at(15) });
    expect(t.status).toBe(201);
    const mine = await worker.post(`/assessment/publicity/${t.body.id}/evidence`, { workerId: A.id, kind: 'photo', submittedAt: at(8) });
    expect(mine.status).toBe(201);
    // Its photo, checked by content as incident photos are (R23); another squad's leader cannot add one.
    const png = pngOf(8, 8);
    const file = await upload(worker, `/assessment/evidence/${mine.body.id}/files`, png, 'image/png');
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ mime: 'image/png', size: png.length, url: `/api/assessment/evidence/${mine.body.id}/files/${file.body.id}` });
    const files = await count('publicity_evidence_files');
    const text = await upload(worker, `/assessment/evidence/${mine.body.id}/files`, Buffer.from('<svg onload=alert(1)/>'), 'image/png');
    expect(text).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    expect((await upload(otherLeader, `/assessment/evidence/${mine.body.id}/files`, png, 'image/png')).status).toBe(404);
    expect(await count('publicity_evidence_files')).toBe(files);
    const got = await fetch(`${srv.base}${file.body.url}`, { headers: { cookie: ownLeader.cookie } });
    expect([got.status, got.headers.get('content-type'), Buffer.from(await got.arrayBuffer()).equals(png)]).toEqual([200, 'image/png', true]);
    expect((await fetch(`${srv.base}${file.body.url}`, { headers: { cookie: otherLeader.cookie } })).status).toBe(404);
    // A worker gives only their own evidence.
    expect((await worker.post(`/assessment/publicity/${t.body.id}/evidence`, { workerId: B.id, kind: 'photo', submittedAt: at(8) })).status).toBe(404);
    const theirs = await otherLeader.post(`/assessment/publicity/${t.body.id}/evidence`, { workerId: B.id, kind: 'screenshot', submittedAt: at(9) });
    expect(theirs.status).toBe(201);
    expect((await otherLeader.post(`/assessment/evidence/${theirs.body.id}/faked`)).status).toBe(403);
    expect((await inspector.post(`/assessment/evidence/${theirs.body.id}/faked`)).body).toEqual({ ok: true });
    expect((await inspector.post(`/assessment/evidence/${theirs.body.id}/faked`)).status).toBe(409);
  });

  it('records rectifications, tasks, checks, complaints and bonuses within the squad of a squad leader', async () => {
    expect((await ownLeader.post('/assessment/rectifications', { workerId: A.id, day: `${month}-11`, kind: 'urged' })).status).toBe(201);
    const foreign = await otherLeader.post('/assessment/rectifications', { workerId: A.id, day: `${month}-11`, kind: 'urged' });
    expect(foreign.status).toBe(404);
    expect(await count('rectification_records')).toBe(1);
    const task = await ownLeader.post('/assessment/tasks', { workerId: A.id, title: '排查出租房', deadline: at(20) });
    expect(task.status).toBe(201);
    expect((await ownLeader.post(`/assessment/tasks/${task.body.id}/complete`, { completedAt: at(19) })).body).toEqual({ ok: true });
    expect((await ownLeader.post(`/assessment/tasks/${task.body.id}/complete`, { completedAt: at(19) })).status).toBe(409);
    expect((await inspector.post('/assessment/checks', { workerId: B.id, checkedAt: at(13, 8), onTime: false, kit: true, conduct: true })).status).toBe(201);
    expect((await inspector.post('/assessment/complaints', { workerId: B.id, receivedAt: at(14), summary: '态度生硬', upheld: true })).status).toBe(201);
    expect((await ownLeader.post('/assessment/complaints', { workerId: A.id, receivedAt: at(14), summary: 'x', upheld: true })).status).toBe(403);
    expect((await leader.post('/assessment/bonuses', { kind: 'commendation', workerId: A.id, awardedAt: at(16), level: 'city' })).status).toBe(201);
    expect((await leader.post('/assessment/bonuses', { kind: 'commendation', workerId: A.id, awardedAt: at(16) })).status).toBe(400);
  });

  it('imports the online scores from .xlsx; a score of 120 in the file is refused and nothing changes', async () => {
    const bad = await upload(
      leader,
      `/assessment/online-scores/import?month=${month}`,
      await xlsx([
        ['网格员编号', '姓名', '得分'],
        [A.id, 'A', 90],
        [B.id, 'B', 120],
      ]),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual([{ path: 'row 3', message: '得分 120 is not between 0 and 100' }]);
    expect(await count('online_scores')).toBe(0);
    const good = await upload(
      leader,
      `/assessment/online-scores/import?month=${month}`,
      await xlsx([
        ['网格员编号', '姓名', '得分'],
        [A.id, 'A', 90],
        [B.id, 'B', 95],
      ]),
    );
    expect(good).toEqual({ status: 201, body: { imported: 2 } });
    expect((await upload(leader, `/assessment/online-scores/import?month=${month}`, Buffer.from('not a workbook'))).status).toBe(415);
  });

  it('counts an incident for the worker who reported it, not the one it was given to', async () => {
    const [g] = await srv.db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(ST_PointOnSurface(area)) AS lon, ST_Y(ST_PointOnSurface(area)) AS lat FROM grids WHERE id = $1',
      [A.gridId],
    );
    const c = await worker.post('/incidents', { categoryCode: '0101', lat: g!.lat, lon: g!.lon, description: '路边私搭乱建' });
    expect(c.status).toBe(201);
    incidentId = c.body.id;
    const registered = (await duty.post(`/incidents/${incidentId}/actions`, { action: 'register', version: c.body.version })).body;
    expect((await duty.post(`/incidents/${incidentId}/actions`, { action: 'dispatch', version: registered.version, workerId: B.id })).status).toBe(200);
    // Reported in the month under test (the API stamps it now).
    await srv.db.query('UPDATE incidents SET created_at = $2 WHERE id = $1', [incidentId, at(11)]);
  });
});

describe('the month', () => {
  it('computes each worker’s month and explains A’s points by their records', async () => {
    const res = await leader.get(`/assessment/workers/${A.id}/month?month=${month}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const line = (part: string) => res.body.lines.find((l: { part: string }) => l.part === part);
    // The incident: weight 3 (01 in this period) × the grid class's ratio × 0.5 points.
    expect(line('events').refs).toEqual([{ kind: 'incident', id: String(incidentId) }]);
    // Households: correct, correct, not de-registered; people: correct, missing (R22).
    expect(line('basicInfo')).toMatchObject({ points: 9, basis: { checked: 5, correct: 3 } }); // 15 × 3/5
    // The session with the retest after a 79, and the imported one with a 92.
    expect(line('study')).toMatchObject({ points: 10, basis: { passed: 2, sessions: 2 } });
    expect(line('study').refs).toHaveLength(3);
    expect(line('rectification').points).toBe(1);
    expect(line('bonus').points).toBe(4);
    expect(line('online').points).toBe(90);
    expect(res.body.sample).toMatchObject({ checked: 5, missedDeregistrationRate: 0.2, collectionRate: 0.8 });
    expect(res.body.complaints).toEqual([]);
    const b = await leader.get(`/assessment/workers/${B.id}/month?month=${month}`);
    expect(b.body.worker.ineligible).toEqual(['late', 'faked', 'complaint']);
    expect(b.body.lines.find((l: { part: string }) => l.part === 'events').refs).toEqual([]); // given the case, did not report it
    expect(b.body.complaints).toHaveLength(1);
  });

  it('ranks the day’s event collection per grid class with its 评优 (R21): by the reporter, weighted, scoped', async () => {
    const day = `${month}-11`;
    const res = await leader.get(`/assessment/events/day?date=${day}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ day, excellentPerClass: 3, ratios: DEFAULT_SETTINGS.gridClassRatios });
    const [cls] = await srv.db.query<{ c: number }>('SELECT class AS c FROM grids WHERE id = $1', [A.gridId]);
    const ratio = DEFAULT_SETTINGS.gridClassRatios[cls!.c as 1 | 2 | 3];
    const rows = res.body.classes.find((c: { gridClass: number }) => c.gridClass === cls!.c).rows;
    // Weight 3 for 01 in this period (the settings above) × the class's ratio; B, given the case, is not there.
    expect(rows).toEqual([
      {
        workerId: A.id,
        worker: expect.any(String),
        squadId: A.squadId,
        gridId: A.gridId,
        gridClass: cls!.c,
        count: 1,
        weighted: 3,
        judged: 3 * ratio,
        rank: 1,
        excellent: true,
        events: [{ id: incidentId, categoryCode: '0101', weight: 3, ratio, judged: 3 * ratio }],
      },
    ]);
    const other = (await otherLeader.get(`/assessment/events/day?date=${day}`)).body;
    expect(other.classes.flatMap((c: { rows: unknown[] }) => c.rows)).toEqual([]);
    expect(
      (await ownLeader.get(`/assessment/events/day?date=${day}`)).body.classes.flatMap((c: { rows: { workerId: number }[] }) => c.rows.map((r) => r.workerId)),
    ).toEqual([A.id]);
    expect((await leader.get('/assessment/events/day?date=2026-13-01')).status).toBe(400);
  });

  it('tallies rectifications per worker per day and by squad (R20), scoped', async () => {
    const res = (await leader.get(`/assessment/rectifications?month=${month}`)).body;
    expect(res.days).toEqual([
      {
        workerId: A.id,
        worker: expect.any(String),
        squadId: A.squadId,
        day: `${month}-11`,
        urged: 1,
        verified_party: 0,
        verified_department: 0,
        total: 1,
        refs: [expect.any(String)],
      },
    ]);
    expect(res.squadDays).toEqual([{ squadId: A.squadId, day: `${month}-11`, urged: 1, verified_party: 0, verified_department: 0, total: 1 }]);
    expect(res.squads).toEqual([{ squadId: A.squadId, urged: 1, verified_party: 0, verified_department: 0, total: 1 }]);
    const other = (await otherLeader.get(`/assessment/rectifications?month=${month}`)).body;
    expect([other.days, other.squadDays, other.squads]).toEqual([[], [], []]);
  });

  it('gives 采集率, 漏注销率 and 准确率 per worker, grid, squad and town (R22), households and people alike', async () => {
    const res = (await leader.get(`/assessment/basic-info?month=${month}`)).body;
    // A: households correct, correct, not de-registered; people correct, missing.
    const rates = {
      checked: 5,
      correct: 3,
      personMissing: 1,
      notDeregistered: 1,
      wrongDetail: 0,
      collectionRate: 0.8,
      missedDeregistrationRate: 0.2,
      accuracy: 0.6,
    };
    expect(res.workers).toEqual([{ ...rates, workerId: A.id, worker: expect.any(String), squadId: A.squadId, gridId: A.gridId, households: 3, people: 2 }]);
    expect(res.grids).toEqual([{ ...rates, gridId: A.gridId, squadId: A.squadId }]);
    expect(res.squads).toEqual([{ ...rates, squadId: A.squadId }]);
    expect(res.town).toEqual(rates);
    const other = (await otherLeader.get(`/assessment/basic-info?month=${month}`)).body;
    expect([other.town, other.workers, other.grids, other.squads]).toEqual([null, [], [], []]);
  });

  it('drills a worker’s line down to its records (the incident reported, the sample results), scoped', async () => {
    const events = await leader.get(`/assessment/workers/${A.id}/records?month=${month}&part=events`);
    expect(events.body.records).toEqual([
      { kind: 'incident', id: String(incidentId), when: new Date(at(11)).toISOString(), detail: expect.objectContaining({ categoryCode: '0101' }) },
    ]);
    const info = (await ownLeader.get(`/assessment/workers/${A.id}/records?month=${month}&part=basicInfo`)).body;
    expect(info.records.map((r: { detail: { result: string } }) => r.detail.result).sort()).toEqual(
      ['correct', 'correct', 'correct', 'not_deregistered', 'person_missing'].sort(),
    );
    expect((await otherLeader.get(`/assessment/workers/${A.id}/records?month=${month}&part=events`)).status).toBe(404);
    expect((await leader.get(`/assessment/workers/${A.id}/records?month=${month}&part=nothing`)).status).toBe(400);
  });

  it('shows a squad leader their squad only, without complaints or faked marks', async () => {
    const own = (await ownLeader.get(`/assessment/month?month=${month}`)).body;
    expect(new Set(own.workers.map((w: { squadId: number }) => w.squadId))).toEqual(new Set([A.squadId]));
    const other = (await otherLeader.get(`/assessment/month?month=${month}`)).body;
    expect(other.workers.find((w: { workerId: number }) => w.workerId === B.id).ineligible).toEqual(['late', 'withheld']);
    expect((await otherLeader.get(`/assessment/workers/${B.id}/month?month=${month}`)).body.complaints).toBeUndefined();
    expect((await ownLeader.get(`/assessment/workers/${B.id}/month?month=${month}`)).status).toBe(404);
    expect((await ownLeader.get(`/assessment/month?month=${month}&squad=${B.squadId}`)).status).toBe(403);
    expect((await worker.get(`/assessment/month?month=${month}`)).status).toBe(403);
  });

  it('ranks the town and names A first of the 10; exports the table with Chinese headers', async () => {
    const town = (await leader.get(`/assessment/month?month=${month}`)).body;
    expect(town.period.lastDay < `${month}-31`).toBe(true);
    expect(town.workers[0], JSON.stringify(town.workers.slice(0, 3))).toMatchObject({ workerId: A.id, rank: 1, awarded: true });
    expect(town.workers.filter((w: { awarded: boolean }) => w.awarded).length).toBeLessThanOrEqual(10);
    const res = await fetch(`${srv.base}/api/assessment/month.xlsx?month=${month}`, { headers: { cookie: leader.cookie } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '排名',
      '网格员',
      '中队',
      '网格等级',
      '现场考核',
      '线上考核',
      '加分',
      '综合得分',
      '月度优秀',
      '不符合条件',
    ]);
    expect(sheet.rowCount).toBe(town.workers.length + 1);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 3)).toEqual([1, town.workers[0].worker]);
  });
});

describe('the public notice (R29)', () => {
  it('is published once, takes feedback for 3 days, and is final after them and the captain’s confirmation', async () => {
    expect((await leader.post('/assessment/awards/publish', { month: today.slice(0, 7) })).status).toBe(409); // this month is still open
    const published = await leader.post('/assessment/awards/publish', { month });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ stage: 'on_notice', awarded: expect.arrayContaining([expect.objectContaining({ workerId: A.id, rank: 1 })]) });
    expect((await leader.post('/assessment/awards/publish', { month })).status).toBe(409);
    expect((await worker.post('/assessment/awards/feedback', { month, workerId: A.id, body: '工作认真，群众认可' })).status).toBe(201);
    expect((await worker.post('/assessment/awards/feedback', { month, workerId: B.id, body: '不在名单' })).status).toBe(422);
    const early = await leader.post('/assessment/awards/confirm', { month });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('notice_running');
    // The three days pass.
    await srv.db.query(`UPDATE award_lists SET published_at = published_at - interval '3 days'`);
    const feedback = await count('award_feedback');
    const late = await worker.post('/assessment/awards/feedback', { month, workerId: A.id, body: '晚了' });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('notice_closed');
    expect(await count('award_feedback')).toBe(feedback);
    expect((await inspector.post('/assessment/awards/confirm', { month })).status).toBe(403);
    const final = await leader.post('/assessment/awards/confirm', { month });
    expect(final.status).toBe(200);
    expect(final.body.stage).toBe('final');
    expect(final.body.feedback).toEqual([expect.objectContaining({ workerId: A.id, body: '工作认真，群众认可' })]);
    // A squad leader reads their squad's names; the wall reads masked ones and no feedback.
    const other = (await otherLeader.get(`/assessment/awards?month=${month}`)).body;
    expect(other.awarded.every((a: { squadId: number }) => a.squadId === B.squadId)).toBe(true);
    expect(other.feedback).toEqual([]);
    const wall = (await client(srv.base, 'wall').then((c) => c.get(`/assessment/awards?month=${month}`))).body;
    expect(wall.awarded.find((a: { workerId: number }) => a.workerId === A.id).worker).toContain('*');
    expect((await srv.db.query(`SELECT action FROM audit_log WHERE entity = 'award_lists' ORDER BY id`)).map((r) => r.action)).toEqual(['publish', 'confirm']);
  });
});

describe('patrol days follow the dated grid holders (R4, R15)', () => {
  it('counts a grid handed over mid-month for the holder of each day', async () => {
    // Grid G of worker X passes to Y (a worker of another grid) on the 15th; G is patrolled and qualified 10th–19th.
    const [X, Y] = await srv.db.query<{ id: number; gridId: number }>(
      `SELECT w.id, g.id AS "gridId" FROM workers w JOIN grids g ON g.worker_id = w.id WHERE w.id <> ALL($1::int[]) ORDER BY w.id LIMIT 2`,
      [[A.id, B.id]],
    );
    const handover = `${month}-15`;
    // X's holding from their hiring (as org/staffing records it before a handover), then Y's from the 15th.
    await srv.db.query(
      `INSERT INTO grid_assignments (grid_id, worker_id, from_day, to_day) SELECT g.id, g.worker_id, w.hired_on, $2 FROM grids g JOIN workers w ON w.id = g.worker_id WHERE g.id = $1`,
      [X!.gridId, handover],
    );
    await srv.db.query('INSERT INTO grid_assignments (grid_id, worker_id, from_day, to_day) VALUES ($1, $2, $3, $4)', [
      X!.gridId,
      Y!.id,
      handover,
      `${month}-25`,
    ]);
    await srv.db.query(
      `INSERT INTO coverage_days (day, grid_id, targets, targets_complete, targets_partial, road_m, road_complete_m, road_once_m, patrol_ms, qualified)
       SELECT d::date, $1, 1, 1, 0, 100, 100, 100, 3600000, true FROM generate_series($2::date, $3::date, interval '1 day') AS d`,
      [X!.gridId, `${month}-10`, `${month}-19`],
    );
    const x = (await leader.get(`/assessment/workers/${X!.id}/month?month=${month}`)).body;
    const y = (await leader.get(`/assessment/workers/${Y!.id}/month?month=${month}`)).body;
    expect([x.dutyDays, x.qualifiedDays, y.dutyDays, y.qualifiedDays]).toEqual([5, 5, 5, 5]);
    const refs = (b: { lines: { part: string; refs: { id: string }[] }[] }) => b.lines.find((l) => l.part === 'patrol')!.refs.map((r) => r.id);
    expect(refs(x)).toEqual(['10', '11', '12', '13', '14'].map((d) => `${month}-${d}/${X!.gridId}`));
    expect(refs(y)).toEqual(['15', '16', '17', '18', '19'].map((d) => `${month}-${d}/${X!.gridId}`));
    // X still heads their row with G: the grid they held last in the month.
    expect(x.worker).toMatchObject({ gridId: X!.gridId });
    const days = (await leader.get(`/assessment/workers/${Y!.id}/records?month=${month}&part=patrol`)).body.records;
    expect(days.map((d: { when: string; detail: { qualified: boolean } }) => [d.when, d.detail.qualified])).toEqual(
      ['15', '16', '17', '18', '19'].map((d) => [`${month}-${d}`, true]),
    );
  });
});

describe('events follow the grid held on their day (R21, R4)', () => {
  it('judges a worker moved from a class-1 to a class-3 grid mid-month by each grid’s ratio in its turn', async () => {
    // Z holds grid G1 (class 1) until the 12th, then G3 (class 3) of V; one event of 0101 before, one after.
    const [Z, V] = await srv.db.query<{ id: number; gridId: number }>(
      `SELECT w.id, g.id AS "gridId" FROM workers w JOIN grids g ON g.worker_id = w.id WHERE w.id <> ALL($1::int[])
        AND NOT EXISTS (SELECT 1 FROM grid_assignments a WHERE a.grid_id = g.id) ORDER BY w.id DESC LIMIT 2`,
      [[A.id, B.id]],
    );
    await srv.db.query('UPDATE grids SET class = 1 WHERE id = $1', [Z!.gridId]);
    await srv.db.query('UPDATE grids SET class = 3 WHERE id = $1', [V!.gridId]);
    const move = `${month}-12`;
    await srv.db.query(
      `INSERT INTO grid_assignments (grid_id, worker_id, from_day, to_day) VALUES ($1, $2, '2020-01-01', $5), ($3, $4, '2020-01-01', $5), ($3, $2, $5, NULL)`,
      [Z!.gridId, Z!.id, V!.gridId, V!.id, move],
    );
    // Two copies of the registered case of the month, reported by Z on the 5th and the 20th.
    const columns = (
      await srv.db.query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'incidents' AND column_name NOT IN ('id', 'code', 'client_ref', 'reporter_worker_id', 'created_at') ORDER BY ordinal_position`,
      )
    ).map((r) => r.c);
    const copies: number[] = [];
    for (const [n, when] of [
      [1, at(5)],
      [2, at(20)],
    ] as const) {
      const [row] = await srv.db.query<{ id: number }>(
        `INSERT INTO incidents (${columns.join(', ')}, code, reporter_worker_id, created_at)
         SELECT ${columns.join(', ')}, code || '-moved-${n}', $2, $3 FROM incidents WHERE id = $1 RETURNING id`,
        [incidentId, Z!.id, when],
      );
      copies.push(row!.id);
    }
    const [state] = await srv.db.query<{ state: string }>('SELECT state FROM incidents WHERE id = $1', [copies[0]]);
    expect(['reported', 'rejected', 'merged']).not.toContain(state!.state); // collected (R21)
    const settings = (await leader.get('/assessment/settings')).body.periods.at(-1);
    // The period's numbers this hand computation takes: 01 weighs 3, ratios 1 and 1.5, 0.5 a judged event.
    expect([settings.categoryWeights['01'], settings.gridClassRatios[1], settings.gridClassRatios[3], settings.pointsPerEvent]).toEqual([3, 1, 1.5, 0.5]);
    const z = (await leader.get(`/assessment/workers/${Z!.id}/month?month=${month}`)).body;
    const events = z.lines.find((l: { part: string }) => l.part === 'events');
    // 3 × 1 (the 5th, on G1) + 3 × 1.5 (the 20th, on G3) = 7.5 judged → 3.75 points; by the last grid alone it were 9 → 4.5.
    expect(events.basis).toMatchObject({ events: 2, judged: 7.5 });
    expect(events.points).toBe(3.75);
    expect(events.refs.map((r: { id: string }) => Number(r.id)).sort((a: number, b: number) => a - b)).toEqual(copies);
    // The row is headed by the grid held last (G3), and the day's rankings judge each day by the same grid.
    expect(z.worker).toMatchObject({ gridId: V!.gridId, gridClass: 3 });
    const judged = async (day: string) =>
      (await leader.get(`/assessment/events/day?date=${day}`)).body.classes
        .flatMap((c: { rows: { workerId: number; gridClass: number; judged: number }[] }) => c.rows)
        .find((r: { workerId: number }) => r.workerId === Z!.id);
    expect(await judged(`${month}-05`)).toMatchObject({ gridClass: 1, judged: 3 });
    expect(await judged(`${month}-20`)).toMatchObject({ gridClass: 3, judged: 4.5 });
  });
});
