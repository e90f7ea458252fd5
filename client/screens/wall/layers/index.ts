import type { Layer } from '@deck.gl/core';
import { useMemo, useRef } from 'react';
import type { Translate } from '../../../platform/i18n.ts';
import { blindSpots } from './blindSpots.ts';
import { dayTracks } from './dayTracks.ts';
import { gridCoverage } from './gridCoverage.ts';
import { heat } from './heat.ts';
import { incidents } from './incidents.ts';
import { roadCells } from './roadCells.ts';
import { squadOutlines } from './squadOutlines.ts';
import { targets } from './targets.ts';
import { trails } from './trails.ts';
import type { LayerView, LegendEntry, WallContext, WallLayer } from './types.ts';
import { villageLabels } from './villageLabels.ts';
import { workers } from './workers.ts';

export type { WallContext } from './types.ts';

/**
 * The wall's map, bottom first: the town's overlay, then the live one above it. A new layer is a file
 * beside this one and a line here; its toggle and legend follow from the entry.
 */
export const WALL_LAYERS: readonly WallLayer[] = [
  gridCoverage,
  heat,
  blindSpots,
  squadOutlines,
  roadCells,
  targets,
  villageLabels,
  dayTracks,
  trails,
  workers,
  incidents,
];

/** The layers the wall can switch, in the order of their buttons. */
export const TOGGLES = WALL_LAYERS.filter((l) => l.toggle).sort((a, b) => a.toggle!.order - b.toggle!.order);

/** The layers switched on when the URL does not say (`?layers=heat,blindSpots`). */
export const defaultLayers = () => new Set(TOGGLES.filter((l) => l.toggle!.on).map((l) => l.id));

/** The legend's sections, in draw order. */
export const legendOf = (geo: WallContext['geo'], t: Translate): LegendEntry[] => WALL_LAYERS.flatMap((l) => (l.legend ? [l.legend(geo, t)] : []));

/** Keeps the last array while every part is the same, so that an overlay is only given new layers when one changed. */
function useJoined(parts: Layer[][]): Layer[] {
  const last = useRef<{ parts: Layer[][]; joined: Layer[] } | null>(null);
  if (!last.current || parts.some((p, i) => p !== last.current!.parts[i])) last.current = { parts, joined: parts.flat() };
  return last.current.joined;
}

/** One entry's layers, rebuilt when its data or the view changes. */
function useEntryLayers(entry: WallLayer, ctx: WallContext, view: Omit<LayerView, 'on'>): Layer[] {
  const data = entry.useData(ctx);
  const on = !entry.toggle || view.shown.has(entry.id);
  return useMemo(() => entry.layers(data, { ...view, on }), [entry, data, view, on]);
}

/** The wall's two overlays from the registry. */
export function useWallLayers(ctx: WallContext): { town: Layer[]; live: Layer[] } {
  const { geo, rem, frame, shown } = ctx;
  const view = useMemo(() => ({ geo, rem, frame, shown }), [geo, rem, frame, shown]);
  const parts: Layer[][] = [];
  // biome-ignore lint/correctness/useHookAtTopLevel: WALL_LAYERS is a constant fixed at load, so the loop calls the same hooks in the same order on every render.
  for (const entry of WALL_LAYERS) parts.push(useEntryLayers(entry, ctx, view));
  return {
    town: useJoined(parts.filter((_, i) => WALL_LAYERS[i]!.overlay === 'town')),
    live: useJoined(parts.filter((_, i) => WALL_LAYERS[i]!.overlay === 'live')),
  };
}
