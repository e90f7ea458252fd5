// Assessment and awards (R20-R29): the records of each kind, the month computed and explained point by point,
// the monthly list on public notice for 3 days and confirmed by the captain. Scoped (R40): a squad leader
// reads and records only their squad; complaints and faked-evidence marks only for leader, inspector, admin.
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type AwardList, assessment as contract, type MonthRow } from '../../shared/assessment/contract.ts';
import { feedbackOpen, noticeEnds, noticeStage } from '../../shared/assessment/notice.ts';
import { ENTRY_ROLES } from '../../shared/assessment/entryRoles.ts';
import { drawSample, SampleTooLarge } from '../../shared/assessment/sampling.ts';
import type { IneligibleReason } from '../../shared/assessment/score.ts';
import { MONTH_COLUMNS } from '../../shared/assessment/table.ts';
import { DEFAULT_SETTINGS, settingsOn } from '../../shared/assessment/settings.ts';
import type { Sendable } from '../../shared/core/contract.ts';
import { maskName } from '../../shared/core/mask.ts';
import { BRIGADE_ROLES, type Role } from '../../shared/core/roles.ts';
import { isMonth, shanghaiDay } from '../../shared/core/time.ts';
import { createHash } from 'node:crypto';
import { audit } from '../auth/audit.ts';
import { covers, scopeFor } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import type { Queryable } from '../platform/db/index.ts';
import { excel } from '../platform/excel.ts';
import { readRawBody } from '../platform/http/body.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';
import { type Principal, route } from '../platform/http/route.ts';
import { confirmList } from './confirmList.ts';
import { acceptPhoto } from './evidence.ts';
import { recordsOf } from './records.ts';
import { type ComputedMonth, computeMonth, dayEvents, loadSettings, monthBasicInfo, monthRectifications } from './store.ts';

/** Who may read complaints and faked-evidence marks (R40). */
const SEES_COMPLAINTS: readonly Role[] = ['admin', 'leader', 'inspector'];
const READERS: Role[] = ['admin', 'leader', 'inspector', 'squad_leader'];
const MANAGERS: Role[] = ['admin', 'leader'];
const XLSX_MAX_BYTES = 10 * 1024 * 1024;

const thisMonth = () => shanghaiDay(Date.now()).slice(0, 7);
const conflict = (code: string, message: string) => new HttpError(409, code, message);
const invalid = (message: string, details?: unknown) => new HttpError(422, 'invalid_records', message, details);

/** The worker a record is about, refused when unknown (422) or outside the caller's squad (404, R40). */
async function workerFor(q: Queryable, user: Principal, workerId: number) {
  const [w] = await q.query<{ id: number; squadId: number; gridId: number | null }>(
    'SELECT w.id, w.squad_id AS "squadId", g.id AS "gridId" FROM workers w LEFT JOIN grids g ON g.worker_id = w.id WHERE w.id = $1',
    [workerId],
  );
  if (!w) throw invalid(`no worker ${workerId}`, [{ path: 'body.workerId', message: `no worker ${workerId}` }]);
  if (!covers(scopeFor(user), { squadId: w.squadId, gridId: w.gridId })) throw notFound(`worker ${workerId}`);
  if (user.role === 'worker' && user.workerId !== w.id) throw notFound(`worker ${workerId}`);
  return w;
}

/** Reasons a squad leader may not read (R40) are given as `withheld`. */
function reasonsFor(role: Role, reasons: readonly IneligibleReason[]): MonthRow['ineligible'] {
  if (SEES_COMPLAINTS.includes(role)) return [...reasons];
  const shown: MonthRow['ineligible'] = reasons.filter((r) => r !== 'complaint' && r !== 'faked');
  return shown.length < reasons.length ? [...shown, 'withheld'] : shown;
}

function rowsOf(c: ComputedMonth, role: Role): MonthRow[] {
  // By id: a city's month has 10,000 rows.
  const workers = new Map(c.workers.map((w) => [w.id, w]));
  const months = new Map(c.months.map((m) => [m.workerId, m]));
  return c.ranking.map((r) => {
    const w = workers.get(r.workerId)!;
    const m = months.get(r.workerId)!;
    return {
      workerId: w.id,
      worker: w.name,
      squadId: w.squadId,
      gridId: w.gridId,
      gridClass: w.gridClass,
      onSite: m.onSite,
      online: m.online,
      bonus: m.bonus,
      total: m.total,
      rank: r.rank,
      awarded: r.awarded,
      ineligible: reasonsFor(role, r.ineligible),
    };
  });
}

const periodOut = (month: string, c: ComputedMonth) => ({ month, ...c.period });

function monthOf(query: { month?: string }): string {
  const month = query.month ?? thisMonth();
  if (month > thisMonth()) throw new HttpError(400, 'invalid_request', `${month} has not come yet`);
  return month;
}

