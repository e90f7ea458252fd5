import { gridCoverageLayer } from '../../../coverage/gridCoverageLayer.ts';
import { useCoverage } from '../../../coverage/useCoverage.ts';
import { gridLayer } from '../../../geo/gridLayer.ts';
import { wallLayer } from './types.ts';

/** The grids: filled by today's coverage when switched on (R32), else outlined. */
export const gridCoverage = wallLayer({
  id: 'gridCoverage',
  label: 'gridCoverage',
  overlay: 'town',
  toggle: { order: 5, on: false },
  useData: () => useCoverage(),
  layers: (coverage, { geo, on }) =>
    on && coverage.store ? [gridCoverageLayer(geo.grids, coverage.store.grids, null, () => undefined, coverage.version)] : [gridLayer(geo.grids)],
});
