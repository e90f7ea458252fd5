import { TripsLayer } from '@deck.gl/geo-layers';
import { TRAIL_MS } from '../../shared/tracking/rules.ts';
import type { TrailColumns } from './workerColumns.ts';

/** The last 30 minutes of each worker as a trail fading into the past, up to `now`. */
export function trailLayer(trails: TrailColumns, now: number, widthPx: number) {
  return new TripsLayer({
    id: 'trails',
    data: {
      length: trails.length,
      startIndices: trails.startIndices,
      attributes: {
        getPath: { value: trails.positions, size: 2 },
        getTimestamps: { value: trails.times, size: 1 },
        getColor: { value: trails.colours, size: 4, normalized: true },
      },
    },
    // Open paths as given: no per-path normalisation, the cost that grew with a city's trails.
    _pathType: 'open',
    currentTime: (now - trails.origin) / 1000,
    trailLength: TRAIL_MS / 1000,
    fadeTrail: true,
    widthUnits: 'pixels',
    getWidth: widthPx,
    capRounded: true,
    jointRounded: true,
  });
}
