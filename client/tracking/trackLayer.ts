import { PathLayer } from '@deck.gl/layers';
import type { FeatureCollection, LineString } from 'geojson';

/** A worker's track of the day (今日轨迹), one path per stretch between gaps. */
export function trackLayer(track: FeatureCollection<LineString>, widthPx: number) {
  return new PathLayer({
    id: 'track',
    data: track.features.map((f) => f.geometry.coordinates),
    getPath: (p: number[][]) => p as [number, number][],
    getColor: [108, 195, 255, 230],
    widthUnits: 'pixels',
    getWidth: widthPx,
    jointRounded: true,
    capRounded: true,
  });
}
