// Notices: the candidate list on public notice for 3 days (R29), final after them and the captain's
// confirmation; the day's criticism notice (R16) names only workers on duty that day.
import type { PatrolDay } from './score.ts';

const DAY_MS = 86_400_000;

export type NoticeStage = 'draft' | 'on_notice' | 'awaiting_confirmation' | 'final';

export interface NoticeState {
  publishedAt: string | null;
  confirmedAt: string | null;
}

/** When the notice period of a list published at `publishedAt` ends. */
export const noticeEnds = (publishedAt: string, noticeDays: number) => new Date(Date.parse(publishedAt) + noticeDays * DAY_MS);

/** R29: where a list stands at `now`. */
export function noticeStage(n: NoticeState, now: Date, noticeDays: number): NoticeStage {
  if (!n.publishedAt) return 'draft';
  if (n.confirmedAt) return 'final';
  return now < noticeEnds(n.publishedAt, noticeDays) ? 'on_notice' : 'awaiting_confirmation';
}

/** R29: feedback on a name is taken only while the list is on notice. */
export const feedbackOpen = (n: NoticeState, now: Date, noticeDays: number) => noticeStage(n, now, noticeDays) === 'on_notice';

/** R29: the captain confirms only after the full notice period. */
export const canConfirm = (n: NoticeState, now: Date, noticeDays: number) => noticeStage(n, now, noticeDays) === 'awaiting_confirmation';

/** R16: the workers named in the day's notice: on duty that day (not on leave) and not qualified. */
export const patrolNotice = (days: readonly PatrolDay[], day: string) => days.filter((d) => d.day === day && d.onDuty && !d.qualified).map((d) => d.workerId);
