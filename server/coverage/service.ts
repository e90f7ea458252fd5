// Coverage of a day for the API and the nightly record: today from the live engine, an earlier day from
// its recorded batch (computed on first asking), in figures per grid, squad and town (R13, R15, R16).
import { HISTORY_MAX_DAYS } from '../../shared/coverage/contract.ts';
import { passStatus } from '../../shared/coverage/engine.ts';
import { addCounts, countCoverage, coverageFigures, emptyCounts, isQualified, type CoverageCounts } from '../../shared/coverage/tally.ts';
import { addDays, dayRange, shanghaiDay } from '../../shared/core/time.ts';
import { placeFilter, placeParams, type Scope } from '../auth/scope.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { batchedWrite } from '../platform/db/batched.ts';
import { HttpError } from '../platform/http/errors.ts';
import { recordDay, recordedPasses, type Layer } from './batch.ts';
import type { LiveCoverage } from './engine.ts';
import { validOn } from '../town/validity.ts';

const ALL: Scope = { squadId: null, gridId: null };
const SCOPED = placeFilter('g.squad_id', 'g.id', 1);

interface TargetRow {
  id: number;
  gridId: number;
  squadId: number;
  name: string;
  kind: string;
  requiredPasses: number;
}

interface CellRow {
  id: number;
  gridId: number;
  squadId: number;
  roadId: number;
  road: string;
  class: string;
  seq: number;
  lengthM: number;
  requiredPasses: number;
}

export interface GridRow {
  gridId: number;
  squadId: number;
  code: string;
  name: string;
  workerId: number | null;
  worker: string | null;
}

/** Each worker's time on patrol on a finished day: segments of clean fixes under the gap, both ends that day. */
async function patrolTimes(q: Queryable, day: string, gapMs: number): Promise<Map<number, number>> {
  const { start, end } = dayRange(day);
  const rows = await q.query<{ workerId: number; ms: number }>(
    `SELECT worker_id AS "workerId", (sum(extract(epoch FROM d)) * 1000)::float8 AS ms
       FROM (SELECT worker_id, fix_time - lag(fix_time) OVER (PARTITION BY worker_id ORDER BY fix_time) AS d
               FROM positions WHERE verdict = 'ok' AND worker_id IS NOT NULL AND fix_time >= $1 AND fix_time < $2) s
      WHERE d < make_interval(secs => $3::float8 / 1000) GROUP BY worker_id`,
    [start, end, gapMs],
  );
  return new Map(rows.map((r) => [r.workerId, r.ms]));
}

const withPasses = <T extends { id: number; requiredPasses: number }>(rows: T[], passes: Map<number, number[]>) =>
  rows.map((r) => {
    const times = passes.get(r.id) ?? [];
    return { ...r, passes: times.length, status: passStatus(times.length, r.requiredPasses), passTimes: times.map((ms) => new Date(ms).toISOString()) };
  });

/** How long the first day of data is trusted before it is read again. */
const FIRST_DAY_TTL_MS = 10 * 60_000;

