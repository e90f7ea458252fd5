// Coverage figures of a grid, squad or town on a day (R13, R15), pure so the server's answers, its live
// deltas and the clients add up the same way.
import type { CoverageFigures } from './contract.ts';
import type { PassStatus } from './engine.ts';

export interface CoverageCounts {
  /** Key targets (重点目标) and how many are 双巡 complete or partial. */
  targets: number;
  complete: number;
  partial: number;
  missed: number;
  /** Main-road and central-street cells (主干道路段), by count and by length. */
  cells: number;
  cellsComplete: number;
  roadM: number;
  roadCompleteM: number;
  roadOnceM: number;
  /** Time the grid's worker spent on patrol (clean track) that day; summed over an area. */
  patrolMs: number;
}

export const emptyCounts = (): CoverageCounts => ({
  targets: 0,
  complete: 0,
  partial: 0,
  missed: 0,
  cells: 0,
  cellsComplete: 0,
  roadM: 0,
  roadCompleteM: 0,
  roadOnceM: 0,
  patrolMs: 0,
});

export function countCoverage(
  targets: Iterable<{ status: PassStatus }>,
  cells: Iterable<{ status: PassStatus; lengthM: number }>,
  patrolMs = 0,
): CoverageCounts {
  const c = emptyCounts();
  c.patrolMs = patrolMs;
  for (const t of targets) {
    c.targets++;
    if (t.status === 'complete') c.complete++;
    else if (t.status === 'partial') c.partial++;
    else c.missed++;
  }
  for (const cell of cells) {
    c.cells++;
    c.roadM += cell.lengthM;
    if (cell.status !== 'missed') c.roadOnceM += cell.lengthM;
    if (cell.status === 'complete') {
      c.cellsComplete++;
      c.roadCompleteM += cell.lengthM;
    }
  }
  return c;
}

const COUNT_KEYS = Object.keys(emptyCounts()) as (keyof CoverageCounts)[];

/** Adds the counts of `c` into `into` (other fields of either are left alone). */
export function addCounts(into: CoverageCounts, c: CoverageCounts): CoverageCounts {
  for (const k of COUNT_KEYS) into[k] += c[k];
  return into;
}

/**
 * A worker is qualified for the day (R15) when they were out on patrol (每日必巡) for at least
 * `minPatrolMs` and every key target and road cell of their grid is complete.
 */
export const isQualified = (c: CoverageCounts, minPatrolMs: number) => c.patrolMs >= minPatrolMs && c.complete === c.targets && c.cellsComplete === c.cells;

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** The counts with their percentages: 双巡 completion, road double and single (at least once) coverage. */
export function coverageFigures({ patrolMs, ...c }: CoverageCounts): CoverageFigures {
  return {
    ...c,
    roadM: Math.round(c.roadM),
    roadCompleteM: Math.round(c.roadCompleteM),
    roadOnceM: Math.round(c.roadOnceM),
    patrolMinutes: Math.round(patrolMs / 60_000),
    completion: ratio(c.complete, c.targets),
    roadDouble: ratio(c.roadCompleteM, c.roadM),
    roadSingle: ratio(c.roadOnceM, c.roadM),
  };
}
export type { CoverageFigures } from './contract.ts';
