// Household visits (入户走访, R14): every household at least monthly; persons of interest more often —
// 帮扶 (assist) every 7 days, 关注 (concern) every 15. A visit counts when the worker's own track
// confirms it (R23: a visit typed at the desk is not a visit).
import { addDays, daysBetween } from './time.ts';

export interface VisitRules {
  /** The track must pass this close to the household… */
  radiusM: number;
  /** …within this long either side of the visit time. */
  windowMs: number;
}

export const DEFAULT_VISIT_RULES: VisitRules = { radiusM: 50, windowMs: 10 * 60_000 };

export const FOCUS_CADENCE_DAYS = { assist: 7, concern: 15 } as const;
export type FocusKind = keyof typeof FOCUS_CADENCE_DAYS;

/**
 * When a person's next visit is due and how late it is on `day`: one cadence after the last verified
 * visit, or after registration when there has been none.
 */
export function focusDue(kind: FocusKind, registeredOn: string, lastVisit: string | null, day: string): { dueOn: string; overdueDays: number } {
  const dueOn = addDays(lastVisit ?? registeredOn, FOCUS_CADENCE_DAYS[kind]);
  return { dueOn, overdueDays: Math.max(0, daysBetween(dueOn, day)) };
}
