import type { FeatureCollection, MultiPolygon } from 'geojson';
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import type { BasemapData } from '../map/basemapStyle.ts';
import type { GridProps } from '../map/gridLayer.ts';

export interface GeoData extends BasemapData {
  squads: FeatureCollection<MultiPolygon, { code: string; name: string; branch: string }>;
  villages: FeatureCollection<MultiPolygon, { code: string; name: string; kind: string; squadId: number; centre: [number, number] }>;
  grids: FeatureCollection<MultiPolygon, GridProps>;
  targets: FeatureCollection;
}

const LAYERS = ['boundary', 'roads', 'context', 'squads', 'villages', 'grids', 'targets'] as const;

/** The town's map layers, loaded once per page (they change only when the town is re-surveyed). */
export function useGeo(): { data: GeoData | null; error: Error | null } {
  const [data, setData] = useState<GeoData | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    Promise.all(LAYERS.map((l) => api<FeatureCollection>(`/geo/${l}`)))
      .then((fcs) => setData(Object.fromEntries(LAYERS.map((l, i) => [l, fcs[i]])) as unknown as GeoData))
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
      b[0] = Math.min(b[0], x!); b[1] = Math.min(b[1], y!); b[2] = Math.max(b[2], x!); b[3] = Math.max(b[3], y!);
    } else (c as unknown[]).forEach(visit);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return b;
}
