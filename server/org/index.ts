// The org capability: The organisation: squads, grids, workers, departments.
import type { Capability, Platform } from '../platform/capability.ts';
import { orgRoutes } from './routes.ts';

export function orgCapability(platform: Platform): Capability {
  return { name: 'org', routes: () => orgRoutes(platform) };
}
