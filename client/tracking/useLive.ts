import { type Connection, type TrackingSlice, useLiveState } from '../platform/live/liveStore.ts';

/** The live picture of workers (snapshot, then deltas; resumed by sequence number after a lost connection). */
export const useLive = (): TrackingSlice => useLiveState((s) => s.tracking);

/** How the page's one live connection stands, for the banner. */
export const useConnection = (): Connection => useLiveState((s) => s.connection);
