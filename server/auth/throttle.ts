// Login throttling that nobody can turn into a lockout of someone else (R40; issue 16 #13, #14). Failures are
// counted per username and per address; past a limit that key waits, for longer each time it happens again.
// A browser the user has logged in from before (a known browser) is not held up by its username's wait, so
// five anonymous wrong passwords no longer lock the real user out; its right password lifts the wait, and
// an administrator can lift it too. Counts live in Redis when there are several nodes, so two nodes do not
// double the limits; in memory otherwise.
import { Redis } from 'ioredis';
import type { Logger } from '../platform/log.ts';

export const LOGIN_LIMITS = {
  /** Wrong passwords for one username within the window before it must wait. */
  userFailures: 5,
  /** Wrong passwords from one address (any usernames) within the window before it must wait. */
  addressFailures: 30,
  windowMs: 15 * 60_000,
  /** The first wait; each further one within a day is twice as long, up to the most below. */
  firstWaitMs: 2 * 60_000,
  maxUserWaitMs: 15 * 60_000,
  maxAddressWaitMs: 60 * 60_000,
  /** How long a key's earlier waits are remembered, to make the next one longer. */
  memoryMs: 24 * 3_600_000,
};

/** The few counter operations the throttle needs, with expiry: in memory, or in Redis for several nodes. */
export interface CounterStore {
  /** Adds one to `key` (made with `ttlMs` to live) and gives the new count. */
  incr(key: string, ttlMs: number): Promise<number>;
  /** Sets `key` for `ms`. */
  hold(key: string, ms: number): Promise<void>;
  /** Milliseconds `key` has left; 0 when it is not set. */
  left(key: string): Promise<number>;
  del(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

export class MemoryCounters implements CounterStore {
  private readonly entries = new Map<string, { n: number; until: number }>();

  private live(key: string, now: number) {
    const e = this.entries.get(key);
    if (e && e.until <= now) this.entries.delete(key);
    return e && e.until > now ? e : undefined;
  }

  async incr(key: string, ttlMs: number) {
    const now = Date.now();
    const e = this.live(key, now) ?? { n: 0, until: now + ttlMs };
    e.n++;
    this.entries.set(key, e);
    if (this.entries.size > 50_000) for (const k of [...this.entries.keys()]) this.live(k, now);
    return e.n;
  }

  async hold(key: string, ms: number) {
    this.entries.set(key, { n: 1, until: Date.now() + ms });
  }

  async left(key: string) {
    const now = Date.now();
    const e = this.live(key, now);
    return e ? e.until - now : 0;
  }

  async del(...keys: string[]) {
    for (const k of keys) this.entries.delete(k);
  }

  async close() {}
}

/** Shared by every node through Redis; a Redis that does not answer falls back to this node's memory. */
export class RedisCounters implements CounterStore {
  private readonly redis: Redis;
  private readonly local = new MemoryCounters();
  /** Settles once Redis first answers (until then this node counts alone). */
  readonly ready: Promise<void>;

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 1000 });
    this.redis.on('error', () => undefined); // reported where an operation falls back
    this.ready = new Promise((resolve) => this.redis.once('ready', () => resolve()));
  }

  private async either<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      return await shared();
    } catch (err) {
      this.log.warn({ err: String(err) }, 'login throttle: Redis unavailable, counting on this node');
      return local();
    }
  }

  incr(key: string, ttlMs: number) {
    return this.either(
      async () => {
        const r = await this.redis.multi().incr(key).pexpire(key, ttlMs, 'NX').exec();
        return Number(r![0]![1]);
      },
      () => this.local.incr(key, ttlMs),
    );
  }

  hold(key: string, ms: number) {
    return this.either(
      async () => void (await this.redis.set(key, '1', 'PX', ms)),
      () => this.local.hold(key, ms),
    );
  }

  left(key: string) {
    return this.either(
      async () => Math.max(0, await this.redis.pttl(key)),
      () => this.local.left(key),
    );
  }

  del(...keys: string[]) {
    return this.either(
      async () => void (await this.redis.del(...keys)),
      () => this.local.del(...keys),
    );
  }

  async close() {
    this.redis.disconnect();
  }
}

const key = (kind: string, who: string) => `gp:login:${kind}:${encodeURIComponent(who)}`;

export class LoginThrottle {
  constructor(private readonly store: CounterStore) {}

  /** Milliseconds before this attempt may be tried; a known browser does not wait for its username. */
  async wait(a: { username: string; address: string; knownBrowser: boolean }): Promise<number> {
    const [user, address] = await Promise.all([
      a.knownBrowser ? 0 : this.store.left(key('wait:user', a.username)),
      this.store.left(key('wait:addr', a.address)),
    ]);
    return Math.max(user, address);
  }

  /** Counts a wrong password against both the username and the address; says which now wait, and how long. */
  async failed(a: { username: string; address: string }): Promise<{ user: number; address: number }> {
    const [users, addresses] = await Promise.all([
      this.store.incr(key('fail:user', a.username), LOGIN_LIMITS.windowMs),
      this.store.incr(key('fail:addr', a.address), LOGIN_LIMITS.windowMs),
    ]);
    return {
      user: users >= LOGIN_LIMITS.userFailures ? await this.makeWait('user', a.username, LOGIN_LIMITS.maxUserWaitMs) : 0,
      address: addresses >= LOGIN_LIMITS.addressFailures ? await this.makeWait('addr', a.address, LOGIN_LIMITS.maxAddressWaitMs) : 0,
    };
  }

  private async makeWait(kind: 'user' | 'addr', who: string, maxMs: number): Promise<number> {
    const times = await this.store.incr(key(`waits:${kind}`, who), LOGIN_LIMITS.memoryMs);
    const ms = Math.min(LOGIN_LIMITS.firstWaitMs * 2 ** (times - 1), maxMs);
    await this.store.hold(key(`wait:${kind}`, who), ms);
    await this.store.del(key(`fail:${kind}`, who));
    return ms;
  }

  /** The right password: the username's failures and wait are forgotten (its address's are not). */
  async succeeded(username: string) {
    await this.store.del(key('fail:user', username), key('wait:user', username));
  }

  /** An administrator lifts a username's wait, and forgets its earlier ones. */
  async lift(username: string) {
    await this.store.del(key('fail:user', username), key('wait:user', username), key('waits:user', username));
  }

  close() {
    return this.store.close();
  }
}
