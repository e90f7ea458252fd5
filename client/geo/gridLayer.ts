import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { squadColor } from './squadColors.ts';

import type { GridProperties as GridProps } from '../../shared/geo/contract.ts';

export type { GridProps };

/** Grid polygons (网格), tinted by squad, outlined so each grid reads on its own. */
export function gridLayer(grids: FeatureCollection<MultiPolygon, GridProps>) {
  return new GeoJsonLayer<GridProps>({
    id: 'grids',
    data: grids as never,
    filled: true,
    stroked: true,
    getFillColor: (f) => [...squadColor(f.properties.squadId), 70],
    getLineColor: [220, 235, 255, 150],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    pickable: true,
  });
}
