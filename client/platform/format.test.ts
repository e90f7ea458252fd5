import { describe, expect, it } from 'vitest';
import { formatClock, formatDateLong, formatDateTime, formatHourMinute } from './format.ts';

describe('formats in Asia/Shanghai', () => {
  // 00:05:09 in Shanghai is 16:05:09 UTC the day before: the day and the hour are Shanghai's.
  const justAfterMidnight = Date.parse('2026-12-01T16:05:09Z');
  const morning = Date.parse('2026-12-01T01:07:03Z');

  it('writes the day in Chinese with its weekday, of Shanghai', () => {
    expect(formatDateLong(justAfterMidnight)).toBe('2026年12月2日星期三');
    expect(formatDateLong(morning)).toBe('2026年12月1日星期二');
  });

  it('counts hours 00 to 23, never 24, with two digits', () => {
    expect(formatClock(justAfterMidnight)).toBe('00:05:09');
    expect(formatHourMinute(new Date(justAfterMidnight))).toBe('00:05');
    expect(formatHourMinute('2026-12-01T01:07:03Z')).toBe('09:07');
    expect(formatDateTime(justAfterMidnight)).toBe('2026/12/2 00:05:09');
    expect(formatDateTime(morning)).toBe('2026/12/1 09:07:03');
  });
});
