// The auth capability: Accounts, sessions and logins.
import type { Capability, Platform } from '../platform/capability.ts';
import { authRoutes } from './routes.ts';

export function authCapability(platform: Platform): Capability {
  return { name: 'auth', routes: () => authRoutes(platform) };
}
