// A fixture month worked out by hand (R15, R20-R29): November 2026 with the literal cut (10-31 00:00 to
// 11-30 00:00, Asia/Shanghai, 30 days), category weights changing on 11-16, workers in the three grid
// classes. 17 workers rather than 10, so that the cut at 10 awards and each eligibility rule of R28 show.
// Every expected number below was worked out on paper from the fixture, not by the code under test.
import { describe, expect, it } from 'vitest';
import { addDays } from '../core/time.ts';
import { monthlyRanking } from './awards.ts';
import { dailyCollections, dailyRanking, type ReportedEvent } from './events.ts';
import { monthPeriod } from './period.ts';
import type { MonthRecords, PatrolDay, SampleRecord, WorkerInfo } from './score.ts';
import { scoreMonth } from './score.ts';
import { type AssessmentSettings, DEFAULT_SETTINGS, type GridClass } from './settings.ts';

// Weights A until 11-15: 01 → 1, 04 → 2, others 1. Weights B from 11-16: 01 → 2, 04 → 3. Class ratios 1 / 1.5 / 2.
const A: AssessmentSettings = {
  ...DEFAULT_SETTINGS,
  effectiveFrom: '2026-10-01',
  categoryWeights: { '01': 1, '04': 2 },
  defaultCategoryWeight: 1,
  gridClassRatios: { 1: 1, 2: 1.5, 3: 2 },
  dailyExcellentPerClass: 1,
  pointsPerEvent: 1,
  pointsPerRectification: 1,
  pointsPerFailedCheck: 5,
  standard: { minQualifiedShare: 0.9, minCollectionRate: 0.9, maxMissedDeregistrationRate: 0.1, minAccuracy: 0.8 },
  bonus: { majorHazard: 2, commendation: { national: 8, provincial: 6, city: 3, district: 1 }, cap: 10 },
};
const B: AssessmentSettings = { ...A, effectiveFrom: '2026-11-16', categoryWeights: { '01': 2, '04': 3 } };
const SETTINGS = [A, B];
const period = monthPeriod('2026-11', SETTINGS);

const CLASS: Record<number, GridClass> = { 1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 2, 8: 3, 9: 3, 10: 3, 11: 1, 12: 2, 13: 3, 14: 1, 15: 2, 16: 3, 17: 1 };
const workers: WorkerInfo[] = Object.entries(CLASS).map(([id, gridClass]) => ({
  id: Number(id),
  name: `W${id}`,
  squadId: Number(id) <= 8 ? 1 : 2,
  gridClass,
  hiredOn: '2025-01-01',
  onDutyAtCut: Number(id) !== 13,
}));

// Days of the period: 2026-10-31 … 2026-11-29.
const DAYS = Array.from({ length: 30 }, (_, i) => addDays('2026-10-31', i));
const QUALIFIED: Record<number, number> = { 2: 27, 4: 26, 7: 29, 12: 28 }; // the others: every duty day
const LEAVE: Record<number, [string, string]> = { 10: ['2026-10-31', '2026-11-04'], 13: ['2026-11-20', '2026-11-29'] };
const patrolDays: PatrolDay[] = workers.flatMap((w) =>
  DAYS.map((day, i) => {
    const leave = LEAVE[w.id];
    return { workerId: w.id, gridId: 100 + w.id, day, onDuty: !leave || day < leave[0] || day > leave[1], qualified: i < (QUALIFIED[w.id] ?? 30) };
  }),
);

