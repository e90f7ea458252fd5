// The end-of-day job and the days late fixes made stale: recomputed once those fixes have stopped coming,
// not every minute while a terminal's backlog is still arriving (issue 20).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, dayRange, shanghaiDay } from '../shared/core/time.ts';
import type { LiveCoverage } from '../server/coverage/engine.ts';
import { nightlyJob, STALE_SETTLE_MS } from '../server/coverage/nightly.ts';
import type { CoverageService } from '../server/coverage/service.ts';
import type { Db } from '../server/platform/db/index.ts';
import type { Logger } from '../server/platform/log.ts';
import { freshDb, runTemplates } from './helpers/db.ts';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await freshDb(runTemplates().migrated));
});
afterAll(() => drop());

describe('the nightly job', () => {
  it('recomputes a stale day once its late fixes have stopped coming, and leaves one still being uploaded for later', async () => {
    const today = shanghaiDay(Date.now());
    // At noon, well after the end-of-day wait (the database's clock stays the real one).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(dayRange(today).start.getTime() + 12 * 3_600_000);
    try {
      const settled = addDays(today, -5);
      const arriving = addDays(today, -6);
      await db.query(
        `INSERT INTO coverage_stale (day, since) VALUES ($1, now() - make_interval(secs => $3::float8 / 1000) - interval '1 second'), ($2, now())`,
        [settled, arriving, STALE_SETTLE_MS],
      );
      const recorded: string[] = [];
      const errors: unknown[] = [];
      const service = {
        async recordCoverageDay(day: string) {
          recorded.push(day);
          await db.query('DELETE FROM coverage_stale WHERE day = $1', [day]);
        },
      } as unknown as CoverageService;
      const live = { forgetBefore: () => undefined } as unknown as LiveCoverage;
      const log = { info: () => undefined, error: (e: unknown) => errors.push(e) } as unknown as Logger;
      await nightlyJob(db, live, service, log).run();
      expect(errors).toEqual([]);
      expect(recorded).toContain(settled);
      expect(recorded).toContain(addDays(today, -1)); // yesterday, not recorded yet
      expect(recorded).not.toContain(arriving);
      expect((await db.query<{ day: string }>('SELECT day::text FROM coverage_stale')).map((r) => r.day)).toEqual([arriving]);
    } finally {
      vi.useRealTimers();
    }
  });
});
