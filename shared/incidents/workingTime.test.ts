// Incident deadlines in working hours against the holiday calendar (R31).
import { describe, expect, it } from 'vitest';
import { CATEGORY_SEED } from './categories.ts';
import { CALENDAR_SEED, addWorkingHours, deadlineOf, isWorkday, type WorkCalendar } from './workingTime.ts';

const cal: WorkCalendar = {
  holidays: new Set(CALENDAR_SEED.filter((d) => d.kind === 'holiday').map((d) => d.day)),
  workdays: new Set(CALENDAR_SEED.filter((d) => d.kind === 'workday').map((d) => d.day)),
};
const bj = (s: string) => Date.parse(`${s}+08:00`);
const iso = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);

describe('working hours', () => {
  it('run 08:30-12:00 and 13:30-17:30 on weekdays', () => {
    expect(iso(addWorkingHours(bj('2026-11-26T16:00'), 4, cal))).toBe('2026-11-27T11:00'); // Thu → Fri
    expect(iso(addWorkingHours(bj('2026-11-27T16:30'), 2, cal))).toBe('2026-11-30T09:30'); // Fri → Mon
    expect(iso(addWorkingHours(bj('2026-11-26T07:00'), 1, cal))).toBe('2026-11-26T09:30'); // before work
    expect(iso(addWorkingHours(bj('2026-11-26T12:30'), 1, cal))).toBe('2026-11-26T14:30'); // at lunch
    expect(iso(addWorkingHours(bj('2026-11-26T08:30'), 7.5, cal))).toBe('2026-11-26T17:30'); // a whole day
  });

  it('skip public holidays and count the weekend days made working days (调休)', () => {
    expect(iso(addWorkingHours(bj('2026-09-30T17:00'), 1, cal))).toBe('2026-10-08T09:00'); // 国庆
    expect(iso(addWorkingHours(bj('2026-10-09T17:00'), 1, cal))).toBe('2026-10-10T09:00'); // Saturday 调休上班
    expect(isWorkday('2026-10-01', cal)).toBe(false);
    expect(isWorkday('2026-10-10', cal)).toBe(true);
    expect(isWorkday('2026-11-28', cal)).toBe(false);
  });

  it('give natural-hour classes a plain clock deadline', () => {
    expect(deadlineOf(bj('2026-10-01T10:00'), 2, 'natural', cal)).toBe(bj('2026-10-01T12:00'));
    expect(deadlineOf(bj('2026-10-01T10:00'), 2, 'working', cal)).toBe(bj('2026-10-08T10:30'));
  });
});

describe('incident classes', () => {
  it('are coded major + minor, unique, with a time limit each', () => {
    const codes = CATEGORY_SEED.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of CATEGORY_SEED) {
      expect(c.code).toMatch(/^\d{4}$/);
      expect(c.timeLimitH).toBeGreaterThan(0);
    }
    expect(codes).toContain('9901');
    expect(CATEGORY_SEED.filter((c) => c.onSpot).length).toBeGreaterThan(5);
  });
});