export function coverageService(db: Db, live: LiveCoverage) {
  const today = () => shanghaiDay(Date.now());

  /** The town's first day with data (positions, their rollup, or a recorded day); a day before it has no coverage. */
  let firstDay: { day: string; at: number } | null = null;
  async function firstDayOfData(): Promise<string> {
    if (firstDay && Date.now() - firstDay.at < FIRST_DAY_TTL_MS) return firstDay.day;
    const [r] = await db.query<{ day: string | null }>(
      `SELECT least((SELECT min(day) FROM coverage_days), (SELECT min(day) FROM position_days),
                    (SELECT ((min(fix_time) + interval '8 hours') AT TIME ZONE 'UTC')::date FROM positions WHERE verdict = 'ok'))::text AS day`,
    );
    firstDay = { day: r?.day ?? today(), at: Date.now() };
    return firstDay.day;
  }

  /**
   * A day asked for must be within the town's data: from its first day of data (or the history window, for
   * a town that is new) to today. Nothing is computed or stored for a day before it.
   */
  async function checkDay(day: string) {
    if (day > today()) throw new HttpError(400, 'invalid_request', `${day} has not come yet`);
    const earliest = async () => {
      const first = await firstDayOfData();
      const window = addDays(today(), 1 - HISTORY_MAX_DAYS);
      // biome-ignore lint/complexity/useMathMinMax: ISO days are strings, which Math.min would turn into NaN
      return first < window ? first : window;
    };
    if (day >= (await earliest())) return;
    firstDay = null; // fixes uploaded late may have moved it: asked once more before refusing
    const first = await earliest();
    if (day < first) throw new HttpError(400, 'out_of_range', `${day} is before the town's first day of data (${first})`);
  }

  const recording = new Map<string, Promise<void>>();

  /** Records a finished day (both layers' passes and each grid's figures), once at a time per day. */
  function recordCoverageDay(day: string): Promise<void> {
    if (day >= today()) throw new RangeError(`${day} is not over yet`);
    const running = recording.get(day);
    if (running) return running;
    const job = db
      .transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('coverage_day:' || $1::text))`, [day]);
        const passes = await recordDay(tx, day, live.frame, live.rules);
        const counts = await countsOf(tx, day, passes, await patrolTimes(tx, day, live.rules.segmentGapMs), ALL);
        const ids = [...counts.keys()];
        const col = (f: (c: CoverageCounts) => number | boolean) => ids.map((id) => f(counts.get(id)!));
        await tx.query('DELETE FROM coverage_days WHERE day = $1', [day]);
        await tx.query(
          `INSERT INTO coverage_days (day, grid_id, targets, targets_complete, targets_partial, road_m, road_complete_m, road_once_m, patrol_ms, qualified)
           SELECT $1::date, * FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::boolean[])`,
          [
            day,
            ids,
            col((c) => c.targets),
            col((c) => c.complete),
            col((c) => c.partial),
            col((c) => c.roadM),
            col((c) => c.roadCompleteM),
            col((c) => c.roadOnceM),
            col((c) => c.patrolMs),
            col(qualified),
          ],
        );
        // Fixes that came in while this ran were not all seen: their mark (later than this transaction began) stays.
        await tx.query('DELETE FROM coverage_stale WHERE day = $1 AND since <= now()', [day]);
      })
      .finally(() => recording.delete(day));
    recording.set(day, job);
    return job;
  }

  /** A finished day is read from its record, made first when it is missing or out of date. */
  async function ensureRecorded(day: string) {
    const [r] = await db.query<{ recorded: boolean; stale: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM coverage_days WHERE day = $1) AS recorded, EXISTS (SELECT 1 FROM coverage_stale WHERE day = $1) AS stale`,
      [day],
    );
    if (!r!.recorded || r!.stale) await recordCoverageDay(day);
  }

  // A terminal uploading its backlog marks the same late day with each batch: the marks of every batch
  // kept meanwhile go in one statement (issue 20: a statement a batch was a tenth of the embedded database's time).
  const stale = batchedWrite(async (days: readonly string[]) => {
    await db.query(`INSERT INTO coverage_stale (day, since) SELECT d, now() FROM unnest($1::date[]) AS d ON CONFLICT (day) DO UPDATE SET since = now()`, [
      days,
    ]);
  });

  /** Marks days as out of date: fixes of them were kept after the day was over. */
  async function markStale(days: string[]) {
    await Promise.all(days.map(stale));
  }

  /** Both layers' counted passes on a day. */
  async function dayPasses(day: string): Promise<{ source: 'live' | 'batch'; passes: Record<Layer, Map<number, number[]>> }> {
    await checkDay(day);
    if (day === today()) return { source: 'live', passes: { targets: live.engines.targets.passesOn(day), cells: live.engines.cells.passesOn(day) } };
    await ensureRecorded(day);
    return {
      source: 'batch',
      passes: { targets: (await recordedPasses(db, day, 'targets')) ?? new Map(), cells: (await recordedPasses(db, day, 'cells')) ?? new Map() },
    };
  }

  /** Each worker's time on patrol on a day: today live, else from the stored track. */
  async function dayPatrol(day: string): Promise<Map<number, number>> {
    if (day !== today()) return patrolTimes(db, day, live.rules.segmentGapMs);
    return new Map([...live.workerOf.values()].map((w) => [w, live.patrolMs(w, day)]));
  }

  const qualified = (c: CoverageCounts) => isQualified(c, live.rules.minPatrolMs);

  /** Every key target and road cell in scope on a day (as the town was that day), with the given passes. */
  async function itemsWith(q: Queryable, day: string, passes: Record<Layer, Map<number, number[]>>, scope: Scope) {
    const targets = await q.query<TargetRow>(
      `SELECT t.id, t.grid_id AS "gridId", g.squad_id AS "squadId", t.name, t.kind, t.required_passes AS "requiredPasses"
         FROM targets t JOIN grids g ON g.id = t.grid_id WHERE ${validOn('t', '$3')} AND ${SCOPED} ORDER BY t.id`,
      [...placeParams(scope), day],
    );
    const cells = await q.query<CellRow>(
      `SELECT c.id, c.grid_id AS "gridId", g.squad_id AS "squadId", c.road_id AS "roadId", r.name AS road, r.class, c.seq,
              round(c.length_m::numeric, 1)::float8 AS "lengthM", c.required_passes AS "requiredPasses"
         FROM road_cells c JOIN roads r ON r.id = c.road_id JOIN grids g ON g.id = c.grid_id WHERE ${validOn('c', '$3')} AND ${SCOPED} ORDER BY c.id`,
      [...placeParams(scope), day],
    );
    return { targets: withPasses(targets, passes.targets), cells: withPasses(cells, passes.cells) };
  }

  /** Every key target and road cell in scope with its passes on a day. */
  async function dayItems(day: string, scope: Scope) {
    const { source, passes } = await dayPasses(day);
    return { date: day, source, ...(await itemsWith(db, day, passes, scope)) };
  }

  /** Per-grid counts from passes and the workers' time on patrol. */
  async function countsOf(
    q: Queryable,
    day: string,
    passes: Record<Layer, Map<number, number[]>>,
    patrol: Map<number, number>,
    scope: Scope,
  ): Promise<Map<number, CoverageCounts>> {
    const items = await itemsWith(q, day, passes, scope);
    const by = <T extends { gridId: number }>(rows: T[]) => {
      const m = new Map<number, T[]>();
      for (const r of rows) (m.get(r.gridId) ?? m.set(r.gridId, []).get(r.gridId)!).push(r);
      return m;
    };
    const [targets, cells] = [by(items.targets), by(items.cells)];
    const counts = new Map<number, CoverageCounts>();
    for (const g of await gridsIn(scope, day, q))
      counts.set(g.gridId, countCoverage(targets.get(g.gridId) ?? [], cells.get(g.gridId) ?? [], g.workerId === null ? 0 : (patrol.get(g.workerId) ?? 0)));
    return counts;
  }

  /** Per-grid counts of a day. */
  async function gridCounts(day: string, scope: Scope): Promise<{ source: 'live' | 'batch'; counts: Map<number, CoverageCounts> }> {
    const { source, passes } = await dayPasses(day);
    return { source, counts: await countsOf(db, day, passes, await dayPatrol(day), scope) };
  }

  /**
   * The grids in scope that the town had on a day, with their worker then (R4): today's is the current one;
   * a finished day's the one who held it then (grid_assignments), or the current one for a grid whose holders
   * were never recorded.
   */
  async function gridsIn(scope: Scope, day: string, q: Queryable = db): Promise<GridRow[]> {
    const worker =
      day === today()
        ? 'g.worker_id'
        : `CASE WHEN EXISTS (SELECT 1 FROM grid_assignments a WHERE a.grid_id = g.id)
                THEN (SELECT a.worker_id FROM grid_assignments a WHERE a.grid_id = g.id AND a.from_day <= $3::date AND (a.to_day IS NULL OR a.to_day > $3::date)
                       ORDER BY a.from_day DESC, a.id DESC LIMIT 1)
                ELSE g.worker_id END`;
    return q.query<GridRow>(
      `SELECT g.id AS "gridId", g.squad_id AS "squadId", g.code, g.name, h.worker_id AS "workerId", w.name AS worker
         FROM grids g CROSS JOIN LATERAL (SELECT ${worker} AS worker_id) h LEFT JOIN workers w ON w.id = h.worker_id
        WHERE ${validOn('g', '$3')} AND ${SCOPED} ORDER BY g.id`,
      [...placeParams(scope), day],
    );
  }

  /** Figures of the town (what the scope holds), each squad and each grid, with each grid's worker qualified or not. */
  async function daySummary(day: string, scope: Scope) {
    const { source, counts } = await gridCounts(day, scope);
    const grids = await gridsIn(scope, day);
    const squads = new Map<number, CoverageCounts>();
    const town = emptyCounts();
    for (const g of grids) {
      const c = counts.get(g.gridId)!;
      addCounts(squads.get(g.squadId) ?? squads.set(g.squadId, emptyCounts()).get(g.squadId)!, c);
      addCounts(town, c);
    }
    // Workers of the grids, and how many of them are qualified for the day (R15).
    const staffing = (of: GridRow[]) => ({
      workers: of.filter((g) => g.workerId !== null).length,
      qualified: of.filter((g) => g.workerId !== null && qualified(counts.get(g.gridId)!)).length,
    });
    return {
      date: day,
      source,
      town: { ...coverageFigures(town), ...staffing(grids) },
      squads: [...squads]
        .sort((a, b) => a[0] - b[0])
        .map(([squadId, c]) => ({ squadId, ...coverageFigures(c), ...staffing(grids.filter((g) => g.squadId === squadId)) })),
      grids: grids.map((g) => ({ ...g, ...coverageFigures(counts.get(g.gridId)!), qualified: g.workerId !== null && qualified(counts.get(g.gridId)!) })),
    };
  }

  /** Daily figures over the last `days` finished days and today, per squad and per grid in scope. */
  async function history(days: number, scope: Scope) {
    const last = addDays(today(), -1);
    const first = addDays(today(), -days + 1);
    for (let d = first; d <= last; d = addDays(d, 1)) await ensureRecorded(d);
    type Row = CoverageCounts & { day: string; gridId: number; squadId: number; qualified: boolean };
    const rows = await db.query<Row>(
      `SELECT d.day, d.grid_id AS "gridId", g.squad_id AS "squadId", d.targets, d.targets_complete AS complete, d.targets_partial AS partial,
              d.targets - d.targets_complete - d.targets_partial AS missed, 0 AS cells, 0 AS "cellsComplete",
              d.road_m::float8 AS "roadM", d.road_complete_m::float8 AS "roadCompleteM", d.road_once_m::float8 AS "roadOnceM", d.patrol_ms::float8 AS "patrolMs", d.qualified
         FROM coverage_days d JOIN grids g ON g.id = d.grid_id WHERE d.day BETWEEN $3 AND $4 AND ${SCOPED} ORDER BY d.day, d.grid_id`,
      [...placeParams(scope), first, last],
    );
    const grids = await gridsIn(scope, today());
    const { counts } = await gridCounts(today(), scope);
    for (const g of grids)
      rows.push({
        ...counts.get(g.gridId)!,
        day: today(),
        gridId: g.gridId,
        squadId: g.squadId,
        qualified: g.workerId !== null && qualified(counts.get(g.gridId)!),
      });
    const series = new Map<string, Map<string, CoverageCounts & { qualified: number; grids: number }>>();
    for (const r of rows)
      for (const key of [`squad:${r.squadId}`, `grid:${r.gridId}`]) {
        const byDay = series.get(key) ?? series.set(key, new Map()).get(key)!;
        const c = byDay.get(r.day) ?? byDay.set(r.day, { ...emptyCounts(), qualified: 0, grids: 0 }).get(r.day)!;
        addCounts(c, r);
        c.grids++;
        if (r.qualified) c.qualified++;
      }
    const out = (key: string) =>
      [...(series.get(key) ?? [])].map(([day, { qualified, grids: n, ...c }]) => {
        const { cells: _cells, cellsComplete: _complete, ...figures } = coverageFigures(c);
        return { day, ...figures, qualified, grids: n };
      });
    return {
      from: first,
      to: today(),
      squads: [...new Set(grids.map((g) => g.squadId))].sort((a, b) => a - b).map((squadId) => ({ squadId, days: out(`squad:${squadId}`) })),
      grids: grids.map((g) => ({ gridId: g.gridId, days: out(`grid:${g.gridId}`) })),
    };
  }

  return { dayItems, daySummary, recordCoverageDay, markStale, history, checkDay };
}
export type CoverageService = ReturnType<typeof coverageService>;
