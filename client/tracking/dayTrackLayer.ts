import { PathLayer } from '@deck.gl/layers';
import { squadColor } from '../geo/squadColors.ts';

import type { DayTrack } from '../../shared/tracking/contract.ts';

/** Every worker's track of the day (今日轨迹, on demand), in the colour of their squad. */
export function dayTrackLayer(tracks: DayTrack[], widthPx: number) {
  return new PathLayer<{ squadId: number; path: [number, number][] }>({
    id: 'day-tracks',
    data: tracks.flatMap((t) => t.paths.map((path) => ({ squadId: t.squadId, path }))),
    getPath: (d) => d.path,
    getColor: (d) => [...squadColor(d.squadId), 170] as [number, number, number, number],
    widthUnits: 'pixels',
    getWidth: widthPx,
    jointRounded: true,
    capRounded: true,
  });
}
