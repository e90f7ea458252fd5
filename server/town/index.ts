// The town capability: a town's own layers coming in (issue 17).
import type { Capability, Platform } from '../platform/capability.ts';
import { townRoutes } from './routes.ts';

export function townCapability(platform: Platform): Capability {
  return { name: 'town', routes: () => townRoutes(platform) };
}
