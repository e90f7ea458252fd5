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
  prefix?: string;
  log?: { warn(o: object, m: string): void; info(o: object, m: string): void };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ClusterBus {
  readonly nodeId: string;
  private readonly writer: Redis;
  private readonly reader: Redis;
  private readonly stream: string;
  private readonly epochKey: string;
  private outbox: ClusterEvent[] = [];
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
    this.writer = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: retry });
    this.reader = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: retry });
    for (const c of [this.writer, this.reader]) c.on('error', () => undefined); // reconnects by itself; outages are logged below
    this.writer.on('ready', () => void this.flush());
  }

  /** Connects and starts applying other nodes' events from now on. Call before rebuilding from the database. */
  async start(handlers: ClusterHandlers) {
    await Promise.all([this.writer.connect(), this.reader.connect()]);
    this.epoch = await this.currentEpoch();
    const [last] = (await this.writer.xrevrange(this.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    this.lastId = last?.[0] ?? '0-0';
    this.reading = this.readLoop(handlers);
  }

  publish(e: ClusterEvent) {
    if (this.closed) return;
    this.outbox.push(e);
    const max = this.opts.maxOutbox ?? 100_000;
    if (this.outbox.length > max) {
      this.counts.dropped += this.outbox.length - max;
      this.outbox.splice(0, this.outbox.length - max);
      this.lost = true;
    }
    if (this.outbox.length === 1) setImmediate(() => void this.flush());
  }

  /** Events are written in order, many to a stream entry. */
  private async flush() {
    if (this.flushing || this.closed || this.writer.status !== 'ready') return;
    this.flushing = true;
    try {
      if (this.lost) {
        this.outbox.unshift({ k: 'resync' });
        this.lost = false;
      }
      while (this.outbox.length) {
        const batch = this.outbox.slice(0, 500);
        await this.writer.xadd(this.stream, 'MAXLEN', '~', String(this.opts.streamMaxLen ?? 50_000), '*', 'n', this.nodeId, 'e', JSON.stringify(batch));
        this.outbox.splice(0, batch.length);
        this.counts.published += batch.length;
      }
    } catch (err) {
      this.opts.log?.warn({ err: String(err), waiting: this.outbox.length }, 'cluster: Redis unreachable, events wait in the outbox');
    } finally {
      this.flushing = false;
    }
    if (this.outbox.length && this.writer.status === 'ready' && !this.closed) setTimeout(() => void this.flush(), 200);
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
    this.writer.disconnect();
  }
}
