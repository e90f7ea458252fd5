// Cleaned tracks for replay: LineStrings split where the terminal was silent longer than a gap, with a
// time per vertex so the client can animate them.
import { joinsTrack } from '../../shared/tracking/rules.ts';
import type { TrackFix } from './store.ts';

export interface TrackOptions {
  gapMs: number;
  /** Keep at most one vertex per this many ms (long ranges); 0 keeps every kept fix. */
  minStepMs: number;
}

export function trackSegments(fixes: TrackFix[], opts: TrackOptions): TrackFix[][] {
  const segments: TrackFix[][] = [];
  let current: TrackFix[] = [];
  for (const f of fixes) {
    const prev = current[current.length - 1];
    if (prev && !joinsTrack(f.t - prev.t, opts.gapMs)) {
      segments.push(current);
      current = [];
    }
    const last = current[current.length - 1];
    if (!last || opts.minStepMs === 0 || f.t - last.t >= opts.minStepMs) current.push(f);
  }
  if (current.length) segments.push(current);
  // A single fix is a point in time, not a line: dropped from the line geometry.
  return segments.filter((s) => s.length >= 2);
}
