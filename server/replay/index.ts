// The replay capability (R30): the town as it was at a moment of a day, from the coverage and the incidents.
import type { LiveCoverage } from '../coverage/engine.ts';
import type { IncidentService } from '../incidents/service.ts';
import type { Capability, Platform } from '../platform/capability.ts';
import { replayRoutes } from './routes.ts';

export function replayCapability(platform: Platform, coverage: LiveCoverage, incidents: IncidentService): Capability {
  return { name: 'replay', routes: () => replayRoutes(platform, coverage, incidents) };
}
