// Tests that act "minutes ago, today" through the real server (whose today is the Asia/Shanghai day of
// Date.now(), R1) cannot do so in the first minutes after midnight, nor over a midnight passed mid-file.
// There the file's clock (the test's and the in-process server's Date; not the database's) is set back to
// a few minutes before midnight, and runs on from there at the real pace.
import { vi } from 'vitest';
import { dayRange, shanghaiDay } from '../../shared/core/time.ts';

/**
 * Before any server starts: makes the next `minutes` before now and the `ahead` minutes after it fall on one
 * Asia/Shanghai day, moving the clock back when they would not. Returns how far back it moved (0: not moved).
 */
export function dayWithRoom(minutes: number, ahead = 15): number {
  const now = Date.now();
  const midnight = dayRange(shanghaiDay(now)).start.getTime();
  const before = (m: number) => m - (ahead + 1) * 60_000; // the clock's new now: `ahead` minutes and one before midnight m
  const back =
    now - minutes * 60_000 < midnight ? now - before(midnight) : now + ahead * 60_000 >= midnight + 86_400_000 ? now - before(midnight + 86_400_000) : 0;
  if (back > 0) vi.useFakeTimers({ toFake: ['Date'], now: now - back, shouldAdvanceTime: true });
  return back;
}
