import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { GridProperties } from '../../shared/geo/contract.ts';

/** Today's grids, faint: what an import's changes are seen against. */
export function currentGridLayer(grids: FeatureCollection<MultiPolygon, GridProperties>) {
  return new GeoJsonLayer<GridProperties>({
    id: 'current-grids',
    data: grids as never,
    filled: true,
    stroked: true,
    getFillColor: [150, 175, 205, 18],
    getLineColor: [170, 195, 225, 110],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
  });
}