export function assessmentRoutes({ db, config }: Platform) {
  /** Inserts one record in a transaction with its audit entry; answers its id. */
  async function insert(user: Principal, ip: string | undefined, entity: string, sql: string, params: unknown[]) {
    return db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(sql, params);
      await audit(tx, { userId: user.userId, action: 'create', entity, entityId: row!.id, after: params, ip });
      return { id: row!.id };
    });
  }

  async function sessionOf(id: number) {
    const [s] = await db.query<{ id: number; heldAt: Date }>('SELECT id, held_at AS "heldAt" FROM training_sessions WHERE id = $1', [id]);
    if (!s) throw notFound(`training session ${id}`);
    return s;
  }

  /** A session's scores (R23), all or none; unknown workers refused (422) with the row of each. */
  async function storeScores(
    user: Principal,
    ip: string | undefined,
    sessionId: number,
    scores: { workerId: number; score: number; takenAt: string }[],
    pathOf = (i: number) => `body.scores.${i}.workerId`,
  ) {
    const known = await db.query<{ id: number }>('SELECT id FROM workers WHERE id = ANY($1::int[])', [scores.map((x) => x.workerId)]);
    const problems = scores.flatMap((x, i) => (known.some((k) => k.id === x.workerId) ? [] : [{ path: pathOf(i), message: `no worker ${x.workerId}` }]));
    if (problems.length) throw invalid('no score was recorded', problems);
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO test_scores (session_id, worker_id, score, taken_at, by_user_id)
         SELECT $1, w, s, t, $5 FROM unnest($2::int[], $3::numeric[], $4::timestamptz[]) AS u(w, s, t)`,
        [sessionId, scores.map((x) => x.workerId), scores.map((x) => x.score), scores.map((x) => x.takenAt), user.userId],
      );
      await audit(tx, { userId: user.userId, action: 'create', entity: 'test_scores', entityId: sessionId, after: { scores }, ip });
    });
  }

  async function list(month: string, user: Principal): Promise<Sendable<z.infer<typeof AwardList>>> {
    const [l] = await db.query<{ id: number; ranking: MonthRow[]; publishedAt: Date; confirmedAt: Date | null }>(
      `SELECT id, ranking, published_at AS "publishedAt", confirmed_at AS "confirmedAt" FROM award_lists WHERE kind = 'monthly' AND period = $1`,
      [month],
    );
    const scope = scopeFor(user);
    const noticeDays = settingsOn(await loadSettings(db), `${month}-01`).noticeDays;
    const state = { publishedAt: l ? l.publishedAt.toISOString() : null, confirmedAt: l?.confirmedAt ? l.confirmedAt.toISOString() : null };
    const feedback = l
      ? await db.query<{ id: number; workerId: number; body: string; by: string; at: Date }>(
          `SELECT f.id, f.worker_id AS "workerId", f.body, u.display_name AS by, f.at FROM award_feedback f JOIN users u ON u.id = f.by_user_id
            WHERE f.list_id = $1 ORDER BY f.id`,
          [l.id],
        )
      : [];
    return {
      month,
      stage: noticeStage(state, new Date(), noticeDays),
      publishedAt: l?.publishedAt ?? null,
      noticeEnds: l ? noticeEnds(state.publishedAt!, noticeDays) : null,
      confirmedAt: l?.confirmedAt ?? null,
      awarded: (l?.ranking ?? [])
        .filter((r) => r.awarded && covers(scope, { squadId: r.squadId, gridId: null }))
        .map((r) => ({
          workerId: r.workerId,
          worker: user.role === 'wall' ? maskName(r.worker) : r.worker,
          squadId: r.squadId,
          rank: r.rank!,
          total: r.total,
        })),
      // Feedback names who sent it: read by the leaders and the inspection team who answer it.
      feedback: SEES_COMPLAINTS.includes(user.role) ? feedback : [],
    };
  }

  return [
    route(contract.settings, {
      summary: 'The assessment settings per period (R21: weights and ratios from a day on) and the defaults with their reasons (shared/assessment/settings.ts)',
      access: READERS,
      async handler() {
        return { defaults: DEFAULT_SETTINGS, periods: await loadSettings(db) };
      },
    }),
    route(contract.setSettings, {
      summary: 'Sets the assessment settings from a day on (R21); a later day starts a new period, the same day replaces it',
      access: ENTRY_ROLES.settings,
      async handler({ body, user, req }) {
        await db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO assessment_settings (effective_from, settings, by_user_id) VALUES ($1, $2::jsonb, $3)
             ON CONFLICT (effective_from) DO UPDATE SET settings = EXCLUDED.settings, by_user_id = EXCLUDED.by_user_id, at = now()`,
            [body.effectiveFrom, JSON.stringify(body), user.userId],
          );
          await audit(tx, { userId: user.userId, action: 'set', entity: 'assessment_settings', entityId: body.effectiveFrom, after: body, ip: req.ip });
        });
        return body;
      },
    }),
    route(contract.drawSample, {
      summary:
        'The inspection team draws a reproducible random sample of a worker’s households or people (R22), or all of them for a full check; never more than there are',
      access: ENTRY_ROLES.sample,
      async handler({ body, user, req }) {
        const w = await workerFor(db, user, body.workerId);
        if (w.gridId === null) throw invalid(`worker ${w.id} holds no grid`);
        const people = body.subject === 'people';
        const what = people ? 'people' : 'households';
        // People (实有人口) are the grid's registered residents: a sample checks who should be there.
        const pool = await db.query<{ id: number }>(
          people
            ? `SELECT r.id FROM residents r JOIN households h ON h.id = r.household_id WHERE h.grid_id = $1 AND r.status = 'registered'`
            : 'SELECT id FROM households WHERE grid_id = $1',
          [w.gridId],
        );
        const ids = pool.map((h) => h.id);
        const today = shanghaiDay(Date.now());
        const seed = body.seed ?? `${today}/${w.id}/${body.subject}`;
        const settings = settingsOn(await loadSettings(db), today);
        let drawn: number[];
        try {
          drawn = body.full ? [...ids].sort((a, b) => a - b) : drawSample(ids, body.size ?? (people ? settings.samplePeople : settings.sampleHouseholds), seed);
        } catch (e) {
          if (e instanceof SampleTooLarge)
            throw invalid(`a sample of ${e.size} ${what} from a grid of ${e.available}`, [{ path: 'body.size', message: `at most ${e.available}` }]);
          throw e;
        }
        if (drawn.length === 0) throw invalid(`the grid of worker ${w.id} has no ${what}`);
        const householdIds = people ? [] : drawn;
        const residentIds = people ? drawn : [];
        const { id } = await insert(
          user,
          req.ip,
          'inspection_samples',
          `INSERT INTO inspection_samples (worker_id, grid_id, full_check, seed, household_ids, subject, resident_ids, by_user_id)
           VALUES ($1, $2, $3, $4, $5::int[], $6, $7::int[], $8) RETURNING id`,
          [w.id, w.gridId, body.full, seed, householdIds, body.subject, residentIds, user.userId],
        );
        return { id, workerId: w.id, gridId: w.gridId, subject: body.subject, seed, householdIds, residentIds };
      },
    }),
    route(contract.sampleResults, {
      summary:
        'The on-site result of each sampled household or person (R22: correct, person missing, not de-registered, wrong detail); a result given again replaces the first',
      access: ENTRY_ROLES.sample,
      async handler({ params, body, user, req }) {
        const [s] = await db.query<{ workerId: number; householdIds: number[]; residentIds: number[] }>(
          'SELECT worker_id AS "workerId", household_ids AS "householdIds", resident_ids AS "residentIds" FROM inspection_samples WHERE id = $1',
          [params.id],
        );
        if (!s) throw notFound(`sample ${params.id}`);
        await workerFor(db, user, s.workerId);
        const problems = body.results.flatMap((r, i) => {
          if (r.householdId !== undefined && !s.householdIds.includes(r.householdId))
            return [{ path: `body.results.${i}.householdId`, message: `household ${r.householdId} is not in sample ${params.id}` }];
          if (r.residentId !== undefined && !s.residentIds.includes(r.residentId))
            return [{ path: `body.results.${i}.residentId`, message: `person ${r.residentId} is not in sample ${params.id}` }];
          return [];
        });
        if (problems.length) throw invalid('no result was recorded', problems);
        const households = body.results.filter((r) => r.householdId !== undefined);
        const people = body.results.filter((r) => r.residentId !== undefined);
        await db.transaction(async (tx) => {
          for (const [column, rows] of [
            ['household_id', households],
            ['resident_id', people],
          ] as const) {
            if (rows.length === 0) continue;
            await tx.query(
              `INSERT INTO sample_results (sample_id, ${column}, result, note, checked_at, by_user_id)
               SELECT $1, h, r, n, $5, $6 FROM unnest($2::int[], $3::text[], $4::text[]) AS u(h, r, n)
               ON CONFLICT (sample_id, ${column})${column === 'resident_id' ? ' WHERE resident_id IS NOT NULL' : ''}
               DO UPDATE SET result = EXCLUDED.result, note = EXCLUDED.note, checked_at = EXCLUDED.checked_at`,
              [
                params.id,
                rows.map((r) => (column === 'household_id' ? r.householdId : r.residentId)),
                rows.map((r) => r.result),
                rows.map((r) => r.note),
                body.checkedAt,
                user.userId,
              ],
            );
          }
          await audit(tx, { userId: user.userId, action: 'create', entity: 'sample_results', entityId: params.id, after: body, ip: req.ip });
        });
        return { imported: body.results.length };
      },
    }),
    route(contract.session, {
      summary: 'A training session (R23: 日常学习 or 专项业务培训) whose tests are scored',
      access: ENTRY_ROLES.training,
      handler: ({ body, user, req }) =>
        insert(user, req.ip, 'training_sessions', 'INSERT INTO training_sessions (title, held_at, by_user_id) VALUES ($1, $2, $3) RETURNING id', [
          body.title,
          body.heldAt,
          user.userId,
        ]),
    }),
    route(contract.scores, {
      summary: 'Test scores of a session, 0-100 (R23: 80 passes; a second score of a worker is the retest); all recorded or none',
      access: ENTRY_ROLES.training,
      async handler({ params, body, user, req }) {
        await sessionOf(params.id);
        await storeScores(user, req.ip, params.id, body.scores);
        return { imported: body.scores.length };
      },
    }),
    route(contract.importScores, {
      summary:
        'Test scores of a session from an .xlsx (R23; columns 网格员编号 and 得分, 考试时间 optional, else the session’s time; the raw file as the body); every bad row named, all or none',
      access: ENTRY_ROLES.training,
      async handler({ params, user, req }) {
        const s = await sessionOf(params.id);
        const rows = await readScores(await readRawBody(req, XLSX_MAX_BYTES, 'the score file'), '考试时间');
        const scores = rows.map((r) => ({ workerId: r.workerId, score: r.score, takenAt: r.at ?? s.heldAt.toISOString() }));
        await storeScores(user, req.ip, params.id, scores, (i) => `row ${rows[i]!.row}`);
        return { imported: scores.length };
      },
    }),
    route(contract.publicityTask, {
      summary: 'A publicity task given by the brigade (R23), done with evidence by its deadline',
      access: ENTRY_ROLES.publicityTask,
      async handler({ body, user, req }) {
        if (Date.parse(body.deadline) <= Date.parse(body.givenAt))
          throw invalid('the deadline must come after the task is given', [{ path: 'body.deadline', message: 'before givenAt' }]);
        return insert(
          user,
          req.ip,
          'publicity_tasks',
          'INSERT INTO publicity_tasks (title, given_at, deadline, by_user_id) VALUES ($1, $2, $3, $4) RETURNING id',
          [body.title, body.givenAt, body.deadline, user.userId],
        );
      },
    }),
    route(contract.evidence, {
      summary: 'Evidence of a publicity task (R23: a screenshot online, a photo offline); a worker gives their own',
      access: ENTRY_ROLES.evidence,
      async handler({ params, body, user, req }) {
        const [t] = await db.query<{ id: number }>('SELECT id FROM publicity_tasks WHERE id = $1', [params.id]);
        if (!t) throw notFound(`publicity task ${params.id}`);
        await workerFor(db, user, body.workerId);
        return insert(
          user,
          req.ip,
          'publicity_evidence',
          'INSERT INTO publicity_evidence (task_id, worker_id, kind, note, submitted_at, by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [params.id, body.workerId, body.kind, body.note, body.submittedAt, user.userId],
        );
      },
    }),
    route(contract.markFaked, {
      summary: 'The inspection team marks evidence as faked (R23: 弄虚作假, a criticism notice; the worker is not eligible that month, R28)',
      access: ENTRY_ROLES.markFaked,
      async handler({ params, user, req }) {
        return db.transaction(async (tx) => {
          const [e] = await tx.query<{ id: number }>(
            'UPDATE publicity_evidence SET faked = true, faked_by = $2, faked_at = now() WHERE id = $1 AND NOT faked RETURNING id',
            [params.id, user.userId],
          );
          if (!e) {
            const [any] = await tx.query('SELECT 1 FROM publicity_evidence WHERE id = $1', [params.id]);
            throw any ? conflict('already_marked', `evidence ${params.id} is already marked as faked`) : notFound(`evidence ${params.id}`);
          }
          await audit(tx, { userId: user.userId, action: 'mark_faked', entity: 'publicity_evidence', entityId: params.id, ip: req.ip });
          return { ok: true as const };
        });
      },
    }),
    route(contract.rectification, {
      summary: 'A rectification urged or verified by a worker on a day (R20), tallied by the squad',
      access: ENTRY_ROLES.rectification,
      async handler({ body, user, req }) {
        await workerFor(db, user, body.workerId);
        if (body.day > shanghaiDay(Date.now())) throw invalid(`${body.day} has not come yet`, [{ path: 'body.day', message: 'in the future' }]);
        return insert(
          user,
          req.ip,
          'rectification_records',
          'INSERT INTO rectification_records (worker_id, day, kind, incident_id, note, by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [body.workerId, body.day, body.kind, body.incidentId ?? null, body.note, user.userId],
        );
      },
    }),
    route(contract.task, {
      summary: 'A task a leader assigns a worker with a deadline (R24: 领导交办任务)',
      access: ENTRY_ROLES.task,
      async handler({ body, user, req }) {
        await workerFor(db, user, body.workerId);
        return insert(
          user,
          req.ip,
          'conduct_tasks',
          'INSERT INTO conduct_tasks (worker_id, title, deadline, by_user_id) VALUES ($1, $2, $3, $4) RETURNING id',
          [body.workerId, body.title, body.deadline, user.userId],
        );
      },
    }),
    route(contract.completeTask, {
      summary: 'A task is done (R24); once',
      access: ENTRY_ROLES.task,
      async handler({ params, body, user, req }) {
        const [t] = await db.query<{ workerId: number; completedAt: Date | null }>(
          'SELECT worker_id AS "workerId", completed_at AS "completedAt" FROM conduct_tasks WHERE id = $1',
          [params.id],
        );
        if (!t) throw notFound(`task ${params.id}`);
        await workerFor(db, user, t.workerId);
        if (t.completedAt) throw conflict('already_completed', `task ${params.id} was completed at ${t.completedAt.toISOString()}`);
        await db.transaction(async (tx) => {
          await tx.query('UPDATE conduct_tasks SET completed_at = $2 WHERE id = $1', [params.id, body.completedAt]);
          await audit(tx, { userId: user.userId, action: 'complete', entity: 'conduct_tasks', entityId: params.id, after: body, ip: req.ip });
        });
        return { ok: true as const };
      },
    }),
    route(contract.check, {
      summary: 'An inspection check of a worker (R24, R28): on time, uniform and the 七件套 kit, conduct',
      access: ENTRY_ROLES.check,
      async handler({ body, user, req }) {
        await workerFor(db, user, body.workerId);
        return insert(
          user,
          req.ip,
          'conduct_checks',
          'INSERT INTO conduct_checks (worker_id, checked_at, on_time, kit, conduct, note, by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
          [body.workerId, body.checkedAt, body.onTime, body.kit, body.conduct, body.note, user.userId],
        );
      },
    }),
    route(contract.complaint, {
      summary: 'A resident’s complaint about a worker (R24, R28), upheld or not after checking; read only by leader, inspector, admin (R40)',
      access: ENTRY_ROLES.complaint,
      async handler({ body, user, req }) {
        await workerFor(db, user, body.workerId);
        return insert(
          user,
          req.ip,
          'complaints',
          'INSERT INTO complaints (worker_id, received_at, summary, upheld, by_user_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [body.workerId, body.receivedAt, body.summary, body.upheld, user.userId],
        );
      },
    }),
    route(contract.bonus, {
      summary: 'Bonus points (R28): a major hazard found, or an outside commendation by its level',
      access: ENTRY_ROLES.bonus,
      async handler({ body, user, req }) {
        await workerFor(db, user, body.workerId);
        return insert(
          user,
          req.ip,
          'assessment_bonuses',
          'INSERT INTO assessment_bonuses (worker_id, kind, level, incident_id, awarded_at, note, by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
          [
            body.workerId,
            body.kind,
            body.kind === 'commendation' ? body.level : null,
            body.kind === 'major_hazard' ? (body.incidentId ?? null) : null,
            body.awardedAt,
            body.note,
            user.userId,
          ],
        );
      },
    }),
    route(contract.onlineScores, {
      summary: 'The city platform’s monthly scores (the online track, R21), 0-100; a worker’s score given again replaces it',
      access: ENTRY_ROLES.online,
      async handler({ body, user, req }) {
        await storeOnline(db, user, req.ip, body.month, body.scores);
        return { imported: body.scores.length };
      },
    }),
    route(contract.importOnlineScores, {
      summary: 'The city platform’s monthly scores from its .xlsx export (columns 网格员编号 and 得分; the raw file as the body); all or none',
      access: ENTRY_ROLES.online,
      async handler({ query, user, req }) {
        const rows = await readScores(await readRawBody(req, XLSX_MAX_BYTES, 'the score file'));
        const scores = rows.map((r) => ({ workerId: r.workerId, score: r.score }));
        await storeOnline(db, user, req.ip, query.month, scores);
        return { imported: scores.length };
      },
    }),
    route(contract.month, {
      summary: 'A month’s assessment (R21-R28): each worker’s on-site, online and combined score, rank and award or why not; the town’s ranking, scoped rows',
      access: READERS,
      async handler({ query, user }) {
        const month = monthOf(query);
        const scope = scopeFor(user, query.squad);
        const c = await computeMonth(db, month);
        return { period: periodOut(month, c), workers: rowsOf(c, user.role).filter((r) => covers(scope, r)) };
      },
    }),
    route(contract.workerMonth, {
      summary: 'A worker’s month point by point, each line with the records it came from (coverage days, incidents reported, sample results, tests …)',
      access: READERS,
      async handler({ params, query, user }) {
        const month = monthOf(query);
        const c = await computeMonth(db, month);
        const row = rowsOf(c, user.role).find((r) => r.workerId === params.id);
        if (!row || !covers(scopeFor(user), row)) throw notFound(`worker ${params.id}`);
        const m = c.months.find((x) => x.workerId === params.id)!;
        const sees = SEES_COMPLAINTS.includes(user.role);
        return {
          period: periodOut(month, c),
          worker: row,
          lines: m.lines,
          dutyDays: m.dutyDays,
          qualifiedDays: m.qualifiedDays,
          sample: m.sample,
          study: m.study.map((s) => ({ sessionId: s.sessionId, status: s.status })),
          ...(sees ? { complaints: m.complaints } : {}),
        };
      },
    }),
    route(contract.export, {
      summary: 'A month’s ranking as .xlsx with Chinese headers, as the screen shows it; scoped',
      access: READERS,
      async handler({ query, user, res }) {
        const month = monthOf(query);
        const scope = scopeFor(user, query.squad);
        const rows = rowsOf(await computeMonth(db, month), user.role).filter((r) => covers(scope, r));
        const book = new (await excel()).Workbook();
        const sheet = book.addWorksheet(`${month}考核`);
        sheet.addRow(MONTH_COLUMNS.map((c) => c.header));
        for (const r of rows) sheet.addRow(MONTH_COLUMNS.map((c) => c.value(r)));
        const bytes = Buffer.from(await book.xlsx.writeBuffer());
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`assessment-${month}.xlsx`).send(bytes);
        return undefined;
      },
    }),
    route(contract.awards, {
      summary:
        'The month’s 月度优秀 list as published (R26, R29): its stage, the awarded (a squad leader sees their squad’s), feedback for those who answer it',
      access: BRIGADE_ROLES,
      handler: async ({ query, user }) => list(monthOf(query), user),
    }),
    route(contract.publish, {
      summary: 'Publishes the month’s list for its public notice (R29), once the period has ended (每月最后一天零时); kept as published',
      access: MANAGERS,
      async handler({ body, user, req }) {
        const c = await computeMonth(db, body.month);
        if (Date.now() < c.period.end.getTime()) throw conflict('period_open', `the statistics of ${body.month} end at ${c.period.end.toISOString()}`);
        await db.transaction(async (tx) => {
          const rows = rowsOf(c, 'admin');
          const [l] = await tx.query<{ id: number }>(
            `INSERT INTO award_lists (kind, period, ranking, published_by) VALUES ('monthly', $1, $2::jsonb, $3) ON CONFLICT (kind, period) DO NOTHING RETURNING id`,
            [body.month, JSON.stringify(rows), user.userId],
          );
          if (!l) throw conflict('already_published', `the list of ${body.month} is already published`);
          await audit(tx, {
            userId: user.userId,
            action: 'publish',
            entity: 'award_lists',
            entityId: l.id,
            after: { month: body.month, awarded: rows.filter((r) => r.awarded).map((r) => r.workerId) },
            ip: req.ip,
          });
        });
        return list(body.month, user);
      },
    }),
    route(contract.feedback, {
      summary: 'Feedback on a name of the list while it is on notice (R29: anyone in the system, 3 days); refused after; audited',
      access: BRIGADE_ROLES.filter((r) => r !== 'wall'),
      async handler({ body, user, req }) {
        const [l] = await db.query<{ id: number; ranking: MonthRow[]; publishedAt: Date; confirmedAt: Date | null }>(
          `SELECT id, ranking, published_at AS "publishedAt", confirmed_at AS "confirmedAt" FROM award_lists WHERE kind = 'monthly' AND period = $1`,
          [body.month],
        );
        if (!l) throw notFound(`the list of ${body.month}`);
        const noticeDays = settingsOn(await loadSettings(db), `${body.month}-01`).noticeDays;
        const state = { publishedAt: l.publishedAt.toISOString(), confirmedAt: l.confirmedAt?.toISOString() ?? null };
        if (!feedbackOpen(state, new Date(), noticeDays))
          throw conflict('notice_closed', `the notice of ${body.month} ended at ${noticeEnds(state.publishedAt, noticeDays).toISOString()}`);
        if (!l.ranking.some((r) => r.awarded && r.workerId === body.workerId))
          throw invalid(`worker ${body.workerId} is not on the list of ${body.month}`, [{ path: 'body.workerId', message: 'not on the list' }]);
        return insert(
          user,
          req.ip,
          'award_feedback',
          'INSERT INTO award_feedback (list_id, worker_id, body, by_user_id) VALUES ($1, $2, $3, $4) RETURNING id',
          [l.id, body.workerId, body.body, user.userId],
        );
      },
    }),
    route(contract.confirm, {
      summary: 'The captain (大队长, the leader) confirms the list after its 3 days of notice (R29): then it is final',
      access: ['leader'],
      async handler({ body, user, req }) {
        const noticeDays = settingsOn(await loadSettings(db), `${body.month}-01`).noticeDays;
        await db.transaction((tx) => confirmList(tx, 'monthly', body.month, noticeDays, user, req.ip));
        return list(body.month, user);
      },
    }),
    route(contract.evidenceFile, {
      summary:
        'A photo or screenshot of a piece of publicity evidence (R23): JPEG, PNG or WebP by content, size-limited, as incident photos; the raw image as the body',
      access: ENTRY_ROLES.evidence,
      async handler({ params, user, req }) {
        const [e] = await db.query<{ workerId: number }>('SELECT worker_id AS "workerId" FROM publicity_evidence WHERE id = $1', [params.id]);
        if (!e) throw notFound(`evidence ${params.id}`);
        await workerFor(db, user, e.workerId);
        const { bytes, mime } = acceptPhoto(await readRawBody(req, config.PHOTO_MAX_MB * 1024 * 1024, 'a photo'), config.PHOTO_STRIP_EXIF);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const { id } = await insert(
          user,
          req.ip,
          'publicity_evidence_files',
          'INSERT INTO publicity_evidence_files (evidence_id, mime, size, sha256, bytes, by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [params.id, mime, bytes.length, sha256, bytes, user.userId],
        );
        return { id, mime, size: bytes.length, sha256, url: `/api/assessment/evidence/${params.id}/files/${id}` };
      },
    }),
    route(contract.evidenceFileGet, {
      summary: 'A photo or screenshot of publicity evidence, as stored (scoped: a squad leader their squad’s, a worker their own)',
      access: ['admin', 'leader', 'inspector', 'squad_leader', 'worker'],
      async handler({ params, user, res }) {
        const [e] = await db.query<{ workerId: number }>('SELECT worker_id AS "workerId" FROM publicity_evidence WHERE id = $1', [params.id]);
        if (!e) throw notFound(`evidence ${params.id}`);
        await workerFor(db, user, e.workerId);
        const [f] = await db.query<{ mime: string; bytes: Buffer }>('SELECT mime, bytes FROM publicity_evidence_files WHERE id = $1 AND evidence_id = $2', [
          params.photo,
          params.id,
        ]);
        if (!f) throw notFound(`file ${params.photo} of evidence ${params.id}`);
        res.type(f.mime).set('cache-control', 'private, max-age=86400').send(Buffer.from(f.bytes));
        return undefined;
      },
    }),
    route(contract.dayEvents, {
      summary:
        'R21: the day’s event collection ranked per grid class (一/二/三级) with its 评优 (the first N of each class): events reported by the worker, valid ones, weighted by the day’s weights and the class ratio; the town’s ranks, scoped rows',
      access: READERS,
      async handler({ query, user }) {
        const day = query.date ?? shanghaiDay(Date.now());
        if (day > shanghaiDay(Date.now())) throw new HttpError(400, 'invalid_request', `${day} has not come yet`);
        const scope = scopeFor(user, query.squad);
        const d = await dayEvents(db, day);
        const rows = d.rows.filter((r) => covers(scope, r)).map(({ day: _, events, ...r }) => ({ ...r, events: events.map(({ day: __, ...e }) => e) }));
        return {
          day,
          excellentPerClass: d.settings.dailyExcellentPerClass,
          ratios: d.settings.gridClassRatios,
          classes: ([1, 2, 3] as const).map((gridClass) => ({ gridClass, rows: rows.filter((r) => r.gridClass === gridClass) })),
        };
      },
    }),
    route(contract.rectifications, {
      summary: 'R20: rectifications urged and verified per worker per day of a month, tallied by squad (per day and for the month); scoped',
      access: READERS,
      async handler({ query, user }) {
        const month = monthOf(query);
        const scope = scopeFor(user, query.squad);
        const r = await monthRectifications(db, month);
        const mine = (squadId: number) => covers(scope, { squadId, gridId: null });
        return {
          period: { month, ...r.period },
          days: r.days.filter((d) => mine(d.squadId)),
          squadDays: r.squadDays.filter((d) => mine(d.squadId)),
          squads: r.squads.filter((d) => mine(d.squadId)),
        };
      },
    }),
    route(contract.basicInfo, {
      summary: 'R22: 采集率, 漏注销率 and 准确率 of the month’s samples and full checks (households and people) per worker, grid, squad and town; scoped',
      access: READERS,
      async handler({ query, user }) {
        const month = monthOf(query);
        const scope = scopeFor(user, query.squad);
        const b = await monthBasicInfo(db, month);
        const narrowed = scope.squadId !== null;
        return {
          period: { month, ...b.period },
          // The town's figure is the town's: a squad leader reads their squad's line instead.
          town: narrowed ? null : b.town,
          squads: b.squads.filter((x) => covers(scope, { squadId: x.squadId, gridId: null })),
          grids: b.grids.filter((x) => covers(scope, x)),
          workers: b.workers.filter((x) => covers(scope, x)),
        };
      },
    }),
    route(contract.workerRecords, {
      summary:
        'A line of a worker’s month down to its records (the day’s coverage, the incidents reported, the sample results, the tests …); scoped, complaints per R40',
      access: READERS,
      async handler({ params, query, user }) {
        const month = monthOf(query);
        const c = await computeMonth(db, month);
        const row = rowsOf(c, user.role).find((r) => r.workerId === params.id);
        if (!row || !covers(scopeFor(user), row)) throw notFound(`worker ${params.id}`);
        const line = c.months.find((x) => x.workerId === params.id)!.lines.find((l) => l.part === query.part)!;
        return { part: line.part, points: line.points, records: await recordsOf(db, line.refs, SEES_COMPLAINTS.includes(user.role)) };
      },
    }),
  ];
}

