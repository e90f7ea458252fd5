// Incident KPIs (R31) on a fixed set of cases with hand-computed answers.
import { describe, expect, it } from 'vitest';
import { incidentKpis, type KpiCase } from './kpis.ts';

const H = 3_600_000;
const c = (
  state: string,
  source: string,
  categoryCode: string,
  deadline: number | null,
  handled: number | null,
  verified: number | null,
  closed: number | null,
  reworkCount = 0,
  extensionCount = 0,
): KpiCase => ({
  state,
  source,
  categoryCode,
  deadline: deadline === null ? null : deadline * H,
  handledAt: handled === null ? null : handled * H,
  verifiedAt: verified === null ? null : verified * H,
  closedAt: closed === null ? null : closed * H,
  reworkCount,
  extensionCount,
});

const CASES = [
  c('closed', 'terminal', '0101', 10, 8, 9, 12), // on time, verified within the hour
  c('closed', 'phone', '0101', 10, 11, 40, 41, 1), // late, sent back once, verified 29 h after handling
  c('in_progress', 'phone', '0501', 50, null, null, null, 0, 1), // extended, and overdue all the same
  c('dispatched', 'terminal', '0501', 200, null, null, null), // not yet due
  c('rejected', 'phone', '9901', null, null, null, null), // not a case
  c('handled', 'terminal', '0102', 90, 80, null, null), // handled in time, deadline passed, not yet closed
  c('closed', 'terminal', '0102', null, 5, 6, 7), // on the spot
];

describe('incident KPIs', () => {
  it('follow the formulas on a fixed set (now = hour 100)', () => {
    const k = incidentKpis(CASES, 100 * H);
    expect(k).toMatchObject({ reports: 7, cases: 6, closed: 3, due: 5, open: 3, overdue: 1 });
    expect(k.closeRate).toBe(0.6); // 3 / 5
    expect(k.onTimeCloseRate).toBe(0.4); // cases 1 and 7 / 5
    expect(k.onTimeHandleRate).toBe(0.6); // 1, 6, 7 of 4 handled + 1 overdue
    expect(k.reworkRate).toBe(0.25); // 1 of 4 handled
    expect(k.timelyVerifyRate).toBe(0.6667); // 2 of 3 verified within 24 h
    expect(k.extensionRate).toBe(0.1667); // 1 of 6
    expect(k.bySource).toEqual({ terminal: 4, phone: 3 });
    expect(k.byCategory).toEqual({ '0101': 2, '0501': 2, '0102': 2 });
    expect(k.byState).toMatchObject({ closed: 3, rejected: 1 });
  });

  it('have no rate where there is nothing to count', () => {
    expect(incidentKpis([], 0)).toMatchObject({
      cases: 0,
      closeRate: null,
      onTimeCloseRate: null,
      reworkRate: null,
      timelyVerifyRate: null,
      extensionRate: null,
    });
  });
});
