import { TripsLayer } from '@deck.gl/geo-layers';
import { TRAIL_MS, type LiveWorker } from '../../shared/live.ts';
import { STATUS_COLOURS } from './workerLayer.ts';

/**
 * The last 30 minutes of each worker as a trail fading into the past. Times are seconds since `origin`:
 * epoch milliseconds do not survive the GPU's 32-bit floats.
 */
export function trailLayer(workers: LiveWorker[], now: number, widthPx: number) {
  const origin = now - TRAIL_MS;
  return new TripsLayer<LiveWorker>({
    id: 'trails',
    data: workers.filter((w) => w.trail.length > 1),
    getPath: (w) => w.trail.map((p) => [p[0], p[1]] as [number, number]),
    getTimestamps: (w) => w.trail.map((p) => (p[2] - origin) / 1000),
    getColor: (w) => STATUS_COLOURS[w.status],
    currentTime: TRAIL_MS / 1000,
    trailLength: TRAIL_MS / 1000,
    fadeTrail: true,
    widthUnits: 'pixels',
    getWidth: widthPx,
    capRounded: true,
    jointRounded: true,
  });
}
