// Every number of the assessment and the awards (R15, R16, R20-R29) in one place. The brigade sets them per
// period (各时期的工作重点, R21): a set of settings is effective from a day until the next one starts.

export type GridClass = 1 | 2 | 3;
export type CommendationLevel = 'national' | 'provincial' | 'city' | 'district';

/** The on-site parts (现场考核) and the most points each can give; the five parts of the source, 100 in all. */
export interface PartMax {
  patrol: number;
  events: number;
  basicInfo: number;
  study: number;
  publicity: number;
  rectification: number;
  conduct: number;
}
export type Part = keyof PartMax;

export interface AssessmentSettings {
  /** The first day (Asia/Shanghai, YYYY-MM-DD) these settings apply to. */
  effectiveFrom: string;
  /** R21: weight of an event by category, looked up by the 4-digit code, then by its 2-digit major class. */
  categoryWeights: Record<string, number>;
  defaultCategoryWeight: number;
  /** R21: the ratio a grid class's weighted count is multiplied by before the day's events are compared. */
  gridClassRatios: Record<GridClass, number>;
  /** R21: how many workers of each grid class the day's event collection names as 评优. */
  dailyExcellentPerClass: number;
  /** R21: on-site points per judged event (weighted × class ratio), up to the part's maximum. */
  pointsPerEvent: number;
  /** R22: households and people the inspection team draws for a sample. */
  sampleHouseholds: number;
  samplePeople: number;
  /** R23: the pass mark of a test. */
  passMark: number;
  /** R20: points per rectification urged or verified, up to the part's maximum. */
  pointsPerRectification: number;
  /** R24: points taken off for each failed item of an inspection check (on time, kit, conduct). */
  pointsPerFailedCheck: number;
  partMax: PartMax;
  /** R21, R29: share of the city platform's online score in the combined score; the on-site one has the rest. */
  onlineShare: number;
  /** R28 "各项考核数据达标": the levels a candidate must reach in the month. */
  standard: { minQualifiedShare: number; minCollectionRate: number; maxMissedDeregistrationRate: number; minAccuracy: number };
  /** R28: points for each major hazard found, for an outside commendation by level, and their cap. */
  bonus: { majorHazard: number; commendation: Record<CommendationLevel, number>; cap: number };
  /** R26, R27: awards per month and per year. */
  monthlyAwards: number;
  annualAwards: number;
  /** R27: monthly awards in the year and whole years on the post at the cut a 十佳 candidate needs. */
  annualMinMonthlyAwards: number;
  annualMinTenureYears: number;
  /** R29: days the candidate list is on public notice. */
  noticeDays: number;
  /**
   * R26, R27: where the statistics of a month end. `start_of_last_day` is the source read literally
   * ("每月最后一天零时": 00:00 at the start of the month's last day, and 00:00 on 31 December for the year);
   * `end_of_month` ends them at 00:00 of the next month's first day.
   */
  cut: 'start_of_last_day' | 'end_of_month';
}

/** The defaults, each with its rule and the reason for its number. */
export const DEFAULT_SETTINGS: AssessmentSettings = {
  effectiveFrom: '2023-09-14', // the date of the source document
  // R21: safety and emergency events (04 突发事件) weigh most; the brigade changes them with its focus.
  categoryWeights: { '04': 2 },
  defaultCategoryWeight: 1,
  // R21: 三级 grids are the thinnest (fewest residents and shops), so their counts are scaled up to be fair.
  gridClassRatios: { 1: 1, 2: 1.25, 3: 1.5 },
  dailyExcellentPerClass: 3, // R21: a small daily honour per class, about one in ten workers
  pointsPerEvent: 0.5, // R21: 30 judged events reach the part's 15 points in a month, about one a day
  sampleHouseholds: 10, // R22: ten of a grid's ~200 households is a visit of half a day for the 督察队
  samplePeople: 10,
  passMark: 80, // R23: the source's own number
  pointsPerRectification: 1, // R20: ten rectifications urged or verified a month fill the part
  pointsPerFailedCheck: 5, // R24: a failed check costs a third of the conduct part
  // The five parts of the source (巡查, 采集, 学习宣传, 整改, 日常表现); patrol is the heart of the work (R13-R15).
  partMax: { patrol: 30, events: 15, basicInfo: 15, study: 10, publicity: 5, rectification: 10, conduct: 15 },
  onlineShare: 0.5, // R21: two tracks of the same weight (双考核机制)
  // R28: the levels 达标 below are those the brigade uses in its own pilot reports.
  standard: { minQualifiedShare: 0.9, minCollectionRate: 0.95, maxMissedDeregistrationRate: 0.05, minAccuracy: 0.9 },
  // R28: "适当加分": a major hazard is worth one good day; a commendation by its level; at most 10 points.
  bonus: { majorHazard: 2, commendation: { national: 8, provincial: 6, city: 4, district: 2 }, cap: 10 },
  monthlyAwards: 10, // R26
  annualAwards: 10, // R27
  annualMinMonthlyAwards: 3, // R27
  annualMinTenureYears: 1, // R27
  noticeDays: 3, // R29
  cut: 'start_of_last_day', // R26, R27 read literally
};

/** The settings effective on a day: the latest set whose `effectiveFrom` is not after it, else the defaults. */
export function settingsOn(periods: readonly AssessmentSettings[], day: string): AssessmentSettings {
  let best: AssessmentSettings | undefined;
  for (const s of periods) if (s.effectiveFrom <= day && (!best || s.effectiveFrom > best.effectiveFrom)) best = s;
  return best ?? DEFAULT_SETTINGS;
}

/** R21: the weight of an event of a category (4-digit code, falling back to its major class). */
export function categoryWeight(s: AssessmentSettings, categoryCode: string): number {
  return s.categoryWeights[categoryCode] ?? s.categoryWeights[categoryCode.slice(0, 2)] ?? s.defaultCategoryWeight;
}
