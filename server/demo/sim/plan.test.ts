import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../geodata/random.ts';
import { dayRange } from '../../../shared/core/time.ts';
import { choosePersona, sessionRoute, walkRoute, type Persona, type SimGrid } from './plan.ts';
import { DEFAULT_SESSIONS, Simulator } from './simulator.ts';

const grid: SimGrid = {
  gridId: 1,
  area: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [117.1, 35.0],
          [117.11, 35.0],
          [117.11, 35.01],
          [117.1, 35.01],
          [117.1, 35.0],
        ],
      ],
    ],
  },
  targets: [
    [117.102, 35.002],
    [117.108, 35.008],
    [117.105, 35.005],
  ],
  roads: [
    [
      [117.1, 35.005],
      [117.105, 35.005],
      [117.11, 35.005],
    ],
  ],
  households: [
    { id: 1, at: [117.101, 35.001] },
    { id: 2, at: [117.109, 35.009], personId: 5 },
  ],
};
const walker: Persona = { kind: 'diligent', mode: 'walk', intervalS: [5, 10], sigmaM: 6 };

describe('the simulator’s patrols', () => {
  it('visits every stop of a diligent worker’s grid', () => {
    const route = sessionRoute(grid, walker, createRng('r'));
    for (const t of grid.targets) expect(route).toContainEqual(t);
    expect(route.length).toBeGreaterThanOrEqual(grid.targets.length + grid.roads[0]!.length + Math.min(12, 2));
  });

  it('reports a fix every 5-15 s with GPS-like noise, through to the end of the session', () => {
    const start = Date.parse('2026-11-26T00:00:00Z');
    const fixes = walkRoute(sessionRoute(grid, walker, createRng('r')), walker, start, start + 3_600_000, 90, createRng('w'));
    expect(fixes.length).toBeGreaterThan(3600 / 15);
    expect(fixes.length).toBeLessThan(3600 / 5);
    expect(fixes[fixes.length - 1]!.t).toBeGreaterThan(start + 3_300_000);
    const gaps = fixes.slice(1).map((f, i) => f.t - fixes[i]!.t);
    expect(gaps.filter((g) => g < 4000 || g > 16_000).length).toBeLessThan(fixes.length * 0.02); // only the silent stretches
    const inside = fixes.filter((f) => turf.booleanPointInPolygon([f.lon, f.lat], turf.buffer(turf.multiPolygon(grid.area.coordinates), 0.05)!)).length;
    expect(inside / fixes.length).toBeGreaterThan(0.97); // the rest are outliers
  });

  it('is deterministic for a seed', () => {
    const a = walkRoute(sessionRoute(grid, walker, createRng('x')), walker, 0, 600_000, 80, createRng('y'));
    const b = walkRoute(sessionRoute(grid, walker, createRng('x')), walker, 0, 600_000, 80, createRng('y'));
    expect(a).toEqual(b);
  });

  it('gives most workers diligence and some the failings the demo needs', () => {
    const kinds = Array.from({ length: 400 }, (_, i) => choosePersona(createRng(`p${i}`)).kind);
    const share = (k: string) => kinds.filter((x) => x === k).length / kinds.length;
    expect(share('diligent')).toBeGreaterThan(0.6);
    for (const k of ['skips_afternoon', 'misses_targets', 'goes_offline']) expect(share(k), k).toBeGreaterThan(0.01);
  });

  it('does not loop forever on a route with no length', () => {
    expect(
      walkRoute(
        [
          [117.1, 35],
          [117.1, 35],
        ],
        walker,
        0,
        3_600_000,
        80,
        createRng('z'),
      ),
    ).toEqual([]);
  });

  it('starts a demo just after a session never over it: each terminal reports in time order', () => {
    const day = '2026-12-03';
    const terminals = Array.from({ length: 20 }, (_, i) => ({ workerId: i + 1, gridId: 1, uniqueId: `T${i}`, token: '' }));
    // 17:40, ten minutes after the afternoon session's end: the demo's session would have begun at 17:20.
    const startedAt = dayRange(day).start.getTime() + (17 * 60 + 40) * 60_000;
    const sim = new Simulator(
      terminals,
      new Map([[1, grid]]),
      null as never,
      { seed: 's', sessions: DEFAULT_SESSIONS, demo: true, osmandShare: 0 },
      () => startedAt,
      startedAt,
    );
    const plans = terminals.map((t) => sim.dayPlan(t, day).fixes);
    for (const fixes of plans) for (let i = 1; i < fixes.length; i++) expect(fixes[i]!.t).toBeGreaterThan(fixes[i - 1]!.t);
    expect(plans.some((fixes) => fixes.some((f) => f.t > startedAt))).toBe(true); // the demo's session is there
  });
});
