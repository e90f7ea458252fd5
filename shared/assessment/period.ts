// The statistics periods of the awards (R26, R27). With the literal cut "每月最后一天零时" a month's period
// runs from 00:00 of the previous month's last day to 00:00 of its own last day (Asia/Shanghai), so
// consecutive periods touch and no day is lost or counted twice; the year's runs to 00:00 on 31 December.
import { addDays, dayRange, monthDays } from '../core/time.ts';
import { type AssessmentSettings, settingsOn } from './settings.ts';

export interface Period {
  /** [start, end) as UTC instants. */
  start: Date;
  end: Date;
  /** The first and the last day counted (Asia/Shanghai), both inclusive. */
  firstDay: string;
  lastDay: string;
}

const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** The day at whose 00:00 a month's statistics end, by the cut in force on the month's first day. */
function cutDay(month: string, periods: readonly AssessmentSettings[]): string {
  const { first, next } = monthDays(month);
  return settingsOn(periods, first).cut === 'start_of_last_day' ? addDays(next, -1) : next;
}

function between(startDay: string, endDay: string): Period {
  return { start: dayRange(startDay).start, end: dayRange(endDay).start, firstDay: startDay, lastDay: addDays(endDay, -1) };
}

/** R26: the period of a month (YYYY-MM). */
export function monthPeriod(month: string, periods: readonly AssessmentSettings[]): Period {
  return between(cutDay(previousMonth(month), periods), cutDay(month, periods));
}

/** R27: the period of a year: from the end of the previous December's period to the end of this one's. */
export function yearPeriod(year: number, periods: readonly AssessmentSettings[]): Period {
  return between(cutDay(`${year - 1}-12`, periods), cutDay(`${year}-12`, periods));
}

/** True when an instant (ISO string or ms) falls in the period. */
export function inPeriod(p: Period, at: string | number): boolean {
  const t = typeof at === 'number' ? at : Date.parse(at);
  return t >= p.start.getTime() && t < p.end.getTime();
}

/** True when a day (YYYY-MM-DD) is one of the period's days. */
export const dayInPeriod = (p: Period, day: string) => day >= p.firstDay && day <= p.lastDay;
