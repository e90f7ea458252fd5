// The coverage capability (R13): the live engine fed with kept fixes, its feed to the rooms, the days'
// records and the end-of-day job.
import { shanghaiDay } from '../../shared/core/time.ts';
import type { Capability, Platform } from '../platform/capability.ts';
import { createCoverage, type LiveCoverage } from './engine.ts';
import { CoverageFeed } from './feed.ts';
import { nightlyJob } from './nightly.ts';
import { coverageRoutes } from './routes.ts';
import { coverageService, type CoverageService } from './service.ts';

export interface CoverageCapability extends Capability {
  live: LiveCoverage;
  feed: CoverageFeed;
  days: CoverageService;
}

export async function coverageCapability(platform: Platform): Promise<CoverageCapability> {
  const { db, log, config } = platform;
  const live = await createCoverage(db);
  const feed = new CoverageFeed(live, platform.rooms);
  const days = coverageService(db, live);
  return {
    name: 'coverage',
    live,
    feed,
    days,
    routes: () => coverageRoutes(platform, live),
    async onTownChanged() {
      await live.reload(db);
      feed.reloadAll();
    },
    onKept({ ref, fixes, remote }) {
      if (ref) for (const f of fixes) feed.add(live.addFix(ref.workerId, f.fixTime.getTime(), f.lon, f.lat));
      if (remote) return;
      const today = shanghaiDay(Date.now());
      const late = new Set<string>();
      for (const f of fixes) {
        const day = shanghaiDay(f.fixTime);
        if (day < today) late.add(day);
      }
      // A finished day's record no longer holds: it is recomputed before it is read again.
      if (late.size) return days.markStale([...late]).catch((err) => log.error({ err }, 'coverage: marking late days failed'));
    },
    jobs: [{ name: 'coverage: live feed', everyMs: 1000, run: () => feed.flush() }, nightlyJob(db, live, days, log, config.POSITIONS_RETENTION_DAYS)],
  };
}
