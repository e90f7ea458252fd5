// A local metric frame around the town centre: x metres east, y metres north. An equirectangular
// approximation is exact enough over 10 km for generating shapes; all stored geometry is WGS84 lon/lat.
import type { XY } from '../shared/core/plane.ts';

export type { XY };

export const CENTRE = { lon: 117.1, lat: 35.0 };
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON = 111_320 * Math.cos((CENTRE.lat * Math.PI) / 180);

/** Seven decimals of a degree are about a centimetre: enough, and stable text. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export function toLonLat([x, y]: XY): XY {
  return [round7(CENTRE.lon + x / M_PER_DEG_LON), round7(CENTRE.lat + y / M_PER_DEG_LAT)];
}

export function fromLonLat([lon, lat]: readonly number[]): XY {
  return [(lon! - CENTRE.lon) * M_PER_DEG_LON, (lat! - CENTRE.lat) * M_PER_DEG_LAT];
}
