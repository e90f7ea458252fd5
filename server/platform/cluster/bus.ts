// Several server nodes on one PostgreSQL (issue #9). Every node keeps the whole town's live picture and
// coverage in memory, so a wall on any node sees everything and every node answers the same: the node that
// stores a fix publishes it on a Redis stream and the others apply it as their own; incident changes travel
// the same way. A stream rather than pub/sub: a node that lost Redis for a while reads on from where it
// stopped, and what a node publishes while Redis is away waits in a bounded outbox. When events may have been
// lost (Redis restarted with the stream in memory, or the outbox overflowed) every node rebuilds its coverage
// from the database, which holds every stored fix.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { IncidentSummary } from '../../../shared/incidents/machine.ts';
import type { WorkerRef } from '../../tracking/live.ts';

/** A kept fix on the wire: what the live picture and coverage need of it. */
export type WireFix = [t: number, lon: number, lat: number, speed: number | null, heading: number | null, battery: number | null];

export type ClusterEvent =
  | { k: 'fixes'; deviceId: number; ref: WorkerRef | null; fixes: WireFix[] }
  | { k: 'incident'; event: string; incident: IncidentSummary }
  /** The town's layers or staffing changed on that node: read them again. */
  | { k: 'town' }
  /** A terminal was rotated or revoked on that node: forget the terminals kept. */
  | { k: 'devices' }
  /** Someone's events were lost: rebuild from the database. */
  | { k: 'resync' };

export interface ClusterHandlers {
  apply(e: ClusterEvent): void;
  resync(): Promise<void>;
}

export interface BusOptions {
  /** Events kept while Redis is unreachable; beyond that the oldest are dropped and everyone resyncs. */
  maxOutbox?: number;
  /** Entries the stream keeps (approximately): minutes of a city's traffic. */
  streamMaxLen?: number;
  /** BUS_GATHER_MS unless set. */
  gatherMs?: number;
  prefix?: string;
  log?: { warn(o: object, m: string): void; info(o: object, m: string): void };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Events of one stream entry at most. */
const ENTRY_EVENTS = 500;
/**
 * How long events gather before they are written (and answered). Written as soon as each turn of the event
 * loop had some, a node at a city's rate (1,000 phone requests/s) wrote about 240 entries a second, each
 * waking an XREAD on every other node: those small writes to Redis were 6.7 % of a node's CPU (issue 20 #7).
 */
export const BUS_GATHER_MS = 5;

export class ClusterBus {
  readonly nodeId: string;
  private readonly writer: Redis;
  private readonly reader: Redis;
  private readonly stream: string;
  private readonly epochKey: string;
  private outbox: ClusterEvent[] = [];
  /** Publishers waiting for their event to be on the stream. */
  private readonly onStream = new Map<ClusterEvent, () => void>();
  private lost = false;
  private flushing = false;
  private closed = false;
  private stopped = false;
  private resyncDue = false;
  private epoch: string | null = null;
  private lastId = '0-0';
  private reading: Promise<void> | null = null;
  /** Published, applied from others, and rebuilds: for the health figures and the fault scripts. */
  readonly counts = { published: 0, applied: 0, resyncs: 0, dropped: 0 };

