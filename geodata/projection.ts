// The generator builds the town in metres (x east, y north) in the project's one local frame, around the
// town centre, and stores WGS84 lon/lat.
import { LocalFrame } from '../shared/core/frame.ts';
import type { XY } from '../shared/core/plane.ts';

export type { XY };

/** The frame around the demo town's centre, 35.00°N 117.10°E. */
export const TOWN_FRAME = new LocalFrame(117.1, 35.0);

/** Seven decimals of a degree are about a centimetre: enough, and stable text. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export function toLonLat([x, y]: XY): XY {
  const [lon, lat] = TOWN_FRAME.toLonLat(x, y);
  return [round7(lon), round7(lat)];
}

export function fromLonLat([lon, lat]: readonly number[]): XY {
  return TOWN_FRAME.toLocal(lon!, lat!);
}
