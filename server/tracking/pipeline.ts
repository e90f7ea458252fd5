// One pipeline behind both doors: validate → filter → store → live state → (coverage) → broadcast.
import { batchedLookup } from '../platform/db/batched.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { FilterConfig, LastKept, Verdict } from './filters.ts';
import type { Fix, Unplaced } from './fix.ts';
import type { LiveState, WorkerRef } from './live.ts';
import { newTrack, stepTrack, type TrackState } from './spikes.ts';
import { lastKept, refusedBefore, reverdict, storedKept, type StoredVerdict } from './store.ts';
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
  /** Each terminal's track beyond its last kept fix (spikes.ts): a fix held for the next to confirm, and since when. */
  private readonly tracks = new Map<number, Omit<TrackState, 'last'> & { device: Device; heldAt: number }>();
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

  /**
   * The last kept fixes of these terminals and their workers' places, read in two statements before the node
   * listens (DeviceDirectory.preload). What this node heard meanwhile (another node's fixes) is kept.
   */
  async preload(devices: readonly Device[]): Promise<void> {
    const workerIds = [...new Set(devices.flatMap((d) => (d.workerId === null ? [] : [d.workerId])))];
    const [last, refs] = await Promise.all([
      lastKept(
        this.db,
        devices.map((d) => d.id),
      ),
      workerRefs(this.db, workerIds),
    ]);
    for (const d of devices) if (!this.lastByDevice.has(d.id)) this.lastByDevice.set(d.id, last.get(d.id) ?? null);
    for (const r of refs) if (!this.refs.has(r.workerId)) this.refs.set(r.workerId, r);
  }

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
    const now = this.now();
    // Worked on a copy: a batch that fails to be stored leaves the terminal's track as it was.
    const { device: _d, heldAt, ...rest } = this.tracks.get(device.id) ?? { device, heldAt: 0, ...newTrack(null) };
    const track: TrackState = { ...rest, last: await this.lastOf(device.id) };
    const heardUntil = track.last?.fixTime.getTime() ?? Number.NEGATIVE_INFINITY; // the last kept fix this node knows of
    const seen = new Set<number>();
    const judged: { index: number; fix: Fix; verdict: Verdict }[] = [];
    const byTime = new Map<number, { verdict: Verdict }>();
    const drawn: Fix[] = [];
    const earlier: { fix: Fix; verdict: StoredVerdict }[] = []; // fixes of earlier batches judged again
    for (const { index, fix } of order) {
      const t = fix.fixTime.getTime();
      if (seen.has(t)) {
        result.duplicates++;
        continue;
      }
      seen.add(t);
      const step = stepTrack(track, fix, now, this.filters);
      const entry = { index, fix, verdict: step.verdict };
      judged.push(entry);
      byTime.set(t, entry);
      for (const [f, verdict] of [
        [step.spike, 'impossible_jump'],
        [step.righted, 'ok'],
      ] as const) {
        if (!f) continue;
        const mine = byTime.get(f.fixTime.getTime());
        if (mine) mine.verdict = verdict;
        else earlier.push({ fix: f, verdict });
      }
      drawn.push(...step.draw);
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
    for (const j of judged) {
      if (!stored.has(j.fix.fixTime.getTime())) {
        result.duplicates++;
        continue;
      }
      this.counts[j.verdict]++;
      if (j.verdict === 'ok') {
        result.accepted++;
      } else {
        result.rejected.push({ index: j.index, reason: j.verdict });
        result.filtered[j.verdict] = (result.filtered[j.verdict] ?? 0) + 1;
      }
    }
    this.counts.duplicate += result.duplicates;
    if (earlier.length) {
      await reverdict(this.db, device.id, earlier);
      for (const e of earlier) {
        this.counts[e.verdict]++;
        this.counts[e.verdict === 'ok' ? 'impossible_jump' : 'ok']--;
      }
    }
    const { last, ...beyond } = track;
    this.tracks.set(device.id, { ...beyond, device, heldAt: track.held && track.held !== rest.held ? Date.now() : heldAt });
    // A fix of this batch not stored was a duplicate: it was drawn when it first came. Unless this node never
    // heard of it: another node stored it and went down before telling the others, and the terminal, not
    // answered, sent it again here. It is drawn if it was stored as kept (that node's verdict, not this one's).
    const unheard = drawn.filter((f) => byTime.has(f.fixTime.getTime()) && !stored.has(f.fixTime.getTime()) && f.fixTime.getTime() > heardUntil);
    const keptElsewhere = unheard.length
      ? await storedKept(
          this.db,
          device.id,
          unheard.map((f) => f.fixTime),
        )
      : new Set<number>();
    const shown = drawn
      .filter((f) => !byTime.has(f.fixTime.getTime()) || stored.has(f.fixTime.getTime()) || keptElsewhere.has(f.fixTime.getTime()))
      .sort((a, b) => a.fixTime.getTime() - b.fixTime.getTime());
    // Answered once the hooks are done with the batch: a late day is marked stale before the terminal hears back.
    if (shown.length) await this.keep({ deviceId: device.id, ref: await this.workerRef(device), fixes: shown, remote: false }, now.getTime(), receivedAt);
    result.rejected.sort((a, b) => a.index - b.index);
    return result;
  }

  /** Fixes held longer than `confirmWithinMs` with no next fix to say otherwise are taken as they are. */
  releaseHeld(at = Date.now()): Promise<unknown> {
    const due = at - this.filters.confirmWithinMs;
    return Promise.all(
      [...this.tracks.entries()]
        .filter(([, tr]) => tr.held && tr.heldAt <= due)
        .map(([id, tr]) =>
          this.inOrder(id, async () => {
            const fix = tr.held;
            if (this.tracks.get(id) !== tr || !fix) return; // a next fix came meanwhile
            this.tracks.set(id, { ...tr, held: null, lastBegan: false });
            await this.keep({ deviceId: id, ref: await this.workerRef(tr.device), fixes: [fix], remote: false }, this.now().getTime(), tr.heldAt);
          }),
        ),
    );
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
