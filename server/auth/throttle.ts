// Login throttling: after `limit` failed logins for one username (or from one address) within `windowMs`,
// further attempts are refused for `lockMs`, the right password included — a guessing script stalls.

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly lockMs = 15 * 60_000,
  ) {}

  /** Milliseconds until these keys may try again; 0 when they may. */
  retryAfter(keys: string[], now = Date.now()): number {
    return Math.max(0, ...keys.map((k) => (this.lockedUntil.get(k) ?? 0) - now));
  }

  /** Counts a failure against each key; returns true when that locked one of them. */
  fail(keys: string[], now = Date.now()): boolean {
    let locked = false;
    for (const k of keys) {
      const recent = (this.failures.get(k) ?? []).filter((t) => now - t < this.windowMs);
      recent.push(now);
      this.failures.set(k, recent);
      if (recent.length >= this.limit) {
        this.lockedUntil.set(k, now + this.lockMs);
        this.failures.delete(k);
        locked = true;
      }
    }
    if (this.failures.size > 10_000) for (const [k, ts] of this.failures) if (now - ts[ts.length - 1]! > this.windowMs) this.failures.delete(k);
    return locked;
  }

  succeed(keys: string[]) {
    for (const k of keys) this.failures.delete(k);
  }
}
