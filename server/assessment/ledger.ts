// What the assessment screen's entry forms act on (R20-R24, R28): the records entered in a month's period —
// samples, training sessions with each worker's status (R23: 80 passes, a retest, training failed), publicity
// tasks with their evidence and files, tasks, checks, complaints, online scores and bonuses — and one drawn
// sample with the households or people to check on site. Scoped (R40): a squad leader reads their squad's rows.
import { type LedgerAnswer, assessment as contract } from '../../shared/assessment/contract.ts';
import { ENTRY_ROLES } from '../../shared/assessment/entryRoles.ts';
import { monthPeriod } from '../../shared/assessment/period.ts';
import { settingsOn } from '../../shared/assessment/settings.ts';
import { sessionResult } from '../../shared/assessment/study.ts';
import type { Sendable } from '../../shared/core/contract.ts';
import type { Role } from '../../shared/core/roles.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import { covers, placeFilter, scopeFor } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { loadSettings } from './store.ts';
import type { z } from 'zod';

const READERS: Role[] = ['admin', 'leader', 'inspector', 'squad_leader'];
/** Who reads complaints and faked-evidence marks (R40), as the month's routes. */
const SEES_MARKS: readonly Role[] = ['admin', 'leader', 'inspector'];

/** The worker's name and squad, and the grid they hold, joined to a record's worker_id; `$1`, `$2` the caller's scope. */
const WHO = (alias: string) => `JOIN workers w ON w.id = ${alias}.worker_id LEFT JOIN grids g ON g.worker_id = w.id`;
const NAMED = 'w.id AS "workerId", w.name AS worker, w.squad_id AS "squadId"';
const SCOPED = placeFilter('w.squad_id', 'g.id', 1);

