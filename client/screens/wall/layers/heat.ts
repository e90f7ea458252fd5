import { heatLayer } from '../../../coverage/heatLayer.ts';
import { wallLayer } from './types.ts';

/** Today's patrol density on H3 cells (R30, R32). */
export const heat = wallLayer({
  id: 'heat',
  label: 'heat',
  overlay: 'town',
  toggle: { order: 6, on: false },
  useData: (ctx) => ctx.fetched.heat,
  layers: (heat, { on }) => (on && heat ? [heatLayer(heat.cells)] : []),
});
