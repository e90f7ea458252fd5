// The field app's map: maplibre alone (no deck.gl on the phone), loaded only when the worker opens it, in a
// light style for sunlight. My grid's outline, its road cells and key targets coloured by today's passes
// (0 red, 1 orange, 2 green), today's track, my position; on 上报 a tap moves the report's pin.
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon } from 'geojson';
import { type GeoJSONSource, Map as MaplibreMap, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker is served from our own assets, like everything else (no request leaves the site).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';

setWorkerUrl(workerUrl);

export const PASS_COLOURS = ['#d93025', '#e37400', '#188038'] as const;
const passColour = ['match', ['get', 'passes'], 0, PASS_COLOURS[0], 1, PASS_COLOURS[1], PASS_COLOURS[2]] as const;

export interface FieldMapProps {
  grid: MultiPolygon;
  cells?: FeatureCollection<LineString, { passes: number }>;
  targets?: { lon: number; lat: number; passes: number; name: string }[];
  track?: [number, number][][];
  me?: { lon: number; lat: number } | null;
  /** The report's place: shown as a pin, moved by a tap. */
  pin?: [number, number] | null;
  onPick?: (lonLat: [number, number]) => void;
}

const collection = <G extends Geometry>(features: Feature<G>[]): FeatureCollection<G> => ({ type: 'FeatureCollection', features });
const point = (lon: number, lat: number, properties: Record<string, unknown> = {}): Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties,
});

function boundsOf(g: MultiPolygon): [number, number, number, number] {
  const b: [number, number, number, number] = [180, 90, -180, -90];
  for (const poly of g.coordinates)
    for (const ring of poly)
      for (const [x, y] of ring) {
        b[0] = Math.min(b[0], x!);
        b[1] = Math.min(b[1], y!);
        b[2] = Math.max(b[2], x!);
        b[3] = Math.max(b[3], y!);
      }
  return b;
}

function dataOf(p: FieldMapProps) {
  return {
    grid: collection([{ type: 'Feature', geometry: p.grid, properties: {} }]),
    cells: p.cells ?? collection<LineString>([]),
    targets: collection((p.targets ?? []).map((t) => point(t.lon, t.lat, { passes: t.passes, name: t.name }))),
    track: collection<LineString>((p.track ?? []).map((coordinates) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: {} }))),
    me: collection(p.me ? [point(p.me.lon, p.me.lat)] : []),
    pin: collection(p.pin ? [point(p.pin[0], p.pin[1])] : []),
  };
}

export function FieldMap(props: FieldMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<MaplibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const pick = useRef(props.onPick);
  pick.current = props.onPick;
  const first = useRef(props);

  useEffect(() => {
    const d = dataOf(first.current);
    const m = new MaplibreMap({
      container: box.current!,
      bounds: boundsOf(first.current.grid),
      fitBoundsOptions: { padding: 16 },
      attributionControl: false,
      // One finger pans; rotating a phone map by accident only confuses.
      dragRotate: false,
      pitchWithRotate: false,
      style: {
        version: 8,
        sources: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, { type: 'geojson', data: v }])),
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
          { id: 'grid-fill', type: 'fill', source: 'grid', paint: { 'fill-color': '#ffffff' } },
          { id: 'grid-line', type: 'line', source: 'grid', paint: { 'line-color': '#0b6bcb', 'line-width': 3 } },
          { id: 'cells', type: 'line', source: 'cells', paint: { 'line-color': passColour as never, 'line-width': 5 } },
          { id: 'track', type: 'line', source: 'track', paint: { 'line-color': '#6a1b9a', 'line-width': 3, 'line-opacity': 0.8 } },
          {
            id: 'targets',
            type: 'circle',
            source: 'targets',
            paint: { 'circle-color': passColour as never, 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
          },
          {
            id: 'me',
            type: 'circle',
            source: 'me',
            paint: { 'circle-color': '#1a73e8', 'circle-radius': 9, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
          },
          {
            id: 'pin',
            type: 'circle',
            source: 'pin',
            paint: { 'circle-color': '#d93025', 'circle-radius': 11, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
          },
        ],
      },
    });
    m.on('click', (e) => pick.current?.([e.lngLat.lng, e.lngLat.lat]));
    m.once('load', () => setReady(true));
    map.current = m;
    (window as unknown as { __map?: MaplibreMap }).__map = m;
    const resize = new ResizeObserver(() => m.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      m.remove();
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!ready || !m) return;
    for (const [k, v] of Object.entries(dataOf(props))) (m.getSource(k) as GeoJSONSource | undefined)?.setData(v);
  });

  return <div ref={box} className="field-map" data-ready={ready ? 'true' : 'false'} />;
}