let nextId = 1;
const ev = (workerId: number, at: string, categoryCode: string, state: ReportedEvent['state'] = 'registered'): ReportedEvent => ({
  id: nextId++,
  workerId,
  reportedAt: at,
  categoryCode,
  state,
});
const events: ReportedEvent[] = [
  ev(1, '2026-11-10T10:00:00+08:00', '0101'),
  ev(1, '2026-11-20T10:00:00+08:00', '0101'),
  ev(1, '2026-11-20T11:00:00+08:00', '0401'),
  ev(2, '2026-10-30T23:59:00+08:00', '0401'), // before the period: the previous month's
  ev(2, '2026-10-31T00:00:00+08:00', '0401'), // the period's first instant
  ev(2, '2026-11-29T23:59:00+08:00', '0401'), // the day before the last: counts
  ev(2, '2026-11-30T00:00:00+08:00', '0401'), // 00:00 of the last day: December's
  ev(2, '2026-11-05T09:00:00+08:00', '0101', 'rejected'),
  ev(2, '2026-11-06T09:00:00+08:00', '0101', 'merged'),
  ev(2, '2026-11-07T09:00:00+08:00', '0101', 'reported'),
  ev(4, '2026-11-01T09:00:00+08:00', '0101'),
  ev(4, '2026-11-01T10:00:00+08:00', '0102'),
  ev(4, '2026-11-01T11:00:00+08:00', '0103'),
  ev(5, '2026-11-15T23:00:00+08:00', '0101'), // weights A
  ev(5, '2026-11-16T00:30:00+08:00', '0101'), // weights B
  ...[1, 2, 3, 4].map((h) => ev(6, `2026-11-20T0${h}:00:00+08:00`, '0401')),
  ev(7, '2026-11-02T09:00:00+08:00', '0201'),
  ev(7, '2026-11-02T10:00:00+08:00', '0202'),
  ev(8, '2026-11-03T09:00:00+08:00', '0101'),
  ev(8, '2026-11-25T09:00:00+08:00', '0101'),
  ev(9, '2026-11-18T09:00:00+08:00', '0401'),
  ev(10, '2026-11-10T09:00:00+08:00', '0101'),
];

const samples: SampleRecord[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ id: 500 + i, workerId: 1, at: '2026-11-12T10:00:00+08:00', result: 'correct' as const })),
  ...Array.from({ length: 8 }, (_, i) => ({ id: 600 + i, workerId: 5, at: '2026-11-12T10:00:00+08:00', result: 'correct' as const })),
  { id: 608, workerId: 5, at: '2026-11-12T10:00:00+08:00', result: 'person_missing' },
  { id: 609, workerId: 5, at: '2026-11-12T10:00:00+08:00', result: 'not_deregistered' },
];

const SCORES: Record<number, number[]> = { 3: [79, 85], 5: [80], 6: [70, 75] };
const tests = workers.flatMap((w) =>
  (SCORES[w.id] ?? [90]).map((score, i) => ({ id: 1000 + w.id * 10 + i, sessionId: 1, workerId: w.id, at: `2026-11-1${i * 2}T15:00:00+08:00`, score })),
);

const ONLINE: Record<number, number> = {
  1: 90,
  2: 92,
  3: 80,
  4: 95,
  5: 88,
  6: 85,
  7: 90,
  8: 86,
  9: 84,
  10: 78,
  11: 99,
  12: 70,
  13: 100,
  14: 60,
  15: 65,
  16: 62,
  17: 50,
};
const RECTIFIED: Record<number, number> = { 1: 4, 2: 2, 4: 1, 5: 3, 7: 5, 8: 2, 9: 1 };

const records: MonthRecords = {
  patrolDays,
  events,
  samples,
  sessions: [{ id: 1, heldAt: '2026-11-10T09:00:00+08:00' }],
  tests,
  publicityTasks: [{ id: 1, givenAt: '2026-11-05T09:00:00+08:00', deadline: '2026-11-12T18:00:00+08:00' }],
  evidence: workers.map((w) => ({ id: 2000 + w.id, taskId: 1, workerId: w.id, at: '2026-11-08T10:00:00+08:00', faked: w.id === 7 })),
  rectifications: [
    ...Object.entries(RECTIFIED).flatMap(([w, n]) =>
      Array.from({ length: n }, (_, i) => ({
        id: 3000 + Number(w) * 10 + i,
        workerId: Number(w),
        squadId: 1,
        day: `2026-11-0${i + 1}`,
        kind: 'urged' as const,
      })),
    ),
    { id: 3999, workerId: 1, squadId: 1, day: '2026-11-30', kind: 'urged' }, // after the cut
  ],
  tasks: [
    ...workers.map((w) => ({ id: 4000 + w.id, workerId: w.id, deadline: '2026-11-20T18:00:00+08:00', completedAt: '2026-11-19T12:00:00+08:00' })),
    { id: 4100, workerId: 9, deadline: '2026-11-25T18:00:00+08:00', completedAt: '2026-11-26T09:00:00+08:00' }, // late
  ],
  checks: [
    { id: 5001, workerId: 1, at: '2026-11-12T08:00:00+08:00', onTime: true, kit: true, conduct: true },
    { id: 5008, workerId: 8, at: '2026-11-12T08:40:00+08:00', onTime: false, kit: true, conduct: true },
  ],
  complaints: [
    { id: 6001, workerId: 1, at: '2026-11-14T10:00:00+08:00', upheld: false },
    { id: 6011, workerId: 11, at: '2026-11-14T10:00:00+08:00', upheld: true },
  ],
  online: Object.entries(ONLINE).map(([w, score]) => ({ id: 7000 + Number(w), workerId: Number(w), score })),
  majorHazards: [{ id: 8001, workerId: 1, at: '2026-11-15T10:00:00+08:00' }],
  commendations: [{ id: 9009, workerId: 9, at: '2026-11-20T10:00:00+08:00', level: 'city' }],
};

