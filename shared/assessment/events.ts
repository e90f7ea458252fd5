// R21 采集 — events: what a worker reported (the reporter, not the assignee), counted per day, weighted by
// category with the weights in force that day, and judged by the ratio of the worker's grid class.
import { shanghaiDay } from '../core/time.ts';
import type { IncidentState } from '../incidents/states.ts';
import { type AssessmentSettings, categoryWeight, type GridClass, settingsOn } from './settings.ts';

export interface ReportedEvent {
  id: number;
  /** incidents.reporter_worker_id */
  workerId: number;
  reportedAt: string;
  categoryCode: string;
  state: IncidentState;
}

/** States that do not count: not yet registered, refused (不予立案) or a duplicate merged into another. */
export const NOT_COLLECTED: readonly IncidentState[] = ['reported', 'rejected', 'merged'];
export const isCollected = (e: { state: IncidentState }) => !NOT_COLLECTED.includes(e.state);

export interface CollectedEvent {
  id: number;
  day: string;
  categoryCode: string;
  weight: number;
  ratio: number;
  /** weight × ratio */
  judged: number;
}

export interface DayCollection {
  workerId: number;
  day: string;
  gridClass: GridClass;
  count: number;
  weighted: number;
  judged: number;
  events: CollectedEvent[];
}

// A city's month judges some 300,000 events: their days are looked up by the day's number, not formatted each time.
const DAY_MS = 86_400_000;
const days = new Map<number, string>();
function dayOf(t: number): string {
  const n = Math.floor((t + 8 * 3_600_000) / DAY_MS);
  let day = days.get(n);
  if (day === undefined) {
    day = shanghaiDay(t);
    if (days.size > 10_000) days.clear();
    days.set(n, day);
  }
  return day;
}

/** One worker's valid events of a day, each with the weight and the class ratio of its day's settings. */
export function judgeEvent(e: ReportedEvent, gridClass: GridClass, periods: readonly AssessmentSettings[]): CollectedEvent {
  const day = dayOf(Date.parse(e.reportedAt));
  const s = settingsOn(periods, day);
  const weight = categoryWeight(s, e.categoryCode);
  const ratio = s.gridClassRatios[gridClass];
  return { id: e.id, day, categoryCode: e.categoryCode, weight, ratio, judged: weight * ratio };
}

/** The collections per worker per day (R21), valid events only, ordered by day then worker. */
export function dailyCollections(
  events: readonly ReportedEvent[],
  gridClassOf: (workerId: number) => GridClass | undefined,
  periods: readonly AssessmentSettings[],
): DayCollection[] {
  const byKey = new Map<string, DayCollection>();
  for (const e of events) {
    const gridClass = gridClassOf(e.workerId);
    if (!gridClass || !isCollected(e)) continue;
    const c = judgeEvent(e, gridClass, periods);
    const key = `${c.day}/${e.workerId}`;
    const d = byKey.get(key) ?? { workerId: e.workerId, day: c.day, gridClass, count: 0, weighted: 0, judged: 0, events: [] };
    byKey.set(key, d);
    d.count++;
    d.weighted += c.weight;
    d.judged += c.judged;
    d.events.push(c);
  }
  return [...byKey.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.workerId - b.workerId));
}

export interface DayRankingRow extends DayCollection {
  rank: number;
  excellent: boolean;
}

/**
 * R21 "按照网格分类一、二、三级…对每日采集事件进行评优": the day's ranking of each grid class by judged
 * count (ties by worker id, so the order is stable) and the first `dailyExcellentPerClass` named 评优.
 */
export function dailyRanking(collections: readonly DayCollection[], day: string, periods: readonly AssessmentSettings[]): Record<GridClass, DayRankingRow[]> {
  const s = settingsOn(periods, day);
  const out: Record<GridClass, DayRankingRow[]> = { 1: [], 2: [], 3: [] };
  for (const gridClass of [1, 2, 3] as const) {
    const rows = collections.filter((c) => c.day === day && c.gridClass === gridClass).sort((a, b) => b.judged - a.judged || a.workerId - b.workerId);
    out[gridClass] = rows.map((c, i) => ({ ...c, rank: i + 1, excellent: i < s.dailyExcellentPerClass && c.judged > 0 }));
  }
  return out;
}
