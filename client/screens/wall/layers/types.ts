import type { Layer } from '@deck.gl/core';
import type { FeatureCollection, Polygon } from 'geojson';
import type { HeatCell } from '../../../../shared/coverage/contract.ts';
import type { GeoData } from '../../../geo/useGeo.ts';
import type { MessageKey, Translate } from '../../../platform/i18n.ts';
import type { DayTrack } from '../../../../shared/tracking/contract.ts';
import type { ReplayFrame } from '../ReplayBar.tsx';

/** What the wall knows when it draws: the town, its size, what is shown, the replayed moment if any. */
export interface WallContext {
  geo: GeoData;
  /** The wall's unit of size in pixels (it follows the viewport). */
  rem: number;
  /** The layers switched on (ids of entries with a toggle). */
  shown: ReadonlySet<string>;
  /** In replay, the chosen moment stands in for the live picture. */
  frame: ReplayFrame | null;
  /** The map's zoom (pins cluster by it). */
  zoom: number;
  /** What the page fetches for its layers; null until loaded, or while the layer is off. */
  fetched: {
    heat: { cells: HeatCell[] } | null;
    blindSpots: FeatureCollection<Polygon> | null;
    dayTracks: { tracks: DayTrack[] } | null;
  };
}

/**
 * What a layer factory may read beside its data: everything else comes through the data hook, so that the
 * wall rebuilds an entry's layers exactly when its data (a new reference) or this view changes.
 */
export interface LayerView {
  geo: GeoData;
  rem: number;
  frame: ReplayFrame | null;
  /** Whether the entry is switched on (always true for an entry without a toggle). */
  on: boolean;
  shown: ReadonlySet<string>;
}

/** A section of the legend: a title and coloured swatches. */
export interface LegendEntry {
  title: string;
  /** The list's class (its look). */
  className?: string;
  /** Round swatches (points) rather than squares (areas). */
  dot?: boolean;
  items: { key: string; colour: readonly number[]; label: string }[];
}

/**
 * One entry of the wall's map: its data hook and its layer factory, and if the wall can switch it, its
 * toggle; if it explains a colour, its legend. The registry (index.ts) lists the entries in draw order.
 */
export interface WallLayer<D = unknown> {
  id: string;
  /** Its name, as the toggle and the legend say it. */
  label: MessageKey;
  /** The town's overlay (redrawn seldom) or the live one above it (redrawn at each delta). */
  overlay: 'town' | 'live';
  /** A button among the layer toggles: its place among the buttons, whether it starts on. */
  toggle?: { order: number; on: boolean };
  legend?(geo: GeoData, t: Translate): LegendEntry;
  /** Called on every render of the wall, as a hook: returns a new reference only when the data changed. */
  useData(ctx: WallContext): D;
  /**
   * The deck.gl layers, bottom first. A layer whose colours come from data changed in place must take a
   * value that changes with it as its `updateTriggers` (a version), or deck.gl keeps the old colours.
   */
  layers(data: D, view: LayerView): Layer[];
}

/** Types an entry by its data; the registry holds entries of any data. */
export const wallLayer = <D>(entry: WallLayer<D>): WallLayer => entry as WallLayer;
