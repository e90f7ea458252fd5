// Rewards (R25), 年度十佳 (R27), the public notice's answers (R29), the criticism notice for faked publicity
// evidence (R23) and the wall's masked monthly awards (R40). Every write is audited with who and when; a
// squad leader reads and acts on their squad only (another squad's application is a 404, nothing changes).
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { type AnnualRankedWorker, annualRanking } from '../../shared/assessment/awards.ts';
import type { MonthRow } from '../../shared/assessment/contract.ts';
import { feedbackOpen, noticeEnds, noticeStage } from '../../shared/assessment/notice.ts';
import { monthPeriod, type Period, yearPeriod } from '../../shared/assessment/period.ts';
import {
  APPLICANT_ROLES,
  monthlyAwardsOf,
  nextStep,
  proofOpen,
  type RewardCategory,
  type RewardState,
  type RewardStep,
  REWARD_STEPS,
  STEP_ROLES,
  takeStep,
} from '../../shared/assessment/rewards.ts';
import { type AnnualList, type AnnualRow, awards as contract, type Feedback, type RewardApplication } from '../../shared/assessment/rewardsContract.ts';
import { settingsOn } from '../../shared/assessment/settings.ts';
import type { Sendable } from '../../shared/core/contract.ts';
import { maskName } from '../../shared/core/mask.ts';
import { BRIGADE_ROLES, type Role } from '../../shared/core/roles.ts';
import { addDays, shanghaiDay } from '../../shared/core/time.ts';
import { audit } from '../auth/audit.ts';
import { covers, scopeFor } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import type { Queryable } from '../platform/db/index.ts';
import { readRawBody } from '../platform/http/body.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';
import { type Principal, route } from '../platform/http/route.ts';
import { confirmList } from './confirmList.ts';
import { loadSettings } from './store.ts';

const READERS: Role[] = ['admin', 'leader', 'inspector', 'squad_leader'];
const MANAGERS: Role[] = ['admin', 'leader'];
/** Who reads faked-evidence marks and the feedback with its senders (R40). */
const SEES_MARKS: Role[] = ['admin', 'leader', 'inspector'];
const PROOF_MAX_BYTES = 10 * 1024 * 1024;

const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, details);
const invalid = (message: string, path: string) => new HttpError(422, 'invalid_records', message, [{ path, message }]);

