import { useEffect, useState } from 'react';
import { api } from '../api.ts';

export interface TargetCoverage {
  targetId: number;
  passes: number;
  status: 'missed' | 'partial' | 'complete';
}

/** Today's key-target passes (一日双巡), refreshed every `everyMs`. */
export function useTargetCoverage(everyMs = 30_000): Map<number, TargetCoverage> | null {
  const [byId, setById] = useState<Map<number, TargetCoverage> | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () =>
      api<{ targets: TargetCoverage[] }>('/coverage/targets')
        .then((r) => !stop && setById(new Map(r.targets.map((t) => [t.targetId, t]))))
        .catch(() => undefined); // the next round tries again; the connection badge tells of outages
    void load();
    const id = setInterval(load, everyMs);
    return () => {
      stop = true;
      clearInterval(id);
    };
  }, [everyMs]);
  return byId;
}
