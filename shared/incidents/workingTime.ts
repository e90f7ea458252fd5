// Deadlines of incidents: a time limit in natural hours, or in working hours against the calendar —
// weekdays 08:30-12:00 and 13:30-17:30 Beijing time, except public holidays, plus the weekend days
// made working days (调休上班). The calendar is data an administrator keeps.
import { addDays, dayRange, shanghaiDay } from '../core/time.ts';
import type { HoursKind } from './categories.ts';
import { WORK_PERIODS } from './rules.ts';

export interface WorkCalendar {
  /** Public holidays (法定节假日) that fall on weekdays or not. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班). */
  workdays: ReadonlySet<string>;
}

export function isWorkday(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The instant `hours` working hours after `start`. */
export function addWorkingHours(start: number, hours: number, cal: WorkCalendar): number {
  let left = hours * 3_600_000;
  let day = shanghaiDay(start);
  for (let guard = 0; guard < 3700; guard++, day = addDays(day, 1)) {
    if (!isWorkday(day, cal)) continue;
    const midnight = dayRange(day).start.getTime();
    for (const [a, b] of WORK_PERIODS) {
      const from = Math.max(start, midnight + a * 60_000);
      const to = midnight + b * 60_000;
      if (from >= to) continue;
      if (to - from >= left) return from + left;
      left -= to - from;
    }
  }
  throw new RangeError('no working time within ten years: check the calendar');
}

/** The deadline of a case started at `start` under a class's time limit. */
export const deadlineOf = (start: number, hours: number, kind: HoursKind, cal: WorkCalendar) =>
  kind === 'natural' ? start + hours * 3_600_000 : addWorkingHours(start, hours, cal);

/**
 * China's 2026 public holidays and adjusted working days (国务院办公厅 notice), as the seed of the
 * calendar table; an administrator corrects and extends it.
 */
export const CALENDAR_SEED: { day: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...['2026-01-01', '2026-01-02', '2026-01-03'].map((day) => ({ day, kind: 'holiday' as const, name: '元旦' })),
  { day: '2026-01-04', kind: 'workday', name: '元旦调休' },
  ...['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'].map((day) => ({
    day,
    kind: 'holiday' as const,
    name: '春节',
  })),
  { day: '2026-02-14', kind: 'workday', name: '春节调休' },
  { day: '2026-02-28', kind: 'workday', name: '春节调休' },
  ...['2026-04-04', '2026-04-05', '2026-04-06'].map((day) => ({ day, kind: 'holiday' as const, name: '清明节' })),
  ...['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'].map((day) => ({ day, kind: 'holiday' as const, name: '劳动节' })),
  { day: '2026-05-09', kind: 'workday', name: '劳动节调休' },
  ...['2026-06-19', '2026-06-20', '2026-06-21'].map((day) => ({ day, kind: 'holiday' as const, name: '端午节' })),
  ...['2026-09-25', '2026-09-26', '2026-09-27'].map((day) => ({ day, kind: 'holiday' as const, name: '中秋节' })),
  ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].map((day) => ({
    day,
    kind: 'holiday' as const,
    name: '国庆节',
  })),
  { day: '2026-09-20', kind: 'workday', name: '国庆节调休' },
  { day: '2026-10-10', kind: 'workday', name: '国庆节调休' },
];
