import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { squadColor } from './squadColors.ts';

/** Squad (中队) outlines, drawn over the grids in the squad's colour. */
export function squadOutlineLayer(squads: FeatureCollection<MultiPolygon, { code: string; name: string }>, widthPx: number) {
  return new GeoJsonLayer<{ code: string }>({
    id: 'squad-outlines',
    data: squads as never,
    filled: false,
    stroked: true,
    getLineColor: (f) => [...squadColor(Number(f.id)), 255],
    lineWidthUnits: 'pixels',
    getLineWidth: widthPx,
  });
}
