// Reads what a month is judged from (R15, R20-R28) for the workers of a scope, and computes it with the pure
// rules of shared/assessment. A worker's events are those they reported (reporter_worker_id), not those
// they were given.
import { monthlyRanking } from '../../shared/assessment/awards.ts';
import { monthPeriod, type Period } from '../../shared/assessment/period.ts';
import { type MonthRecords, scoreMonth, type WorkerInfo, type WorkerMonth } from '../../shared/assessment/score.ts';
import { type AssessmentSettings, type GridClass, settingsOn } from '../../shared/assessment/settings.ts';
import { addDays } from '../../shared/core/time.ts';
import type { Queryable } from '../platform/db/index.ts';

export interface ScopedWorker extends WorkerInfo {
  gridId: number;
}

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : v);

export async function loadSettings(q: Queryable): Promise<AssessmentSettings[]> {
  const rows = await q.query<{ settings: AssessmentSettings }>('SELECT settings FROM assessment_settings ORDER BY effective_from');
  return rows.map((r) => r.settings);
}

type Status = 'active' | 'leave' | 'left';

/** A worker's status on each day from worker_status_events (the same reading as the day's notice, R16). */
function statusReader(events: { workerId: number; status: Status; previous: Status; onDay: string }[], current: Map<number, Status>) {
  return (workerId: number, day: string): Status => {
    const mine = events.filter((e) => e.workerId === workerId);
    const last = mine.filter((e) => e.onDay <= day).at(-1);
    return last ? last.status : (mine[0]?.previous ?? current.get(workerId) ?? 'active');
  };
}

export interface ComputedMonth {
  period: Period;
  settings: AssessmentSettings;
  workers: ScopedWorker[];
  months: WorkerMonth[];
  ranking: ReturnType<typeof monthlyRanking>;
}

/**
 * The month of every worker holding a grid, and the town's ranking (R26, R28): the rank is the town's even
 * when a squad leader reads only their squad's rows.
 */
