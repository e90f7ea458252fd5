// The awards (评先树优): 月度优秀网格员 (R26, R28) and 年度十佳网格员 (R27), ranked from the combined scores.
import type { IneligibleReason, WorkerMonth } from './score.ts';
import type { AssessmentSettings } from './settings.ts';

export interface RankedWorker {
  workerId: number;
  /** 1.. among the eligible; null for the ineligible, who are listed after them with their reasons. */
  rank: number | null;
  total: number;
  onSite: number;
  awarded: boolean;
  ineligible: IneligibleReason[];
}

/**
 * R26: the month's ranking: eligible workers (R28) by combined score, ties by the on-site score, then by
 * worker id so that the list is stable; the first `monthlyAwards` are awarded.
 */
export function monthlyRanking(months: readonly WorkerMonth[], s: AssessmentSettings): RankedWorker[] {
  const order = (a: WorkerMonth, b: WorkerMonth) => b.total - a.total || b.onSite - a.onSite || a.workerId - b.workerId;
  const eligible = months.filter((m) => m.ineligible.length === 0).sort(order);
  const others = months.filter((m) => m.ineligible.length > 0).sort(order);
  return [
    ...eligible.map((m, i) => ({ workerId: m.workerId, rank: i + 1, total: m.total, onSite: m.onSite, awarded: i < s.monthlyAwards, ineligible: [] })),
    ...others.map((m) => ({ workerId: m.workerId, rank: null, total: m.total, onSite: m.onSite, awarded: false, ineligible: m.ineligible })),
  ];
}

/** YYYY-MM-DD plus whole years; 29 February rolls to 1 March. */
function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** R27: at least N whole years on the post at the cut (00:00 of `cutDay`): hired on or before cutDay − N years. */
export const tenureReached = (hiredOn: string, cutDay: string, years: number) => addYears(hiredOn, years) <= cutDay;

export interface YearCandidate {
  workerId: number;
  hiredOn: string;
  /** The combined totals of the year's months, and which of those months the worker was awarded (final lists). */
  monthTotals: readonly number[];
  monthlyAwards: number;
}

export type AnnualIneligible = 'tenure' | 'monthly_awards';

export interface AnnualRankedWorker {
  workerId: number;
  rank: number | null;
  /** The mean of the year's monthly totals. */
  score: number;
  monthlyAwards: number;
  awarded: boolean;
  ineligible: AnnualIneligible[];
}

/**
 * R27: 年度十佳: only workers with `annualMinTenureYears` on the post at the cut and `annualMinMonthlyAwards`
 * monthly awards in the year; ranked by the mean of their monthly totals (the brigade's own scheme,
 * "具体评选方案由网格巡查大队另行制定"), ties by more monthly awards, then worker id.
 */
export function annualRanking(candidates: readonly YearCandidate[], cutDay: string, s: AssessmentSettings): AnnualRankedWorker[] {
  const rows = candidates.map((c) => {
    const ineligible: AnnualIneligible[] = [];
    if (!tenureReached(c.hiredOn, cutDay, s.annualMinTenureYears)) ineligible.push('tenure');
    if (c.monthlyAwards < s.annualMinMonthlyAwards) ineligible.push('monthly_awards');
    const score = c.monthTotals.length ? Math.round((c.monthTotals.reduce((a, b) => a + b, 0) / c.monthTotals.length) * 100) / 100 : 0;
    return { workerId: c.workerId, score, monthlyAwards: c.monthlyAwards, ineligible };
  });
  const order = (a: (typeof rows)[number], b: (typeof rows)[number]) => b.score - a.score || b.monthlyAwards - a.monthlyAwards || a.workerId - b.workerId;
  const eligible = rows.filter((r) => r.ineligible.length === 0).sort(order);
  const others = rows.filter((r) => r.ineligible.length > 0).sort(order);
  return [...eligible.map((r, i) => ({ ...r, rank: i + 1, awarded: i < s.annualAwards })), ...others.map((r) => ({ ...r, rank: null, awarded: false }))];
}
