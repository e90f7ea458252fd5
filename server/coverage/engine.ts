// The live coverage engine inside the server: key targets and road cells from the database in the town's
// local frame, today's stored fixes replayed on start (no coverage is lost to a restart), then every kept
// fix. State is keyed by worker and by target, so it can later be partitioned across servers.
import { CoverageEngine, passStatus, type CoverageTarget, type PassStatus } from '../../shared/coverage/engine.ts';
import { DEFAULT_COVERAGE_RULES, type CoverageRules } from '../../shared/coverage/rules.ts';
import { joinsTrack } from '../../shared/tracking/rules.ts';
import { LocalFrame } from '../../shared/core/frame.ts';
import { addCounts, countCoverage, emptyCounts, isQualified, type CoverageCounts } from '../../shared/coverage/tally.ts';
import type { XY } from '../../shared/core/plane.ts';
import { dayRange, shanghaiDay, shanghaiDayNumber } from '../../shared/core/time.ts';
import type { Queryable } from '../platform/db/index.ts';
import { LAYERS, type Layer } from './batch.ts';
import { ensureRoadCells } from './roadCells.ts';
import { current } from '../town/validity.ts';

export async function townFrame(q: Queryable): Promise<LocalFrame> {
  const [c] = await q.query<{ lon: number; lat: number }>(
    `SELECT round(ST_X(ST_Centroid(boundary))::numeric, 4)::float8 AS lon, round(ST_Y(ST_Centroid(boundary))::numeric, 4)::float8 AS lat FROM town`,
  );
  return new LocalFrame(c?.lon ?? 117.1, c?.lat ?? 35.0);
}

/** A key target or road cell with what the figures need: its squad, and its length for a cell. */
export interface CoverageItem extends CoverageTarget {
  squadId: number;
  lengthM: number;
}

export async function loadItems(q: Queryable, frame: LocalFrame, layer: Layer): Promise<CoverageItem[]> {
  // A cell's length to 0.1 m, as the summary reads it: the live figures and the summary add the same numbers.
  const rows = await q.query<{
    id: number;
    gridId: number;
    squadId: number;
    geom: { type: string; coordinates: unknown };
    radiusM: number;
    requiredPasses: number;
    lengthM: number;
  }>(
    `SELECT t.id, t.grid_id AS "gridId", g.squad_id AS "squadId", ST_AsGeoJSON(t.geom, 9)::json AS geom, t.radius_m::float8 AS "radiusM",
            t.required_passes AS "requiredPasses", ${layer === 'cells' ? 'round(t.length_m::numeric, 1)::float8' : '0::float8'} AS "lengthM"
       FROM ${LAYERS[layer].table} t JOIN grids g ON g.id = t.grid_id WHERE ${current('t')} ORDER BY t.id`,
  );
  const local = (p: number[]): XY => frame.toLocal(p[0]!, p[1]!);
  return rows.map(({ geom, ...r }) => ({
    ...r,
    ...(geom.type === 'Point'
      ? { point: local(geom.coordinates as number[]) }
      : geom.type === 'LineString'
        ? { line: (geom.coordinates as number[][]).map(local) }
        : { rings: (geom.coordinates as number[][][]).map((ring) => ring.map(local)) }),
  }));
}

export interface CoverageChange {
  layer: Layer;
  id: number;
  gridId: number;
  day: string;
  passes: number;
  status: PassStatus;
}

type GridRef = { id: number; squadId: number; workerId: number | null };

export class LiveCoverage {
  engines!: Record<Layer, CoverageEngine>;
  items!: Record<Layer, Map<number, CoverageItem>>;
  /** Items of each layer by grid, and the grids of each squad. */
  private byGrid!: Record<Layer, Map<number, CoverageItem[]>>;
  readonly squadOf = new Map<number, number>();
  /** The worker of each staffed grid (R4): qualified or not for the day. */
  readonly workerOf = new Map<number, number>();
  /** Time on patrol per `${workerId}|${day}`: segments under the gap, both ends on that day. */
  private readonly patrol = new Map<string, number>();
  private readonly lastFix = new Map<number, number>();
  /** Fixes added while a rebuild reads the store: added again after it. */
  private arriving: { w: number; t: number; lon: number; lat: number }[] | null = null;

  constructor(
    public frame: LocalFrame,
    readonly rules: CoverageRules,
    layers: Record<Layer, CoverageItem[]>,
    grids: GridRef[],
  ) {
    this.setTown(layers, grids);
  }

  private setTown(layers: Record<Layer, CoverageItem[]>, grids: GridRef[]) {
    this.squadOf.clear();
    this.workerOf.clear();
    for (const g of grids) {
      this.squadOf.set(g.id, g.squadId);
      if (g.workerId !== null) this.workerOf.set(g.id, g.workerId);
    }
    const of = <T>(f: (items: CoverageItem[]) => T) => ({ targets: f(layers.targets), cells: f(layers.cells) });
    this.engines = of((items) => new CoverageEngine(items, this.frame, this.rules));
    this.items = of((items) => new Map(items.map((i) => [i.id, i])));
    this.byGrid = of((items) => {
      const m = new Map<number, CoverageItem[]>();
      for (const i of items) (m.get(i.gridId) ?? m.set(i.gridId, []).get(i.gridId)!).push(i);
      return m;
    });
  }

