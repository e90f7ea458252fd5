// The geo capability: The town's layers as the map reads them.
import type { Capability, Platform } from '../platform/capability.ts';
import { geoRoutes } from './routes.ts';

export function geoCapability(platform: Platform): Capability {
  return {
    name: 'geo',
    routes: () => geoRoutes(platform),
  };
}
