// The server's live state: each worker's latest kept fix, status and recent trail, and the changes not
// yet broadcast. Bounded: one entry per worker, trails cut to TRAIL_MS.
import type { LiveSnapshot, LiveWorker, LiveWorkerUpdate, TrailPoint, WorkerStatus } from '../../shared/tracking/live.ts';
import { LIVE_STATUS, TRAIL_MS } from '../../shared/tracking/rules.ts';
import { covers, type Scope } from '../auth/scope.ts';
import type { Fix } from './fix.ts';
import { Trail } from './trail.ts';

export interface LiveConfig {
  offlineMs: number;
  idleMs: number;
  lowBattery: number;
}

export interface WorkerRef {
  workerId: number;
  squadId: number;
  gridId: number | null;
}

interface Entry extends Omit<LiveWorker, 'trail'> {
  trail: Trail;
  /** When this worker last moved more than a few metres: for patrolling vs idle. */
  movedAt: number;
}

export class LiveState {
  private readonly entries = new Map<number, Entry>();
  private readonly pending = new Map<number, TrailPoint[]>();
  /** When the oldest pending change of each worker reached the server: for receipt-to-broadcast latency. */
  private readonly pendingSince = new Map<number, number>();

  constructor(private readonly cfg: LiveConfig = LIVE_STATUS) {}

  /** Kept fixes of one worker, oldest first. */
  apply(ref: WorkerRef, fixes: Fix[], now: number, receivedAt = now): void {
    let e = this.entries.get(ref.workerId);
    for (const f of fixes) {
      const t = f.fixTime.getTime();
      if (e && t <= e.fixTime) continue; // late fixes go to the store and tracks, not the live picture
      const moved = !e || Math.abs(e.lon - f.lon) + Math.abs(e.lat - f.lat) > 0.00005 || (f.speed ?? 0) > 0.5;
      const base = e ?? { ...ref, trail: new Trail(), movedAt: t };
      e = {
        ...base,
        ...ref,
        lon: f.lon,
        lat: f.lat,
        fixTime: t,
        speed: f.speed,
        heading: f.heading,
        battery: f.battery,
        movedAt: moved ? t : base.movedAt,
        status: 'idle',
      };
      e.trail.push(f.lon, f.lat, t);
      const pts = this.pending.get(ref.workerId) ?? [];
      pts.push([f.lon, f.lat, t]);
      this.pending.set(ref.workerId, pts);
      if (!this.pendingSince.has(ref.workerId)) this.pendingSince.set(ref.workerId, receivedAt);
    }
    if (e) {
      e.status = this.statusOf(e, now);
      this.entries.set(ref.workerId, e);
    }
  }

  private statusOf(e: Entry, now: number): WorkerStatus {
    if (now - e.fixTime > this.cfg.offlineMs) return 'offline';
    if (e.battery !== null && e.battery < this.cfg.lowBattery) return 'low_battery';
    return now - e.movedAt > this.cfg.idleMs ? 'idle' : 'patrolling';
  }

  /** The workers the live picture holds. */
  workerIds(): number[] {
    return [...this.entries.keys()];
  }

  /** Workers placed anew (a handover, a transfer): their squad and grid change now, not with their next fix. */
  place(refs: WorkerRef[]): void {
    for (const r of refs) {
      const e = this.entries.get(r.workerId);
      if (!e || (e.squadId === r.squadId && e.gridId === r.gridId)) continue;
      e.squadId = r.squadId;
      e.gridId = r.gridId;
      if (!this.pending.has(e.workerId)) this.pending.set(e.workerId, []);
    }
  }

  /** Re-judges statuses as time passes (a silent terminal goes offline) and cuts old trail points. */
  sweep(now: number): void {
    for (const e of this.entries.values()) {
      const status = this.statusOf(e, now);
      if (status !== e.status) {
        e.status = status;
        if (!this.pending.has(e.workerId)) this.pending.set(e.workerId, []);
      }
      e.trail.cutBefore(now - TRAIL_MS);
    }
  }

  /** The changes since the last call, and when the oldest of them was received; then forgets them. */
  takeChanges(): { updates: LiveWorkerUpdate[]; receivedAt: number[] } {
    const updates: LiveWorkerUpdate[] = [];
    const receivedAt: number[] = [];
    for (const [id, points] of this.pending) {
      const { trail: _trail, movedAt: _moved, ...state } = this.entries.get(id)!;
      updates.push({ ...state, points });
      const since = this.pendingSince.get(id);
      if (since !== undefined) receivedAt.push(since);
    }
    this.pending.clear();
    this.pendingSince.clear();
    return { updates, receivedAt };
  }

  workers(scope: Scope): LiveWorker[] {
    return [...this.entries.values()].filter((e) => covers(scope, e)).map(({ movedAt: _m, ...w }) => ({ ...w, trail: w.trail.points() }));
  }

  snapshot(scope: Scope, seq: number, at: number): LiveSnapshot {
    return { seq, at, workers: this.workers(scope) };
  }
}