  constructor(
    url: string,
    nodeId: string,
    private readonly opts: BusOptions = {},
  ) {
    this.nodeId = nodeId;
    const prefix = opts.prefix ?? 'gp';
    this.stream = `${prefix}:events`;
    this.epochKey = `${prefix}:epoch`;
    const retry = () => 500;
    // Writes fail at once while Redis is away (the outbox holds them); the reader blocks on XREAD.
    // A write that takes longer than a second fails, so that terminals are not kept waiting on a stalled Redis.
    this.writer = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: retry, commandTimeout: 1000 });
    this.reader = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: retry });
    for (const c of [this.writer, this.reader]) c.on('error', () => undefined); // reconnects by itself; outages are logged below
    this.writer.on('ready', () => void this.flush());
    this.writer.on('close', () => this.release());
  }

  /** Connects and starts applying other nodes' events from now on. Call before rebuilding from the database. */
  async start(handlers: ClusterHandlers) {
    await Promise.all([this.writer.connect(), this.reader.connect()]);
    this.epoch = await this.currentEpoch();
    const [last] = (await this.writer.xrevrange(this.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    this.lastId = last?.[0] ?? '0-0';
    this.reading = this.readLoop(handlers);
  }

  /**
   * Resolves once the event is on the stream, so that a terminal is answered only once the other nodes can
   * have its fix: a node killed after answering would otherwise take the fix out of their live pictures
   * (issue 20, the fault scripts at a city's rate). At once when Redis is away or the write fails: the
   * terminal is not kept waiting on Redis, the outbox keeps the event, and the database has the fix.
   */
  publish(e: ClusterEvent): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.outbox.push(e);
    const max = this.opts.maxOutbox ?? 100_000;
    if (this.outbox.length > max) {
      this.counts.dropped += this.outbox.length - max;
      this.written(this.outbox.splice(0, this.outbox.length - max));
      this.lost = true;
    }
    if (this.outbox.length === 1) setTimeout(() => void this.flush(), this.opts.gatherMs ?? BUS_GATHER_MS);
    if (this.writer.status !== 'ready') return Promise.resolve();
    return new Promise((resolve) => this.onStream.set(e, resolve));
  }

  /** Redis is away: nobody waits for it, the outbox keeps the events. */
  private release() {
    for (const resolve of this.onStream.values()) resolve();
    this.onStream.clear();
  }

  /** These events left the outbox (written, or dropped): whoever waits on them goes on. */
  private written(events: ClusterEvent[]) {
    if (!this.onStream.size) return;
    for (const e of events) {
      this.onStream.get(e)?.();
      this.onStream.delete(e);
    }
  }

  /** Events are written in order, many to a stream entry. */
  private async flush() {
    if (this.flushing) return;
    if (this.closed || this.writer.status !== 'ready') return this.release();
    this.flushing = true;
    let again = 200; // after a failed write: Redis is coming back
    try {
      if (this.lost) {
        this.outbox.unshift({ k: 'resync' });
        this.lost = false;
      }
      while (this.outbox.length) {
        const batch = this.outbox.slice(0, ENTRY_EVENTS);
        await this.writer.xadd(this.stream, 'MAXLEN', '~', String(this.opts.streamMaxLen ?? 50_000), '*', 'n', this.nodeId, 'e', JSON.stringify(batch));
        this.written(this.outbox.splice(0, batch.length));
        this.counts.published += batch.length;
        // What came meanwhile gathers too, unless it fills an entry already.
        if (this.outbox.length < ENTRY_EVENTS) {
          again = this.opts.gatherMs ?? BUS_GATHER_MS;
          break;
        }
      }
    } catch (err) {
      this.opts.log?.warn({ err: String(err), waiting: this.outbox.length }, 'cluster: Redis unreachable, events wait in the outbox');
      this.release();
    } finally {
      this.flushing = false;
    }
    if (this.outbox.length && this.writer.status === 'ready' && !this.closed) setTimeout(() => void this.flush(), again);
  }

  private async currentEpoch(): Promise<string> {
    await this.writer.set(this.epochKey, randomUUID(), 'NX');
    return (await this.writer.get(this.epochKey))!;
  }

  private async readLoop(handlers: ClusterHandlers) {
    let broken = false;
    while (!this.stopped) {
      try {
        if (this.resyncDue) {
          await handlers.resync();
          this.resyncDue = false;
          this.counts.resyncs++;
        }
        if (broken) {
          // Back after an outage: if Redis itself restarted, its stream (and what others wrote) is gone.
          const epoch = await this.currentEpoch();
          broken = false;
          if (epoch !== this.epoch) {
            this.epoch = epoch;
            this.opts.log?.info({ node: this.nodeId }, 'cluster: Redis was restarted, rebuilding from the database');
            this.resyncDue = true;
            continue;
          }
        }
        const res = (await this.reader.xread('COUNT', 200, 'BLOCK', 1000, 'STREAMS', this.stream, this.lastId)) as [string, [string, string[]][]][] | null;
        for (const [, entries] of res ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            if (fields[1] === this.nodeId) continue;
            for (const e of JSON.parse(fields[3]!) as ClusterEvent[]) {
              if (e.k === 'resync') this.resyncDue = true;
              else {
                handlers.apply(e);
                this.counts.applied++;
              }
            }
          }
        }
      } catch (err) {
        if (this.stopped) break;
        if (!broken) this.opts.log?.warn({ err: String(err) }, 'cluster: lost Redis or the database, retrying');
        broken = true;
        await sleep(500);
      }
    }
  }

  async close() {
    this.stopped = true;
    this.reader.disconnect();
    await this.reading?.catch(() => undefined);
    // What is still in the outbox is written if Redis is there; the database has the fixes either way.
    if (this.outbox.length && this.writer.status === 'ready') await Promise.race([this.flush(), sleep(1000)]);
    this.closed = true;
    this.release();
    this.writer.disconnect();
  }
}
