import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import { Map as MaplibreMap, setWorkerUrl } from 'maplibre-gl';
// The worker ships as its own self-contained module; served from our assets, like everything else.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { basemapStyle, type BasemapData } from './basemapStyle.ts';

setWorkerUrl(workerUrl);

type Bounds = [number, number, number, number];
/** The page's one map and its overlays (bottom first), on window for the export, the bench and the browser tests. */
type MapGlobals = { __map?: MaplibreMap; __overlays?: MapboxOverlay[] };

/**
 * One maplibre map with deck.gl overlays of plain deck.gl layers, made by the small functions beside this
 * file (one layer per file). `layers` is the picture of the town; `liveLayers`, if given, is drawn in an
 * overlay of its own above it, so that a live update redraws only the few layers it changed and not the
 * town's thousands of cells and labels.
 */
export function MapView({
  basemap,
  layers,
  liveLayers,
  bounds,
  focus,
  fit,
  onPick,
  onZoom,
}: {
  basemap: BasemapData;
  layers: Layer[];
  liveLayers?: Layer[];
  bounds: Bounds;
  /** A place to fly to (a selected incident), at street zoom. */
  focus?: [number, number] | null;
  /** A box to show whole (what an import changes), when it changes. */
  fit?: Bounds | null;
  /** Called with the clicked place (taking a call: where it happened). */
  onPick?: (lonLat: [number, number]) => void;
  /** Called with the map's zoom once drawn and after each zoom (pins cluster by it). */
  onZoom?: (zoom: number) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const overlay = useRef<MapboxOverlay | null>(null);
  const liveOverlay = useRef<MapboxOverlay | null>(null);
  const hasLive = useRef(liveLayers !== undefined);
  const mapRef = useRef<MaplibreMap | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const zoomed = useRef(onZoom);
  zoomed.current = onZoom;
  const [ready, setReady] = useState(false);
  // The basemap is created once, where the first render says; later data flows through the deck.gl layers.
  const initial = useRef({ basemap, bounds });

  useEffect(() => {
    const { basemap, bounds } = initial.current;
    const map = new MaplibreMap({
      container: container.current!,
      style: basemapStyle(basemap),
      bounds,
      fitBoundsOptions: { padding: 24 },
      // An online basemap's terms ask for its name on the map; the offline one needs none.
      attributionControl: basemap.online ? { compact: false } : false,
      // The wall keeps its picture for screenshots and tests.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    const deck = new MapboxOverlay({ interleaved: false, layers: [] });
    map.addControl(deck);
    overlay.current = deck;
    const overlays = [deck];
    if (hasLive.current) {
      liveOverlay.current = new MapboxOverlay({ interleaved: false, layers: [] });
      map.addControl(liveOverlay.current);
      overlays.push(liveOverlay.current);
    }
    map.once('load', () => {
      setReady(true);
      zoomed.current?.(map.getZoom());
    });
    map.on('zoomend', () => zoomed.current?.(map.getZoom()));
    map.on('click', (e) => pick.current?.([e.lngLat.lng, e.lngLat.lat]));
    mapRef.current = map;
    Object.assign(window as unknown as MapGlobals, { __map: map, __overlays: overlays });
    const resize = new ResizeObserver(() => map.resize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      map.remove();
      overlay.current = null;
      liveOverlay.current = null;
    };
  }, []);

  // Given to the overlays once the map is drawn, and at each change after.
  useEffect(() => {
    if (ready) overlay.current?.setProps({ layers });
  }, [layers, ready]);
  useEffect(() => {
    if (ready) liveOverlay.current?.setProps({ layers: liveLayers ?? [] });
  }, [liveLayers, ready]);

  useEffect(() => {
    if (focus && ready) mapRef.current?.flyTo({ center: focus, zoom: Math.max(mapRef.current.getZoom(), 15), duration: 600 });
  }, [focus?.[0], focus?.[1], ready]);

  useEffect(() => {
    if (fit && ready) mapRef.current?.fitBounds(fit, { padding: 48, maxZoom: 16, duration: 600 });
  }, [fit?.[0], fit?.[1], fit?.[2], fit?.[3], ready]);

  return <div ref={container} className="map" data-ready={ready ? 'true' : 'false'} />;
}

/**
 * The page's map as shown — the basemap and deck.gl's layers over it — as a PNG download. Waits until the
 * map is still and has drawn, then draws both pictures afresh in one task before reading them (both canvases
 * keep their drawing buffer, so what is read is what is on screen).
 */
export async function downloadMapPng(fileName: string) {
  const { __map: map, __overlays: overlays = [] } = window as unknown as MapGlobals;
  if (!map) return;
  if (map.isMoving() || !map.loaded()) await new Promise((r) => map.once('idle', r));
  map.redraw();
  for (const o of overlays) (o as unknown as { _deck?: { redraw(reason: string): void } })._deck?.redraw('export');
  const base = map.getCanvas();
  const out = document.createElement('canvas');
  [out.width, out.height] = [base.width, base.height];
  const ctx = out.getContext('2d')!;
  ctx.drawImage(base, 0, 0);
  for (const o of overlays) {
    const layers = o.getCanvas();
    if (layers && layers !== base) ctx.drawImage(layers, 0, 0, out.width, out.height);
  }
  const a = document.createElement('a');
  a.href = out.toDataURL('image/png');
  a.download = fileName;
  a.click();
}
