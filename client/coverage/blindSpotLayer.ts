import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, Polygon } from 'geojson';

/** Blind spots (巡查盲区, R32): cells inside grids that no track touched in the last days, hatched in magenta. */
export function blindSpotLayer(cells: FeatureCollection<Polygon>, lineWidthPx: number) {
  return new GeoJsonLayer({
    id: 'blind-spots',
    data: cells as never,
    filled: true,
    stroked: true,
    getFillColor: [214, 64, 200, 70],
    getLineColor: [240, 110, 230, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: lineWidthPx,
  });
}
