// Numbers of the tracking rules. A fix segment (R13) joins two consecutive clean fixes of one worker: the
// noise filters, the cleaned tracks, the live coverage engine and the PostGIS batch all break a track at
// the same gap with the same edge.

/** Two consecutive clean fixes less than this apart are one segment of track (R13: "less than 5 minutes"). */
export const FIX_GAP_MS = 5 * 60_000;

/** The one edge of the gap: a silence of exactly `gapMs` breaks the track. The batch SQL writes `<` too. */
export const joinsTrack = (dtMs: number, gapMs = FIX_GAP_MS): boolean => dtMs < gapMs;

/** How long a worker's trail stays on the wall (30 minutes of track behind each live worker). */
export const TRAIL_MS = 30 * 60_000;

/** When a live worker shows as offline, idle (no move) or low on battery on the wall (R30). */
export const LIVE_STATUS = { offlineMs: 10 * 60_000, idleMs: 5 * 60_000, lowBattery: 20 };
