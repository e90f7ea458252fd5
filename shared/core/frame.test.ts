// The local metric frame: WGS84 lengths of a degree, and toLonLat undoing toLocal.
import { describe, expect, it } from 'vitest';
import { LocalFrame } from './frame.ts';

describe('the local metric frame', () => {
  const frame = new LocalFrame(117.1, 35.0);

  it('scales a degree by its length on the WGS84 ellipsoid at the origin, within 0.1 m', () => {
    // The meridian and parallel radii of curvature of WGS84, each times π/180.
    const a = 6_378_137;
    const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
    for (const lat0 of [0, 22.5, 35, 50]) {
      const φ = (lat0 * Math.PI) / 180;
      const w = 1 - e2 * Math.sin(φ) ** 2;
      const f = new LocalFrame(117.1, lat0);
      expect(Math.abs(f.mPerDegLat - ((a * (1 - e2)) / w ** 1.5) * (Math.PI / 180))).toBeLessThan(0.1);
      expect(Math.abs(f.mPerDegLon - (a / Math.sqrt(w)) * Math.cos(φ) * (Math.PI / 180))).toBeLessThan(0.1);
    }
    // At Xigang (35°N): 110,941 m a degree north, 91,288 m a degree east.
    expect(Math.round(frame.mPerDegLat)).toBe(110_941);
    expect(Math.round(frame.mPerDegLon)).toBe(91_288);
    expect(frame.toLocal(117.1, 35.0)).toEqual([0, 0]);
    expect(frame.toLonLat(0, 0)).toEqual([117.1, 35.0]);
  });

  it('toLonLat is the inverse of toLocal, both ways, across a town', () => {
    for (const [x, y] of [
      [1234.5, -678.9],
      [-10_000, 10_000],
      [0.01, 0],
    ] as const) {
      const [lon, lat] = frame.toLonLat(x, y);
      const [x2, y2] = frame.toLocal(lon, lat);
      expect(x2).toBeCloseTo(x, 6);
      expect(y2).toBeCloseTo(y, 6);
    }
    const [x, y] = frame.toLocal(117.1832, 34.9417);
    const [lon, lat] = frame.toLonLat(x, y);
    expect(lon).toBeCloseTo(117.1832, 12);
    expect(lat).toBeCloseTo(34.9417, 12);
  });

  it('puts 1 km east and 1 km north at 1 km from the origin', () => {
    const [lon, lat] = frame.toLonLat(1000, 1000);
    expect(frame.toLocal(lon, 35.0)[0]).toBeCloseTo(1000, 6);
    expect(frame.toLocal(117.1, lat)[1]).toBeCloseTo(1000, 6);
  });
});
