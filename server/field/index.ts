// The field capability (issue 18): the grid worker's app — today, patrol reports, the visit diary and its
// 民情台账, my cases and their rectification, basic information, positions from the app — on the live
// coverage, the incidents' workflow and the tracking pipeline, all within the worker's own grid (R40).
import type { CoverageCapability } from '../coverage/index.ts';
import type { IncidentsCapability } from '../incidents/index.ts';
import type { Capability, Platform } from '../platform/capability.ts';
import type { TrackingCapability } from '../tracking/index.ts';
import { caseRoutes } from './cases.ts';
import { classRoutes } from './classes.ts';
import { diaryRoutes } from './diary.ts';
import { householdRoutes } from './households.ts';
import { patrolRoutes } from './patrols.ts';
import { positionRoutes } from './positions.ts';
import { residentRoutes } from './residents.ts';
import { todayRoutes } from './today.ts';

export function fieldCapability(platform: Platform, tracking: TrackingCapability, coverage: CoverageCapability, incidents: IncidentsCapability): Capability {
  return {
    name: 'field',
    routes: () => [
      ...todayRoutes(platform, coverage.live, coverage.days),
      ...patrolRoutes(platform),
      ...householdRoutes(platform, coverage.live),
      ...diaryRoutes(platform),
      ...caseRoutes(platform, incidents.service, incidents.feed),
      ...classRoutes(platform),
      ...residentRoutes(platform),
      ...positionRoutes(platform, tracking),
    ],
  };
}
