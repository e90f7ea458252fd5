import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startJobs } from './jobs.ts';

describe('timed jobs', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const log = { error: vi.fn() };

  it('runs each job on its interval, once at start when asked, and not after stop', () => {
    let a = 0;
    let b = 0;
    const jobs = startJobs(
      [
        { name: 'a', everyMs: 100, run: () => a++ },
        { name: 'b', everyMs: 250, atStart: true, run: () => b++ },
      ],
      log,
    );
    expect([a, b]).toEqual([0, 1]);
    vi.advanceTimersByTime(500);
    expect([a, b]).toEqual([5, 3]);
    jobs.stop();
    vi.advanceTimersByTime(1000);
    expect([a, b]).toEqual([5, 3]);
  });

  it('skips the turns that come while a run is still going, and logs a failure without stopping', async () => {
    let runs = 0;
    let finish: () => void = () => {};
    const jobs = startJobs(
      [
        {
          name: 'slow',
          everyMs: 100,
          run: () => {
            runs++;
            return new Promise<void>((resolve, reject) => (finish = runs === 1 ? () => reject(new Error('boom')) : resolve));
          },
        },
      ],
      log,
    );
    vi.advanceTimersByTime(350);
    expect(runs).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.error).toHaveBeenCalledWith({ err: expect.any(Error) }, 'slow: failed');
    vi.advanceTimersByTime(100);
    expect(runs).toBe(2);
    finish();
    await jobs.stop();
  });

  // A server closing its database under a run cut it off, and the run logged the closed database as its failure.
  it('stops only once the run under way has settled, and runs no more', async () => {
    let runs = 0;
    let finish: () => void = () => {};
    const run = () => {
      runs++;
      return new Promise<void>((r) => (finish = r));
    };
    const jobs = startJobs([{ name: 'long', everyMs: 100, atStart: true, run }], log);
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(300);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect([stopped, runs]).toEqual([true, 1]);
  });
});
