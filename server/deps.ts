import type { Config } from './platform/config.ts';
import type { LiveCoverage } from './coverage/engine.ts';
import type { Db } from './platform/db/index.ts';
import type { Logger } from './platform/log.ts';
import type { LiveHub } from './platform/realtime/hub.ts';
import type { Tracking } from './tracking/index.ts';
import type { IncidentFeed } from './incidents/feed.ts';
import type { IncidentService } from './incidents/service.ts';

/** What every capability's routes and services are built from. */
export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  tracking: Tracking;
  hub: LiveHub;
  coverage: LiveCoverage;
  incidents: IncidentService;
  incidentFeed: IncidentFeed;
  /** This node's name, and what its cluster bus moved when there are several nodes. */
  node: { id: string; bus: { published: number; applied: number; resyncs: number; dropped: number } | null };
}
