// Coverage figures (R13, R15) and the visit cadence of persons of interest (R14) on hand-made cases.
import { describe, expect, it } from 'vitest';
import { addCounts, countCoverage, coverageFigures, isQualified } from './tally.ts';
import { focusDue } from '../visits/cadence.ts';

describe('coverage figures', () => {
  const targets = [{ status: 'complete' as const }, { status: 'partial' as const }, { status: 'missed' as const }, { status: 'complete' as const }];
  const cells = [
    { status: 'complete' as const, lengthM: 50 },
    { status: 'partial' as const, lengthM: 40 },
    { status: 'missed' as const, lengthM: 10 },
  ];

  it('counts targets by status and road length covered twice and at least once', () => {
    const f = coverageFigures(countCoverage(targets, cells));
    expect(f).toMatchObject({
      targets: 4,
      complete: 2,
      partial: 1,
      missed: 1,
      completion: 0.5,
      cells: 3,
      cellsComplete: 1,
      roadM: 100,
      roadCompleteM: 50,
      roadOnceM: 90,
      roadDouble: 0.5,
      roadSingle: 0.9,
    });
  });

  it('has no percentage where there is nothing to patrol', () => {
    expect(coverageFigures(countCoverage([], []))).toMatchObject({ completion: null, roadDouble: null, roadSingle: null });
  });

  it('qualifies a worker only when on patrol long enough and every target and every road cell is complete (R15)', () => {
    const hour = 3_600_000;
    expect(isQualified(countCoverage(targets, cells, 2 * hour), hour)).toBe(false);
    expect(isQualified(countCoverage([{ status: 'complete' }], [{ status: 'complete', lengthM: 50 }], hour), hour)).toBe(true);
    expect(isQualified(countCoverage([{ status: 'complete' }], [{ status: 'partial', lengthM: 50 }], 2 * hour), hour)).toBe(false);
    expect(isQualified(countCoverage([{ status: 'complete' }], [{ status: 'complete', lengthM: 50 }], hour - 1), hour)).toBe(false);
    expect(isQualified(countCoverage([], [], 0), hour)).toBe(false); // a grid with nothing to patrol still needs the patrol (每日必巡)
  });

  it('adds counts without touching other fields', () => {
    const into = { ...countCoverage(targets, []), extra: 7 };
    addCounts(into, countCoverage(targets, cells));
    expect(into).toMatchObject({ targets: 8, complete: 4, roadM: 100, extra: 7 });
  });
});

describe('focus-person visit cadence (R14)', () => {
  it('makes 帮扶 due 7 days and 关注 15 days after the last verified visit', () => {
    expect(focusDue('assist', '2026-10-01', '2026-11-10', '2026-11-17')).toEqual({ dueOn: '2026-11-17', overdueDays: 0 });
    expect(focusDue('assist', '2026-10-01', '2026-11-10', '2026-11-20')).toEqual({ dueOn: '2026-11-17', overdueDays: 3 });
    expect(focusDue('concern', '2026-10-01', '2026-11-10', '2026-11-20')).toEqual({ dueOn: '2026-11-25', overdueDays: 0 });
  });

  it('counts from registration when there has been no visit, across a month end', () => {
    expect(focusDue('concern', '2026-10-25', null, '2026-11-26')).toEqual({ dueOn: '2026-11-09', overdueDays: 17 });
  });
});
