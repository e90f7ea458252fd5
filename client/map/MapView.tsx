import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import { Map as MaplibreMap, setWorkerUrl } from 'maplibre-gl';
// The worker ships as its own self-contained module; served from our assets, like everything else.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { basemapStyle, type BasemapData } from './basemapStyle.ts';

setWorkerUrl(workerUrl);

type Bounds = [number, number, number, number];

/**
 * One maplibre map with one deck.gl overlay. Overlays are plain deck.gl layers made by the small
 * functions beside this file (one layer per file), passed in as `layers`.
 */
export function MapView({ basemap, layers, bounds, focus, onPick }: {
  basemap: BasemapData;
  layers: Layer[];
  bounds: Bounds;
  /** A place to fly to (a selected incident), at street zoom. */
  focus?: [number, number] | null;
  /** Called with the clicked place (taking a call: where it happened). */
  onPick?: (lonLat: [number, number]) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const overlay = useRef<MapboxOverlay | null>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const map = new MaplibreMap({
      container: container.current!,
      style: basemapStyle(basemap),
      bounds,
      fitBoundsOptions: { padding: 24 },
      attributionControl: false,
      // The wall keeps its picture for screenshots and tests.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    const deck = new MapboxOverlay({ interleaved: false, layers: [] });
    map.addControl(deck);
    overlay.current = deck;
    map.once('load', () => setReady(true));
    map.on('click', (e) => pick.current?.([e.lngLat.lng, e.lngLat.lat]));
    mapRef.current = map;
    (window as unknown as { __map?: MaplibreMap }).__map = map;
    const resize = new ResizeObserver(() => map.resize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      map.remove();
      overlay.current = null;
    };
    // The basemap is created once; later data flows through the deck.gl layers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    overlay.current?.setProps({ layers });
  }, [layers, ready]);

  useEffect(() => {
    if (focus && ready) mapRef.current?.flyTo({ center: focus, zoom: Math.max(mapRef.current.getZoom(), 15), duration: 600 });
  }, [focus?.[0], focus?.[1], ready]); // eslint-disable-line react-hooks/exhaustive-deps

  return <div ref={container} className="map" data-ready={ready ? 'true' : 'false'} />;
}

