import { useSyncExternalStore } from 'react';
import type { CoverageStore } from '../../../shared/coverage/live.ts';
import type { IncidentSummary, IncidentUpdate } from '../../../shared/incidents/machine.ts';
import type { LiveWorker } from '../../../shared/tracking/live.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting';

/** The live workers as last drawn: a fresh array at each redraw (the controller paces them, R30). */
export interface TrackingSlice {
  workers: readonly LiveWorker[];
  /** When the server made the newest delta applied (0 before the first snapshot). */
  at: number;
}

/**
 * Today's coverage (R13, R15). The maps are the shared applier's and change in place (a city has too many
 * cells to copy at each delta); `version` counts the changes, so the slice is new at each one and the layers
 * take `version` as their update trigger (the maps' references do not change).
 */
export interface CoverageSlice {
  store: CoverageStore | null;
  version: number;
}

/** Open incidents as the page knows them; a new slice at every change. */
export interface IncidentSlice {
  /** Open incidents by id. */
  open: ReadonlyMap<number, IncidentSummary>;
  /** The same, as a list. */
  list: IncidentSummary[];
  /** The latest changes, newest first. */
  feed: readonly IncidentUpdate[];
  /** When each incident was first seen here, for the pulse of a new pin (0: there at load). */
  firstSeen: ReadonlyMap<number, number>;
  /** Counts the changes: the pins' update trigger. */
  version: number;
}

/**
 * The page's live picture: one store fed by the one socket (SocketController). A slice is replaced, never
 * changed in place, when its messages arrive, so a selector that returns a slice re-renders exactly then.
 */
export interface LiveState {
  connection: Connection;
  tracking: TrackingSlice;
  coverage: CoverageSlice;
  incidents: IncidentSlice;
}

export const initialLiveState = (): LiveState => ({
  connection: 'connecting',
  tracking: { workers: [], at: 0 },
  coverage: { store: null, version: 0 },
  incidents: { open: new Map(), list: [], feed: [], firstSeen: new Map(), version: 0 },
});

/** A store for `useSyncExternalStore`: `getSnapshot` returns the same object until `update` replaces it. */
export function createLiveStore(state = initialLiveState()) {
  const listeners = new Set<() => void>();
  return {
    getSnapshot: (): LiveState => state,
    /** Replaces the state by `next(state)`; listeners hear of it when something changed. */
    update(next: (s: LiveState) => LiveState) {
      const was = state;
      state = next(state);
      if (state !== was) for (const l of listeners) l();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type LiveStoreApi = ReturnType<typeof createLiveStore>;

/** The page's one live store. */
export const liveStore = createLiveStore();

/** A part of the live picture; re-renders when that part is replaced. */
export function useLiveState<T>(select: (s: LiveState) => T): T {
  return useSyncExternalStore(liveStore.subscribe, () => select(liveStore.getSnapshot()));
}
