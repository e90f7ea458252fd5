import { applyCoverageDelta, type CoverageDelta, type CoverageStore, emptyCoverageStore, itemKey } from '../../shared/coverage/live.ts';
import { coverage } from '../../shared/coverage/contract.ts';
import { call } from '../platform/api.ts';
import { type FeedContext, type LiveFeed, useFeed } from '../platform/live/SocketController.ts';
import { type CoverageSlice, type LiveState, useLiveState } from '../platform/live/store.ts';

/** Loads today's coverage (summary, key targets, road cells) into a fresh store. */
async function loadCoverage(): Promise<CoverageStore> {
  const [summary, targets, roads] = await Promise.all([call(coverage.summary), call(coverage.targets), call(coverage.roads)]);
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

/** The slice once a fresh store is loaded. */
export const coverageLoaded = (s: CoverageSlice, store: CoverageStore): CoverageSlice => ({ store, version: s.version + 1 });

/**
 * The slice after a `coverage:delta` (the shared applier changes the store's maps in place, the version
 * tells the layers); null when the delta is of another day (midnight): then the client reloads.
 */
export function coverageChanged(s: CoverageSlice, d: CoverageDelta): CoverageSlice | null {
  if (!s.store) return s;
  return applyCoverageDelta(s.store, d) ? { store: s.store, version: s.version + 1 } : null;
}

// A failed load waits for the next (re)connection; the connection badge tells of outages.
const reload = (ctx: FeedContext) =>
  loadCoverage()
    .then((store) => ctx.update((st) => ({ ...st, coverage: coverageLoaded(st.coverage, store) })))
    .catch(() => undefined);

/**
 * Today's coverage, live (R13, R15): loaded on every (re)connection, kept current by the server's
 * `coverage:delta` messages; a delta of another day (midnight) reloads.
 */
export const coverageFeed: LiveFeed = {
  name: 'coverage',
  connected: (ctx) => void reload(ctx),
  on: {
    'coverage:delta': (d: CoverageDelta, ctx) => {
      const next = coverageChanged(ctx.get().coverage, d);
      if (next) ctx.update((st) => ({ ...st, coverage: next }));
      else void reload(ctx);
    },
  },
};

const selectCoverage = (s: LiveState) => s.coverage;

/** Today's coverage, live; `store` is null until loaded. */
export function useCoverage(): CoverageSlice {
  useFeed(coverageFeed);
  return useLiveState(selectCoverage);
}
