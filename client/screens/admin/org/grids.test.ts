import { describe, expect, it } from 'vitest';
import { byVillage, heldDays } from './grids.ts';

describe('the grids tab', () => {
  it('lists a squad grids under their villages, both in code order, leaving out villages without grids', () => {
    const villages = [
      { id: 2, code: '370481106002', name: '乙村' },
      { id: 1, code: '370481106001', name: '甲村' },
      { id: 3, code: '370481106003', name: '丙村' },
    ];
    const grids = [
      { id: 10, code: '37048110600202', villageId: 2 },
      { id: 11, code: '37048110600201', villageId: 2 },
      { id: 12, code: '37048110600101', villageId: 1 },
    ];
    const out = byVillage(grids, villages);
    expect(out.map((v) => v.village.name)).toEqual(['甲村', '乙村']);
    expect(out[1]!.grids.map((g) => g.id)).toEqual([11, 10]);
  });

  it('tells the days a holder held a grid, the day it passed on not among them (R4)', () => {
    expect(heldDays({ fromDay: '2026-03-01', toDay: null })).toEqual({ first: '2026-03-01', last: null });
    expect(heldDays({ fromDay: '2026-03-01', toDay: '2026-12-01' })).toEqual({ first: '2026-03-01', last: '2026-11-30' });
    expect(heldDays({ fromDay: '2026-12-01', toDay: '2026-12-01' })).toBeNull();
  });
});
