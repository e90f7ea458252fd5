// The visits capability: household visits (R14), recorded by terminals and verified by the track (R23).
import type { Capability, Platform } from '../platform/capability.ts';
import { visitRoutes } from './routes.ts';

export function visitsCapability(platform: Platform): Capability {
  return { name: 'visits', routes: () => visitRoutes(platform) };
}
