// The tracking capability: the doors and the pipeline behind them, the workers' live state and its feed.
import type { Capability, Platform } from '../platform/capability.ts';
import { createTracking, type Tracking } from './core.ts';
import { LiveFeed } from './feed.ts';
import { workerRefs } from './pipeline.ts';
import { trackingRoutes } from './routes.ts';

export type TrackingCapability = Capability & Tracking;

export async function trackingCapability(platform: Platform): Promise<TrackingCapability> {
  const core = await createTracking(platform.db, platform.config, platform.log);
  const tracking: Tracking = { ...core, feed: new LiveFeed(core.live, platform.rooms, platform.node.id) };
  return {
    name: 'tracking',
    ...tracking,
    routes: () => trackingRoutes(platform, tracking),
    onJoin: (socket, scope) => tracking.feed.welcome(socket, scope),
    async onTownChanged() {
      tracking.pipeline.forgetWorkers();
      // A worker who left had their terminals revoked.
      platform.devices.forget();
      // Placed anew now (a grid handed over, a worker transferred), not with their next fix.
      tracking.live.place(await workerRefs(platform.db, tracking.live.workerIds()));
    },
    jobs: [
      { name: 'tracking: live feed', everyMs: platform.config.LIVE_FLUSH_MS, run: () => tracking.feed.flush() },
      { name: 'tracking: held fixes', everyMs: 5_000, run: () => tracking.pipeline.releaseHeld() },
    ],
  };
}
