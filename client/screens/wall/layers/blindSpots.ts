import { blindSpotLayer } from '../../../coverage/blindSpotLayer.ts';
import { wallLayer } from './types.ts';

/** Where nobody patrolled in the last 7 days. */
export const blindSpots = wallLayer({
  id: 'blindSpots',
  label: 'blindSpots',
  overlay: 'town',
  toggle: { order: 7, on: false },
  useData: (ctx) => ctx.fetched.blindSpots,
  layers: (blind, { on, rem }) => (on && blind ? [blindSpotLayer(blind, Math.max(1, rem / 12))] : []),
});
