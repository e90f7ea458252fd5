// Timed jobs, started and stopped in one place (server/server.ts): a job that is still running when its
// next turn comes (a promise not yet settled) skips that turn; a stop waits for the runs under way.
import type { Logger } from './log.ts';

export interface Job {
  name: string;
  everyMs: number;
  /** Run once at start too, not only after the first interval. */
  atStart?: boolean;
  run(): unknown;
}

export function startJobs(jobs: readonly Job[], log: Pick<Logger, 'error'>): { stop(): Promise<void> } {
  /** The runs not yet settled: a stop waits for them, so that none is cut off by the database closing under it. */
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      let result: unknown;
      try {
        result = job.run();
      } catch (err) {
        log.error({ err }, `${job.name}: failed`);
        return;
      }
      if (result instanceof Promise) {
        busy = true;
        const run = result
          .catch((err: unknown) => log.error({ err }, `${job.name}: failed`))
          .finally(() => {
            busy = false;
            running.delete(run);
          });
        running.add(run);
      }
    };
    if (job.atStart) tick();
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}
