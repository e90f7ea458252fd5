// Rewards (R25), 年度十佳 (R27) and the public notice's answers (R29) through the API, with the criticism notice
// of faked evidence (R23) and the wall's masked awards (R40): steps in order, each by its own role, a skipped
// one or a wrong role refused with nothing changed; a squad leader sees their squad's applications only;
// the year's edges (exactly one year on the post at the cut; 2 versus 3 monthly awards); feedback answered
// and seen by its sender only, refused after the 3 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../shared/core/time.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
type Client = Awaited<ReturnType<typeof client>>;
let leader: Client;
let inspector: Client;
let worker: Client;
let duty: Client;
let admin: Client;
let ownLeader: Client; // the squad leader of A's squad
let otherLeader: Client; // of B's
type W = { id: number; name: string; squadId: number };
/** A: the `worker` account's worker; B: one of another squad; C, D: two more of the town. */
let A: W;
let B: W;
let C: W;
let D: W;

const today = shanghaiDay(Date.now());
const year = Number(today.slice(0, 4)) - 1; // a year whose cut (00:00 on 31 December) has passed
const count = async (table: string) => (await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const upload = (c: Client, path: string, bytes: Buffer) =>
  fetch(`${srv.base}/api${path}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

const form = (workerId: number) => ({
  workerId,
  gender: '男',
  age: 41,
  politicalStatus: '中共党员',
  unit: '东王庄村第一网格',
  post: '专职网格员',
  phone: '13805370001',
  category: 'criminal_case',
  deedOn: `${today.slice(0, 7)}-01`,
  deedPlace: '东王庄村村委会西侧',
  deed: '巡查中发现可疑人员并及时报告派出所，协助民警抓获盗窃嫌疑人一名，嫌疑人已被刑事拘留。',
  proofBy: '西岗派出所',
  rewardAsked: '奖金 500 元',
});

beforeAll(async () => {
  srv = await startTestServer();
  [leader, inspector, worker, duty, admin] = (await Promise.all(['leader', 'inspector', 'worker', 'duty', 'admin'].map((u) => client(srv.base, u)))) as [
    Client,
    Client,
    Client,
    Client,
    Client,
  ];
  const me = (await worker.get('/auth/me')).body;
  const workers = await srv.db.query<W>('SELECT w.id, w.name, w.squad_id AS "squadId" FROM workers w JOIN grids g ON g.worker_id = w.id ORDER BY w.id');
  A = workers.find((w) => w.id === me.workerId)!;
  B = workers.find((w) => w.squadId !== A.squadId)!;
  [C, D] = workers.filter((w) => w.id !== A.id && w.id !== B.id) as [W, W];
  ownLeader = await client(srv.base, `squad${String(A.squadId).padStart(2, '0')}`);
  otherLeader = await client(srv.base, `squad${String(B.squadId).padStart(2, '0')}`);
});
afterAll(() => srv?.close());

describe('a reward application (R25)', () => {
  let mine = 0;
  let theirs = 0;

  it('is made on the form, by the worker for themselves or by a squad leader within their squad', async () => {
    const a = await worker.post('/assessment/rewards', form(A.id));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({ name: A.name, squadId: A.squadId, state: 'submitted', next: 'check', proofBy: '西岗派出所', checked: null, proofs: [] });
    mine = a.body.id;
    expect((await worker.post('/assessment/rewards', form(B.id))).status).toBe(404);
    expect((await ownLeader.post('/assessment/rewards', form(B.id))).status).toBe(404);
    const b = await otherLeader.post('/assessment/rewards', form(B.id));
    expect(b.status).toBe(201);
    theirs = b.body.id;
    const before = await count('reward_applications');
    expect((await worker.post('/assessment/rewards', { ...form(A.id), gender: 'x', age: 200 })).status).toBe(400);
    expect((await worker.post('/assessment/rewards', { ...form(A.id), deedOn: '2999-01-01' })).status).toBe(422);
    expect(await count('reward_applications')).toBe(before);
  });

  it('is seen by a squad leader only in their squad, by a worker only as their own (R40)', async () => {
    const own = (await ownLeader.get('/assessment/rewards')).body.applications;
    expect(own.map((x: { id: number }) => x.id)).toEqual([mine]);
    expect(own.every((x: { squadId: number }) => x.squadId === A.squadId)).toBe(true);
    expect((await otherLeader.get('/assessment/rewards')).body.applications.map((x: { id: number }) => x.id)).toEqual([theirs]);
    expect((await otherLeader.get(`/assessment/rewards/${mine}`)).status).toBe(404);
    expect((await ownLeader.get(`/assessment/rewards?squad=${B.squadId}`)).status).toBe(403);
    expect((await worker.get('/assessment/rewards')).body.applications.map((x: { id: number }) => x.id)).toEqual([mine]);
    expect((await worker.get(`/assessment/rewards/${theirs}`)).status).toBe(404);
    expect((await leader.get('/assessment/rewards')).body.applications.map((x: { id: number }) => x.id)).toEqual([theirs, mine]);
    expect((await duty.get('/assessment/rewards')).status).toBe(403);
  });

  it('goes step by step: no check without the proof, no step skipped, none by the wrong role, nothing changed', async () => {
    const noProof = await ownLeader.post(`/assessment/rewards/${mine}/check`, {});
    expect(noProof.status).toBe(409);
    expect(noProof.body.error).toBe('no_proof');
    expect((await upload(worker, `/assessment/rewards/${mine}/proof`, Buffer.from('just words'))).status).toBe(415);
    const proof = await upload(worker, `/assessment/rewards/${mine}/proof`, Buffer.from('%PDF-1.4\n% 西岗派出所证明\n%%EOF\n'));
    expect(proof.status).toBe(201);
    expect(proof.body.mime).toBe('application/pdf');
    expect((await fetch(`${srv.base}/api${proof.body.url.slice(4)}`, { headers: { cookie: otherLeader.cookie } })).status).toBe(404);
    const file = await fetch(`${srv.base}${proof.body.url}`, { headers: { cookie: ownLeader.cookie } });
    expect((await file.text()).startsWith('%PDF-')).toBe(true);

    const audits = await count('audit_log');
    const skipped = await leader.post(`/assessment/rewards/${mine}/approve`, {});
    expect(skipped.status).toBe(409);
    expect(skipped.body).toMatchObject({ error: 'wrong_step', details: { state: 'submitted', expected: 'check' } });
    expect((await inspector.post(`/assessment/rewards/${mine}/confirm`, {})).status).toBe(409);
    expect((await inspector.post(`/assessment/rewards/${mine}/check`, {})).status).toBe(403);
    expect((await leader.post(`/assessment/rewards/${mine}/check`, {})).status).toBe(403);
    expect((await admin.post(`/assessment/rewards/${mine}/check`, {})).status).toBe(403);
    expect((await otherLeader.post(`/assessment/rewards/${mine}/check`, {})).status).toBe(404); // their squad only
    const wrongReject = await leader.post(`/assessment/rewards/${mine}/reject`, { reason: '不是我这一步' });
    expect(wrongReject.status).toBe(403);
    expect(wrongReject.body.error).toBe('wrong_role');
    expect((await leader.get(`/assessment/rewards/${mine}`)).body).toMatchObject({ state: 'submitted', checked: null, rejected: null });
    expect(await count('audit_log')).toBe(audits);

    const checked = await ownLeader.post(`/assessment/rewards/${mine}/check`, { note: '情况属实' });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ state: 'checked', next: 'confirm', checked: { note: '情况属实' } });
    expect(checked.body.checked.by).toBeTruthy();
    expect((await upload(worker, `/assessment/rewards/${mine}/proof`, Buffer.from('%PDF-1.4\n%%EOF\n'))).status).toBe(409);
    expect((await ownLeader.post(`/assessment/rewards/${mine}/check`, {})).status).toBe(409); // not twice
    expect((await inspector.post(`/assessment/rewards/${mine}/confirm`, {})).body.state).toBe('confirmed');
    expect((await inspector.post(`/assessment/rewards/${mine}/pay`, { meetingOn: today, amount: 500 })).status).toBe(409); // not before the town
    expect((await leader.post(`/assessment/rewards/${mine}/approve`, { note: '同意' })).body.state).toBe('approved');
    expect((await ownLeader.post(`/assessment/rewards/${mine}/pay`, { meetingOn: today, amount: -5 })).status).toBe(400);
    const paid = await ownLeader.post(`/assessment/rewards/${mine}/pay`, { meetingOn: today, amount: 500 });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ state: 'paid', next: null, paid: { meetingOn: today, amount: 500 } });
    for (const s of ['submitted', 'checked', 'confirmed', 'approved', 'paid']) expect(Date.parse(paid.body[s].at), s).toBeGreaterThan(0);
    expect(paid.body.approved.by).toBe((await leader.get('/auth/me')).body.displayName);
    const trail = await srv.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'reward_applications' AND entity_id = $1 ORDER BY id`, [
      String(mine),
    ]);
    expect(trail.map((t) => t.action)).toEqual(['create', 'attach', 'reward_check', 'reward_confirm', 'reward_approve', 'reward_pay']);
  });

  it('is rejected with its reason at the step it waits for, and then goes no further', async () => {
    const r = await otherLeader.post(`/assessment/rewards/${theirs}/reject`, { reason: '缺少派出所书面证明' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'rejected', next: null, rejected: { step: 'check', reason: '缺少派出所书面证明' } });
    expect((await otherLeader.post(`/assessment/rewards/${theirs}/check`, {})).status).toBe(409);
    expect((await otherLeader.post(`/assessment/rewards/${theirs}/reject`, { reason: '再次' })).status).toBe(409);
    expect((await otherLeader.post(`/assessment/rewards/${theirs}/reject`, { reason: '' })).status).toBe(400);
  });
});