const months = workers.map((w) => scoreMonth(w, records, period, SETTINGS));
const month = (id: number) => months.find((m) => m.workerId === id)!;
const parts = (id: number) => Object.fromEntries(month(id).lines.map((l) => [l.part, l.points]));

describe('the fixture month of November 2026 (R21-R28)', () => {
  it('runs from 00:00 of 31 October to 00:00 of 30 November (每月最后一天零时, R26)', () => {
    expect(period).toEqual({
      start: new Date('2026-10-30T16:00:00Z'),
      end: new Date('2026-11-29T16:00:00Z'),
      firstDay: '2026-10-31',
      lastDay: '2026-11-29',
    });
  });

  it('gives every part of every worker the points worked out by hand', () => {
    // [patrol, events, basicInfo, study, publicity, rectification, conduct, online, bonus]
    const expected: Record<number, number[]> = {
      1: [30, 6, 15, 10, 5, 4, 15, 90, 2], // events 1 (A) + 2 + 3 (B)
      2: [27, 5, 15, 10, 5, 2, 15, 92, 0], // 00:00 of 10-31 (A: 2) and 23:59 of 11-29 (B: 3)
      3: [30, 0, 15, 10, 5, 0, 15, 80, 0], // 79 then 85 on the retest: passed
      4: [26, 3, 15, 10, 5, 1, 15, 95, 0],
      5: [30, 4.5, 12, 10, 5, 3, 15, 88, 0], // 1×1.5 on 11-15, 2×1.5 on 11-16; accuracy 8/10 of 15
      6: [30, 15, 15, 0, 5, 0, 15, 85, 0], // 4 × 3 × 1.5 = 18, capped at 15; 70 then 75: failed
      7: [29, 3, 15, 10, 0, 5, 15, 90, 0], // faked evidence
      8: [30, 6, 15, 10, 5, 2, 10, 86, 0], // 1×2 + 2×2; late once: 15 − 5
      9: [30, 6, 15, 10, 5, 1, 7.5, 84, 3], // one task of two in time; a city commendation
      10: [30, 2, 15, 10, 5, 0, 15, 78, 0], // 25 qualified of 25 duty days (5 on leave)
      11: [30, 0, 15, 10, 5, 0, 15, 99, 0],
      12: [28, 0, 15, 10, 5, 0, 15, 70, 0],
      13: [30, 0, 15, 10, 5, 0, 15, 100, 0], // 20 of 20 duty days
      14: [30, 0, 15, 10, 5, 0, 15, 60, 0],
      15: [30, 0, 15, 10, 5, 0, 15, 65, 0],
      16: [30, 0, 15, 10, 5, 0, 15, 62, 0],
      17: [30, 0, 15, 10, 5, 0, 15, 50, 0],
    };
    const keys = ['patrol', 'events', 'basicInfo', 'study', 'publicity', 'rectification', 'conduct', 'online', 'bonus'];
    for (const [id, points] of Object.entries(expected)) expect([Number(id), keys.map((k) => parts(Number(id))[k])]).toEqual([Number(id), points]);
  });

  it('adds the on-site parts and combines half online, half on-site, plus the bonus', () => {
    const expected: Record<number, [onSite: number, total: number]> = {
      1: [85, 89.5],
      2: [79, 85.5],
      3: [75, 77.5],
      4: [75, 85],
      5: [79.5, 83.75],
      6: [80, 82.5],
      7: [77, 83.5],
      8: [78, 82],
      9: [74.5, 82.25],
      10: [77, 77.5],
      11: [75, 87],
      12: [73, 71.5],
      13: [75, 87.5],
      14: [75, 67.5],
      15: [75, 70],
      16: [75, 68.5],
      17: [75, 62.5],
    };
    for (const [id, [onSite, total]] of Object.entries(expected))
      expect([Number(id), month(Number(id)).onSite, month(Number(id)).total]).toEqual([Number(id), onSite, total]);
  });

  it('finds the ineligible with their reasons (R22, R23, R28)', () => {
    expect(months.filter((m) => m.ineligible.length).map((m) => [m.workerId, m.ineligible])).toEqual([
      [4, ['patrol']], // 26/30 < 0.9
      [6, ['training']],
      [7, ['faked']],
      [8, ['late']],
      [11, ['complaint']], // W1's complaint was not upheld and does not count
      [13, ['not_on_duty']],
    ]);
    expect(month(5).sample).toMatchObject({ checked: 10, collectionRate: 0.9, missedDeregistrationRate: 0.1, accuracy: 0.8 });
    expect(month(11).complaints).toEqual([{ kind: 'complaint', id: '6011' }]);
  });

  it('ranks the eligible and awards the first 10 (R26); ties go to the higher on-site score', () => {
    const ranking = monthlyRanking(months, B);
    expect(ranking.map((r) => [r.workerId, r.rank, r.awarded])).toEqual([
      [1, 1, true],
      [2, 2, true],
      [5, 3, true],
      [9, 4, true],
      [10, 5, true], // 77.5 with on-site 77
      [3, 6, true], // 77.5 with on-site 75
      [12, 7, true],
      [15, 8, true],
      [16, 9, true],
      [14, 10, true],
      [17, 11, false],
      [13, null, false],
      [11, null, false],
      [4, null, false],
      [7, null, false],
      [6, null, false],
      [8, null, false],
    ]);
  });

  it('explains each point by the records it came from', () => {
    const events1 = month(1).lines.find((l) => l.part === 'events')!;
    expect(events1.refs.map((r) => r.id)).toEqual(['1', '2', '3']);
    const events2 = month(2).lines.find((l) => l.part === 'events')!;
    expect(events2.refs.map((r) => r.id)).toEqual(['5', '6']); // not the one before, the one at the cut, nor the invalid ones
    expect(
      month(3)
        .lines.find((l) => l.part === 'study')!
        .refs.map((r) => r.id),
    ).toEqual(['1030', '1031']);
    const patrol10 = month(10).lines.find((l) => l.part === 'patrol')!;
    expect(patrol10.basis).toEqual({ qualifiedDays: 25, dutyDays: 25, max: 30 });
    expect(patrol10.refs[0]).toEqual({ kind: 'coverage_day', id: '2026-11-05/110' });
    expect(month(1).lines.find((l) => l.part === 'rectification')!.refs).toHaveLength(4); // not the one of 11-30
    expect(month(1).lines.find((l) => l.part === 'bonus')!.refs).toEqual([{ kind: 'major_hazard', id: '8001' }]);
  });

  it('ranks the day per grid class with the weights of that day (R21)', () => {
    const collections = dailyCollections(events, (id) => CLASS[id], SETTINGS);
    const day20 = dailyRanking(collections, '2026-11-20', SETTINGS);
    expect(day20[1].map((r) => [r.workerId, r.count, r.weighted, r.judged, r.excellent])).toEqual([[1, 2, 5, 5, true]]);
    expect(day20[2].map((r) => [r.workerId, r.count, r.weighted, r.judged, r.excellent])).toEqual([[6, 4, 12, 18, true]]);
    expect(day20[3]).toEqual([]);
    const day1 = dailyRanking(collections, '2026-11-01', SETTINGS);
    expect(day1[1].map((r) => [r.workerId, r.weighted])).toEqual([[4, 3]]);
  });
});
