import { ScatterplotLayer } from '@deck.gl/layers';
import type { LiveWorker, WorkerStatus } from '../../shared/live.ts';

export const STATUS_COLOURS: Record<WorkerStatus, [number, number, number]> = {
  patrolling: [64, 220, 120],
  idle: [255, 196, 61],
  low_battery: [255, 99, 99],
  offline: [130, 140, 155],
};

/** Live worker positions (R30): a dot per worker, coloured by status, grey when offline. */
export function workerLayer(workers: LiveWorker[], radiusPx: number) {
  return new ScatterplotLayer<LiveWorker>({
    id: 'workers',
    data: workers,
    getPosition: (w) => [w.lon, w.lat],
    getFillColor: (w) => STATUS_COLOURS[w.status],
    getLineColor: [7, 17, 31, 255],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: Math.max(1, radiusPx / 4),
    radiusUnits: 'pixels',
    getRadius: radiusPx,
    updateTriggers: { getFillColor: workers },
  });
}
