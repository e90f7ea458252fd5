import { describe, expect, it } from 'vitest';
import { CoverageEngine } from '../coverage/engine.ts';
import { DEFAULT_COVERAGE_RULES } from '../coverage/rules.ts';
import { LocalFrame } from '../core/frame.ts';
import { FIX_GAP_MS, joinsTrack } from './rules.ts';

describe('the fix gap (R13): one constant, one edge', () => {
  it('joins fixes less than 5 minutes apart and breaks at exactly 5 minutes', () => {
    expect(FIX_GAP_MS).toBe(300_000);
    expect(joinsTrack(FIX_GAP_MS - 1)).toBe(true);
    expect(joinsTrack(FIX_GAP_MS)).toBe(false);
    expect(DEFAULT_COVERAGE_RULES.segmentGapMs).toBe(FIX_GAP_MS);
  });

  it('the live engine counts no pass across a silence of exactly the gap, and one just under it', () => {
    const frame = new LocalFrame(117.1, 35);
    const target = { id: 1, gridId: 1, point: [0, 0] as [number, number], radiusM: 30, requiredPasses: 2 };
    const lonAt = (x: number) => frame.toLonLat(x, 0)[0];
    const T0 = Date.parse('2026-11-26T01:00:00Z');
    const across = (dt: number) => {
      const engine = new CoverageEngine([target], frame);
      engine.addFix(1, T0, lonAt(-100), 35);
      return engine.addFix(1, T0 + dt, lonAt(100), 35).length;
    };
    expect(across(FIX_GAP_MS)).toBe(0);
    expect(across(FIX_GAP_MS - 1)).toBe(1);
  });
});
