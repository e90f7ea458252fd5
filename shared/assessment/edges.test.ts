// The edges of the assessment rules (R16, R20-R23, R26, R27, R29) on hand-made cases.
import { describe, expect, it } from 'vitest';
import { annualRanking, tenureReached } from './awards.ts';
import { canConfirm, feedbackOpen, noticeStage, patrolNotice } from './notice.ts';
import { inPeriod, monthPeriod, yearPeriod } from './period.ts';
import { tallyBySquad } from './rectification.ts';
import { drawSample, SampleTooLarge, sampleRates } from './sampling.ts';
import { categoryWeight, DEFAULT_SETTINGS, settingsOn } from './settings.ts';
import { sessionResult } from './study.ts';

describe('statistics cut (R26, R27)', () => {
  const literal = [DEFAULT_SETTINGS];

  it('counts 23:59 of the day before the last day and not 00:00 of the last day', () => {
    const nov = monthPeriod('2026-11', literal);
    expect(inPeriod(nov, '2026-11-29T23:59:59+08:00')).toBe(true);
    expect(inPeriod(nov, '2026-11-30T00:00:00+08:00')).toBe(false);
    expect(inPeriod(monthPeriod('2026-12', literal), '2026-11-30T00:00:00+08:00')).toBe(true);
  });

  it('ends February at 00:00 of the 28th, or the 29th in a leap year', () => {
    expect(monthPeriod('2027-02', literal)).toMatchObject({ firstDay: '2027-01-31', lastDay: '2027-02-27' });
    expect(monthPeriod('2028-02', literal)).toMatchObject({ firstDay: '2028-01-31', lastDay: '2028-02-28' });
  });

  it('ends the year at 00:00 on 31 December and starts it at the previous one', () => {
    const y = yearPeriod(2026, literal);
    expect(y).toEqual({ start: new Date('2025-12-30T16:00:00Z'), end: new Date('2026-12-30T16:00:00Z'), firstDay: '2025-12-31', lastDay: '2026-12-30' });
  });

  it('ends at the month end when the brigade sets the cut so, from the month it applies', () => {
    const changed = [DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, effectiveFrom: '2026-12-01', cut: 'end_of_month' as const }];
    // November still ends at 00:00 of the 30th; December takes the rest, to 00:00 of 1 January.
    expect(monthPeriod('2026-11', changed)).toMatchObject({ firstDay: '2026-10-31', lastDay: '2026-11-29' });
    expect(monthPeriod('2026-12', changed)).toMatchObject({ firstDay: '2026-11-30', lastDay: '2026-12-31' });
    expect(monthPeriod('2027-01', changed)).toMatchObject({ firstDay: '2027-01-01', lastDay: '2027-01-31' });
  });
});

describe('settings per period (R21)', () => {
  const a = { ...DEFAULT_SETTINGS, effectiveFrom: '2026-11-01', categoryWeights: { '01': 1, '0102': 4 } };
  const b = { ...DEFAULT_SETTINGS, effectiveFrom: '2026-11-16', categoryWeights: { '01': 3 } };

  it('switches on the day the new weights take effect, not the day before', () => {
    expect(settingsOn([b, a], '2026-11-15')).toBe(a);
    expect(settingsOn([b, a], '2026-11-16')).toBe(b);
    expect(settingsOn([b, a], '2026-10-31')).toBe(DEFAULT_SETTINGS);
  });

  it('looks a weight up by the category, then its major class, then the default', () => {
    expect(categoryWeight(a, '0102')).toBe(4);
    expect(categoryWeight(a, '0101')).toBe(1);
    expect(categoryWeight(a, '0501')).toBe(1);
    expect(categoryWeight(DEFAULT_SETTINGS, '0401')).toBe(2);
  });
});

describe('tests and retests (R23)', () => {
  const t = (id: number, day: string, score: number) => ({ id, sessionId: 1, workerId: 1, at: `${day}T10:00:00+08:00`, score });

  it('passes at 80, not at 79', () => {
    expect(sessionResult(1, [t(1, '2026-11-10', 80)], 80).status).toBe('passed');
    expect(sessionResult(1, [t(1, '2026-11-10', 79)], 80).status).toBe('retest_due');
  });

  it('passes on a retest after a 79, fails on a second fail, and ignores later tests', () => {
    expect(sessionResult(1, [t(2, '2026-11-12', 85), t(1, '2026-11-10', 79)], 80)).toMatchObject({ status: 'passed', tests: [{ id: 1 }, { id: 2 }] });
    expect(sessionResult(1, [t(1, '2026-11-10', 79), t(2, '2026-11-12', 79), t(3, '2026-11-14', 95)], 80).status).toBe('failed');
    expect(sessionResult(1, [], 80).status).toBe('absent');
  });
});

