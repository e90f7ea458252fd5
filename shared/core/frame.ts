// The one local metric frame of the project: the live engine, the PostGIS batch, the generator, the
// simulator and the benchmarks all measure in it.
import type { XY } from './plane.ts';

/**
 * A local metric frame around the town: degrees scaled by the WGS84 lengths of a degree at the origin's
 * latitude. Over a town (±10 km) it is within 0.1 % of true distance, and PostGIS computes the very same
 * frame with ST_Translate/ST_Scale, so the live engine and the batch measure alike.
 */
export class LocalFrame {
  readonly mPerDegLon: number;
  readonly mPerDegLat: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    const φ = (lat0 * Math.PI) / 180;
    this.mPerDegLat = 111_132.92 - 559.82 * Math.cos(2 * φ) + 1.175 * Math.cos(4 * φ);
    this.mPerDegLon = 111_412.84 * Math.cos(φ) - 93.5 * Math.cos(3 * φ) + 0.118 * Math.cos(5 * φ);
  }
  toLocal(lon: number, lat: number): XY {
    return [(lon - this.lon0) * this.mPerDegLon, (lat - this.lat0) * this.mPerDegLat];
  }
  /** The inverse of toLocal: x metres east and y metres north of the origin, as lon/lat. */
  toLonLat(x: number, y: number): XY {
    return [this.lon0 + x / this.mPerDegLon, this.lat0 + y / this.mPerDegLat];
  }
}
