// One pipeline behind both doors: validate → filter → store → live state → (coverage) → broadcast.
import { batchedLookup } from '../platform/db/batched.ts';
import type { Queryable } from '../platform/db/index.ts';
import { judgeFix, type FilterConfig, type LastKept, type Verdict } from './filters.ts';
import type { Fix, Unplaced } from './fix.ts';
import type { LiveState, WorkerRef } from './live.ts';
import { lastKept, refusedBefore, type StoredVerdict } from './store.ts';
import type { PositionWriter } from './writer.ts';

/** Fixes of one terminal that passed the filters and were stored: here, or on another node (`remote`). */
export interface KeptBatch {
  deviceId: number;
  ref: WorkerRef | null;
  fixes: Fix[];
  remote: boolean;
}

export interface Device {
  id: number;
  uniqueId: string;
  workerId: number | null;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; reason: string }[];
  /** Fixes stored but not kept, by verdict: for the data-quality figures. */
  filtered: Partial<Record<Verdict, number>>;
}

/** A fix as a door received it: parsed, or refused at parsing with a reason. */
export type Incoming = Fix | { error: string };

/** Workers' squads and grids (R4), as the live picture places them. */
export function workerRefs(q: Queryable, workerIds: number[]): Promise<WorkerRef[]> {
  return q.query<WorkerRef>(
    `SELECT w.id AS "workerId", w.squad_id AS "squadId", g.id AS "gridId" FROM workers w LEFT JOIN grids g ON g.worker_id = w.id WHERE w.id = ANY($1::int[])`,
    [workerIds],
  );
}

export class Pipeline {
  // Fixes of one device are judged in order against its last kept fix: one batch at a time per device.
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly lastByDevice = new Map<number, LastKept | null>();
  private readonly refs = new Map<number, WorkerRef | null>();
  private readonly keptHooks: ((batch: KeptBatch) => void | Promise<void>)[] = [];
  // Terminals and workers not yet seen, asking at the same moment (a city's phones after a restart): one
  // statement for all of them.
  private readonly readLastKept = batchedLookup((ids: readonly number[]) => lastKept(this.db, ids));
  private readonly readRef = batchedLookup(async (ids: readonly number[]) => new Map((await workerRefs(this.db, [...ids])).map((r) => [r.workerId, r])));
  readonly counts: Record<StoredVerdict | 'duplicate' | 'malformed', number> = {
    ok: 0,
    invalid_coordinates: 0,
    outside_area: 0,
    future: 0,
    too_old: 0,
    poor_accuracy: 0,
    impossible_jump: 0,
    stationary: 0,
    no_position: 0,
    unreadable: 0,
    duplicate: 0,
    malformed: 0,
  };

  constructor(
    private readonly db: Queryable,
    private readonly filters: FilterConfig,
    private readonly live: LiveState,
    private readonly writer: PositionWriter,
    private readonly now: () => Date = () => new Date(),
  ) {}

  ingest(device: Device, incoming: Incoming[]): Promise<IngestResult> {
    const receivedAt = Date.now();
    return this.inOrder(device.id, () => this.run(device, incoming, receivedAt));
  }

  /**
   * Records reports with no usable position (a heartbeat, an unreadable fix) at the terminal's last kept
   * place, with their verdict: kept for the record, never drawn nor counted. Returns how many were new.
   */
  record(device: Device, reports: Unplaced[]): Promise<number> {
    return this.inOrder(device.id, async () => {
      const last = await this.lastOf(device.id);
      const now = this.now();
      const judged = reports.map((u) => ({
        verdict: u.verdict,
        fix: {
          fixTime: u.fixTime ?? now,
          lat: last?.lat ?? 0,
          lon: last?.lon ?? 0,
          accuracy: null,
          speed: null,
          heading: null,
          altitude: null,
          battery: u.battery,
          attributes: u.reason ? { ...u.attributes, reason: u.reason } : u.attributes,
        },
      }));
      const stored = await this.store(device, judged);
      for (const j of judged) if (stored.has(j.fix.fixTime.getTime())) this.counts[j.verdict]++;
      this.counts.duplicate += judged.length - stored.size;
      return stored.size;
    });
  }

  /** Work on one terminal's fixes runs one job at a time, in the order it came. */
  private inOrder<T>(deviceId: number, job: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(deviceId) ?? Promise.resolve();
    const run = prev.then(job);
    const tail = run.catch(() => undefined);
    this.queues.set(deviceId, tail);
    void tail.then(() => {
      if (this.queues.get(deviceId) === tail) this.queues.delete(deviceId);
    });
    return run;
  }