export function ledgerRoutes({ db }: Platform) {
  return [
    route(contract.ledger, {
      summary:
        'The records entered in a month’s period that the entry forms act on (R20-R24, R28): samples, sessions with each worker’s status, publicity evidence, tasks, checks, online scores, bonuses; scoped, complaints and faked marks per R40',
      access: READERS,
      async handler({ query, user }) {
        const month = query.month ?? shanghaiDay(Date.now()).slice(0, 7);
        if (month > shanghaiDay(Date.now()).slice(0, 7)) throw new HttpError(400, 'invalid_request', `${month} has not come yet`);
        const periods = await loadSettings(db);
        const period = monthPeriod(month, periods);
        const passMark = settingsOn(periods, period.lastDay).passMark;
        const scope = scopeFor(user, query.squad);
        const sees = SEES_MARKS.includes(user.role);
        const p = [scope.squadId, scope.gridId, period.start, period.end];
        const [samples, sessions, scores, tasks, evidence, files, assigned, checks, complaints, online, bonuses] = await Promise.all([
          db.query<Sendable<z.infer<typeof LedgerAnswer>['samples'][number]>>(
            `SELECT s.id, ${NAMED}, s.grid_id AS "gridId", s.subject, s.full_check AS "fullCheck",
                    cardinality(s.household_ids) + cardinality(s.resident_ids) AS size,
                    (SELECT count(*)::int FROM sample_results r WHERE r.sample_id = s.id) AS checked, s.at
               FROM inspection_samples s ${WHO('s')} WHERE ${SCOPED} AND s.at >= $3 AND s.at < $4 ORDER BY s.id DESC`,
            p,
          ),
          db.query<{ id: number; title: string; heldAt: Date }>(
            'SELECT id, title, held_at AS "heldAt" FROM training_sessions WHERE held_at >= $1 AND held_at < $2 ORDER BY held_at DESC, id DESC',
            [period.start, period.end],
          ),
          db.query<{ id: number; sessionId: number; workerId: number; worker: string; squadId: number; at: Date; score: number }>(
            `SELECT t.id, t.session_id AS "sessionId", ${NAMED}, t.taken_at AS at, t.score::float8 AS score FROM test_scores t ${WHO('t')}
              JOIN training_sessions x ON x.id = t.session_id WHERE ${SCOPED} AND x.held_at >= $3 AND x.held_at < $4 ORDER BY t.taken_at, t.id`,
            p,
          ),
          db.query<{ id: number; title: string; givenAt: Date; deadline: Date }>(
            `SELECT id, title, given_at AS "givenAt", deadline FROM publicity_tasks
              WHERE (deadline >= $1 AND deadline < $2) OR (given_at >= $1 AND given_at < $2) ORDER BY deadline DESC, id DESC`,
            [period.start, period.end],
          ),
          db.query<{
            id: number;
            taskId: number;
            workerId: number;
            worker: string;
            squadId: number;
            kind: 'screenshot' | 'photo';
            submittedAt: Date;
            note: string;
            faked: boolean;
          }>(
            `SELECT e.id, e.task_id AS "taskId", ${NAMED}, e.kind, e.submitted_at AS "submittedAt", e.note, e.faked FROM publicity_evidence e ${WHO('e')}
              JOIN publicity_tasks x ON x.id = e.task_id
             WHERE ${SCOPED} AND ((x.deadline >= $3 AND x.deadline < $4) OR (x.given_at >= $3 AND x.given_at < $4)) ORDER BY e.id`,
            p,
          ),
          db.query<{ id: number; evidenceId: number; mime: string }>(
            `SELECT f.id, f.evidence_id AS "evidenceId", f.mime FROM publicity_evidence_files f JOIN publicity_evidence e ON e.id = f.evidence_id
               JOIN publicity_tasks x ON x.id = e.task_id WHERE (x.deadline >= $1 AND x.deadline < $2) OR (x.given_at >= $1 AND x.given_at < $2) ORDER BY f.id`,
            [period.start, period.end],
          ),
          // A task still open is listed whatever its deadline: it is there to be marked complete.
          db.query<Sendable<z.infer<typeof LedgerAnswer>['tasks'][number]>>(
            `SELECT t.id, ${NAMED}, t.title, t.deadline, t.completed_at AS "completedAt" FROM conduct_tasks t ${WHO('t')}
              WHERE ${SCOPED} AND ((t.deadline >= $3 AND t.deadline < $4) OR t.completed_at IS NULL) ORDER BY t.deadline DESC, t.id DESC`,
            p,
          ),
          db.query<Sendable<z.infer<typeof LedgerAnswer>['checks'][number]>>(
            `SELECT c.id, ${NAMED}, c.checked_at AS "checkedAt", c.on_time AS "onTime", c.kit, c.conduct, c.note FROM conduct_checks c ${WHO('c')}
              WHERE ${SCOPED} AND c.checked_at >= $3 AND c.checked_at < $4 ORDER BY c.checked_at DESC, c.id DESC`,
            p,
          ),
          sees
            ? db.query<NonNullable<Sendable<z.infer<typeof LedgerAnswer>['complaints']>>[number]>(
                `SELECT c.id, ${NAMED}, c.received_at AS "receivedAt", c.summary, c.upheld FROM complaints c ${WHO('c')}
                  WHERE ${SCOPED} AND c.received_at >= $3 AND c.received_at < $4 ORDER BY c.received_at DESC, c.id DESC`,
                p,
              )
            : Promise.resolve(null),
          db.query<Sendable<z.infer<typeof LedgerAnswer>['online'][number]>>(
            `SELECT o.id, ${NAMED}, o.score::float8 AS score FROM online_scores o ${WHO('o')} WHERE ${SCOPED} AND o.month = $3 ORDER BY w.id`,
            [scope.squadId, scope.gridId, month],
          ),
          db.query<Sendable<z.infer<typeof LedgerAnswer>['bonuses'][number]>>(
            `SELECT b.id, ${NAMED}, b.kind, b.level, b.awarded_at AS "awardedAt", b.note FROM assessment_bonuses b ${WHO('b')}
              WHERE ${SCOPED} AND b.awarded_at >= $3 AND b.awarded_at < $4 ORDER BY b.awarded_at DESC, b.id DESC`,
            p,
          ),
        ]);
        return {
          period: { month, ...period },
          samples,
          sessions: sessions.map((s) => {
            const mine = scores.filter((t) => t.sessionId === s.id);
            const workers = [...new Map(mine.map((t) => [t.workerId, t])).values()];
            return {
              ...s,
              // R23: the status of each worker who took the test (80 passes, below → retest, a second fail → failed).
              results: workers.map((w) => {
                const tests = mine.filter((t) => t.workerId === w.workerId).map((t) => ({ ...t, at: t.at.toISOString() }));
                const r = sessionResult(s.id, tests, passMark);
                return { workerId: w.workerId, worker: w.worker, squadId: w.squadId, status: r.status, scores: tests.map((t) => t.score) };
              }),
            };
          }),
          publicity: tasks.map((t) => ({
            ...t,
            evidence: evidence
              .filter((e) => e.taskId === t.id)
              .map(({ taskId: _, faked, ...e }) => ({
                ...e,
                faked: sees ? faked : null,
                files: files
                  .filter((f) => f.evidenceId === e.id)
                  .map((f) => ({ id: f.id, mime: f.mime, url: `/api/assessment/evidence/${e.id}/files/${f.id}` })),
              })),
          })),
          tasks: assigned,
          checks,
          ...(complaints ? { complaints } : {}),
          online,
          bonuses,
        };
      },
    }),
    route(contract.sample, {
      summary:
        'A drawn sample (R22) as the inspection team checks it on site: each household (address, size) or person (name, gender, birth year, address) and the results recorded so far',
      access: ENTRY_ROLES.sample,
      async handler({ params, user }) {
        const [s] = await db.query<{
          id: number;
          workerId: number;
          squadId: number;
          gridId: number;
          subject: 'households' | 'people';
          fullCheck: boolean;
          seed: string;
          householdIds: number[];
          residentIds: number[];
          at: Date;
        }>(
          `SELECT s.id, s.worker_id AS "workerId", w.squad_id AS "squadId", s.grid_id AS "gridId", s.subject, s.full_check AS "fullCheck", s.seed,
                  s.household_ids AS "householdIds", s.resident_ids AS "residentIds", s.at
             FROM inspection_samples s JOIN workers w ON w.id = s.worker_id WHERE s.id = $1`,
          [params.id],
        );
        if (!s || !covers(scopeFor(user), { squadId: s.squadId, gridId: null })) throw notFound(`sample ${params.id}`);
        const [households, people, results] = await Promise.all([
          db.query<{ id: number; address: string; size: number }>('SELECT id, address, size FROM households WHERE id = ANY($1::int[]) ORDER BY id', [
            s.householdIds,
          ]),
          db.query<{ id: number; name: string; gender: string | null; birthYear: number | null; address: string }>(
            `SELECT r.id, r.name, r.gender, r.birth_year AS "birthYear", h.address FROM residents r JOIN households h ON h.id = r.household_id
              WHERE r.id = ANY($1::int[]) ORDER BY r.id`,
            [s.residentIds],
          ),
          db.query<{
            householdId: number | null;
            residentId: number | null;
            result: 'correct' | 'person_missing' | 'not_deregistered' | 'wrong_detail';
            note: string;
          }>('SELECT household_id AS "householdId", resident_id AS "residentId", result, note FROM sample_results WHERE sample_id = $1 ORDER BY id', [
            params.id,
          ]),
        ]);
        return { ...s, households, people, results };
      },
    }),
  ];
}
