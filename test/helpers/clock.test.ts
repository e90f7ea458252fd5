// The midnight guard of the tests that act "minutes ago, today" (R1: days are Asia/Shanghai days).
import { afterEach, expect, it, vi } from 'vitest';
import { shanghaiDay } from '../../shared/core/time.ts';
import { dayWithRoom } from './clock.ts';

afterEach(() => vi.useRealTimers());

it.each([
  ['2026-12-04T00:10:00+08:00', true], // 10 minutes into the day: 45 minutes ago was yesterday
  ['2026-12-03T23:50:00+08:00', true], // the file would run past midnight
  ['2026-12-03T12:00:00+08:00', false],
  ['2026-12-04T00:50:00+08:00', false],
])('at %s the clock is moved back: %s, so that 45 minutes before and 15 after are one day', (at, moves) => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(at) });
  const back = dayWithRoom(45);
  expect(back > 0).toBe(moves);
  const now = Date.now();
  expect(now).toBeCloseTo(Date.parse(at) - back, -3);
  expect(shanghaiDay(now - 45 * 60_000)).toBe(shanghaiDay(now + 15 * 60_000));
});
