import { describe, expect, it } from 'vitest';
import { redrawIntervalMs, type LiveWorker } from '../../shared/tracking/live.ts';
import { FIX_GAP_MS } from '../../shared/tracking/rules.ts';
import { STATUS_COLOURS, headingColumns, trailColumns, trailOrigin, workerColumns } from './workerColumns.ts';

const worker = (id: number, over: Partial<LiveWorker> = {}): LiveWorker => ({
  workerId: id,
  squadId: 1,
  gridId: null,
  lon: 117.1 + id * 1e-4,
  lat: 34.9,
  fixTime: 0,
  speed: 1,
  heading: 90,
  battery: 80,
  status: 'patrolling',
  trail: [],
  ...over,
});

describe('the live workers as columns for deck.gl (R30)', () => {
  it('puts each worker at its 64-bit position in its status colour', () => {
    const c = workerColumns([worker(1), worker(2, { status: 'offline', lon: 117.123456789 })]);
    expect(c.length).toBe(2);
    expect([...c.positions]).toEqual([117.1001, 34.9, 117.123456789, 34.9]);
    expect([...c.colours.subarray(0, 4)]).toEqual([...STATUS_COLOURS.patrolling, 255]);
    expect([...c.colours.subarray(4, 8)]).toEqual([...STATUS_COLOURS.offline, 255]);
  });

  it('gives arrows to moving workers only: on patrol and with a heading', () => {
    const c = headingColumns([worker(1, { heading: 45 }), worker(2, { heading: null }), worker(3, { status: 'idle' }), worker(4, { heading: 270 })]);
    expect(c.length).toBe(2);
    expect([...c.headings]).toEqual([45, 270]);
    expect([...c.positions]).toEqual([117.1001, 34.9, 117.1004, 34.9]);
  });

  it('lays the trails end to end, times in seconds since a six-hourly origin, single points left out', () => {
    const now = Date.parse('2026-11-26T09:20:00+08:00');
    const origin = trailOrigin(now);
    expect(origin).toBe(Date.parse('2026-11-26T07:30:00+08:00')); // 08:00 less the 30 minutes of a trail
    expect(trailOrigin(now + 3_600_000)).toBe(origin); // the same origin all that quarter of the day
    const c = trailColumns(
      [
        worker(1, {
          trail: [
            [117.1, 34.9, now - 60_000],
            [117.1005, 34.9, now],
          ],
        }),
        worker(2, { trail: [[117.3, 34.9, now]] }),
        worker(3, {
          status: 'low_battery',
          trail: [
            [117.4, 34.9, now - 120_000],
            [117.4005, 34.9, now - 60_000],
            [117.401, 34.9, now],
          ],
        }),
      ],
      origin,
    );
    expect(c.length).toBe(2);
    expect([...c.startIndices]).toEqual([0, 2]);
    expect(c.positions.length).toBe(10);
    expect(c.positions[4]).toBe(117.4);
    expect([...c.times]).toEqual([6540, 6600, 6480, 6540, 6600]);
    expect([...c.colours.subarray(8, 12)]).toEqual([...STATUS_COLOURS.low_battery, 255]);
  });

  it('cuts a trail where the track breaks (a silence of FIX_GAP_MS, R13) or a point could not be reached from the last: a worker is not joined to where they were not', () => {
    const now = Date.parse('2026-11-26T09:20:00+08:00');
    const at = (k: number, dt: number): [number, number, number] => [117.1 + k * 0.001, 34.9, now - dt];
    const c = trailColumns(
      [worker(1, { trail: [at(0, 20 * 60_000), at(1, 19 * 60_000), at(2, 19 * 60_000 - FIX_GAP_MS), at(3, 8 * 60_000), at(4, 7 * 60_000)] })],
      trailOrigin(now),
    );
    // [0, 1] and [3, 4]; 2 stands alone between two gaps.
    expect(c.length).toBe(2);
    expect([...c.startIndices]).toEqual([0, 2]);
    // A track righted after it began with a spike 2.7 km off: the spike is joined to nothing.
    const righted = trailColumns([worker(2, { trail: [[117.13, 34.9, now - 25_000], at(0, 10_000), at(0.2, 0)] })], trailOrigin(now));
    expect(righted.length).toBe(1);
    expect([...righted.positions.filter((_, i) => i % 2 === 0)]).toEqual([117.1, 117.1002]);
    expect([...c.positions.filter((_, i) => i % 2 === 0)].map((x) => Math.round((x - 117.1) * 1000))).toEqual([0, 1, 3, 4]);
  });

  it('redraws a town at every delta and a city at most once a second', () => {
    expect(redrawIntervalMs(150)).toBe(15);
    expect(redrawIntervalMs(1000)).toBe(100);
    expect(redrawIntervalMs(10_000)).toBe(1000);
    expect(redrawIntervalMs(100_000)).toBe(1000);
  });
});
