// The incidents capability (R18-R20, R30, R31): the class catalogue, the case workflow and its store, dispatch
// help, the deadline sweep and the live feed of every change.
import type { Capability, Platform } from '../platform/capability.ts';
import type { LiveState } from '../tracking/live.ts';
import { ensureCatalog } from './catalog.ts';
import { deadlineJob } from './deadlines.ts';
import { IncidentFeed } from './feed.ts';
import { incidentRoutes } from './routes.ts';
import { incidentService, type IncidentService } from './service.ts';

export interface IncidentsCapability extends Capability {
  service: IncidentService;
  feed: IncidentFeed;
}

export async function incidentsCapability(platform: Platform, live: LiveState): Promise<IncidentsCapability> {
  const { db, log } = platform;
  await ensureCatalog(db);
  const service = incidentService(db, live);
  await service.reloadCategories();
  const feed = new IncidentFeed(platform.rooms);
  return {
    name: 'incidents',
    service,
    feed,
    routes: () => incidentRoutes(platform, service, feed),
    // A department renamed: the classes that name it say so.
    onTownChanged: () => service.reloadCategories(),
    jobs: [deadlineJob(service.sweepDeadlines, service.summary, feed, log)],
  };
}
