// Numbers of the tracking rules. A fix segment (R13) joins two consecutive clean fixes of one worker: the
// noise filters, the cleaned tracks, the live coverage engine and the PostGIS batch all break a track at
// the same gap with the same edge.
import type { LocalFrame } from '../core/frame.ts';

/** Two consecutive clean fixes less than this apart are one segment of track (R13: "less than 5 minutes"). */
export const FIX_GAP_MS = 5 * 60_000;

/** The one edge of the gap: a silence of exactly `gapMs` breaks the track. The batch SQL writes `<` too. */
export const joinsTrack = (dtMs: number, gapMs = FIX_GAP_MS): boolean => dtMs < gapMs;

/**
 * A move from the last kept fix faster than this is a jump, not a fix (R15's noise filters; MAX_SPEED_KMH
 * sets the server's). The wall's trails are cut where two points would need it: the one place that
 * happens is a track begun by a spike and righted by the fixes after it (server/tracking/spikes.ts).
 */
export const MAX_SPEED_KMH = 120;

/**
 * Whether two consecutive trail points `[lon, lat, t]` of a worker are one piece: no silence (R13), no
 * jump; measured in the project's local frame (one per worker is close enough over a town).
 */
export function joinsTrail(a: readonly number[], b: readonly number[], frame: LocalFrame): boolean {
  const dt = b[2]! - a[2]!;
  if (!joinsTrack(dt)) return false;
  const metres = Math.hypot((b[0]! - a[0]!) * frame.mPerDegLon, (b[1]! - a[1]!) * frame.mPerDegLat);
  return metres * 3.6 <= MAX_SPEED_KMH * (dt / 1000);
}

/** How long a worker's trail stays on the wall (30 minutes of track behind each live worker). */
export const TRAIL_MS = 30 * 60_000;

/** When a live worker shows as offline, idle (no move) or low on battery on the wall (R30). */
export const LIVE_STATUS = { offlineMs: 10 * 60_000, idleMs: 5 * 60_000, lowBattery: 20 };