  /** Stores a terminal's judged fixes with the other terminals' of the same round; the fix times stored. */
  private store(device: Device, judged: { fix: Fix; verdict: StoredVerdict }[]): Promise<Set<number>> {
    return this.writer.append(judged.map((j) => ({ deviceId: device.id, workerId: device.workerId, fix: j.fix, verdict: j.verdict })));
  }

  private async lastOf(deviceId: number): Promise<LastKept | null> {
    if (!this.lastByDevice.has(deviceId)) this.lastByDevice.set(deviceId, await this.readLastKept(deviceId));
    return this.lastByDevice.get(deviceId) ?? null;
  }

  private async run(device: Device, incoming: Incoming[], receivedAt: number): Promise<IngestResult> {
    const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [], filtered: {} };
    const order: { index: number; fix: Fix }[] = [];
    for (const [index, f] of incoming.entries()) {
      if ('error' in f) result.rejected.push({ index, reason: f.error });
      else order.push({ index, fix: f });
    }
    this.counts.malformed += result.rejected.length;
    // Judged in time order so a batch of buffered fixes is filtered as if it had come one by one.
    order.sort((a, b) => a.fix.fixTime.getTime() - b.fix.fixTime.getTime());
    let last = await this.lastOf(device.id);
    const now = this.now();
    const seen = new Set<number>();
    const judged: { index: number; fix: Fix; verdict: Verdict }[] = [];
    for (const { index, fix } of order) {
      const t = fix.fixTime.getTime();
      if (seen.has(t)) {
        result.duplicates++;
        continue;
      }
      seen.add(t);
      const verdict = judgeFix(fix, last, now, this.filters);
      if (verdict === 'ok' && (!last || t > last.fixTime.getTime())) last = { lat: fix.lat, lon: fix.lon, fixTime: fix.fixTime };
      judged.push({ index, fix, verdict });
    }
    // Only a fix too old to keep can be one that retention deleted: those alone are looked up.
    const old = judged.filter((j) => j.verdict === 'too_old');
    const gone = old.length
      ? await refusedBefore(
          this.db,
          device.id,
          old.map((j) => j.fix.fixTime),
        )
      : new Set<number>();
    const fresh = gone.size ? judged.filter((j) => !gone.has(j.fix.fixTime.getTime())) : judged;
    const stored = await this.store(device, fresh);
    const kept: Fix[] = [];
    for (const j of judged) {
      if (!stored.has(j.fix.fixTime.getTime())) {
        result.duplicates++;
        continue;
      }
      this.counts[j.verdict]++;
      if (j.verdict === 'ok') {
        result.accepted++;
        kept.push(j.fix);
      } else {
        result.rejected.push({ index: j.index, reason: j.verdict });
        result.filtered[j.verdict] = (result.filtered[j.verdict] ?? 0) + 1;
      }
    }
    this.counts.duplicate += result.duplicates;
    // Answered once the hooks are done with the batch: a late day is marked stale before the terminal hears back.
    if (kept.length) await this.keep({ deviceId: device.id, ref: await this.workerRef(device), fixes: kept, remote: false }, now.getTime(), receivedAt);
    result.rejected.sort((a, b) => a.index - b.index);
    return result;
  }

  /** Kept fixes of a terminal in time order: the last kept fix moves on, the live picture and the hooks see them. */
  private async keep(batch: KeptBatch, now: number, receivedAt: number): Promise<void> {
    const newest = batch.fixes[batch.fixes.length - 1]!;
    const before = this.lastByDevice.get(batch.deviceId);
    if (!before || newest.fixTime > before.fixTime) this.lastByDevice.set(batch.deviceId, { lat: newest.lat, lon: newest.lon, fixTime: newest.fixTime });
    if (batch.ref) this.live.apply(batch.ref, batch.fixes, now, receivedAt);
    await Promise.all(this.keptHooks.map((hook) => hook(batch)));
  }

  /** Fixes another node stored: this node's picture takes them as if they were its own. */
  applyRemote(batch: Omit<KeptBatch, 'remote'>) {
    if (batch.fixes.length) void this.keep({ ...batch, remote: true }, this.now().getTime(), Date.now());
  }

  private async workerRef(device: Device): Promise<WorkerRef | null> {
    if (device.workerId === null) return null;
    if (!this.refs.has(device.workerId)) this.refs.set(device.workerId, await this.readRef(device.workerId));
    return this.refs.get(device.workerId)!;
  }

  /** Workers' squads and grids are read again at their next fix (a grid was handed over, redrawn). */
  forgetWorkers() {
    this.refs.clear();
  }

  /** Called with each batch of kept fixes of a terminal, in time order: coverage, and the other nodes. */
  onKept(hook: (batch: KeptBatch) => void | Promise<void>) {
    this.keptHooks.push(hook);
  }
}
