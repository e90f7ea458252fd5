// The coverage rules on hand-made cases with known answers (R13: 每日必巡、一日双巡).
import { describe, expect, it } from 'vitest';
import { CoverageEngine, passStatus, segmentTargetDistance, type CoverageTarget } from './engine.ts';
import { LocalFrame } from '../core/frame.ts';
import { dayRange } from '../core/time.ts';

const frame = new LocalFrame(117.1, 35.0);
/** Local metres back to lon/lat. */
const ll = (x: number, y: number) => frame.toLonLat(x, y);
const point = (id: number, x: number, y: number, radiusM = 50): CoverageTarget => ({ id, gridId: 1, point: [x, y], radiusM, requiredPasses: 2 });
const T0 = dayRange('2026-11-26').start.getTime() + 9 * 3_600_000; // 09:00 Beijing

/** A worker moving east along y = offset, one fix every `everyS` seconds at `speed` m/s, from x0. */
function ride(engine: CoverageEngine, worker: number, start: number, x0: number, offset: number, speed: number, everyS: number, fixes: number) {
  const changes = [];
  for (let i = 0; i < fixes; i++) changes.push(...engine.addFix(worker, start + i * everyS * 1000, ...ll(x0 + i * speed * everyS, offset)));
  return changes;
}

describe('segment to target distance (local metres)', () => {
  it('measures to a point and to a polygon, 0 inside or across', () => {
    expect(segmentTargetDistance([-100, 30], [100, 30], point(1, 0, 0))).toBeCloseTo(30, 9);
    const square: CoverageTarget = {
      id: 2,
      gridId: 1,
      rings: [
        [
          [0, 0],
          [20, 0],
          [20, 20],
          [0, 20],
          [0, 0],
        ],
      ],
      radiusM: 30,
      requiredPasses: 2,
    };
    expect(segmentTargetDistance([-50, 10], [70, 10], square)).toBe(0); // crosses
    expect(segmentTargetDistance([5, 5], [6, 6], square)).toBe(0); // inside
    expect(segmentTargetDistance([-50, 45], [70, 45], square)).toBeCloseTo(25, 9);
  });

  it('measures to a road cell (a polyline): 0 across it, else to the nearest edge or end', () => {
    const cell: CoverageTarget = {
      id: 3,
      gridId: 1,
      line: [
        [0, 0],
        [25, 0],
        [50, -10],
      ],
      radiusM: 30,
      requiredPasses: 2,
    };
    expect(segmentTargetDistance([10, -40], [10, 40], cell)).toBe(0); // crosses the road
    expect(segmentTargetDistance([0, 29], [25, 29], cell)).toBeCloseTo(29, 9); // alongside, 29 m off
    expect(segmentTargetDistance([80, -10], [90, -10], cell)).toBeCloseTo(30, 9); // beyond the end
    expect(segmentTargetDistance([-100, 31], [100, 31], cell)).toBeCloseTo(31, 9);
  });
});

describe('road cells (R13)', () => {
  it('are passed by a worker walking along the road within 30 m, and not by one on a parallel lane 31 m off', () => {
    const cell: CoverageTarget = {
      id: 9,
      gridId: 1,
      line: [
        [0, 0],
        [50, 0],
      ],
      radiusM: 30,
      requiredPasses: 2,
    };
    const along = new CoverageEngine([cell], frame);
    expect(ride(along, 1, T0, -40, 29.5, 1.4, 10, 10)).toEqual([{ targetId: 9, day: '2026-11-26', passes: 1, status: 'partial' }]);
    const lane = new CoverageEngine([cell], frame);
    expect(ride(lane, 1, T0, -40, 31, 1.4, 10, 10)).toEqual([]);
  });
});

