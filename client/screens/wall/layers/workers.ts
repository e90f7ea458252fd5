import { useMemo } from 'react';
import { headingLayer } from '../../../tracking/headingLayer.ts';
import { headingColumns, workerColumns } from '../../../tracking/workerColumns.ts';
import { workerLayer } from '../../../tracking/workerLayer.ts';
import { useWallWorkers } from './liveWorkers.ts';
import { wallLayer } from './types.ts';

/** The workers in their status colours, each with the arrow of its heading: columns made once per delta. */
export const workers = wallLayer({
  id: 'workers',
  label: 'workers',
  overlay: 'live',
  useData: ({ frame }) => {
    const workers = useWallWorkers(frame);
    return useMemo(() => ({ dots: workerColumns(workers), headings: headingColumns(workers) }), [workers]);
  },
  layers: ({ dots, headings }, { rem }) => [workerLayer(dots, Math.max(4, rem * 0.4)), headingLayer(headings, Math.max(4, rem * 0.4))],
});
