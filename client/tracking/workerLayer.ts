import { ScatterplotLayer } from '@deck.gl/layers';
import type { WorkerColumns } from './workerColumns.ts';

/** Live worker positions (R30): a dot per worker, coloured by status, grey when offline. */
export function workerLayer(workers: WorkerColumns, radiusPx: number) {
  return new ScatterplotLayer({
    id: 'workers',
    data: {
      length: workers.length,
      attributes: {
        getPosition: { value: workers.positions, size: 2 },
        getFillColor: { value: workers.colours, size: 4, normalized: true },
      },
    },
    getLineColor: [7, 17, 31, 255],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: Math.max(1, radiusPx / 4),
    radiusUnits: 'pixels',
    getRadius: radiusPx,
  });
}