export async function computeMonth(q: Queryable, month: string): Promise<ComputedMonth> {
  const periods = await loadSettings(q);
  const period = monthPeriod(month, periods);
  const settings = settingsOn(periods, period.lastDay);
  const rows = await q.query<{ id: number; name: string; squadId: number; gridId: number; gridClass: GridClass; hiredOn: string; status: Status }>(
    `SELECT w.id, w.name, g.squad_id AS "squadId", g.id AS "gridId", g.class AS "gridClass", to_char(w.hired_on, 'YYYY-MM-DD') AS "hiredOn", w.status
       FROM workers w JOIN grids g ON g.worker_id = w.id ORDER BY w.id`,
  );
  const ids = rows.map((r) => r.id);
  const events = await q.query<{ workerId: number; status: Status; previous: Status; onDay: string }>(
    `SELECT worker_id AS "workerId", status, previous, to_char(on_day, 'YYYY-MM-DD') AS "onDay" FROM worker_status_events
      WHERE worker_id = ANY($1::int[]) ORDER BY on_day, id`,
    [ids],
  );
  const statusOn = statusReader(events, new Map(rows.map((r) => [r.id, r.status])));
  const cutDay = addDays(period.lastDay, 1);
  const workers: ScopedWorker[] = rows.map((r) => ({ ...r, onDutyAtCut: statusOn(r.id, cutDay) === 'active' }));
  const gridOf = new Map(workers.map((w) => [w.gridId, w.id]));
  const range = [ids, period.start, period.end];

  const coverage = await q.query<{ day: string; gridId: number; qualified: boolean }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, grid_id AS "gridId", qualified FROM coverage_days
      WHERE grid_id = ANY($1::int[]) AND day BETWEEN $2::date AND $3::date`,
    [workers.map((w) => w.gridId), period.firstDay, period.lastDay],
  );
  const sessions = await q.query<{ id: number; heldAt: Date }>('SELECT id, held_at AS "heldAt" FROM training_sessions WHERE held_at >= $1 AND held_at < $2', [
    period.start,
    period.end,
  ]);
  const tasks = await q.query<{ id: number; givenAt: Date; deadline: Date }>(
    'SELECT id, given_at AS "givenAt", deadline FROM publicity_tasks WHERE deadline >= $1 AND deadline < $2',
    [period.start, period.end],
  );
  const timed = <T>(sql: string, params: unknown[] = range) => q.query<T>(sql, params);
  const [incidents, samples, tests, evidence, rectifications, assigned, checks, complaints, online, bonuses] = await Promise.all([
    timed<{ id: number; workerId: number; reportedAt: Date; categoryCode: string; state: MonthRecords['events'][number]['state'] }>(
      `SELECT id, reporter_worker_id AS "workerId", created_at AS "reportedAt", category_code AS "categoryCode", state FROM incidents
        WHERE reporter_worker_id = ANY($1::int[]) AND created_at >= $2 AND created_at < $3`,
    ),
    timed<{ id: number; workerId: number; at: Date; result: MonthRecords['samples'][number]['result'] }>(
      `SELECT r.id, s.worker_id AS "workerId", r.checked_at AS at, r.result FROM sample_results r JOIN inspection_samples s ON s.id = r.sample_id
        WHERE s.worker_id = ANY($1::int[]) AND r.checked_at >= $2 AND r.checked_at < $3`,
    ),
    timed<{ id: number; sessionId: number; workerId: number; at: Date; score: number }>(
      `SELECT id, session_id AS "sessionId", worker_id AS "workerId", taken_at AS at, score::float8 AS score FROM test_scores
        WHERE worker_id = ANY($1::int[]) AND session_id = ANY($2::int[])`,
      [ids, sessions.map((s) => s.id)],
    ),
    timed<{ id: number; taskId: number; workerId: number; at: Date; faked: boolean }>(
      `SELECT id, task_id AS "taskId", worker_id AS "workerId", submitted_at AS at, faked FROM publicity_evidence
        WHERE worker_id = ANY($1::int[]) AND task_id = ANY($2::int[])`,
      [ids, tasks.map((t) => t.id)],
    ),
    // Recorded by the brigade, and ordered (督促整改) or checked (整改核查) by the worker in the field app.
    timed<{ id: string; workerId: number; day: string; kind: MonthRecords['rectifications'][number]['kind'] }>(
      `SELECT id::text, worker_id AS "workerId", to_char(day, 'YYYY-MM-DD') AS day, kind FROM rectification_records
        WHERE worker_id = ANY($1::int[]) AND day BETWEEN $2::date AND $3::date
       UNION ALL
       SELECT 'field-' || id || '-order', ordered_by_worker, to_char(ordered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'urged' FROM rectifications
        WHERE ordered_by_worker = ANY($1::int[]) AND (ordered_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
       UNION ALL
       SELECT 'field-' || id || '-check', checked_by_worker, to_char(checked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'verified_party' FROM rectifications
        WHERE checked_by_worker = ANY($1::int[]) AND (checked_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date`,
      [ids, period.firstDay, period.lastDay],
    ),
    timed<{ id: number; workerId: number; deadline: Date; completedAt: Date | null }>(
      `SELECT id, worker_id AS "workerId", deadline, completed_at AS "completedAt" FROM conduct_tasks
        WHERE worker_id = ANY($1::int[]) AND deadline >= $2 AND deadline < $3`,
    ),
    timed<{ id: number; workerId: number; at: Date; onTime: boolean; kit: boolean; conduct: boolean }>(
      `SELECT id, worker_id AS "workerId", checked_at AS at, on_time AS "onTime", kit, conduct FROM conduct_checks
        WHERE worker_id = ANY($1::int[]) AND checked_at >= $2 AND checked_at < $3`,
    ),
    timed<{ id: number; workerId: number; at: Date; upheld: boolean }>(
      `SELECT id, worker_id AS "workerId", received_at AS at, upheld FROM complaints
        WHERE worker_id = ANY($1::int[]) AND received_at >= $2 AND received_at < $3`,
    ),
    timed<{ id: number; workerId: number; score: number }>(
      'SELECT id, worker_id AS "workerId", score::float8 AS score FROM online_scores WHERE worker_id = ANY($1::int[]) AND month = $2',
      [ids, month],
    ),
    timed<{ id: number; workerId: number; at: Date; kind: 'major_hazard' | 'commendation'; level: 'national' | 'provincial' | 'city' | 'district' | null }>(
      `SELECT id, worker_id AS "workerId", awarded_at AS at, kind, level FROM assessment_bonuses
        WHERE worker_id = ANY($1::int[]) AND awarded_at >= $2 AND awarded_at < $3`,
    ),
  ]);

  const records: MonthRecords = {
    patrolDays: coverage.flatMap((c) => {
      const workerId = gridOf.get(c.gridId);
      return workerId === undefined ? [] : [{ workerId, gridId: c.gridId, day: c.day, qualified: c.qualified, onDuty: statusOn(workerId, c.day) === 'active' }];
    }),
    events: incidents.map((e) => ({ ...e, reportedAt: iso(e.reportedAt) })),
    samples: samples.map((s) => ({ ...s, at: iso(s.at) })),
    sessions: sessions.map((s) => ({ id: s.id, heldAt: iso(s.heldAt) })),
    tests: tests.map((t) => ({ ...t, at: iso(t.at) })),
    publicityTasks: tasks.map((t) => ({ id: t.id, givenAt: iso(t.givenAt), deadline: iso(t.deadline) })),
    evidence: evidence.map((e) => ({ ...e, at: iso(e.at) })),
    rectifications: rectifications.map((r) => ({ ...r, squadId: workers.find((w) => w.id === r.workerId)!.squadId })),
    tasks: assigned.map((t) => ({ ...t, deadline: iso(t.deadline), completedAt: t.completedAt && iso(t.completedAt) })),
    checks: checks.map((c) => ({ ...c, at: iso(c.at) })),
    complaints: complaints.map((c) => ({ ...c, at: iso(c.at) })),
    online,
    majorHazards: bonuses.filter((b) => b.kind === 'major_hazard').map((b) => ({ id: b.id, workerId: b.workerId, at: iso(b.at) })),
    commendations: bonuses.flatMap((b) => (b.level ? [{ id: b.id, workerId: b.workerId, at: iso(b.at), level: b.level }] : [])),
  };
  const months = workers.map((w) => scoreMonth(w, records, period, periods));
  return { period, settings, workers, months, ranking: monthlyRanking(months, settings) };
}