  addFix(workerId: number, t: number, lon: number, lat: number): CoverageChange[] {
    this.arriving?.push({ w: workerId, t, lon, lat });
    const prev = this.lastFix.get(workerId);
    if (prev === undefined || t > prev) {
      this.lastFix.set(workerId, t);
      // Day numbers, not day strings, for every fix: the string only for the time added (issue 20 #5).
      if (prev !== undefined && joinsTrack(t - prev, this.rules.segmentGapMs) && shanghaiDayNumber(prev) === shanghaiDayNumber(t)) {
        const key = `${workerId}|${shanghaiDay(t)}`;
        this.patrol.set(key, (this.patrol.get(key) ?? 0) + (t - prev));
      }
    }
    const out: CoverageChange[] = [];
    for (const layer of ['targets', 'cells'] as const)
      for (const c of this.engines[layer].addFix(workerId, t, lon, lat))
        out.push({ layer, id: c.targetId, gridId: this.items[layer].get(c.targetId)!.gridId, day: c.day, passes: c.passes, status: c.status });
    return out;
  }

  /** A worker's time on patrol on a day the engine still holds (today). */
  patrolMs(workerId: number, day: string): number {
    return this.patrol.get(`${workerId}|${day}`) ?? 0;
  }

  /** A grid's figures on a day the engine still holds (today). */
  gridCounts(gridId: number, day: string): CoverageCounts {
    const status = (layer: Layer) => (i: CoverageItem) => ({
      status: passStatus(this.engines[layer].passesOf(i.id, day).length, i.requiredPasses),
      lengthM: i.lengthM,
    });
    const worker = this.workerOf.get(gridId);
    return countCoverage(
      (this.byGrid.targets.get(gridId) ?? []).map(status('targets')),
      (this.byGrid.cells.get(gridId) ?? []).map(status('cells')),
      worker === undefined ? 0 : this.patrolMs(worker, day),
    );
  }

  /** Forgets the days before `day` (the store keeps the history). */
  forgetBefore(day: string) {
    for (const engine of Object.values(this.engines)) engine.forgetBefore(day);
    for (const key of this.patrol.keys()) if (key.split('|')[1]! < day) this.patrol.delete(key);
  }

  /**
   * Starts again from the stored fixes of today (another node's events may have been lost). Fixes that
   * arrive meanwhile are added after the replay; those the store already gave are ignored as not newer.
   */
  async rebuild(q: Queryable) {
    this.arriving = [];
    let stored: Awaited<ReturnType<typeof todaysFixes>>;
    try {
      stored = await todaysFixes(q, this.rules);
    } catch (err) {
      this.arriving = null; // the state stays as it was; the caller retries
      throw err;
    }
    const arrived = this.arriving;
    this.arriving = null;
    for (const engine of Object.values(this.engines)) engine.reset();
    this.patrol.clear();
    this.lastFix.clear();
    for (const f of [...stored, ...arrived]) this.addFix(f.w, f.t, f.lon, f.lat);
  }

  /**
   * The town's layers changed (an import was applied, a grid handed over): today's targets, road cells and
   * grids are read again and today's passes counted anew from the stored fixes.
   */
  async reload(q: Queryable) {
    // A town brought into an empty instance has its own place: the metric frame moves there.
    this.frame = await townFrame(q);
    const [layers, grids] = await Promise.all([loadLayers(q, this.frame), currentGrids(q)]);
    this.setTown(layers, grids);
    await this.rebuild(q);
  }

  /** Sums grid counts by squad and for the town, with how many of their workers are qualified (R15). */
  rollUp(grids: Map<number, CoverageCounts>) {
    type Sum = { counts: CoverageCounts; workers: number; qualified: number };
    const sum = (): Sum => ({ counts: emptyCounts(), workers: 0, qualified: 0 });
    const squads = new Map<number, Sum>();
    const town = sum();
    for (const [gridId, c] of grids) {
      const s = this.squadOf.get(gridId)!;
      for (const into of [squads.get(s) ?? squads.set(s, sum()).get(s)!, town]) {
        addCounts(into.counts, c);
        if (this.workerOf.has(gridId)) {
          into.workers++;
          if (isQualified(c, this.rules.minPatrolMs)) into.qualified++;
        }
      }
    }
    return { squads, town };
  }
}

export async function createCoverage(q: Queryable, rules: CoverageRules = DEFAULT_COVERAGE_RULES): Promise<LiveCoverage> {
  await ensureRoadCells(q);
  const frame = await townFrame(q);
  const coverage = new LiveCoverage(frame, rules, await loadLayers(q, frame), await currentGrids(q));
  for (const f of await todaysFixes(q, rules)) coverage.addFix(f.w, f.t, f.lon, f.lat);
  return coverage;
}

const loadLayers = async (q: Queryable, frame: LocalFrame) => ({ targets: await loadItems(q, frame, 'targets'), cells: await loadItems(q, frame, 'cells') });

const currentGrids = (q: Queryable) =>
  q.query<GridRef>(`SELECT id, squad_id AS "squadId", worker_id AS "workerId" FROM grids g WHERE ${current('g')} ORDER BY id`);

/** Today's kept fixes in time order, from one gap before midnight so the first segment counts. */
function todaysFixes(q: Queryable, rules: CoverageRules) {
  const { start } = dayRange(shanghaiDay(Date.now()));
  return q.query<{ w: number; t: number; lon: number; lat: number }>(
    `SELECT worker_id AS w, (extract(epoch FROM fix_time) * 1000)::float8 AS t, lon, lat FROM positions
      WHERE verdict = 'ok' AND worker_id IS NOT NULL AND fix_time >= $1 ORDER BY fix_time, worker_id`,
    [new Date(start.getTime() - rules.segmentGapMs)],
  );
}
