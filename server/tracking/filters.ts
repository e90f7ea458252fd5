// GPS noise filters (pure). Each fix gets a verdict: 'ok', or the first rule it breaks. A rejected fix is
// still stored with its verdict (audit, data-quality counts) but never drawn or counted for coverage.
import { distance } from '@turf/distance';
import { FIX_GAP_MS, MAX_SPEED_KMH, joinsTrack } from '../../shared/tracking/rules.ts';
import type { Fix } from './fix.ts';

export const VERDICTS = ['ok', 'invalid_coordinates', 'outside_area', 'future', 'too_old', 'poor_accuracy', 'impossible_jump', 'stationary'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface FilterConfig {
  /** West, south, east, north of the service area, already including its margin. */
  serviceArea: [number, number, number, number];
  maxFutureMs: number;
  maxAgeMs: number;
  maxAccuracyM: number;
  maxSpeedKmh: number;
  /** A fix closer than this to the last kept one, within `stationaryKeepMs`, is jitter of a worker standing still. */
  jitterM: number;
  /** A standing worker still gets one kept fix this often, so the track does not break into gaps. */
  stationaryKeepMs: number;
  /** Beyond this gap the last kept fix is too old to judge a jump or jitter against. */
  gapMs: number;
  /**
   * A kept fix farther than this from the last kept one waits for the next fix before it is drawn or
   * counted: a multipath spike kilometres off passes the speed rule when the fix before it is minutes old.
   */
  confirmBeyondM: number;
  /** A waiting fix with no next fix within this long is taken as it is. */
  confirmWithinMs: number;
}

export const DEFAULT_FILTERS: Omit<FilterConfig, 'serviceArea'> = {
  maxFutureMs: 5 * 60_000,
  maxAgeMs: 7 * 86_400_000,
  maxAccuracyM: 50,
  maxSpeedKmh: MAX_SPEED_KMH,
  jitterM: 8,
  stationaryKeepMs: 60_000,
  gapMs: FIX_GAP_MS,
  confirmBeyondM: 300,
  confirmWithinMs: 60_000,
};

export interface LastKept {
  lat: number;
  lon: number;
  fixTime: Date;
}

export function judgeFix(fix: Fix, last: LastKept | null, now: Date, cfg: FilterConfig): Verdict {
  const { lat, lon } = fix;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) || (lat === 0 && lon === 0)) return 'invalid_coordinates';
  const [w, s, e, n] = cfg.serviceArea;
  if (lon < w || lon > e || lat < s || lat > n) return 'outside_area';
  const t = fix.fixTime.getTime();
  if (t > now.getTime() + cfg.maxFutureMs) return 'future';
  if (t < now.getTime() - cfg.maxAgeMs) return 'too_old';
  if (fix.accuracy !== null && fix.accuracy > cfg.maxAccuracyM) return 'poor_accuracy';
  // Jumps and jitter are judged against the last kept fix just before this one; a late, out-of-order
  // fix or one after a long gap has nothing recent to be judged against.
  if (!last) return 'ok';
  const dt = t - last.fixTime.getTime();
  if (dt <= 0 || !joinsTrack(dt, cfg.gapMs)) return 'ok';
  const metres = distance([last.lon, last.lat], [lon, lat], { units: 'meters' });
  if ((metres / (dt / 1000)) * 3.6 > cfg.maxSpeedKmh) return 'impossible_jump';
  if (metres < Math.max(cfg.jitterM, Math.min(fix.accuracy ?? 0, cfg.maxAccuracyM) / 2) && dt < cfg.stationaryKeepMs) return 'stationary';
  return 'ok';
}
