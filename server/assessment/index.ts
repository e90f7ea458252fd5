// The assessment capability: the records the brigade judges its workers by, the month and its awards (R20-R29).
import type { Capability, Platform } from '../platform/capability.ts';
import { ledgerRoutes } from './ledger.ts';
import { assessmentRoutes } from './routes.ts';
import { rewardRoutes } from './rewards.ts';

export function assessmentCapability(platform: Platform): Capability {
  return { name: 'assessment', routes: () => [...assessmentRoutes(platform), ...rewardRoutes(platform), ...ledgerRoutes(platform)] };
}