/** The online scores of a month, all or none; unknown workers refused (422). */
async function storeOnline(db: Platform['db'], user: Principal, ip: string | undefined, month: string, scores: { workerId: number; score: number }[]) {
  if (!isMonth(month)) throw new HttpError(400, 'invalid_request', 'a month YYYY-MM');
  const known = await db.query<{ id: number }>('SELECT id FROM workers WHERE id = ANY($1::int[])', [scores.map((s) => s.workerId)]);
  const problems = scores.flatMap((s, i) =>
    known.some((k) => k.id === s.workerId) ? [] : [{ path: `scores.${i}.workerId`, message: `no worker ${s.workerId}` }],
  );
  if (problems.length) throw invalid('no score was recorded', problems);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO online_scores (worker_id, month, score, by_user_id) SELECT w, $1, s, $4 FROM unnest($2::int[], $3::numeric[]) AS u(w, s)
       ON CONFLICT (worker_id, month) DO UPDATE SET score = EXCLUDED.score, by_user_id = EXCLUDED.by_user_id, at = now()`,
      [month, scores.map((s) => s.workerId), scores.map((s) => s.score), user.userId],
    );
    await audit(tx, { userId: user.userId, action: 'import', entity: 'online_scores', entityId: month, after: { scores: scores.length }, ip });
  });
}

/** An .xlsx cell as an instant: a date cell, or text with its offset (ISO 8601); null when it is neither. */
function instantOf(v: ExcelJS.CellValue): string | null {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v.trim())) return new Date(v.trim()).toISOString();
  return null;
}

/**
 * Rows of 网格员编号 and 得分 (0-100) from the first sheet of an .xlsx — the city platform's online scores and
 * the brigade's test scores (R21, R23) alike — with the instant of `timeColumn` when the sheet has it; every
 * bad row is named (422), none is taken.
 */
async function readScores(bytes: Buffer, timeColumn?: string): Promise<{ row: number; workerId: number; score: number; at: string | null }[]> {
  const book = new (await excel()).Workbook();
  try {
    await book.xlsx.read(Readable.from([bytes]));
  } catch {
    throw new HttpError(415, 'unsupported_media_type', 'the score file must be an .xlsx workbook');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw invalid('the workbook has no sheet');
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? '').trim());
  const idCol = header.indexOf('网格员编号');
  const scoreCol = header.indexOf('得分');
  const timeCol = timeColumn ? header.indexOf(timeColumn) : -1;
  if (idCol < 0 || scoreCol < 0) throw invalid('the first row must name the columns 网格员编号 and 得分');
  const out: { row: number; workerId: number; score: number; at: string | null }[] = [];
  const problems: { path: string; message: string }[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const workerId = Number(row.getCell(idCol).value);
    const score = Number(row.getCell(scoreCol).value);
    const time = timeCol < 0 ? null : row.getCell(timeCol).value;
    const at = time === null || time === undefined || time === '' ? null : instantOf(time);
    if (!Number.isInteger(workerId) || workerId <= 0) problems.push({ path: `row ${n}`, message: '网格员编号 is not a worker id' });
    else if (!Number.isFinite(score) || score < 0 || score > 100)
      problems.push({ path: `row ${n}`, message: `得分 ${row.getCell(scoreCol).value} is not between 0 and 100` });
    else if (time !== null && time !== undefined && time !== '' && at === null)
      problems.push({ path: `row ${n}`, message: `${timeColumn} ${String(time)} is not a date and time with its offset` });
    else out.push({ row: n, workerId, score, at });
  });
  if (problems.length) throw invalid('no score was recorded', problems);
  if (out.length === 0) throw invalid('the sheet has no scores');
  return out;
}
