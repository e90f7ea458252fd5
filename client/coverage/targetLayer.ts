import { ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { PASS_COLOURS, type StatusOf } from './passColours.ts';

interface TargetDot {
  id: number;
  at: [number, number];
}

/** A polygon target (a pond) is marked at the mean of its ring: close enough for a symbol. */
const anchor = (f: Feature<Point | Polygon>): [number, number] => {
  if (f.geometry.type === 'Point') return f.geometry.coordinates as [number, number];
  const ring = f.geometry.coordinates[0]!;
  return [ring.reduce((s, p) => s + p[0]!, 0) / ring.length, ring.reduce((s, p) => s + p[1]!, 0) / ring.length];
};

/** Key targets (重点目标) coloured by today's passes: 0 missed, 1 partial, 2+ complete (R13). */
export function targetLayer(targets: FeatureCollection, statusOf: StatusOf, radiusPx: number, version: number) {
  const dots: TargetDot[] = (targets.features as Feature<Point | Polygon>[]).map((f) => ({ id: Number(f.id), at: anchor(f) }));
  return new ScatterplotLayer<TargetDot>({
    id: 'targets',
    data: dots,
    getPosition: (d) => d.at,
    getFillColor: (d) => [...PASS_COLOURS[statusOf(d.id)], 230],
    getLineColor: [255, 255, 255, 200],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    radiusUnits: 'pixels',
    getRadius: radiusPx,
    updateTriggers: { getFillColor: version },
  });
}