describe('patrol passes', () => {
  it('counts an e-bike at 25 km/h with 15 s between fixes that rode by, though no fix fell within the radius', () => {
    const engine = new CoverageEngine([point(1, 0, 0)], frame);
    const speed = 25 / 3.6;
    // Fixes at x = -52 and +52 (104 m apart): each is 60 m from the target; the segment passes at 30 m.
    const changes = ride(engine, 7, T0, -52 - 5 * speed * 15, 30, speed, 15, 8);
    expect(changes).toEqual([{ targetId: 1, day: '2026-11-26', passes: 1, status: 'partial' }]);
  });

  it('counts a pass at exactly the radius, and not a hair beyond', () => {
    const at = new CoverageEngine([point(1, 0, 0, 50)], frame);
    expect(ride(at, 1, T0, -100, 50, 1.5, 10, 15)).toHaveLength(1);
    const beyond = new CoverageEngine([point(1, 0, 0, 50)], frame);
    expect(ride(beyond, 1, T0, -100, 50.01, 1.5, 10, 15)).toHaveLength(0);
  });

  it('makes two passes 3 h apart complete (一日双巡), and folds passes closer than 3 h into one', () => {
    const engine = new CoverageEngine([point(1, 0, 0)], frame);
    ride(engine, 1, T0, -200, 10, 1.5, 10, 30);
    ride(engine, 1, T0 + 3_600_000, -200, 10, 1.5, 10, 30); // an hour later: the same pass
    expect(engine.passesOn('2026-11-26').get(1)).toHaveLength(1);
    const changes = ride(engine, 1, T0 + 5 * 3_600_000, -200, 10, 1.5, 10, 30);
    expect(changes).toEqual([{ targetId: 1, day: '2026-11-26', passes: 2, status: 'complete' }]);
  });

  it('counts a worker loitering 3 h at a target as one pass', () => {
    const engine = new CoverageEngine([point(1, 0, 0)], frame);
    for (let i = 0; i < 3 * 360; i++) engine.addFix(1, T0 + i * 10_000, ...ll(Math.sin(i) * 10, Math.cos(i) * 10));
    expect(engine.passesOn('2026-11-26').get(1)).toEqual([T0]);
  });

  it('puts passes at 23:59 and 00:01 Beijing time on their own days', () => {
    const engine = new CoverageEngine([point(1, 0, 0)], frame);
    const midnight = dayRange('2026-11-27').start.getTime();
    ride(engine, 1, midnight - 90_000, -60, 0, 1.5, 10, 6); // 23:58:30 → 23:59:20
    ride(engine, 2, midnight + 60_000, -60, 0, 1.5, 10, 6); // 00:01 → 00:01:50
    expect(engine.passesOn('2026-11-26').get(1)).toHaveLength(1);
    expect(engine.passesOn('2026-11-27').get(1)).toHaveLength(1);
  });

  it('does not count a segment across a gap of 5 minutes or more', () => {
    const engine = new CoverageEngine([point(1, 0, 0)], frame);
    engine.addFix(1, T0, ...ll(-300, 0));
    expect(engine.addFix(1, T0 + 5 * 60_000, ...ll(300, 0))).toEqual([]);
    expect(engine.passesOn('2026-11-26').size).toBe(0);
  });

  it('counts passes by any worker, and only targets within reach', () => {
    const engine = new CoverageEngine([point(1, 0, 0), point(2, 5000, 0)], frame);
    ride(engine, 1, T0, -100, 0, 1.5, 10, 20);
    ride(engine, 2, T0 + 4 * 3_600_000, -100, 0, 1.5, 10, 20);
    // Each pass starts with its first passing segment: the one from x = -55 m, 30 s into the ride.
    expect(engine.passesOn('2026-11-26')).toEqual(new Map([[1, [T0 + 30_000, T0 + 4 * 3_600_000 + 30_000]]]));
  });

  it('grades a day: 0 missed, 1 partial, 2+ complete', () => {
    expect([0, 1, 2, 3].map((n) => passStatus(n, 2))).toEqual(['missed', 'partial', 'complete', 'complete']);
  });
});

describe('late uploads', () => {
  it('count a run that arrives after a later one as if it had come in time', () => {
    const engine = new CoverageEngine([point(1, 0, 0)], frame);
    ride(engine, 1, T0 + 2 * 3_600_000, -100, 0, 1.5, 10, 20); // 11:00 arrives first
    ride(engine, 2, T0 - 3_600_000, -100, 0, 1.5, 10, 20); // then 08:00 from a terminal that was offline
    ride(engine, 1, T0 + 5 * 3_600_000, -100, 0, 1.5, 10, 20); // 14:00
    // Sorted: 08:00 counts, 11:00 is 3 h later and counts, 14:00 counts: three passes.
    expect(engine.passesOn('2026-11-26').get(1)).toEqual([T0 - 3_600_000 + 30_000, T0 + 2 * 3_600_000 + 30_000, T0 + 5 * 3_600_000 + 30_000]);
  });
});
