import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../../shared/core/frame.ts';
import { DEFAULT_FILTERS, type FilterConfig } from './filters.ts';
import type { Fix } from './fix.ts';
import { sampleFix } from './sampleFix.ts';
import { newTrack, stepTrack, type TrackState } from './spikes.ts';

const cfg: FilterConfig = { ...DEFAULT_FILTERS, serviceArea: [117.0, 34.9, 117.2, 35.1] };
const t0 = Date.parse('2026-11-26T02:00:00Z');
const now = new Date(t0 + 3_600_000);
const here = new LocalFrame(117.1, 35.0);
/** A fix `s` seconds on, `north` metres north of the start (e-bike pace between neighbours). */
const at = (s: number, north: number, over: Partial<Fix> = {}): Fix => {
  const [lon, lat] = here.toLonLat(0, north);
  return sampleFix({ fixTime: new Date(t0 + s * 1000), lon, lat, ...over });
};
/** Feeds fixes in order; what each was judged, what is drawn, and what was judged again. */
function run(fixes: Fix[], track: TrackState = newTrack(null)) {
  const seconds = (f: Fix) => (f.fixTime.getTime() - t0) / 1000;
  const out = { verdicts: [] as string[], drawn: [] as number[], spikes: [] as number[], righted: [] as number[], track };
  for (const f of fixes) {
    const step = stepTrack(track, f, now, cfg);
    out.verdicts.push(step.verdict);
    out.drawn.push(...step.draw.map(seconds));
    if (step.spike) out.spikes.push(seconds(step.spike));
    if (step.righted) out.righted.push(seconds(step.righted));
  }
  return out;
}

describe('spikes the speed rule lets through (R15)', () => {
  it('draws a track of near fixes as it comes', () => {
    const r = run([at(0, 0), at(10, 50), at(20, 100)]);
    expect(r.verdicts).toEqual(['ok', 'ok', 'ok']);
    expect(r.drawn).toEqual([0, 10, 20]);
  });

  it('holds a fix more than 300 m off until the next: out and back is a spike, refused', () => {
    // 3 km two minutes on passes the speed rule (90 km/h); 10 s later the track is back.
    const r = run([at(0, 0), at(10, 50), at(130, 3050), at(140, 80), at(150, 120)]);
    expect(r.verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(r.spikes).toEqual([130]);
    expect(r.drawn).toEqual([0, 10, 140, 150]);
  });

  it('draws a held fix when the next goes on from it, or is refused for itself', () => {
    expect(run([at(0, 0), at(120, 900), at(130, 950)]).drawn).toEqual([0, 120, 130]);
    const poor = run([at(0, 0), at(120, 900), at(125, 0, { accuracy: 80 }), at(130, 950)]);
    expect(poor.verdicts).toEqual(['ok', 'ok', 'poor_accuracy', 'ok']);
    expect(poor.drawn).toEqual([0, 120, 130]);
  });

  it('keeps a held fix and refuses the next when that one is a jump from both', () => {
    const r = run([at(0, 0), at(120, 900), at(130, 4000)]);
    expect(r.verdicts).toEqual(['ok', 'ok', 'impossible_jump']);
    expect(r.drawn).toEqual([0, 120]);
  });

  it('does not hold 300 m or less, nor the first fix after a gap', () => {
    expect(run([at(0, 0), at(10, 290)]).drawn).toEqual([0, 10]);
    expect(run([at(0, 0), at(cfg.gapMs / 1000, 5000)]).drawn).toEqual([0, 300]);
  });

  it('rights a track whose first fix was the spike: the fixes after it go on together', () => {
    const r = run([at(0, 4000), at(10, 0), at(20, 40), at(30, 80)]);
    expect(r.verdicts).toEqual(['ok', 'impossible_jump', 'ok', 'ok']);
    expect(r.righted).toEqual([10]);
    expect(r.drawn).toEqual([0, 10, 20, 30]);
    // Mid-track, the same run of refusals stays refused: the last fix had its own before it.
    const mid = run([at(0, 0), at(10, 40), at(20, 4000), at(30, 4040)]);
    expect(mid.verdicts).toEqual(['ok', 'ok', 'impossible_jump', 'impossible_jump']);
  });

  it('draws a late fix, out of order, without moving the track on', () => {
    const r = run([at(0, 0), at(20, 100), at(10, 50)]);
    expect(r.drawn).toEqual([0, 20, 10]);
    expect(r.track.last?.fixTime.getTime()).toBe(t0 + 20_000);
  });
});
