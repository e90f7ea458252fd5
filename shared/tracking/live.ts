// The live picture of workers as the server pushes it over socket.io, and how a client keeps it: a
// snapshot on connect, then deltas with sequence numbers. Shared so the wall and the tests apply
// messages with the very same code.
import { TRAIL_MS } from './rules.ts';

export type TrailPoint = [lon: number, lat: number, t: number];
export type WorkerStatus = 'patrolling' | 'idle' | 'offline' | 'low_battery';

export interface LiveWorker {
  workerId: number;
  squadId: number;
  gridId: number | null;
  lon: number;
  lat: number;
  fixTime: number;
  speed: number | null;
  heading: number | null;
  battery: number | null;
  status: WorkerStatus;
  /** Kept fixes of the last TRAIL_MS, oldest first. */
  trail: TrailPoint[];
}

/** A worker's change in a delta: the new state, and only the trail points added since the last delta. */
export type LiveWorkerUpdate = Omit<LiveWorker, 'trail'> & { points: TrailPoint[] };

export interface LiveSnapshot {
  /** The server node that numbers the deltas: a client resumes by number only on the same node. */
  node?: string;
  seq: number;
  at: number;
  workers: LiveWorker[];
}

export interface LiveDelta {
  seq: number;
  at: number;
  workers: LiveWorkerUpdate[];
}

/**
 * How often a page redraws the live workers: every delta for a town, at most once a second for a city.
 * Drawing costs the main thread in proportion to the workers drawn, so the rate falls as they grow and the
 * share of the page's time spent on them stays about the same; the store itself takes every delta at once.
 * Terminals report every few seconds, so a city's dot a second late is not seen.
 */
export const redrawIntervalMs = (workers: number) => Math.min(1000, workers / 10);

export interface LiveStore {
  node?: string;
  seq: number;
  at: number;
  workers: Map<number, LiveWorker>;
}

export const emptyLiveStore = (): LiveStore => ({ seq: 0, at: 0, workers: new Map() });

export function applySnapshot(store: LiveStore, s: LiveSnapshot): void {
  store.node = s.node;
  store.seq = s.seq;
  store.at = s.at;
  store.workers = new Map(s.workers.map((w) => [w.workerId, { ...w, trail: [...w.trail] }]));
}

/** Applies a delta; one that is not newer than the store is ignored (a replay may overlap). */
export function applyDelta(store: LiveStore, d: LiveDelta): void {
  if (d.seq <= store.seq) return;
  for (const u of d.workers) {
    const { points, ...state } = u;
    const prev = store.workers.get(u.workerId);
    const trail = prev ? prev.trail : [];
    for (const p of points) if (trail.length === 0 || p[2] > trail[trail.length - 1]![2]) trail.push(p);
    store.workers.set(u.workerId, { ...state, trail });
  }
  store.seq = d.seq;
  store.at = d.at;
  pruneTrails(store, d.at);
}

export function pruneTrails(store: LiveStore, at: number): void {
  for (const w of store.workers.values()) {
    const cut = w.trail.findIndex((p) => p[2] >= at - TRAIL_MS);
    if (cut > 0) w.trail.splice(0, cut);
    else if (cut === -1) w.trail.length = 0;
  }
}
