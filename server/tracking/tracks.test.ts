import { describe, expect, it } from 'vitest';
import { FIX_GAP_MS } from '../../shared/tracking/rules.ts';
import { trackSegments } from './tracks.ts';

const at = (t: number) => ({ lon: 117 + t / 1e6, lat: 35, t });

describe('track segments', () => {
  it('split where the terminal was silent longer than the gap, and drop lone fixes', () => {
    const fixes = [0, 10_000, 20_000, 400_000, 410_000, 900_000].map(at);
    const segs = trackSegments(fixes, { gapMs: 300_000, minStepMs: 0 });
    expect(segs.map((s) => s.map((f) => f.t))).toEqual([
      [0, 10_000, 20_000],
      [400_000, 410_000],
    ]);
  });

  it('thin long ranges to one vertex per step, keeping times', () => {
    const fixes = Array.from({ length: 13 }, (_, i) => at(i * 10_000));
    expect(trackSegments(fixes, { gapMs: 300_000, minStepMs: 60_000 })[0]!.map((f) => f.t)).toEqual([0, 60_000, 120_000]);
  });

  it('break at exactly the fix gap, as coverage segments do (R13)', () => {
    const fixes = [0, 1000, 1000 + FIX_GAP_MS, 2000 + FIX_GAP_MS, 2000 + 2 * FIX_GAP_MS - 1].map(at);
    const segs = trackSegments(fixes, { gapMs: FIX_GAP_MS, minStepMs: 0 });
    expect(segs.map((s) => s.length)).toEqual([2, 3]);
  });
});
