import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
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

interface Summary {
  date: string;
  town: AreaCoverage;
  squads: ({ squadId: number } & AreaCoverage)[];
  grids: ({ gridId: number } & GridCoverage)[];
}

/** Loads today's coverage (summary, key targets, road cells) into a fresh store. */
async function loadCoverage(): Promise<CoverageStore> {
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

/**
 * Today's coverage, live (R13, R15): loaded once and again on every (re)connection, kept current by the
 * server's `coverage:delta` messages; a delta of another day (midnight) reloads.
 */
export function useCoverage(socket: Socket | null): { store: CoverageStore | null; version: number } {
  const store = useRef<CoverageStore | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!socket) return;
    let stop = false;
    const reload = () =>
      loadCoverage()
        .then((s) => {
          if (stop) return;
          store.current = s;
          setVersion((v) => v + 1);
        })
        .catch(() => undefined); // the next (re)connection tries again; the badge tells of outages
    const onDelta = (d: CoverageDelta) => {
      if (!store.current) return;
      if (applyCoverageDelta(store.current, d)) setVersion((v) => v + 1);
      else void reload();
    };
    socket.on('connect', reload);
    socket.on('coverage:delta', onDelta);
    if (socket.connected) void reload();
    return () => {
      stop = true;
      socket.off('connect', reload);
      socket.off('coverage:delta', onDelta);
    };
  }, [socket]);
  return { store: store.current, version };
}
