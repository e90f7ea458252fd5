import type { FeatureCollection } from 'geojson';
import { useEffect, useState } from 'react';
import type { AnswerOf } from '../../shared/core/contract.ts';
import { geo } from '../../shared/geo/contract.ts';
import { call } from '../platform/api.ts';
import type { BasemapData } from '../platform/map/basemapStyle.ts';
import { loadSite } from '../platform/useSite.ts';

/** Each layer and the endpoint it comes from. */
const LAYERS = geo;
type Layers = { [K in keyof typeof LAYERS]: AnswerOf<(typeof LAYERS)[K]> };

export interface GeoData extends BasemapData, Layers {}

/** The town's map layers, loaded once per page (they change only when the town is re-surveyed). */
export function useGeo(): { data: GeoData | null; error: Error | null } {
  const [data, setData] = useState<GeoData | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const keys = Object.keys(LAYERS) as (keyof typeof LAYERS)[];
    Promise.all([Promise.all(keys.map((k) => call(LAYERS[k]))), loadSite()])
      .then(([fcs, site]) => setData({ ...(Object.fromEntries(keys.map((k, i) => [k, fcs[i]])) as unknown as GeoData), online: site.basemap }))
      .catch(setError);
  }, []);
  return { data, error };
}

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
  return b;
}
