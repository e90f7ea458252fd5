// The end-of-day job: some minutes after Asia/Shanghai midnight (late terminal uploads have arrived)
// yesterday is recomputed in PostGIS and recorded as authoritative, and the live engine forgets it; days
// that late fixes made stale are recomputed too, once those fixes have stopped coming.
// Pending visits are judged on the same beat, and the raw positions' day tables are kept in step: made
// ahead, rolled up when the day is recorded, dropped past the retention (server/tracking/retention.ts).
import { addDays, dayRange, shanghaiDay } from '../../shared/core/time.ts';
import type { Db } from '../platform/db/index.ts';
import { ensurePositionDays, prunePositions, rollUpPositions } from '../tracking/retention.ts';
import type { Job } from '../platform/jobs.ts';
import type { Logger } from '../platform/log.ts';
import { checkVisits } from '../visits/verify.ts';
import type { LiveCoverage } from './engine.ts';
import type { CoverageService } from './service.ts';

export const RECORD_AFTER_MS = 20 * 60_000;
/**
 * A stale day is recomputed once no late fix of it has come for this long: a terminal uploading its backlog
 * marks the day again with every batch, and recomputing it each minute meanwhile would redo the day's whole
 * batch again and again (issue 20: on the embedded database 2–3 s each time, the phones' writes waiting
 * behind it). A reader of the day does not wait for this: it recomputes a stale day before reading it.
 */
export const STALE_SETTLE_MS = 2 * 60_000;

/** Every minute, and once at start. */
export function nightlyJob(db: Db, live: LiveCoverage, service: CoverageService, log: Logger, retentionDays = 0, everyMs = 60_000): Job {
  const tick = async () => {
    try {
      await checkVisits(db);
      const today = shanghaiDay(Date.now());
      const made = await ensurePositionDays(db, today);
      if (made.length) log.info({ days: made }, 'positions: day tables made');
      const due = new Date(dayRange(today).start.getTime() + RECORD_AFTER_MS);
      if (Date.now() < due.getTime()) return;
      const yesterday = addDays(today, -1);
      const days = await db.query<{ day: string }>(
        `SELECT $1::date AS day WHERE NOT EXISTS (SELECT 1 FROM coverage_days WHERE day = $1 AND computed_at >= $2)
         UNION SELECT day FROM coverage_stale WHERE day < $3::date AND since < now() - make_interval(secs => $4::float8 / 1000) ORDER BY day`,
        [yesterday, due, today, STALE_SETTLE_MS],
      );
      for (const { day } of days) {
        const started = Date.now();
        await service.recordCoverageDay(day);
        await rollUpPositions(db, day);
        log.info({ day, ms: Date.now() - started }, 'coverage: day recorded');
      }
      live.forgetBefore(today);
      const dropped = await prunePositions(db, today, retentionDays, async (day) => {
        const [recorded] = await db.query(`SELECT 1 FROM coverage_days WHERE day = $1 AND NOT EXISTS (SELECT 1 FROM coverage_stale WHERE day = $1)`, [day]);
        if (!recorded) await service.recordCoverageDay(day);
      });
      if (dropped.length) log.info({ days: dropped, retentionDays }, 'positions: days past the retention dropped');
    } catch (err) {
      log.error({ err }, 'coverage: nightly job failed');
    }
  };
  return { name: 'coverage: nightly', everyMs, atStart: true, run: tick };
}
