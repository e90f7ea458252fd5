// Reads what a month is judged from (R15, R20-R28) for the workers of a scope, and computes it with the pure
// rules of shared/assessment. A worker's events are those they reported (reporter_worker_id), not those
// they were given.
import { monthlyRanking } from '../../shared/assessment/awards.ts';
import { monthPeriod, type Period } from '../../shared/assessment/period.ts';
import { type MonthRecords, type PatrolDay, scoreMonth, type WorkerInfo, type WorkerMonth } from '../../shared/assessment/score.ts';
import { type AssessmentSettings, type GridClass, settingsOn } from '../../shared/assessment/settings.ts';
import { dailyCollections, dailyRanking, type DayRankingRow, NOT_COLLECTED } from '../../shared/assessment/events.ts';
import { RECTIFICATION_KINDS, type Rectification, tallyBySquad } from '../../shared/assessment/rectification.ts';
import { type SampleRates, type SampleResult, sampleRates } from '../../shared/assessment/sampling.ts';
import { addDays, dayRange } from '../../shared/core/time.ts';
import type { Queryable } from '../platform/db/index.ts';

export interface ScopedWorker extends WorkerInfo {
  gridId: number;
}

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : v);
/** An instant as ISO text made by the database: a city's month is 400,000 of them, not parsed into Dates. */
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function loadSettings(q: Queryable): Promise<AssessmentSettings[]> {
  const rows = await q.query<{ settings: AssessmentSettings }>('SELECT settings FROM assessment_settings ORDER BY effective_from');
  return rows.map((r) => r.settings);
}

type Status = 'active' | 'leave' | 'left';