describe('年度十佳 (R27) and its public notice (R29)', () => {
  it('takes only workers with one year on the post at the cut (exactly one counts) and 3 monthly awards of the year’s final lists', async () => {
    await srv.db.query('UPDATE workers SET hired_on = $2 WHERE id = $1', [A.id, `${year - 1}-12-31`]); // one year exactly at 00:00 on 31 December
    await srv.db.query('UPDATE workers SET hired_on = $2 WHERE id = $1', [B.id, `${year}-01-01`]); // one day short
    await srv.db.query('UPDATE workers SET hired_on = $2 WHERE id = ANY($1::int[])', [[C.id, D.id], `${year - 5}-03-01`]);
    const [{ id: by }] = (await srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'leader'`)) as [{ id: number }];
    const row = (w: W, rank: number, total: number) => ({
      workerId: w.id,
      worker: w.name,
      squadId: w.squadId,
      gridId: 1,
      gridClass: 1,
      onSite: total,
      online: null,
      bonus: 0,
      total,
      rank,
      awarded: true,
      ineligible: [],
    });
    // Months 01–03 final: A, B and D awarded three times, C twice; month 04 still on notice awards C a third time.
    const months: [string, W[], boolean][] = [
      ['01', [A, B, C, D], true],
      ['02', [A, B, C, D], true],
      ['03', [A, B, D], true],
      ['04', [C], false],
    ];
    for (const [m, ws, final] of months)
      await srv.db.query(
        `INSERT INTO award_lists (kind, period, ranking, published_at, published_by, confirmed_at, confirmed_by)
         VALUES ('monthly', $1, $2::jsonb, $3, $4, $5, $4)`,
        [
          `${year}-${m}`,
          JSON.stringify(ws.map((w, i) => row(w, i + 1, 90 - i))),
          `${year}-${m}-28T10:00:00+08:00`,
          by,
          final ? `${year}-${m}-28T11:00:00+08:00` : null,
        ],
      );
    const list = await leader.get(`/assessment/annual?year=${year}`);
    expect(list.status, JSON.stringify(list.body).slice(0, 300)).toBe(200);
    expect(list.body).toMatchObject({ year, cutDay: `${year}-12-31`, stage: 'draft', period: { lastDay: `${year}-12-30` } });
    const of = (w: W) => list.body.workers.find((x: { workerId: number }) => x.workerId === w.id);
    expect(of(A)).toMatchObject({ monthlyAwards: 3, ineligible: [], awarded: true, rank: expect.any(Number) });
    expect(of(D)).toMatchObject({ monthlyAwards: 3, ineligible: [], awarded: true });
    expect(of(B)).toMatchObject({ monthlyAwards: 3, ineligible: ['tenure'], awarded: false, rank: null });
    expect(of(C)).toMatchObject({ monthlyAwards: 2, ineligible: ['monthly_awards'], awarded: false, rank: null });
    expect(list.body.workers.filter((x: { awarded: boolean }) => x.awarded)).toHaveLength(2);
    const squad = (await otherLeader.get(`/assessment/annual?year=${year}`)).body.workers;
    expect(squad.length).toBeGreaterThan(0);
    expect(squad.every((x: { squadId: number }) => x.squadId === B.squadId)).toBe(true);
    expect((await leader.get('/assessment/annual?year=1999')).status).toBe(400);
  });

  it('is published after the cut, takes feedback for 3 days, answered to its sender only, and is final after the captain confirms', async () => {
    expect((await leader.post('/assessment/annual/publish', { year: year + 1 })).status).toBe(409); // this year's cut has not come
    expect((await inspector.post('/assessment/annual/publish', { year })).status).toBe(403);
    const published = await leader.post('/assessment/annual/publish', { year });
    expect(published.status).toBe(201);
    expect(published.body.stage).toBe('on_notice');
    expect((await leader.post('/assessment/annual/publish', { year })).status).toBe(409);

    const w = await worker.post('/assessment/annual/feedback', { year, workerId: D.id, body: '该同志工作扎实' });
    expect(w.status).toBe(201);
    const d = await duty.post('/assessment/annual/feedback', { year, workerId: A.id, body: '请核实出勤情况' });
    expect(d.status).toBe(201);
    expect((await duty.post('/assessment/annual/feedback', { year, workerId: C.id, body: '不在名单' })).status).toBe(422);

    expect((await inspector.post(`/assessment/feedback/${d.body.id}/answer`, { answer: 'x' })).status).toBe(403);
    const answered = await leader.post(`/assessment/feedback/${d.body.id}/answer`, { answer: '经核实，该同志全年无迟到早退。' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ id: d.body.id, listKind: 'annual', period: String(year), answer: '经核实，该同志全年无迟到早退。' });
    expect(answered.body.answeredBy).toBeTruthy();
    expect((await leader.post(`/assessment/feedback/${d.body.id}/answer`, { answer: '再答' })).status).toBe(409);
    expect((await leader.post('/assessment/feedback/999999/answer', { answer: 'x' })).status).toBe(404);

    // Each sender sees their own feedback and its answer, nobody else's.
    const dutyMine = (await duty.get('/assessment/feedback/mine')).body.feedback;
    expect(dutyMine).toEqual([expect.objectContaining({ id: d.body.id, answer: '经核实，该同志全年无迟到早退。' })]);
    const workerMine = (await worker.get('/assessment/feedback/mine')).body.feedback;
    expect(workerMine).toEqual([expect.objectContaining({ id: w.body.id, answer: null })]);
    expect((await ownLeader.get('/assessment/feedback/mine')).body.feedback).toEqual([]);
    expect((await ownLeader.get('/assessment/feedback')).status).toBe(403);
    expect((await leader.get(`/assessment/feedback?kind=annual&period=${year}`)).body.feedback.map((f: { id: number }) => f.id)).toEqual([
      w.body.id,
      d.body.id,
    ]);
    const trail = await srv.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'award_feedback' ORDER BY id`);
    expect(trail.map((t) => t.action)).toEqual(['create', 'create', 'answer']);

    expect((await leader.post('/assessment/annual/confirm', { year })).body?.error).toBe('notice_running');
    // The three days pass.
    await srv.db.query(`UPDATE award_lists SET published_at = published_at - interval '3 days' WHERE kind = 'annual'`);
    const n = await count('award_feedback');
    const late = await worker.post('/assessment/annual/feedback', { year, workerId: D.id, body: '晚了' });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('notice_closed');
    expect(await count('award_feedback')).toBe(n);
    const final = await leader.post('/assessment/annual/confirm', { year });
    expect(final.status).toBe(200);
    expect(final.body.stage).toBe('final');
    expect((await leader.post('/assessment/annual/confirm', { year })).body.error).toBe('already_confirmed');
  });
});

