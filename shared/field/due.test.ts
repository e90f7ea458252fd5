import { describe, expect, it } from 'vitest';
import { isQualified } from '../coverage/tally.ts';
import { countCoverage } from '../coverage/tally.ts';
import { passStatus } from '../coverage/engine.ts';
import { checkOverdueDays, dueInPeriod, halfMonthOf, missingToday, weekOf } from './due.ts';

describe('the periods of the visit cadence (R14)', () => {
  it('a week runs Monday to Sunday, across a month end', () => {
    expect(weekOf('2026-12-01')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Tuesday
    expect(weekOf('2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // the Monday
    expect(weekOf('2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // the Sunday
  });
  it('a half-month is the 1st to the 15th, then the 16th to the month’s last day', () => {
    expect(halfMonthOf('2026-02-15')).toEqual({ from: '2026-02-01', to: '2026-02-15' });
    expect(halfMonthOf('2026-02-16')).toEqual({ from: '2026-02-16', to: '2026-02-28' });
    expect(halfMonthOf('2028-02-20').to).toBe('2028-02-29');
    expect(halfMonthOf('2026-12-31')).toEqual({ from: '2026-12-16', to: '2026-12-31' });
  });
  it('帮扶 is due when the next visit falls this week, 关注 this half-month, or is late', () => {
    const day = '2026-12-01'; // week to 12-06, half-month to 12-15
    expect(dueInPeriod('assist', '2026-12-06', day)).toBe(true);
    expect(dueInPeriod('assist', '2026-12-07', day)).toBe(false);
    expect(dueInPeriod('assist', '2026-11-20', day)).toBe(true);
    expect(dueInPeriod('concern', '2026-12-15', day)).toBe(true);
    expect(dueInPeriod('concern', '2026-12-16', day)).toBe(false);
  });
});

describe('a rectification check (R20)', () => {
  it('is late from the day after its deadline', () => {
    expect(checkOverdueDays('2026-12-01', '2026-12-01')).toBe(0);
    expect(checkOverdueDays('2026-12-01', '2026-11-28')).toBe(0);
    expect(checkOverdueDays('2026-12-01', '2026-12-04')).toBe(3);
  });
});

describe('what is missing to be 合格 (R15)', () => {
  const target = (targetId: number, passes: number) => ({ targetId, name: `目标${targetId}`, passes, requiredPasses: 2 });
  const cell = (cellId: number, passes: number) => ({ cellId, road: '中心街', seq: cellId, passes, requiredPasses: 2 });
  it('lists patrol time first, then the targets and cells with the fewest passes', () => {
    const m = missingToday({ patrolMs: 25 * 60_000 }, 60 * 60_000, [target(1, 2), target(2, 1), target(3, 0)], [cell(7, 1), cell(8, 2)]);
    expect(m).toEqual([
      { kind: 'patrol_time', haveMinutes: 25, needMinutes: 60 },
      { kind: 'target', targetId: 3, name: '目标3', passes: 0, requiredPasses: 2 },
      { kind: 'target', targetId: 2, name: '目标2', passes: 1, requiredPasses: 2 },
      { kind: 'road_cell', cellId: 7, road: '中心街', seq: 7, passes: 1, requiredPasses: 2 },
    ]);
  });
  it('is empty exactly when the coverage rule says qualified', () => {
    for (const [patrolMs, t, c] of [
      [60 * 60_000, [2, 2], [2]],
      [59 * 60_000, [2, 2], [2]],
      [90 * 60_000, [2, 1], [2]],
      [90 * 60_000, [2, 2], [0]],
      [90 * 60_000, [], []],
    ] as [number, number[], number[]][]) {
      const targets = t.map((p, i) => target(i, p));
      const cells = c.map((p, i) => cell(i, p));
      const counts = countCoverage(
        targets.map((x) => ({ status: passStatus(x.passes, x.requiredPasses) })),
        cells.map((x) => ({ status: passStatus(x.passes, x.requiredPasses), lengthM: 50 })),
        patrolMs,
      );
      expect(missingToday(counts, 60 * 60_000, targets, cells).length === 0).toBe(isQualified(counts, 60 * 60_000));
    }
  });
});

describe('residents’ personal data (R40)', () => {
  it('is masked for readers outside the grid, but for admin and the inspection team', async () => {
    const { maskIdNumber, readsResidentsInClear } = await import('./records.ts');
    expect(maskIdNumber('370481199001011234')).toBe('370481********1234');
    expect(readsResidentsInClear('worker', true)).toBe(true);
    expect(readsResidentsInClear('squad_leader', false)).toBe(false);
    expect(readsResidentsInClear('leader', false)).toBe(false);
    expect(readsResidentsInClear('inspector', false)).toBe(true);
  });
});
