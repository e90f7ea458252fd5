// Today's coverage as the server pushes it (R13, R15): a client loads the summary and the items once,
// then applies `coverage:delta` messages. Shared so the wall, the consoles and the tests apply them alike.
import type { PassStatus } from './engine.ts';
import type { AreaCoverage, GridCoverage } from './contract.ts';

export type CoverageLayer = 'targets' | 'cells';

export interface CoverageItemState {
  layer: CoverageLayer;
  id: number;
  gridId: number;
  passes: number;
  status: PassStatus;
}

export type { AreaCoverage, GridCoverage } from './contract.ts';

export interface CoverageDelta {
  day: string;
  items: CoverageItemState[];
  grids: ({ gridId: number } & GridCoverage)[];
  squads: ({ squadId: number } & AreaCoverage)[];
  /** Only for the town room. */
  town?: AreaCoverage;
}

export interface CoverageStore {
  day: string;
  items: Map<string, CoverageItemState>;
  grids: Map<number, GridCoverage>;
  squads: Map<number, AreaCoverage>;
  town: AreaCoverage | null;
}

export const itemKey = (layer: CoverageLayer, id: number) => `${layer}:${id}`;

export const emptyCoverageStore = (): CoverageStore => ({ day: '', items: new Map(), grids: new Map(), squads: new Map(), town: null });

/** Applies a delta of the store's day; returns false when it is of another day (the client reloads). */
export function applyCoverageDelta(store: CoverageStore, d: CoverageDelta): boolean {
  if (d.day !== store.day) return false;
  for (const i of d.items) store.items.set(itemKey(i.layer, i.id), i);
  for (const { gridId, ...f } of d.grids) store.grids.set(gridId, f);
  for (const { squadId, ...f } of d.squads) store.squads.set(squadId, f);
  if (d.town) store.town = d.town;
  return true;
}
