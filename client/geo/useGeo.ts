import { useQueries, useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { useMemo } from 'react';
import type { AnswerOf } from '../../shared/core/contract.ts';
import { geo } from '../../shared/geo/contract.ts';
import { call } from '../platform/api.ts';
import { useFeed } from '../platform/live/SocketController.ts';
import type { BasemapData } from '../platform/map/basemapStyle.ts';
import { keyOf } from '../platform/useEndpoint.ts';
import { loadSite } from '../platform/useSite.ts';
import { townFeed } from './townFeed.ts';

/** Each layer and the endpoint it comes from. */
const LAYERS = geo;
const KEYS = Object.keys(LAYERS) as (keyof typeof LAYERS)[];
type Layers = { [K in keyof typeof LAYERS]: AnswerOf<(typeof LAYERS)[K]> };

export interface GeoData extends BasemapData, Layers {}

/** The layers once all are loaded; module-level, so the cache keeps the combined answer while nothing changed. */
const combine = (answers: { data?: unknown; error: Error | null }[]) => ({
  layers: answers.every((a) => a.data !== undefined) ? (Object.fromEntries(KEYS.map((k, i) => [k, answers[i]!.data])) as Layers) : null,
  error: answers.find((a) => a.error)?.error ?? null,
});

/**
 * The town's map layers from the page's cache: loaded once, and again when the town is redrawn (the
 * server's `town:changed`, which `townFeed` hears); the last layers stay on screen while the new load.
 */
export function useGeo(): { data: GeoData | null; error: Error | null } {
  useFeed(townFeed);
  const site = useQuery({ queryKey: ['site'], queryFn: loadSite, staleTime: Infinity });
  const { layers, error } = useQueries({
    queries: KEYS.map((k) => ({ queryKey: keyOf(LAYERS[k]), queryFn: () => call(LAYERS[k]), staleTime: Infinity })),
    combine,
  });
  const data = useMemo(() => (layers && site.data ? { ...layers, online: site.data.basemap } : null), [layers, site.data]);
  return { data, error: error ?? site.error ?? null };
}

const NO_TOWN_BOUNDS: [number, number, number, number] = [73, 18, 135, 54];

/** West, south, east, north of a collection. */
export function boundsOf(fc: FeatureCollection): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      b[0] = Math.min(b[0], x!);
      b[1] = Math.min(b[1], y!);
      b[2] = Math.max(b[2], x!);
      b[3] = Math.max(b[3], y!);
    } else (c as unknown[]).forEach(visit);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  // No town yet (a first start without the demo): China, until one is brought in.
  return Number.isFinite(b[0]) ? b : NO_TOWN_BOUNDS;
}
