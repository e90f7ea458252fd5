import { describe, expect, it } from 'vitest';
import { addDays, dayRange, isDay, shanghaiDay, shanghaiDayNumber, shanghaiQuarter } from './time.ts';

describe('Asia/Shanghai days', () => {
  it('puts 23:59 and 00:01 Beijing time on different days', () => {
    expect(shanghaiDay(new Date('2026-11-26T15:59:00Z'))).toBe('2026-11-26'); // 23:59 +08
    expect(shanghaiDay(new Date('2026-11-26T16:01:00Z'))).toBe('2026-11-27'); // 00:01 +08
  });

  it('numbers the days so that two instants share a number exactly when they share a day', () => {
    const at = (iso: string) => new Date(iso).getTime();
    expect(shanghaiDayNumber(at('2026-11-26T15:59:59.999Z'))).toBe(shanghaiDayNumber(at('2026-11-25T16:00:00Z')));
    expect(shanghaiDayNumber(at('2026-11-26T16:00:00Z'))).toBe(shanghaiDayNumber(at('2026-11-26T15:59:59.999Z')) + 1);
    for (let t = at('2026-12-31T00:00:00Z'); t < at('2027-01-02T00:00:00Z'); t += 7 * 60_000 + 13)
      expect(shanghaiDayNumber(t) === shanghaiDayNumber(t + 3_600_000), new Date(t).toISOString()).toBe(shanghaiDay(t) === shanghaiDay(t + 3_600_000));
  });

  it('gives a day as the UTC range [16:00 the day before, 16:00)', () => {
    const { start, end } = dayRange('2026-11-27');
    expect(start.toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-27T16:00:00.000Z');
  });

  it('accepts only real calendar dates', () => {
    expect(isDay('2024-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '26-01-01', '2026-01-01T00:00', '']) expect(isDay(bad), bad).toBe(false);
    expect(() => dayRange('2026-02-30')).toThrow(RangeError);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts quarters in Beijing time', () => {
    expect(shanghaiQuarter(new Date('2026-03-31T16:30:00Z'))).toEqual({ year: 2026, quarter: 2 }); // 1 April 00:30 +08
    expect(shanghaiQuarter(new Date('2026-03-31T15:30:00Z'))).toEqual({ year: 2026, quarter: 1 });
  });
});