describe('samples (R22)', () => {
  const households = Array.from({ length: 40 }, (_, i) => 1000 + i);

  it('draws the same sample for the same seed, whatever the order of the records', () => {
    const one = drawSample(households, 10, '2026-11/w7');
    expect(drawSample([...households].reverse(), 10, '2026-11/w7')).toEqual(one);
    expect(new Set(one).size).toBe(10);
    expect(one.every((id) => households.includes(id))).toBe(true);
    expect(drawSample(households, 10, '2026-11/w8')).not.toEqual(one);
  });

  it('refuses a sample larger than the records, and takes all when it equals them', () => {
    expect(() => drawSample(households.slice(0, 5), 6, 's')).toThrow(SampleTooLarge);
    expect(drawSample(households.slice(0, 5), 5, 's').sort()).toEqual(households.slice(0, 5));
  });

  it('works out 采集率, 漏注销率 and accuracy', () => {
    const r = (result: 'correct' | 'person_missing' | 'not_deregistered' | 'wrong_detail') => ({ result });
    expect(sampleRates([r('correct'), r('correct'), r('person_missing'), r('not_deregistered'), r('wrong_detail')])).toEqual({
      checked: 5,
      correct: 2,
      personMissing: 1,
      notDeregistered: 1,
      wrongDetail: 1,
      collectionRate: 0.8,
      missedDeregistrationRate: 0.2,
      accuracy: 0.4,
    });
    expect(sampleRates([])).toBeNull();
  });
});

describe('十佳 eligibility (R27)', () => {
  it('counts a worker with exactly one year on the post at 00:00 on 31 December', () => {
    expect(tenureReached('2025-12-31', '2026-12-31', 1)).toBe(true);
    expect(tenureReached('2026-01-01', '2026-12-31', 1)).toBe(false);
    expect(tenureReached('2024-02-29', '2025-03-01', 1)).toBe(true);
  });

  it('needs 3 monthly awards: 2 are not enough', () => {
    const c = (workerId: number, hiredOn: string, monthlyAwards: number, monthTotals: number[]) => ({ workerId, hiredOn, monthlyAwards, monthTotals });
    const rows = annualRanking(
      [c(1, '2025-12-31', 3, [80, 90]), c(2, '2020-01-01', 2, [99, 99]), c(3, '2026-01-01', 5, [95]), c(4, '2020-01-01', 4, [85, 85])],
      '2026-12-31',
      DEFAULT_SETTINGS,
    );
    expect(rows.map((r) => [r.workerId, r.rank, r.score, r.awarded, r.ineligible])).toEqual([
      [4, 1, 85, true, []], // a tie on the mean goes to more monthly awards
      [1, 2, 85, true, []], // one year exactly at the cut
      [2, null, 99, false, ['monthly_awards']],
      [3, null, 95, false, ['tenure']],
    ]);
  });
});

describe('public notice (R29) and the day notice (R16)', () => {
  const published = { publishedAt: '2026-12-01T09:00:00+08:00', confirmedAt: null };

  it('takes feedback for 3 days and lets the captain confirm only after them', () => {
    const justBefore = new Date(Date.parse('2026-12-04T09:00:00+08:00') - 1);
    const end = new Date('2026-12-04T09:00:00+08:00');
    expect(feedbackOpen(published, justBefore, 3)).toBe(true);
    expect(canConfirm(published, justBefore, 3)).toBe(false);
    expect(feedbackOpen(published, end, 3)).toBe(false);
    expect(canConfirm(published, end, 3)).toBe(true);
    expect(noticeStage({ publishedAt: null, confirmedAt: null }, end, 3)).toBe('draft');
    expect(noticeStage({ ...published, confirmedAt: '2026-12-04T10:00:00+08:00' }, end, 3)).toBe('final');
  });

  it('names only the workers on duty who missed the day, not one on leave', () => {
    const d = (workerId: number, onDuty: boolean, qualified: boolean) => ({ workerId, gridId: workerId, day: '2026-11-10', onDuty, qualified });
    expect(patrolNotice([d(1, true, false), d(2, false, false), d(3, true, true), { ...d(4, true, false), day: '2026-11-11' }], '2026-11-10')).toEqual([1]);
  });
});

describe('rectification tallies (R20)', () => {
  it('tallies urged and verified rectifications per squad and day', () => {
    const r = (id: number, squadId: number, day: string, kind: 'urged' | 'verified_party' | 'verified_department') => ({
      id,
      workerId: id,
      squadId,
      day,
      kind,
    });
    expect(
      tallyBySquad([
        r(1, 2, '2026-11-02', 'urged'),
        r(2, 1, '2026-11-02', 'verified_party'),
        r(3, 1, '2026-11-02', 'urged'),
        r(4, 1, '2026-11-01', 'verified_department'),
      ]),
    ).toEqual([
      { squadId: 1, day: '2026-11-01', urged: 0, verified_party: 0, verified_department: 1, total: 1 },
      { squadId: 1, day: '2026-11-02', urged: 1, verified_party: 1, verified_department: 0, total: 2 },
      { squadId: 2, day: '2026-11-02', urged: 1, verified_party: 0, verified_department: 0, total: 1 },
    ]);
  });
});
