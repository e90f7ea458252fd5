// The workers' live feed over the scope rooms: a snapshot when a socket joins, then compact deltas batched
// every LIVE_FLUSH_MS, each with a sequence number. 100 ms: a wall sees a fix within a quarter second of its
// phone sending it, the database's write included (issue 20 #3), yet gets at most ten messages a second and
// redraws at its own pace. A client that reconnects says the last number it applied and gets what it missed
// from a bounded ring of recent deltas, or a fresh snapshot when that is gone.
import type { Socket } from 'socket.io';
import type { LiveDelta } from '../../shared/tracking/live.ts';
import { covers, type Scope, wholeTown } from '../auth/scope.ts';
import type { Rooms } from '../platform/capability.ts';
import type { LiveState } from './live.ts';

const RING = 3000; // five minutes of deltas at 100 ms
/**
 * And at most this many workers' updates in all: past it, a snapshot is smaller than the deltas missed. A
 * town's 137 workers fill five minutes with a few thousand; a city's 10,000 phones every 5 s send 2,000 a
 * second, and five minutes of them held 600,000 updates (issue 20: most of the server's heap, bench:memory).
 */
export const RING_UPDATES = 20_000;
/** How often the workers' statuses are judged again and their trails cut. */
export const SWEEP_MS = 1000;

export class LiveFeed {
  /** Starts from the clock so numbers keep rising across a server restart. */
  seq = Date.now();
  private readonly ring: LiveDelta[] = [];
  private ringUpdates = 0;
  private sweptAt = Number.NEGATIVE_INFINITY;
  /** From a fix reaching the server to its delta going out. */
  readonly latency = new LatencySamples(20_000);

  constructor(
    private readonly live: LiveState,
    private readonly rooms: Rooms,
    /** Sequence numbers are this node's own: a client coming from another node gets a snapshot. */
    readonly nodeId = 'node',
  ) {}

  /** A socket joined its scope's room: what it missed since the number it says, or a snapshot. */
  welcome(socket: Socket, scope: Scope) {
    const since = Number(socket.handshake.auth?.since);
    const first = this.ring[0];
    if (socket.handshake.auth?.node === this.nodeId && Number.isSafeInteger(since) && since <= this.seq && first && since >= first.seq - 1) {
      for (const d of this.ring) if (d.seq > since) socket.emit('live:delta', this.filter(d, scope));
      socket.emit('live:resumed', { seq: this.seq });
    } else {
      socket.emit('live:snapshot', this.snapshot(scope));
    }
  }

  private filter(d: LiveDelta, scope: Scope): LiveDelta {
    return wholeTown(scope) ? d : { ...d, workers: d.workers.filter((w) => covers(scope, w)) };
  }

  /** Sends what changed since the last flush, if anything did. */
  flush(now = Date.now()) {
    // Statuses turn over minutes (LIVE_STATUS) and trails age by fixes 5 s apart: a sweep of every worker a
    // second is enough, where a city's 10,000 each flush cost more than the delta itself.
    if (now - this.sweptAt >= SWEEP_MS || now < this.sweptAt) {
      this.live.sweep(now);
      this.sweptAt = now;
    }
    const { updates: workers, receivedAt } = this.live.takeChanges();
    if (!workers.length) return;
    const sent = Date.now();
    for (const r of receivedAt) this.latency.add(sent, sent - r);
    const delta: LiveDelta = { seq: ++this.seq, at: now, workers };
    this.ring.push(delta);
    this.ringUpdates += workers.length;
    while (this.ring.length > RING || (this.ring.length > 1 && this.ringUpdates > RING_UPDATES)) this.ringUpdates -= this.ring.shift()!.workers.length;
    this.rooms.publish('live:delta', (scope) => {
      const part = this.filter(delta, scope);
      return part.workers.length ? part : null;
    });
  }

  snapshot(scope: Scope) {
    return { node: this.nodeId, ...this.live.snapshot(scope, this.seq, Date.now()) };
  }
}

/** A bounded ring of [when, ms] samples with percentiles over a recent window. */
export class LatencySamples {
  private readonly at: Float64Array;
  private readonly ms: Float64Array;
  private n = 0;

  constructor(private readonly size: number) {
    this.at = new Float64Array(size);
    this.ms = new Float64Array(size);
  }

  add(at: number, ms: number) {
    this.at[this.n % this.size] = at;
    this.ms[this.n % this.size] = ms;
    this.n++;
  }

  summary(since = 0): { samples: number; p50: number | null; p99: number | null; max: number | null } {
    const xs: number[] = [];
    for (let i = Math.max(0, this.n - this.size); i < this.n; i++) if (this.at[i % this.size]! >= since) xs.push(this.ms[i % this.size]!);
    xs.sort((a, b) => a - b);
    const q = (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : null);
    return { samples: xs.length, p50: q(0.5), p99: q(0.99), max: xs.length ? xs[xs.length - 1]! : null };
  }
}