/** A worker's status on each day from worker_status_events (the same reading as the day's notice, R16). */
function statusReader(events: { workerId: number; status: Status; previous: Status; onDay: string }[], current: Map<number, Status>) {
  const grouped = byWorker(events);
  return (workerId: number, day: string): Status => {
    const mine = grouped.get(workerId) ?? [];
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

interface Assignment {
  gridId: number;
  workerId: number;
  fromDay: string;
  /** exclusive; null while held */
  toDay: string | null;
}

interface GridRow {
  id: number;
  squadId: number;
  gridClass: GridClass;
  workerId: number | null;
}

/**
 * R4: who held each grid on each day of a span, from the dated holders (grid_assignments: from_day
 * inclusive, to_day exclusive; the latest that began on or before the day, as coverage reads them); a grid
 * whose holders were never recorded is its current holder's (grids.worker_id), as in coverage's gridsIn.
 */
export interface Holders {
  grids: Map<number, GridRow>;
  /** The grid a worker held on a day, if any. */
  gridOn(workerId: number, day: string): number | undefined;
  /** The worker who held a grid on a day, if any. */
  holderOn(gridId: number, day: string): number | undefined;
  /** Every worker who held a grid on a day of the span, with the grid held last in it. */
  lastGrid: Map<number, number>;
}

export async function loadHolders(q: Queryable, firstDay: string, lastDay: string): Promise<Holders> {
  const grids = await q.query<GridRow & { dated: boolean }>(
    `SELECT id, squad_id AS "squadId", class AS "gridClass", worker_id AS "workerId",
            EXISTS (SELECT 1 FROM grid_assignments a WHERE a.grid_id = g.id) AS dated FROM grids g`,
  );
  const rows = await q.query<Assignment>(
    `SELECT grid_id AS "gridId", worker_id AS "workerId", to_char(from_day, 'YYYY-MM-DD') AS "fromDay", to_char(to_day, 'YYYY-MM-DD') AS "toDay"
       FROM grid_assignments WHERE from_day <= $2::date AND (to_day IS NULL OR to_day > $1::date) ORDER BY from_day, id`,
    [firstDay, lastDay],
  );
  const byGrid = new Map<number, Assignment[]>();
  const byWorker = new Map<number, Assignment[]>();
  const add = <K>(m: Map<K, Assignment[]>, k: K, a: Assignment) => {
    const list = m.get(k);
    if (list) list.push(a);
    else m.set(k, [a]);
  };
  for (const a of rows) {
    add(byGrid, a.gridId, a);
    add(byWorker, a.workerId, a);
  }
  const gridMap = new Map(grids.map((g) => [g.id, g]));
  // A grid whose holders were never recorded: its current holder for every day.
  for (const g of grids)
    if (g.workerId !== null && !g.dated) {
      const a = { gridId: g.id, workerId: g.workerId, fromDay: firstDay, toDay: null };
      add(byGrid, g.id, a);
      add(byWorker, g.workerId, a);
    }
  const holds = (a: Assignment, day: string) => a.fromDay <= day && (a.toDay === null || day < a.toDay);
  const lastGrid = new Map<number, number>();
  for (const [workerId, as] of byWorker) {
    // The grid held on the span's last day, else the one given up last.
    const held = as.findLast((a) => holds(a, lastDay)) ?? [...as].sort((a, b) => ((a.toDay ?? '') < (b.toDay ?? '') ? -1 : 1)).at(-1)!;
    if (gridMap.has(held.gridId)) lastGrid.set(workerId, held.gridId);
  }
  return {
    grids: gridMap,
    gridOn: (workerId, day) => byWorker.get(workerId)?.findLast((a) => holds(a, day))?.gridId,
    holderOn: (gridId, day) => byGrid.get(gridId)?.findLast((a) => holds(a, day))?.workerId,
    lastGrid,
  };
}

/** Records grouped by worker: each worker's month is scored from their own (10,000 workers a city). */
function byWorker<T extends { workerId: number }>(xs: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of xs) {
    const list = out.get(x.workerId);
    if (list) list.push(x);
    else out.set(x.workerId, [x]);
  }
  return out;
}

type RectificationRow = { id: string; workerId: number; day: string; kind: MonthRecords['rectifications'][number]['kind'] };

/** R20: rectifications of the workers in a span of days: the brigade's records and those made in the field app. */
export function loadRectifications(q: Queryable, ids: number[], firstDay: string, lastDay: string) {
  // Recorded by the brigade, and ordered (督促整改) or checked (整改核查) by the worker in the field app.
  return q.query<RectificationRow>(
    `SELECT id::text, worker_id AS "workerId", to_char(day, 'YYYY-MM-DD') AS day, kind FROM rectification_records
      WHERE worker_id = ANY($1::int[]) AND day BETWEEN $2::date AND $3::date
     UNION ALL
     SELECT 'field-' || id || '-order', ordered_by_worker, to_char(ordered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'urged' FROM rectifications
      WHERE ordered_by_worker = ANY($1::int[]) AND (ordered_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
     UNION ALL
     SELECT 'field-' || id || '-check', checked_by_worker, to_char(checked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'verified_party' FROM rectifications
      WHERE checked_by_worker = ANY($1::int[]) AND (checked_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date`,
    [ids, firstDay, lastDay],
  );
}

/** The workers of a month (R4): everyone who held a grid on one of its days, with the grid they held last. */
async function monthWorkers(q: Queryable, holders: Holders) {
  const ids = [...holders.lastGrid.keys()];
  const rows = await q.query<{ id: number; name: string; hiredOn: string; status: Status }>(
    `SELECT id, name, to_char(hired_on, 'YYYY-MM-DD') AS "hiredOn", status FROM workers WHERE id = ANY($1::int[]) ORDER BY id`,
    [ids],
  );
  return rows.map((r) => {
    const g = holders.grids.get(holders.lastGrid.get(r.id)!)!;
    return { ...r, gridId: g.id, squadId: g.squadId, gridClass: g.gridClass };
  });
}

/**
 * The month of every worker who held a grid in it, and the town's ranking (R26, R28): the rank is the
 * town's even when a squad leader reads only their squad's rows. A grid's patrol days count for the worker
 * who held it that day (R4: a grid handed over mid-month counts for each day's holder).
 */
export async function computeMonth(q: Queryable, month: string): Promise<ComputedMonth> {
  const periods = await loadSettings(q);
  const period = monthPeriod(month, periods);
  const settings = settingsOn(periods, period.lastDay);
  const holders = await loadHolders(q, period.firstDay, period.lastDay);
  const rows = await monthWorkers(q, holders);
  const ids = rows.map((r) => r.id);
  const events = await q.query<{ workerId: number; status: Status; previous: Status; onDay: string }>(
    `SELECT worker_id AS "workerId", status, previous, to_char(on_day, 'YYYY-MM-DD') AS "onDay" FROM worker_status_events
      WHERE worker_id = ANY($1::int[]) ORDER BY on_day, id`,
    [ids],
  );
  const statusOn = statusReader(events, new Map(rows.map((r) => [r.id, r.status])));
  const cutDay = addDays(period.lastDay, 1);
  const workers: ScopedWorker[] = rows.map((r) => ({ ...r, onDutyAtCut: statusOn(r.id, cutDay) === 'active' }));
  const squadOf = new Map(workers.map((w) => [w.id, w.squadId]));
  const range = [ids, period.start, period.end];

  const coverage = await q.query<{ day: string; gridId: number; qualified: boolean }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, grid_id AS "gridId", qualified FROM coverage_days
      WHERE day BETWEEN $1::date AND $2::date`,
    [period.firstDay, period.lastDay],
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
    // Only what R21 collects (registered, not rejected or merged: events.ts's list) is read.
    timed<{ id: number; workerId: number; reportedAt: string; categoryCode: string; state: MonthRecords['events'][number]['state'] }>(
      `SELECT id, reporter_worker_id AS "workerId", ${isoSql('created_at')} AS "reportedAt", category_code AS "categoryCode", state FROM incidents
        WHERE reporter_worker_id = ANY($1::int[]) AND created_at >= $2 AND created_at < $3 AND state <> ALL($4::text[])`,
      [...range, NOT_COLLECTED],
    ),
    timed<{ id: number; workerId: number; at: string; result: MonthRecords['samples'][number]['result'] }>(
      `SELECT r.id, s.worker_id AS "workerId", ${isoSql('r.checked_at')} AS at, r.result FROM sample_results r JOIN inspection_samples s ON s.id = r.sample_id
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
    loadRectifications(q, ids, period.firstDay, period.lastDay),
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

  // R4: a coverage day is the day's holder's of the grid, not today's.
  const patrolDays: PatrolDay[] = [];
  for (const c of coverage) {
    const workerId = holders.holderOn(c.gridId, c.day);
    if (workerId !== undefined && squadOf.has(workerId))
      patrolDays.push({ workerId, gridId: c.gridId, day: c.day, qualified: c.qualified, onDuty: statusOn(workerId, c.day) === 'active' });
  }
  // R21, R4: an event is judged by the class of the grid its worker held on its day, as the day's ranking
  // judges it (dayEvents); the grid held last in the month only when none was held that day.
  const classOn = (workerId: number, reportedAt: string) => {
    const day = new Date(Date.parse(reportedAt) + 8 * 3_600_000).toISOString().slice(0, 10); // Asia/Shanghai: UTC+8, no summer time
    const gridId = holders.gridOn(workerId, day) ?? holders.lastGrid.get(workerId);
    return gridId === undefined ? undefined : holders.grids.get(gridId)?.gridClass;
  };
  const records: MonthRecords = {
    patrolDays,
    events: incidents.map((e) => ({ ...e, gridClass: classOn(e.workerId, e.reportedAt) })),
    samples,
    sessions: sessions.map((s) => ({ id: s.id, heldAt: iso(s.heldAt) })),
    tests: tests.map((t) => ({ ...t, at: iso(t.at) })),
    publicityTasks: tasks.map((t) => ({ id: t.id, givenAt: iso(t.givenAt), deadline: iso(t.deadline) })),
    evidence: evidence.map((e) => ({ ...e, at: iso(e.at) })),
    rectifications: rectifications.map((r) => ({ ...r, squadId: squadOf.get(r.workerId)! })),
    tasks: assigned.map((t) => ({ ...t, deadline: iso(t.deadline), completedAt: t.completedAt && iso(t.completedAt) })),
    checks: checks.map((c) => ({ ...c, at: iso(c.at) })),
    complaints: complaints.map((c) => ({ ...c, at: iso(c.at) })),
    online,
    majorHazards: bonuses.filter((b) => b.kind === 'major_hazard').map((b) => ({ id: b.id, workerId: b.workerId, at: iso(b.at) })),
    commendations: bonuses.flatMap((b) => (b.level ? [{ id: b.id, workerId: b.workerId, at: iso(b.at), level: b.level }] : [])),
  };
  const months = scoreAll(workers, records, period, periods);
  return { period, settings, workers, months, ranking: monthlyRanking(months, settings) };
}

/** scoreMonth for every worker, each from their own records (the same answer as from all of them, in linear time). */
function scoreAll(workers: readonly WorkerInfo[], records: MonthRecords, period: Period, periods: readonly AssessmentSettings[]): WorkerMonth[] {
  const split = Object.fromEntries(
    Object.entries(records).map(([k, v]) => [k, k === 'sessions' || k === 'publicityTasks' ? null : byWorker(v as { workerId: number }[])]),
  ) as Record<keyof MonthRecords, Map<number, never[]> | null>;
  return workers.map((w) => {
    const own = Object.fromEntries(
      Object.entries(records).map(([k, v]) => [k, split[k as keyof MonthRecords]?.get(w.id) ?? (split[k as keyof MonthRecords] ? [] : v)]),
    ) as unknown as MonthRecords;
    return scoreMonth(w, own, period, periods);
  });
}

async function names(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  const rows = await q.query<{ id: number; name: string }>('SELECT id, name FROM workers WHERE id = ANY($1::int[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface DayEvents {
  settings: AssessmentSettings;
  rows: (DayRankingRow & { worker: string; gridId: number; squadId: number })[];
}

/**
 * R21: the day's event collection of every worker, ranked per grid class with its 评优: the events each
 * worker reported (the reporter, not the assignee), valid ones, weighted by the day's category weights and
 * the class ratio of the grid they held that day (R4).
 */
export async function dayEvents(q: Queryable, day: string): Promise<DayEvents> {
  const periods = await loadSettings(q);
  const holders = await loadHolders(q, day, day);
  const { start, end } = dayRange(day);
  const reported = await q.query<{ id: number; workerId: number; reportedAt: Date; categoryCode: string; state: MonthRecords['events'][number]['state'] }>(
    `SELECT id, reporter_worker_id AS "workerId", created_at AS "reportedAt", category_code AS "categoryCode", state FROM incidents
      WHERE reporter_worker_id IS NOT NULL AND created_at >= $1 AND created_at < $2`,
    [start, end],
  );
  const gridOf = (workerId: number) => holders.gridOn(workerId, day);
  const collections = dailyCollections(
    reported.map((e) => ({ ...e, reportedAt: iso(e.reportedAt) })),
    (w) => {
      const g = gridOf(w);
      return g === undefined ? undefined : holders.grids.get(g)?.gridClass;
    },
    periods,
  );
  const ranking = dailyRanking(collections, day, periods);
  const all = [...ranking[1], ...ranking[2], ...ranking[3]];
  const named = await names(
    q,
    all.map((r) => r.workerId),
  );
  return {
    settings: settingsOn(periods, day),
    rows: all.map((r) => {
      const g = holders.grids.get(gridOf(r.workerId)!)!;
      return { ...r, worker: named.get(r.workerId) ?? String(r.workerId), gridId: g.id, squadId: g.squadId };
    }),
  };
}

type KindCounts = Record<(typeof RECTIFICATION_KINDS)[number], number> & { total: number };
const noKinds = (): KindCounts => ({ urged: 0, verified_party: 0, verified_department: 0, total: 0 });

/**
 * R20: rectifications urged and verified per worker per day of a month, and the squads' tallies (per day and
 * for the month); a record counts for the squad of the grid its worker held that day (R4).
 */
export async function monthRectifications(q: Queryable, month: string) {
  const periods = await loadSettings(q);
  const period = monthPeriod(month, periods);
  const holders = await loadHolders(q, period.firstDay, period.lastDay);
  const ids = [...holders.lastGrid.keys()];
  const rows = await loadRectifications(q, ids, period.firstDay, period.lastDay);
  const squadOn = (workerId: number, day: string) => holders.grids.get(holders.gridOn(workerId, day) ?? holders.lastGrid.get(workerId)!)!.squadId;
  const records: Rectification[] = rows.map((r) => ({ ...r, squadId: squadOn(r.workerId, r.day) }));
  const named = await names(q, [...new Set(rows.map((r) => r.workerId))]);
  const perDay = new Map<string, KindCounts & { workerId: number; worker: string; squadId: number; day: string; refs: string[] }>();
  for (const r of records) {
    const key = `${r.day}/${r.workerId}`;
    const d = perDay.get(key) ?? { ...noKinds(), workerId: r.workerId, worker: named.get(r.workerId) ?? '', squadId: r.squadId, day: r.day, refs: [] };
    perDay.set(key, d);
    d[r.kind]++;
    d.total++;
    d.refs.push(String(r.id));
  }
  const squadDays = tallyBySquad(records);
  const squads = new Map<number, KindCounts & { squadId: number }>();
  for (const t of squadDays) {
    const s = squads.get(t.squadId) ?? { ...noKinds(), squadId: t.squadId };
    squads.set(t.squadId, s);
    for (const k of [...RECTIFICATION_KINDS, 'total'] as const) s[k] += t[k];
  }
  return {
    period,
    days: [...perDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.workerId - b.workerId)),
    squadDays,
    squads: [...squads.values()].sort((a, b) => a.squadId - b.squadId),
  };
}

/**
 * R22: the rates of the month's on-site results (samples and full checks alike, households and people
 * alike) per worker, per grid (the grid sampled), per squad and for the town.
 */
export async function monthBasicInfo(q: Queryable, month: string) {
  const periods = await loadSettings(q);
  const period = monthPeriod(month, periods);
  const holders = await loadHolders(q, period.firstDay, period.lastDay);
  const results = await q.query<{ workerId: number; gridId: number; result: SampleResult; household: boolean }>(
    `SELECT s.worker_id AS "workerId", s.grid_id AS "gridId", r.result, r.household_id IS NOT NULL AS household
       FROM sample_results r JOIN inspection_samples s ON s.id = r.sample_id WHERE r.checked_at >= $1 AND r.checked_at < $2`,
    [period.start, period.end],
  );
  const group = <K>(key: (r: (typeof results)[number]) => K) => {
    const out = new Map<K, typeof results>();
    for (const r of results) {
      const k = key(r);
      const list = out.get(k);
      if (list) list.push(r);
      else out.set(k, [r]);
    }
    return out;
  };
  const squadOfGrid = (gridId: number) => holders.grids.get(gridId)?.squadId ?? 0;
  const named = await names(q, [...new Set(results.map((r) => r.workerId))]);
  const rated = <T extends object>(xs: typeof results, extra: T): (SampleRates & T) | null => {
    const r = sampleRates(xs);
    return r ? { ...r, ...extra } : null;
  };
  return {
    period,
    town: sampleRates(results),
    squads: [...group((r) => squadOfGrid(r.gridId))].map(([squadId, xs]) => rated(xs, { squadId })!).sort((a, b) => a.squadId - b.squadId),
    grids: [...group((r) => r.gridId)].map(([gridId, xs]) => rated(xs, { gridId, squadId: squadOfGrid(gridId) })!).sort((a, b) => a.gridId - b.gridId),
    workers: [...group((r) => r.workerId)]
      .map(([workerId, xs]) => {
        const gridId = holders.lastGrid.get(workerId) ?? xs.at(-1)!.gridId;
        return rated(xs, {
          workerId,
          worker: named.get(workerId) ?? '',
          gridId,
          squadId: squadOfGrid(gridId),
          households: xs.filter((x) => x.household).length,
          people: xs.filter((x) => !x.household).length,
        })!;
      })
      .sort((a, b) => a.workerId - b.workerId),
  };
}
