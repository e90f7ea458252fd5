import { useMemo } from 'react';
import { trailLayer } from '../../../tracking/trailLayer.ts';
import { trailColumns, trailOrigin } from '../../../tracking/workerColumns.ts';
import { useWallNow, useWallWorkers } from './liveWorkers.ts';
import { wallLayer } from './types.ts';

/** The last 30 minutes of each worker, fading into the past. */
export const trails = wallLayer({
  id: 'trails',
  label: 'trails',
  overlay: 'live',
  toggle: { order: 3, on: true },
  useData: ({ frame, shown }) => {
    const workers = useWallWorkers(frame);
    const now = useWallNow(frame);
    const origin = trailOrigin(now);
    const on = shown.has('trails');
    const cols = useMemo(() => (on ? trailColumns(workers, origin) : null), [workers, origin, on]);
    return useMemo(() => cols && { cols, now }, [cols, now]);
  },
  layers: (trails, { on, rem }) => (on && trails ? [trailLayer(trails.cols, trails.now, Math.max(2, rem / 4))] : []),
});
