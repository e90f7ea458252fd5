// The audit capability: The audit log and its export.
import type { Capability, Platform } from '../platform/capability.ts';
import { auditRoutes } from './routes.ts';

export function auditCapability(platform: Platform): Capability {
  return { name: 'audit', routes: () => auditRoutes(platform) };
}
