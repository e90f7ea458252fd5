import { useMemo } from 'react';
import type { PassStatus } from '../../../../shared/coverage/engine.ts';
import { type CoverageLayer, itemKey } from '../../../../shared/coverage/live.ts';
import type { StatusOf } from '../../../coverage/passColours.ts';
import { useCoverage } from '../../../coverage/useCoverage.ts';
import type { WallContext } from './types.ts';

/**
 * Today's passes of key targets or road cells, or in replay those of the chosen moment (R13), and the
 * version that changes with them (the layers' update trigger): null until today's coverage is loaded.
 */
export function usePasses(layer: CoverageLayer, { frame }: WallContext): { statusOf: StatusOf; version: number } | null {
  const coverage = useCoverage();
  return useMemo(() => {
    const store = coverage.store;
    if (!store) return null;
    if (frame) {
      const past = new Map((layer === 'targets' ? frame.targets : frame.cells).map((x) => [x.id, x.status]));
      return { statusOf: (id: number): PassStatus => past.get(id) ?? 'missed', version: Date.parse(frame.at) };
    }
    return { statusOf: (id: number): PassStatus => store.items.get(itemKey(layer, id))?.status ?? 'missed', version: coverage.version };
  }, [layer, frame, coverage]);
}
