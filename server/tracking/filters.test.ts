import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, judgeFix, type FilterConfig, type LastKept } from './filters.ts';
import type { Fix } from './fix.ts';
import { sampleFix } from './sampleFix.ts';
import { LocalFrame } from '../../shared/core/frame.ts';

const cfg: FilterConfig = { ...DEFAULT_FILTERS, serviceArea: [117.0, 34.9, 117.2, 35.1] };
const now = new Date('2026-11-26T02:00:00Z');
const fix = (over: Partial<Fix> = {}): Fix => sampleFix({ fixTime: new Date(now.getTime() - 60_000), ...over });
const here = new LocalFrame(117.1, 35.0);
/** The last kept fix, dtMs earlier and dLatM metres south of the fix. */
const last = (dtMs: number, dLatM = 0): LastKept => ({ lat: here.toLonLat(0, -dLatM)[1], lon: 117.1, fixTime: new Date(now.getTime() - 60_000 - dtMs) });

describe('GPS noise filters', () => {
  it('keeps a good fix', () => {
    expect(judgeFix(fix(), null, now, cfg)).toBe('ok');
    expect(judgeFix(fix(), last(10_000, 40), now, cfg)).toBe('ok');
  });

  it('refuses invalid coordinates and 0,0', () => {
    expect(judgeFix(fix({ lat: 91 }), null, now, cfg)).toBe('invalid_coordinates');
    expect(judgeFix(fix({ lon: -181 }), null, now, cfg)).toBe('invalid_coordinates');
    expect(judgeFix(fix({ lat: 0, lon: 0 }), null, now, cfg)).toBe('invalid_coordinates');
    expect(judgeFix(fix({ lat: Number.NaN }), null, now, cfg)).toBe('invalid_coordinates');
  });

  it('refuses fixes outside the service area', () => {
    expect(judgeFix(fix({ lat: 39.9, lon: 116.4 }), null, now, cfg)).toBe('outside_area');
  });

  it('refuses fix times more than 5 min ahead or older than the limit', () => {
    expect(judgeFix(fix({ fixTime: new Date(now.getTime() + 4 * 60_000) }), null, now, cfg)).toBe('ok');
    expect(judgeFix(fix({ fixTime: new Date(now.getTime() + 6 * 60_000) }), null, now, cfg)).toBe('future');
    expect(judgeFix(fix({ fixTime: new Date(now.getTime() - 8 * 86_400_000) }), null, now, cfg)).toBe('too_old');
  });

  it('refuses poor accuracy (> 50 m)', () => {
    expect(judgeFix(fix({ accuracy: 50 }), null, now, cfg)).toBe('ok');
    expect(judgeFix(fix({ accuracy: 51 }), null, now, cfg)).toBe('poor_accuracy');
  });

  it('refuses impossible jumps (> 120 km/h from the last kept fix)', () => {
    expect(judgeFix(fix(), last(10_000, 300), now, cfg)).toBe('ok'); // 108 km/h
    expect(judgeFix(fix(), last(10_000, 400), now, cfg)).toBe('impossible_jump'); // 144 km/h
  });

  it('does not judge a jump across a long gap or against a later fix', () => {
    expect(judgeFix(fix(), last(6 * 60_000, 20_000), now, cfg)).toBe('ok');
    // The track's own edge (R13): exactly the gap is a break, just under it is judged.
    expect(judgeFix(fix(), last(cfg.gapMs, 20_000), now, cfg)).toBe('ok');
    expect(judgeFix(fix(), last(cfg.gapMs - 1000, 20_000), now, cfg)).toBe('impossible_jump');
    expect(judgeFix(fix(), { ...last(0, 5000), fixTime: new Date(now.getTime()) }, now, cfg)).toBe('ok');
  });

  it('drops the jitter of a worker standing still, but keeps one fix a minute', () => {
    expect(judgeFix(fix(), last(10_000, 3), now, cfg)).toBe('stationary');
    expect(judgeFix(fix(), last(61_000, 3), now, cfg)).toBe('ok');
    expect(judgeFix(fix(), last(10_000, 12), now, cfg)).toBe('ok');
  });
});
