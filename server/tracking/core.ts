// What tracking is made of: the noise filters with this town's service area, the workers' live state, the
// pipeline, and the live feed to the rooms.
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/index.ts';
import type { Logger } from '../platform/log.ts';
import type { LiveFeed } from './feed.ts';
import { DEFAULT_FILTERS, type FilterConfig } from './filters.ts';
import { LiveState } from './live.ts';
import { Pipeline } from './pipeline.ts';
import { PositionWriter } from './writer.ts';
import { TableStatistics } from '../platform/db/statistics.ts';

export interface TrackingCore {
  filters: FilterConfig;
  live: LiveState;
  pipeline: Pipeline;
}

export interface Tracking extends TrackingCore {
  feed: LiveFeed;
}

/**
 * The positions writer's rounds (issue 20, measured with bench/profile.ts). The embedded database runs one
 * statement at a time, each costing far more than its rows: a round waits 10 ms for the others (a statement a
 * few rows: 0.61 ms of CPU a fix; gathered: 0.39 ms). PostgreSQL's pool takes four rounds at once, which
 * gather by themselves; waiting there only added latency.
 */
const WRITER = { pglite: { rounds: 1, gatherMs: 10 }, postgres: { rounds: 4, gatherMs: 0 } } as const;

/**
 * The service area is the town's bounding box with a margin (SERVICE_MARGIN_M), or SERVICE_AREA when
 * configured; fixes outside it are refused as 'outside_area'.
 */
/** What the queries on positions filter and order by (a terminal's or worker's fixes of a time, kept or not). */
const PLANNED_COLUMNS = ['device_id', 'worker_id', 'fix_time', 'verdict'] as const;

export async function createTracking(db: Db, config: Config, log: Logger, now?: () => Date): Promise<TrackingCore> {
  let serviceArea = config.SERVICE_AREA;
  if (!serviceArea) {
    const [b] = await db.query<{ w: number; s: number; e: number; n: number }>(
      `SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n
         FROM (SELECT ST_Envelope(ST_Buffer(boundary::geography, $1)::geometry) AS e FROM town) x`,
      [config.SERVICE_MARGIN_M],
    );
    serviceArea = b ? [b.w, b.s, b.e, b.n] : [-180, -90, 180, 90];
  }
  const filters: FilterConfig = {
    ...DEFAULT_FILTERS,
    serviceArea,
    maxAccuracyM: config.MAX_ACCURACY_M,
    maxSpeedKmh: config.MAX_SPEED_KMH,
    maxAgeMs: config.MAX_FIX_AGE_H * 3_600_000,
  };
  const live = new LiveState();
  const { rounds, gatherMs } = WRITER[db.backend];
  // The embedded database has no autovacuum; on PostgreSQL this does what autovacuum does, on the same
  // threshold, so that both plan the same way from the first minutes of a day.
  const statistics = new TableStatistics(db, (err, table) => log.warn({ err, table }, 'positions: ANALYZE failed'), PLANNED_COLUMNS);
  const writer = new PositionWriter(db, rounds, gatherMs, undefined, statistics);
  return { filters, live, pipeline: new Pipeline(db, filters, live, writer, now) };
}
