import { roadCellLayer } from '../../../coverage/roadCellLayer.ts';
import { usePasses } from './passes.ts';
import { wallLayer } from './types.ts';

/** Main-road cells (about 50 m) coloured by today's passes (R13). */
export const roadCells = wallLayer({
  id: 'roadCells',
  label: 'roadCells',
  overlay: 'town',
  toggle: { order: 2, on: true },
  useData: (ctx) => usePasses('cells', ctx),
  layers: (passes, { on, geo, rem }) => (on && passes ? [roadCellLayer(geo.roadCells, passes.statusOf, Math.max(2, rem * 0.22), passes.version)] : []),
});
