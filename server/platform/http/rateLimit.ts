// A per-key request budget over a sliding window (per terminal: a runaway or spoofed phone cannot flood
// the doors). In memory: each server node limits what reaches it.
import { HttpError } from './errors.ts';

export class RateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly what = 'too many requests from this terminal',
  ) {}

  /** Counts a request for `key`; throws 429 (with when to retry) beyond the budget. */
  take(key: string, now = Date.now()) {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      const retry = Math.ceil((recent[0]! + this.windowMs - now) / 1000);
      throw new HttpError(429, 'rate_limited', `${this.what}: at most ${this.max} in ${this.windowMs / 1000} s, retry in ${retry} s`, [
        { path: 'retryAfter', message: String(retry) },
      ]);
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) for (const [k, ts] of this.hits) if (now - ts[ts.length - 1]! >= this.windowMs) this.hits.delete(k);
  }
}
