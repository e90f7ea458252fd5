import { applyDelta, applySnapshot, emptyLiveStore, type LiveDelta, type LiveSnapshot, redrawIntervalMs } from '../../shared/tracking/live.ts';
import { type LiveFeed, useFeed } from '../platform/live/SocketController.ts';
import { type Connection, type LiveState, type TrackingSlice, useLiveState } from '../platform/live/store.ts';

export type { Connection } from '../platform/live/store.ts';

/** The workers as the shared appliers keep them; published to the store at the pace of redrawing. */
let tracking = emptyLiveStore();
let drawnAt = 0;
let pending: ReturnType<typeof setTimeout> | undefined;

const publish = (update: (next: (s: LiveState) => LiveState) => void) => {
  pending = undefined;
  drawnAt = performance.now();
  const { workers, at } = tracking;
  update((s) => ({ ...s, tracking: { workers: [...workers.values()], at } }));
};

/**
 * The live picture of workers over socket.io: a snapshot, then deltas. After a lost connection the client
 * says the last sequence number it applied and gets what it missed (or a fresh snapshot).
 */
export const trackingFeed: LiveFeed = {
  name: 'tracking',
  auth: () => ({ since: tracking.seq || undefined, node: tracking.node }),
  on: {
    'live:snapshot': (s: LiveSnapshot, ctx) => {
      applySnapshot(tracking, s);
      clearTimeout(pending);
      publish(ctx.update);
    },
    // Deltas go into the working store at once; the page redraws them at the pace its size allows.
    'live:delta': (d: LiveDelta, ctx) => {
      applyDelta(tracking, d);
      pending ??= setTimeout(() => publish(ctx.update), Math.max(0, drawnAt + redrawIntervalMs(tracking.workers.size) - performance.now()));
    },
  },
  stopped: () => {
    clearTimeout(pending);
    pending = undefined;
    tracking = emptyLiveStore();
  },
};

const selectTracking = (s: LiveState) => s.tracking;
const selectConnection = (s: LiveState) => s.connection;

/** The live workers (snapshot, then deltas; resumed by sequence number after a lost connection). */
export function useLive(): TrackingSlice {
  useFeed(trackingFeed);
  return useLiveState(selectTracking);
}

/** How the page's one live connection stands, for the badge. */
export const useConnection = (): Connection => useLiveState(selectConnection);
