import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { GridCoverage } from '../../shared/coverage/live.ts';
import type { GridProps } from '../geo/gridLayer.ts';

/** Red (nothing done) through amber to green (all twice) by the share of a grid's targets and road cells complete. */
const RAMP: [number, number, number][] = [
  [240, 82, 82],
  [255, 160, 60],
  [255, 214, 10],
  [150, 210, 90],
  [64, 220, 120],
];
export const coverageColour = (share: number | null): [number, number, number] =>
  share === null ? [120, 130, 145] : RAMP[Math.min(RAMP.length - 1, Math.floor(share * (RAMP.length - 1e-9)))]!;

/** The share of a grid's key targets and road cells complete today. */
export const gridShare = (g: Pick<GridCoverage, 'targets' | 'complete' | 'cells' | 'cellsComplete'>) =>
  g.targets + g.cells ? (g.complete + g.cellsComplete) / (g.targets + g.cells) : null;

/** Grids filled by today's coverage (R32), the selected one outlined bright. */
export function gridCoverageLayer(
  grids: FeatureCollection<MultiPolygon, GridProps>,
  coverage: Map<number, GridCoverage>,
  selected: number | null,
  onPick: (gridId: number) => void,
  /**
   * Changes whenever a grid's figures change: the live map changes in place as deltas arrive, so the wall
   * gives its version; a polled map is new at each answer and is its own version.
   */
  version: unknown = coverage,
) {
  return new GeoJsonLayer<GridProps>({
    id: 'grid-coverage',
    data: grids as never,
    filled: true,
    stroked: true,
    pickable: true,
    getFillColor: (f) => {
      const c = coverage.get(Number(f.id));
      return [...coverageColour(c ? gridShare(c) : null), 150];
    },
    getLineColor: (f) => (Number(f.id) === selected ? [255, 255, 255, 255] : [220, 235, 255, 110]),
    getLineWidth: (f) => (Number(f.id) === selected ? 3 : 1),
    lineWidthUnits: 'pixels',
    onClick: (info) => info.object && onPick(Number((info.object as { id: number }).id)),
    // In an array, so that deck.gl compares the version by identity (it finds two Maps equal: no own keys).
    updateTriggers: { getFillColor: [version], getLineColor: selected, getLineWidth: selected },
  });
}
