import { dayTrackLayer } from '../../../tracking/dayTrackLayer.ts';
import { wallLayer } from './types.ts';

/** The day's tracks of every worker (today's, or the replayed day's). */
export const dayTracks = wallLayer({
  id: 'dayTracks',
  label: 'dayTracks',
  overlay: 'town',
  toggle: { order: 4, on: false },
  useData: (ctx) => ctx.fetched.dayTracks,
  layers: (tracks, { on, rem }) => (on && tracks ? [dayTrackLayer(tracks.tracks, Math.max(1.5, rem / 7))] : []),
});
