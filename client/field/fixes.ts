// The fixes the app takes while it is open (browser geolocation), waiting to go through the worker's
// terminal door (POST /field/positions, R15: the track is the patrol's record). Pure, for the unit tests: a
// batch that could not go comes back to the front of the buffer, nothing is lost; when the server said
// when to come back (a 429 of the door's budget, with Retry-After), nothing is sent before then.

export interface AppFix {
  deviceTime: string;
  lat: number;
  lon: number;
  accuracy: number;
  speed?: number;
  heading?: number;
}

/** How many fixes are kept while they cannot be sent (the oldest go first beyond: hours of walking). */
export const KEEP_FIXES = 1_000;

export class FixBuffer {
  private fixes: AppFix[] = [];
  /** Not to send before this time (ms since the epoch). */
  notBefore = 0;

  push(fix: AppFix) {
    this.fixes = [...this.fixes, fix].slice(-KEEP_FIXES);
  }

  get size() {
    return this.fixes.length;
  }

  /** The batch to send now, taken out of the buffer; null when there is none or the server asked to wait. */
  take(now: number): AppFix[] | null {
    if (!this.fixes.length || now < this.notBefore) return null;
    const batch = this.fixes;
    this.fixes = [];
    return batch;
  }

  /** A batch that did not arrive, back in front of what came meanwhile; `waitMs` from the server's Retry-After. */
  giveBack(batch: AppFix[], now: number, waitMs: number | null = null) {
    this.fixes = [...batch, ...this.fixes].slice(-KEEP_FIXES);
    if (waitMs !== null) this.notBefore = now + waitMs;
  }
}

/** The wait a refusal asked for, in ms: its Retry-After, or the JSON details' `retryAfter` (seconds). */
export function waitOf(details: unknown, header: string | null = null): number | null {
  if (header && /^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const d = Array.isArray(details) ? (details as { path?: string; message?: string }[]).find((x) => x.path === 'retryAfter') : undefined;
  const s = Number(d?.message);
  return d && Number.isFinite(s) ? s * 1_000 : null;
}
