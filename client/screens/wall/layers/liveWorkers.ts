import type { LiveWorker } from '../../../../shared/tracking/live.ts';
import { useLive } from '../../../tracking/useLive.ts';
import type { ReplayFrame } from '../ReplayBar.tsx';

/** The workers on the wall: live, or in replay where they were at the chosen moment (R30). */
export function useWallWorkers(frame: ReplayFrame | null): readonly LiveWorker[] {
  const live = useLive();
  return frame ? frame.workers : live.workers;
}

/** The time of the picture shown: the replayed moment, or the newest live data. */
export function useWallNow(frame: ReplayFrame | null): number {
  const live = useLive();
  return frame ? Date.parse(frame.at) : live.at || Date.now();
}
