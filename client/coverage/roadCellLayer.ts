import { PathLayer } from '@deck.gl/layers';
import type { FeatureCollection, LineString } from 'geojson';
import { PASS_COLOURS, type StatusOf } from './passColours.ts';

interface Cell {
  id: number;
  path: number[][];
}

/** Main-road and central-street cells (主干道路段, about 50 m) coloured by today's passes (R13). */
export function roadCellLayer(cells: FeatureCollection<LineString>, statusOf: StatusOf, widthPx: number, version: number) {
  return new PathLayer<Cell>({
    id: 'road-cells',
    data: cells.features.map((f) => ({ id: Number(f.id), path: f.geometry.coordinates })),
    getPath: (c) => c.path as [number, number][],
    getColor: (c) => [...PASS_COLOURS[statusOf(c.id)], 235],
    widthUnits: 'pixels',
    getWidth: widthPx,
    capRounded: true,
    updateTriggers: { getColor: version },
  });
}
