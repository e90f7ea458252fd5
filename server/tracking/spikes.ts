// Spikes (跳点) that the speed rule cannot catch on its own, judged with the fixes around them. A multipath
// fix kilometres off passes the speed rule when the fix before it is minutes old; the fix after it tells:
// a kept fix far from the last waits for the next one (held), and is refused if the track went out and
// came back. A first fix of a track has nothing before it: when the fixes after it go on together from
// elsewhere, the first of them, refused as a jump, was right, and the track goes on from there.
import { distance } from '@turf/distance';
import { joinsTrack } from '../../shared/tracking/rules.ts';
import { judgeFix, type FilterConfig, type LastKept, type Verdict } from './filters.ts';
import type { Fix } from './fix.ts';

/** Where a terminal's track stands. */
export interface TrackState {
  /** The last fix kept and drawn. */
  last: LastKept | null;
  /** Whether `last` began its track (nothing before it to be judged against). */
  lastBegan: boolean;
  /** A kept fix far from `last`, not yet drawn nor counted. */
  held: Fix | null;
  /** A fix refused as a jump from a `last` that began its track: right, if the next goes on from it. */
  challenger: Fix | null;
}

export const newTrack = (last: LastKept | null): TrackState => ({ last, lastBegan: false, held: null, challenger: null });

export interface Step {
  verdict: Verdict;
  /** Fixes to draw and count now, oldest first: a held one confirmed, a challenger proved right, this one. */
  draw: Fix[];
  /** A held fix (stored as kept) found to be a spike: now an impossible jump. */
  spike: Fix | null;
  /** A challenger (stored as an impossible jump) proved right: now kept. */
  righted: Fix | null;
}

const goesOn = (v: Verdict) => v === 'ok' || v === 'stationary';
const metres = (a: LastKept, b: LastKept) => distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
const time = (f: LastKept) => f.fixTime.getTime();

/** Judges the next fix of a terminal (in time order) and moves its track on. */
export function stepTrack(s: TrackState, fix: Fix, now: Date, cfg: FilterConfig): Step {
  const step: Step = { verdict: 'ok', draw: [], spike: null, righted: null };
  const t = time(fix);
  let verdict = judgeFix(fix, s.held && t > time(s.held) ? s.held : s.last, now, cfg);
  // Refused for itself (its place, time or accuracy): it says nothing of the fixes around it.
  if (!goesOn(verdict) && verdict !== 'impossible_jump') return { ...step, verdict };
  if (s.held && t > time(s.held)) {
    const held = s.held;
    s.held = null;
    const back =
      verdict === 'impossible_jump' && s.last !== null && judgeFix(fix, s.last, now, cfg) !== 'impossible_jump' && metres(s.last, fix) < metres(held, fix);
    if (back) {
      step.spike = held;
      verdict = judgeFix(fix, s.last, now, cfg);
    } else {
      step.draw.push(held);
      s.last = held;
      s.lastBegan = false;
      if (verdict === 'impossible_jump') return { ...step, verdict };
    }
  }
  if (verdict === 'impossible_jump') {
    if (!s.lastBegan) return { ...step, verdict };
    const challenger = s.challenger;
    if (!challenger || t <= time(challenger) || !goesOn(judgeFix(fix, challenger, now, cfg))) {
      s.challenger = fix;
      return { ...step, verdict };
    }
    step.righted = challenger;
    step.draw.push(challenger);
    s.last = challenger;
    s.lastBegan = false;
    s.challenger = null;
    verdict = judgeFix(fix, challenger, now, cfg);
  }
  step.verdict = verdict;
  if (verdict !== 'ok') return step;
  const last = s.last;
  if (last && t <= time(last)) {
    step.draw.push(fix); // late, out of order: for the store and the day's tracks
    return step;
  }
  const begins = !last || !joinsTrack(t - time(last), cfg.gapMs);
  if (!begins && !s.held && metres(last, fix) > cfg.confirmBeyondM) {
    s.held = fix;
    return step;
  }
  s.last = fix;
  s.lastBegan = begins;
  s.challenger = null;
  step.draw.push(fix);
  return step;
}