describe('the criticism notice (R23) and the wall (R40)', () => {
  it('names the worker whose publicity evidence was marked faked, for the leader and the inspection team only', async () => {
    const month = today.slice(0, 7);
    const t = await leader.post('/assessment/publicity', {
      title: '反诈宣传进村居',
      givenAt: new Date(Date.now() - 3_600_000).toISOString(),
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(t.status).toBe(201);
    const e = await worker.post(`/assessment/publicity/${t.body.id}/evidence`, { workerId: A.id, kind: 'photo', submittedAt: new Date().toISOString() });
    expect((await inspector.post(`/assessment/evidence/${e.body.id}/faked`)).status).toBe(200);
    const notice = await leader.get(`/assessment/criticism?month=${month}`);
    expect(notice.status).toBe(200);
    expect(notice.body.entries).toEqual([expect.objectContaining({ evidenceId: e.body.id, workerId: A.id, worker: A.name, task: '反诈宣传进村居' })]);
    expect((await ownLeader.get(`/assessment/criticism?month=${month}`)).status).toBe(403);
    expect((await worker.get(`/assessment/criticism?month=${month}`)).status).toBe(403);
  });

  it('shows the latest final monthly list with masked names only', async () => {
    const wall = await client(srv.base, 'wall');
    const r = await wall.get('/assessment/wall-awards');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month: `${year}-03`, stage: 'final' }); // 04 is not final
    expect(r.body.awarded.map((x: { rank: number }) => x.rank)).toEqual([1, 2, 3]);
    const text = JSON.stringify(r.body);
    for (const w of [A, B, D]) expect(text).not.toContain(w.name);
    expect(r.body.awarded.every((x: { worker: string }) => x.worker.includes('*'))).toBe(true);
    expect((await leader.get('/assessment/wall-awards')).body).toEqual(r.body); // masked for every reader
  });
});
