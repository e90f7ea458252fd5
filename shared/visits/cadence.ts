// Household visits (入户走访, R14): every household at least monthly; persons of interest more often —
// 帮扶 (assist) every 7 days, 关注 (concern) every 15. A visit counts when the worker's own track
// confirms it (R23: a visit typed at the desk is not a visit).
import { addDays, daysBetween } from '../core/time.ts';
import { FOCUS_KINDS, type FocusKind } from './rules.ts';

/**
 * When a person's next visit is due and how late it is on `day`: one cadence after the last verified
 * visit, or after registration when there has been none.
 */
export function focusDue(kind: FocusKind, registeredOn: string, lastVisit: string | null, day: string): { dueOn: string; overdueDays: number } {
  const dueOn = addDays(lastVisit ?? registeredOn, FOCUS_KINDS[kind].everyDays);
  return { dueOn, overdueDays: Math.max(0, daysBetween(dueOn, day)) };
}