/** The written proof's type by its first bytes: PDF, JPEG or PNG (R25). */
function proofType(b: Buffer): string | null {
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

interface AppRow {
  id: number;
  workerId: number;
  squadId: number;
  name: string;
  gender: string;
  age: number;
  politicalStatus: string;
  unit: string;
  post: string;
  phone: string;
  category: RewardCategory;
  deedOn: string;
  deedPlace: string;
  deed: string;
  proofBy: string;
  rewardAsked: string;
  state: RewardState;
  submittedBy: string;
  submittedAt: Date;
  checkedBy: string | null;
  checkedAt: Date | null;
  checkNote: string | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  confirmNote: string | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  approveNote: string | null;
  paidBy: string | null;
  paidAt: Date | null;
  meetingOn: string | null;
  amount: number | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  rejectedStep: RewardStep | null;
  rejectReason: string | null;
}

const APP_SQL = `SELECT a.id, a.worker_id AS "workerId", a.squad_id AS "squadId", a.name, a.gender, a.age, a.political_status AS "politicalStatus",
    a.unit, a.post, a.phone, a.category, to_char(a.deed_on, 'YYYY-MM-DD') AS "deedOn", a.deed_place AS "deedPlace", a.deed, a.proof_by AS "proofBy",
    a.reward_asked AS "rewardAsked", a.state,
    us.display_name AS "submittedBy", a.submitted_at AS "submittedAt",
    uc.display_name AS "checkedBy", a.checked_at AS "checkedAt", a.check_note AS "checkNote",
    uf.display_name AS "confirmedBy", a.confirmed_at AS "confirmedAt", a.confirm_note AS "confirmNote",
    ua.display_name AS "approvedBy", a.approved_at AS "approvedAt", a.approve_note AS "approveNote",
    up.display_name AS "paidBy", a.paid_at AS "paidAt", to_char(a.meeting_on, 'YYYY-MM-DD') AS "meetingOn", a.amount::float8 AS amount,
    ur.display_name AS "rejectedBy", a.rejected_at AS "rejectedAt", a.rejected_at_step AS "rejectedStep", a.reject_reason AS "rejectReason"
  FROM reward_applications a
  JOIN users us ON us.id = a.submitted_by
  LEFT JOIN users uc ON uc.id = a.checked_by
  LEFT JOIN users uf ON uf.id = a.confirmed_by
  LEFT JOIN users ua ON ua.id = a.approved_by
  LEFT JOIN users up ON up.id = a.paid_by
  LEFT JOIN users ur ON ur.id = a.rejected_by`;

/** Whether a user may see an application (R40): town roles all, a squad leader their squad's, a worker their own. */
function sees(user: Principal, a: { squadId: number; workerId: number }): boolean {
  if (user.role === 'worker') return user.workerId === a.workerId;
  return covers(scopeFor(user), { squadId: a.squadId, gridId: null });
}

async function loadApp(q: Queryable, id: number, user: Principal, lock = false): Promise<Sendable<RewardApplication> & { state: RewardState }> {
  const [a] = await q.query<AppRow>(`${APP_SQL} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [id]);
  if (!a || !sees(user, a)) throw notFound(`reward application ${id}`);
  const proofs = await q.query<{ id: number; mime: string; size: number; at: Date }>(
    'SELECT id, mime, size, at FROM reward_proofs WHERE application_id = $1 ORDER BY id',
    [id],
  );
  const step = (by: string | null, at: Date | null, note: string | null) => (by && at ? { by, at, note: note ?? '' } : null);
  return {
    id: a.id,
    workerId: a.workerId,
    squadId: a.squadId,
    name: a.name,
    gender: a.gender,
    age: a.age,
    politicalStatus: a.politicalStatus,
    unit: a.unit,
    post: a.post,
    phone: a.phone,
    category: a.category,
    deedOn: a.deedOn,
    deedPlace: a.deedPlace,
    deed: a.deed,
    proofBy: a.proofBy,
    rewardAsked: a.rewardAsked,
    state: a.state,
    next: nextStep(a.state),
    submitted: { by: a.submittedBy, at: a.submittedAt },
    checked: step(a.checkedBy, a.checkedAt, a.checkNote),
    confirmed: step(a.confirmedBy, a.confirmedAt, a.confirmNote),
    approved: step(a.approvedBy, a.approvedAt, a.approveNote),
    paid: a.paidBy && a.paidAt && a.meetingOn && a.amount !== null ? { by: a.paidBy, at: a.paidAt, meetingOn: a.meetingOn, amount: a.amount } : null,
    rejected:
      a.rejectedBy && a.rejectedAt && a.rejectedStep ? { by: a.rejectedBy, at: a.rejectedAt, step: a.rejectedStep, reason: a.rejectReason ?? '' } : null,
    proofs: proofs.map((p) => ({ ...p, url: `/api/assessment/reward-proofs/${p.id}` })),
  };
}

const FEEDBACK_SQL = `SELECT f.id, l.kind AS "listKind", l.period, f.worker_id AS "workerId", w.name AS worker, f.body, u.display_name AS by, f.at,
    f.answer, a.display_name AS "answeredBy", f.answered_at AS "answeredAt"
  FROM award_feedback f JOIN award_lists l ON l.id = f.list_id JOIN users u ON u.id = f.by_user_id JOIN workers w ON w.id = f.worker_id
  LEFT JOIN users a ON a.id = f.answered_by`;
type FeedbackRow = Sendable<z.infer<typeof Feedback>>;

const periodOut = (p: Period) => ({ start: p.start, end: p.end, firstDay: p.firstDay, lastDay: p.lastDay });

export function rewardRoutes({ db }: Platform) {
  /** One step of an application (R25), in a transaction: refused (4xx) with nothing changed when out of order or role. */
  async function step(user: Principal, ip: string | undefined, id: number, action: RewardStep | 'reject', set: Record<string, unknown>) {
    return db.transaction(async (tx) => {
      const before = await loadApp(tx, id, user, true);
      const outcome = takeStep(before.state, action, user.role, before.proofs.length);
      if (!('ok' in outcome)) {
        if (outcome.code === 'wrong_role') throw new HttpError(403, 'wrong_role', outcome.message, { roles: outcome.roles });
        throw conflict(outcome.code, outcome.message, outcome.code === 'wrong_step' ? { state: before.state, expected: outcome.expected } : undefined);
      }
      const due = nextStep(before.state)!;
      const cols: Record<string, unknown> =
        action === 'reject'
          ? { state: 'rejected', rejected_by: user.userId, rejected_at: new Date(), rejected_at_step: due, ...set }
          : { state: outcome.to, [`${{ check: 'checked', confirm: 'confirmed', approve: 'approved', pay: 'paid' }[action]}_by`]: user.userId, ...set };
      if (action !== 'reject') cols[`${{ check: 'checked', confirm: 'confirmed', approve: 'approved', pay: 'paid' }[action]}_at`] = new Date();
      const names = Object.keys(cols);
      const updated = await tx.query<{ id: number }>(
        `UPDATE reward_applications SET ${names.map((n, i) => `${n} = $${i + 3}`).join(', ')} WHERE id = $1 AND state = $2 RETURNING id`,
        [id, before.state, ...names.map((n) => cols[n])],
      );
      if (updated.length !== 1) throw conflict('wrong_step', `application ${id} changed meanwhile`);
      await audit(tx, {
        userId: user.userId,
        action: `reward_${action}`,
        entity: 'reward_applications',
        entityId: id,
        before: { state: before.state },
        after: cols,
        ip,
      });
      return loadApp(tx, id, user);
    });
  }

  /** The year's list (R27): as published, or computed now from the year's monthly lists (draft). */
  async function annual(year: number, user: Principal, squad?: number): Promise<Sendable<z.infer<typeof AnnualList>>> {
    const scope = scopeFor(user, squad);
    const periods = await loadSettings(db);
    const period = yearPeriod(year, periods);
    const settings = settingsOn(periods, period.lastDay);
    const cutDay = addDays(period.lastDay, 1);
    const [l] = await db.query<{ ranking: AnnualRow[]; publishedAt: Date; confirmedAt: Date | null }>(
      `SELECT ranking, published_at AS "publishedAt", confirmed_at AS "confirmedAt" FROM award_lists WHERE kind = 'annual' AND period = $1`,
      [String(year)],
    );
    const rows = l ? l.ranking : await computeAnnual(db, year, cutDay, settings);
    const state = { publishedAt: l ? l.publishedAt.toISOString() : null, confirmedAt: l?.confirmedAt ? l.confirmedAt.toISOString() : null };
    return {
      year,
      period: periodOut(period),
      cutDay,
      stage: noticeStage(state, new Date(), settings.noticeDays),
      publishedAt: l?.publishedAt ?? null,
      noticeEnds: l ? noticeEnds(state.publishedAt!, settings.noticeDays) : null,
      confirmedAt: l?.confirmedAt ?? null,
      workers: rows.filter((r) => covers(scope, { squadId: r.squadId, gridId: null })),
    };
  }

  async function annualList(year: number, lock = false) {
    const [l] = await db.query<{ id: number; ranking: AnnualRow[]; publishedAt: Date; confirmedAt: Date | null }>(
      `SELECT id, ranking, published_at AS "publishedAt", confirmed_at AS "confirmedAt" FROM award_lists WHERE kind = 'annual' AND period = $1${lock ? ' FOR UPDATE' : ''}`,
      [String(year)],
    );
    if (!l) throw notFound(`the list of ${year}`);
    const periods = await loadSettings(db);
    const noticeDays = settingsOn(periods, yearPeriod(year, periods).lastDay).noticeDays;
    return { l, noticeDays, state: { publishedAt: l.publishedAt.toISOString(), confirmedAt: l.confirmedAt?.toISOString() ?? null } };
  }

  return [
    route(contract.rewards, {
      summary: 'Reward applications (R25) with the step each waits for; a squad leader sees their squad’s, a worker their own (R40)',
      access: APPLICANT_ROLES,
      async handler({ query, user }) {
        const scope = scopeFor(user, query.squad);
        const rows = await db.query<{
          id: number;
          workerId: number;
          squadId: number;
          name: string;
          category: RewardCategory;
          deedOn: string;
          rewardAsked: string;
          state: RewardState;
          submittedAt: Date;
        }>(
          `SELECT id, worker_id AS "workerId", squad_id AS "squadId", name, category, to_char(deed_on, 'YYYY-MM-DD') AS "deedOn", reward_asked AS "rewardAsked",
                  state, submitted_at AS "submittedAt"
             FROM reward_applications WHERE ($1::text IS NULL OR state = $1) AND ($2::int IS NULL OR squad_id = $2) AND ($3::int IS NULL OR worker_id = $3)
            ORDER BY id DESC`,
          [query.state ?? null, scope.squadId, user.role === 'worker' ? (user.workerId ?? -1) : null],
        );
        return { applications: rows.map((r) => ({ ...r, next: nextStep(r.state) })) };
      },
    }),
    route(contract.createReward, {
      summary: 'Applies for a reward on the form 《西岗镇社会治安综合治理个人奖励申报表》 (R25); the proof is attached next; a worker applies for themselves',
      access: APPLICANT_ROLES,
      async handler({ body, user, req }) {
        const [w] = await db.query<{ id: number; name: string; squadId: number }>('SELECT id, name, squad_id AS "squadId" FROM workers WHERE id = $1', [
          body.workerId,
        ]);
        if (!w) throw invalid(`no worker ${body.workerId}`, 'body.workerId');
        if (!sees(user, { squadId: w.squadId, workerId: w.id })) throw notFound(`worker ${body.workerId}`);
        if (body.deedOn > shanghaiDay(Date.now())) throw invalid(`${body.deedOn} has not come yet`, 'body.deedOn');
        const id = await db.transaction(async (tx) => {
          const [a] = await tx.query<{ id: number }>(
            `INSERT INTO reward_applications (worker_id, squad_id, name, gender, age, political_status, unit, post, phone, category, deed_on, deed_place, deed,
               proof_by, reward_asked, state, submitted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'submitted', $16) RETURNING id`,
            [
              w.id,
              w.squadId,
              w.name,
              body.gender,
              body.age,
              body.politicalStatus,
              body.unit,
              body.post,
              body.phone,
              body.category,
              body.deedOn,
              body.deedPlace,
              body.deed,
              body.proofBy,
              body.rewardAsked,
              user.userId,
            ],
          );
          await audit(tx, { userId: user.userId, action: 'create', entity: 'reward_applications', entityId: a!.id, after: body, ip: req.ip });
          return a!.id;
        });
        return loadApp(db, id, user);
      },
    }),
    route(contract.reward, {
      summary: 'A reward application with every step’s who and when, and its proofs (R25); scoped (R40)',
      access: APPLICANT_ROLES,
      handler: ({ params, user }) => loadApp(db, params.id, user),
    }),
    route(contract.attachProof, {
      summary: 'Attaches the written proof of the police or the department (R25 (8)): a PDF, JPEG or PNG as the raw body, before the squad checks',
      access: APPLICANT_ROLES,
      async handler({ params, user, req }) {
        const a = await loadApp(db, params.id, user);
        const bytes = await readRawBody(req, PROOF_MAX_BYTES, 'the proof');
        const mime = proofType(bytes);
        if (!mime) throw new HttpError(415, 'unsupported_media_type', 'the proof must be a PDF, JPEG or PNG file');
        if (!proofOpen(a.state)) throw conflict('proof_closed', `application ${a.id} is ${a.state}: proof is attached before the squad checks it`);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const id = await db.transaction(async (tx) => {
          const [p] = await tx.query<{ id: number }>(
            'INSERT INTO reward_proofs (application_id, mime, size, sha256, bytes, by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
            [a.id, mime, bytes.length, sha256, bytes, user.userId],
          );
          await audit(tx, {
            userId: user.userId,
            action: 'attach',
            entity: 'reward_applications',
            entityId: a.id,
            after: { proof: p!.id, mime, size: bytes.length, sha256 },
            ip: req.ip,
          });
          return p!.id;
        });
        return { id, mime, size: bytes.length, url: `/api/assessment/reward-proofs/${id}` };
      },
    }),
    route(contract.proof, {
      summary: 'A reward application’s proof as stored; scoped as its application (R40)',
      access: APPLICANT_ROLES,
      async handler({ params, user, res }) {
        const [p] = await db.query<{ applicationId: number; mime: string; bytes: Buffer }>(
          'SELECT application_id AS "applicationId", mime, bytes FROM reward_proofs WHERE id = $1',
          [params.id],
        );
        if (!p) throw notFound(`proof ${params.id}`);
        await loadApp(db, p.applicationId, user);
        res.type(p.mime).set('cache-control', 'private, max-age=86400').send(Buffer.from(p.bytes));
        return undefined;
      },
    }),
    route(contract.check, {
      summary: 'The squad checks an application (R25: 中队初步检查核实): the squad leader of its squad, with the proof attached',
      access: STEP_ROLES.check,
      handler: ({ params, body, user, req }) => step(user, req.ip, params.id, 'check', { check_note: body.note }),
    }),
    route(contract.confirm, {
      summary: 'The brigade confirms a checked application (R25: 大队组织考查确认): the inspection team',
      access: STEP_ROLES.confirm,
      handler: ({ params, body, user, req }) => step(user, req.ip, params.id, 'confirm', { confirm_note: body.note }),
    }),
    route(contract.approve, {
      summary: 'The town approves a confirmed application (R25: 报镇审批): the leader',
      access: STEP_ROLES.approve,
      handler: ({ params, body, user, req }) => step(user, req.ip, params.id, 'approve', { approve_note: body.note }),
    }),
    route(contract.pay, {
      summary: 'The reward is paid at a commendation meeting (R25: 召开表彰会，发放奖金): its day and amount',
      access: STEP_ROLES.pay,
      async handler({ params, body, user, req }) {
        if (body.meetingOn > shanghaiDay(Date.now())) throw invalid(`${body.meetingOn} has not come yet`, 'body.meetingOn');
        return step(user, req.ip, params.id, 'pay', { meeting_on: body.meetingOn, amount: body.amount });
      },
    }),
    route(contract.reject, {
      summary: 'Rejects an application at the step it waits for, with the reason (R25); by that step’s role only',
      access: [...new Set(REWARD_STEPS.flatMap((s) => STEP_ROLES[s]))],
      handler: ({ params, body, user, req }) => step(user, req.ip, params.id, 'reject', { reject_reason: body.reason }),
    }),

    route(contract.annual, {
      summary:
        'The year’s 年度十佳 (R27), cut at 00:00 on 31 December: ≥ 1 year on the post at the cut and ≥ 3 monthly awards of the year’s final lists; as published, else a draft',
      access: READERS,
      handler: ({ query, user }) => annual(query.year, user, query.squad),
    }),
    route(contract.publishAnnual, {
      summary: 'Publishes the year’s list for its 3-day public notice (R27, R29), once the cut (00:00 on 31 December) has passed; kept as published',
      access: MANAGERS,
      async handler({ body, user, req }) {
        const periods = await loadSettings(db);
        const period = yearPeriod(body.year, periods);
        if (Date.now() < period.end.getTime()) throw conflict('period_open', `the statistics of ${body.year} end at ${period.end.toISOString()}`);
        const rows = await computeAnnual(db, body.year, addDays(period.lastDay, 1), settingsOn(periods, period.lastDay));
        await db.transaction(async (tx) => {
          const [l] = await tx.query<{ id: number }>(
            `INSERT INTO award_lists (kind, period, ranking, published_by) VALUES ('annual', $1, $2::jsonb, $3) ON CONFLICT (kind, period) DO NOTHING RETURNING id`,
            [String(body.year), JSON.stringify(rows), user.userId],
          );
          if (!l) throw conflict('already_published', `the list of ${body.year} is already published`);
          const after = { year: body.year, awarded: rows.filter((r) => r.awarded).map((r) => r.workerId) };
          await audit(tx, { userId: user.userId, action: 'publish', entity: 'award_lists', entityId: l.id, after, ip: req.ip });
        });
        return annual(body.year, user);
      },
    }),
    route(contract.annualFeedback, {
      summary: 'Feedback on a name of the year’s list while it is on notice (R29: anyone in the system, 3 days); refused after; audited',
      access: BRIGADE_ROLES.filter((r) => r !== 'wall'),
      async handler({ body, user, req }) {
        const { l, noticeDays, state } = await annualList(body.year);
        if (!feedbackOpen(state, new Date(), noticeDays))
          throw conflict('notice_closed', `the notice of ${body.year} ended at ${noticeEnds(state.publishedAt, noticeDays).toISOString()}`);
        if (!l.ranking.some((r) => r.awarded && r.workerId === body.workerId))
          throw invalid(`worker ${body.workerId} is not on the list of ${body.year}`, 'body.workerId');
        return db.transaction(async (tx) => {
          const [f] = await tx.query<{ id: number }>('INSERT INTO award_feedback (list_id, worker_id, body, by_user_id) VALUES ($1, $2, $3, $4) RETURNING id', [
            l.id,
            body.workerId,
            body.body,
            user.userId,
          ]);
          await audit(tx, { userId: user.userId, action: 'create', entity: 'award_feedback', entityId: f!.id, after: body, ip: req.ip });
          return { id: f!.id };
        });
      },
    }),
    route(contract.confirmAnnual, {
      summary: 'The captain (the leader) confirms the year’s list after its 3 days of notice (R29): then it is final',
      access: ['leader'],
      async handler({ body, user, req }) {
        await db.transaction((tx) =>
          confirmList(
            tx,
            'annual',
            String(body.year),
            async (q) => {
              const periods = await loadSettings(q);
              return settingsOn(periods, yearPeriod(body.year, periods).lastDay).noticeDays;
            },
            user,
            req.ip,
          ),
        );
        return annual(body.year, user);
      },
    }),

    route(contract.feedback, {
      summary: 'The feedback on the lists’ names with senders and answers (R29), for those who answer it and the inspection team (R40)',
      access: SEES_MARKS,
      async handler({ query }) {
        const rows = await db.query<FeedbackRow>(
          `${FEEDBACK_SQL} WHERE ($1::text IS NULL OR l.kind = $1) AND ($2::text IS NULL OR l.period = $2) ORDER BY f.id`,
          [query.kind ?? null, query.period ?? null],
        );
        return { feedback: rows };
      },
    }),
    route(contract.myFeedback, {
      summary: 'The feedback I sent on the lists (R29), with its answer when given: each sender sees their own only',
      access: BRIGADE_ROLES.filter((r) => r !== 'wall'),
      async handler({ user }) {
        return { feedback: await db.query<FeedbackRow>(`${FEEDBACK_SQL} WHERE f.by_user_id = $1 ORDER BY f.id`, [user.userId]) };
      },
    }),
    route(contract.answer, {
      summary: 'The management group (leader) answers a feedback (R29), once; audited; the sender reads it in /assessment/feedback/mine',
      access: MANAGERS,
      async handler({ params, body, user, req }) {
        return db.transaction(async (tx) => {
          const [f] = await tx.query<{ id: number; answer: string | null }>('SELECT id, answer FROM award_feedback WHERE id = $1 FOR UPDATE', [params.id]);
          if (!f) throw notFound(`feedback ${params.id}`);
          if (f.answer !== null) throw conflict('already_answered', `feedback ${params.id} is already answered`);
          await tx.query('UPDATE award_feedback SET answer = $2, answered_by = $3, answered_at = now() WHERE id = $1', [params.id, body.answer, user.userId]);
          await audit(tx, { userId: user.userId, action: 'answer', entity: 'award_feedback', entityId: params.id, after: body, ip: req.ip });
          const [row] = await tx.query<FeedbackRow>(`${FEEDBACK_SQL} WHERE f.id = $1`, [params.id]);
          return row!;
        });
      },
    }),

    route(contract.criticism, {
      summary:
        'The month’s criticism notice (通报批评, R23): workers whose publicity evidence the inspection team marked faked in the period; R40: leader, inspector, admin',
      access: SEES_MARKS,
      async handler({ query }) {
        if (query.month > shanghaiDay(Date.now()).slice(0, 7)) throw new HttpError(400, 'invalid_request', `${query.month} has not come yet`);
        const period = monthPeriod(query.month, await loadSettings(db));
        const entries = await db.query<{
          evidenceId: number;
          workerId: number;
          worker: string;
          squadId: number;
          task: string;
          kind: string;
          submittedAt: Date;
          markedBy: string;
          markedAt: Date;
        }>(
          `SELECT e.id AS "evidenceId", w.id AS "workerId", w.name AS worker, w.squad_id AS "squadId", t.title AS task, e.kind, e.submitted_at AS "submittedAt",
                  u.display_name AS "markedBy", e.faked_at AS "markedAt"
             FROM publicity_evidence e JOIN publicity_tasks t ON t.id = e.task_id JOIN workers w ON w.id = e.worker_id JOIN users u ON u.id = e.faked_by
            WHERE e.faked AND e.faked_at >= $1 AND e.faked_at < $2 ORDER BY e.faked_at, e.id`,
          [period.start, period.end],
        );
        return { month: query.month, period: periodOut(period), entries };
      },
    }),
    route(contract.wall, {
      summary: 'The monthly awards for the wall (R26, R40): the latest final list (or the month asked), names masked for every reader',
      access: BRIGADE_ROLES,
      async handler({ query }) {
        const [l] = await db.query<{ period: string; ranking: MonthRow[]; publishedAt: Date; confirmedAt: Date | null }>(
          `SELECT period, ranking, published_at AS "publishedAt", confirmed_at AS "confirmedAt" FROM award_lists
            WHERE kind = 'monthly' AND ($1::text IS NULL OR period = $1) AND ($1::text IS NOT NULL OR confirmed_at IS NOT NULL)
            ORDER BY period DESC LIMIT 1`,
          [query.month ?? null],
        );
        if (!l) return { month: query.month ?? null, stage: 'draft' as const, awarded: [] };
        const squads = new Map((await db.query<{ id: number; name: string }>('SELECT id, name FROM squads')).map((s) => [s.id, s.name] as const));
        const noticeDays = settingsOn(await loadSettings(db), `${l.period}-01`).noticeDays;
        const state = { publishedAt: l.publishedAt.toISOString(), confirmedAt: l.confirmedAt?.toISOString() ?? null };
        return {
          month: l.period,
          stage: noticeStage(state, new Date(), noticeDays),
          awarded: l.ranking
            .filter((r) => r.awarded)
            .sort((a, b) => a.rank! - b.rank!)
            .map((r) => ({ rank: r.rank!, worker: maskName(r.worker), squad: squads.get(r.squadId) ?? '' })),
        };
      },
    }),
  ];
}

/**
 * R27: the year's candidates — every worker holding a grid, their tenure at the cut and their monthly awards
 * in the year's final monthly lists (and the mean of the year's published monthly totals) — ranked.
 */
async function computeAnnual(q: Queryable, year: number, cutDay: string, settings: ReturnType<typeof settingsOn>): Promise<AnnualRow[]> {
  const workers = await q.query<{ id: number; name: string; squadId: number; hiredOn: string }>(
    `SELECT w.id, w.name, w.squad_id AS "squadId", to_char(w.hired_on, 'YYYY-MM-DD') AS "hiredOn" FROM workers w
      WHERE EXISTS (SELECT 1 FROM grids g WHERE g.worker_id = w.id) ORDER BY w.id`,
  );
  const lists = await q.query<{ period: string; ranking: MonthRow[]; confirmedAt: Date | null }>(
    `SELECT period, ranking, confirmed_at AS "confirmedAt" FROM award_lists WHERE kind = 'monthly' AND period LIKE $1`,
    [`${year}-%`],
  );
  const byWorker = monthlyAwardsOf(
    lists.map((l) => ({ period: l.period, final: l.confirmedAt !== null, ranking: l.ranking })),
    year,
  );
  const ranked: AnnualRankedWorker[] = annualRanking(
    workers.map((w) => ({
      workerId: w.id,
      hiredOn: w.hiredOn,
      monthTotals: byWorker.get(w.id)?.totals ?? [],
      monthlyAwards: byWorker.get(w.id)?.awards ?? 0,
    })),
    cutDay,
    settings,
  );
  const info = new Map(workers.map((w) => [w.id, w]));
  return ranked.map((r) => {
    const w = info.get(r.workerId)!;
    return { ...r, workerId: w.id, worker: w.name, squadId: w.squadId, hiredOn: w.hiredOn };
  });
}
