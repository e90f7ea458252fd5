// Days are counted in Asia/Shanghai time. China has kept UTC+8 without daylight saving since 1991,
// so a fixed offset is exact for every date this system will see, and needs no time-zone database.
export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Asia/Shanghai day an instant falls on, as a number of days: equal for two instants of the same day. */
export const shanghaiDayNumber = (t: number): number => Math.floor((t + OFFSET_MS) / DAY_MS);

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(at: Date | number): string {
  const t = typeof at === 'number' ? at : at.getTime();
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** [start, end) of an Asia/Shanghai day as UTC instants. */
export function dayRange(day: string): { start: Date; end: Date } {
  if (!isDay(day)) throw new RangeError(`not a day: ${day}`);
  const start = new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** Adds n calendar days to a YYYY-MM-DD day. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The quarter (1..4) and year of an instant, in Asia/Shanghai time. */
export function shanghaiQuarter(at: Date | number): { year: number; quarter: number } {
  const day = shanghaiDay(at);
  return { year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 };
}

/** The first and last day (YYYY-MM-DD) of a quarter. */
export function quarterDays(year: number, quarter: number): { first: string; last: string } {
  const month = (quarter - 1) * 3 + 1;
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(month + 3).padStart(2, '0')}-01`;
  return { first, last: addDays(next, -1) };
}

/** True for a month written YYYY-MM. */
export const isMonth = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The first day of a YYYY-MM month and the first day of the next. */
export function monthDays(month: string): { first: string; next: string } {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { first: `${month}-01`, next: `${next}-01` };
}

/** Whole days from day a to day b (negative when b is earlier). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
