// The wall's registry: draw order, toggles and legend as the wall had them, and a live delta reaching the
// colours. deck.gl recomputes a layer's colours only when its data is a new reference or an update trigger's
// value changed; it compares triggers shallowly, so a Map changed in place (the shared applier's) never
// fires: the layers must take a version.
import type { Layer } from '@deck.gl/core';
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { type CoverageDelta, emptyCoverageStore, type GridCoverage } from '../../../../shared/coverage/live.ts';
import { coverageFigures, emptyCounts } from '../../../../shared/coverage/tally.ts';
import { coverageColour, gridCoverageLayer } from '../../../coverage/gridCoverageLayer.ts';
import { coverageChanged, coverageLoaded } from '../../../coverage/useCoverage.ts';
import type { GeoData } from '../../../geo/useGeo.ts';
import { zhCN } from '../../../platform/l10n/zh-CN.ts';
import { gridCoverage } from './gridCoverage.ts';
import { defaultLayers, TOGGLES, WALL_LAYERS } from './index.ts';
import type { LayerView } from './types.ts';

const grid = (complete: number): GridCoverage => ({ ...coverageFigures({ ...emptyCounts(), targets: 4, complete }), qualified: false });
const feature = { type: 'Feature', id: 7, properties: {}, geometry: { type: 'MultiPolygon', coordinates: [] } } as unknown as Feature;
const geo = { grids: { type: 'FeatureCollection', features: [feature] } } as unknown as GeoData;
const view: LayerView = { geo, rem: 16, frame: null, on: true, shown: new Set(['gridCoverage']) };

/** As deck.gl compares an update trigger: by identity, an object key by key (a Map has none). */
const sameTrigger = (a: unknown, b: unknown) =>
  a === b ||
  (typeof a === 'object' &&
    typeof b === 'object' &&
    a !== null &&
    b !== null &&
    Object.keys(a).length === Object.keys(b).length &&
    Object.entries(a).every(([k, v]) => (b as Record<string, unknown>)[k] === v));

/** Whether deck.gl would recompute an accessor between two layers of the same id: new data, or another trigger. */
const refreshes = (before: Layer, after: Layer, accessor: string) => {
  const [a, b] = [
    before.props as { data: unknown; updateTriggers: Record<string, unknown> },
    after.props as { data: unknown; updateTriggers: Record<string, unknown> },
  ];
  return a.data !== b.data || !sameTrigger(a.updateTriggers[accessor], b.updateTriggers[accessor]);
};

describe('the wall layer registry', () => {
  it('draws in the order of the wall, the town below the live picture', () => {
    expect(WALL_LAYERS.map((l) => l.id)).toEqual([
      'gridCoverage',
      'heat',
      'blindSpots',
      'squads',
      'roadCells',
      'targets',
      'villageLabels',
      'dayTracks',
      'trails',
      'workers',
      'incidents',
    ]);
    const firstLive = WALL_LAYERS.findIndex((l) => l.overlay === 'live');
    expect(WALL_LAYERS.slice(firstLive).every((l) => l.overlay === 'live')).toBe(true);
  });

  it('offers the toggles in the order of the buttons, named as before, four of them on at first', () => {
    expect(TOGGLES.map((l) => l.id)).toEqual(['incidents', 'targets', 'roadCells', 'trails', 'dayTracks', 'gridCoverage', 'heat', 'blindSpots']);
    expect([...defaultLayers()].sort()).toEqual(['incidents', 'roadCells', 'targets', 'trails']);
    expect(TOGGLES.map((l) => zhCN[l.label])).toEqual(['事件', '重点目标', '主干道路段', '实时轨迹', '今日轨迹', '网格覆盖', '巡查热力', '7日盲区']);
  });

  it('recolours a grid when a live delta changes its figures (R32)', () => {
    const store = emptyCoverageStore();
    store.day = '2026-12-01';
    store.grids.set(7, grid(0));
    const before = coverageLoaded({ store: null, version: 0 }, store);
    const [was] = gridCoverage.layers(before, view);
    const delta: CoverageDelta = { day: '2026-12-01', items: [], grids: [{ gridId: 7, ...grid(4) }], squads: [] };
    const after = coverageChanged(before, delta)!;
    const [now] = gridCoverage.layers(after, view);
    expect(after).not.toBe(before); // the wall's memo sees new data
    expect(refreshes(was!, now!, 'getFillColor')).toBe(true);
    const fill = (now!.props as unknown as { getFillColor: (f: Feature) => number[] }).getFillColor(feature);
    expect(fill).toEqual([...coverageColour(1), 150]);
  });

  it('recolours the grids from a new map of figures (the leader view polls them)', () => {
    const was = gridCoverageLayer(geo.grids, new Map([[7, grid(0)]]), null, () => undefined);
    const now = gridCoverageLayer(geo.grids, new Map([[7, grid(4)]]), null, () => undefined);
    expect(refreshes(was, now, 'getFillColor')).toBe(true);
  });

  it('draws the bare grids while grid coverage is off', () => {
    const store = emptyCoverageStore();
    const layers = gridCoverage.layers(coverageLoaded({ store: null, version: 0 }, store), { ...view, on: false });
    expect(layers.map((l) => l.id)).toEqual(['grids']);
  });
});
