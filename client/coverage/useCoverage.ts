import {
  applyCoverageDelta,
  emptyCoverageStore,
  itemKey,
  type AreaCoverage,
  type CoverageDelta,
  type CoverageItemState,
  type CoverageStore,
  type GridCoverage,
} from '../../shared/coverage/live.ts';
import { api } from '../platform/api.ts';
import { type CoverageSlice, useLiveState } from '../platform/live/liveStore.ts';

interface Summary {
  date: string;
  town: AreaCoverage;
  squads: ({ squadId: number } & AreaCoverage)[];
  grids: ({ gridId: number } & GridCoverage)[];
}

/** Loads today's coverage (summary, key targets, road cells) into a fresh store. */
export async function loadCoverage(): Promise<CoverageStore> {
  const [summary, targets, roads] = await Promise.all([
    api<Summary>('/coverage/summary'),
    api<{ targets: (Omit<CoverageItemState, 'layer' | 'id'> & { targetId: number })[] }>('/coverage/targets'),
    api<{ cells: (Omit<CoverageItemState, 'layer' | 'id'> & { cellId: number })[] }>('/coverage/roads'),
  ]);
  const store = emptyCoverageStore();
  store.day = summary.date;
  store.town = summary.town;
  for (const { squadId, ...s } of summary.squads) store.squads.set(squadId, s);
  for (const { gridId, ...g } of summary.grids) store.grids.set(gridId, g);
  for (const t of targets.targets)
    store.items.set(itemKey('targets', t.targetId), { layer: 'targets', id: t.targetId, gridId: t.gridId, passes: t.passes, status: t.status });
  for (const c of roads.cells)
    store.items.set(itemKey('cells', c.cellId), { layer: 'cells', id: c.cellId, gridId: c.gridId, passes: c.passes, status: c.status });
  return store;
}

export const coverageLoaded = (s: CoverageSlice, store: CoverageStore): CoverageSlice => ({ store, version: s.version + 1 });

/** The slice after a `coverage:delta`; null when the delta is of another day (midnight): then reload. */
export function coverageChanged(s: CoverageSlice, d: CoverageDelta): CoverageSlice | null {
  if (!s.store) return s;
  return applyCoverageDelta(s.store, d) ? { store: s.store, version: s.version + 1 } : null;
}

/** Today's coverage, live: loaded on every (re)connection, kept current by the server's deltas. */
export const useCoverage = (): CoverageSlice => useLiveState((s) => s.coverage);
