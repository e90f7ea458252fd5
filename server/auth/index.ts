// The auth capability: accounts, sessions and logins, and the login throttle (shared through Redis when
// there are several nodes).
import type { Capability, Platform } from '../platform/capability.ts';
import { authRoutes } from './routes.ts';
import { LoginThrottle, MemoryCounters, RedisCounters } from './throttle.ts';

export function authCapability(platform: Platform): Capability {
  const { REDIS_URL } = platform.config;
  const throttle = new LoginThrottle(REDIS_URL ? new RedisCounters(REDIS_URL, platform.log) : new MemoryCounters());
  return { name: 'auth', routes: () => authRoutes(platform, throttle), close: () => throttle.close() };
}
