import type { StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';

import type { OnlineBasemap } from '../../../shared/core/contract.ts';

export type { OnlineBasemap };

export interface BasemapData {
  boundary: FeatureCollection;
  roads: FeatureCollection;
  context: FeatureCollection;
  online?: OnlineBasemap | null;
}

/**
 * The offline basemap, drawn from the project's own geodata in a dark wall theme. No tiles, no glyphs,
 * no sprite: nothing is requested from outside the server (labels are drawn by deck.gl from local fonts).
 * Only if the site configures an online basemap are its tiles laid underneath, dimmed for the dark wall,
 * the town's own fill then letting them through.
 */
export function basemapStyle(data: BasemapData): StyleSpecification {
  const online = data.online;
  return {
    version: 8,
    sources: {
      boundary: { type: 'geojson', data: data.boundary },
      roads: { type: 'geojson', data: data.roads },
      context: { type: 'geojson', data: data.context },
      ...(online ? { online: { type: 'raster' as const, tiles: online.tiles, tileSize: 256, maxzoom: 18, attribution: online.attribution } } : {}),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#07111f' } },
      ...(online ? [{ id: 'online', type: 'raster' as const, source: 'online', paint: { 'raster-brightness-max': 0.55, 'raster-saturation': -0.4 } }] : []),
      { id: 'town', type: 'fill', source: 'boundary', paint: { 'fill-color': '#0d1d33', 'fill-opacity': online ? 0.55 : 1 } },
      { id: 'water', type: 'fill', source: 'context', filter: ['==', ['get', 'kind'], 'water'], paint: { 'fill-color': '#0f3556' } },
      {
        id: 'rivers',
        type: 'line',
        source: 'context',
        filter: ['in', ['get', 'kind'], ['literal', ['river', 'canal']]],
        paint: { 'line-color': '#2f7fc1', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2, 15, 6] },
      },
      {
        id: 'national-road',
        type: 'line',
        source: 'context',
        filter: ['==', ['get', 'kind'], 'national_road'],
        paint: { 'line-color': '#9c7a3c', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 15, 8] },
      },
      {
        id: 'rail',
        type: 'line',
        source: 'context',
        filter: ['==', ['get', 'kind'], 'rail'],
        paint: { 'line-color': '#8d99a8', 'line-width': 2, 'line-dasharray': [3, 2] },
      },
      {
        id: 'lanes',
        type: 'line',
        source: 'roads',
        filter: ['==', ['get', 'class'], 'lane'],
        paint: { 'line-color': '#41546f', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.4, 15, 2.5] },
      },
      {
        id: 'central-streets',
        type: 'line',
        source: 'roads',
        filter: ['==', ['get', 'class'], 'central'],
        paint: { 'line-color': '#e0873f', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.5, 15, 6] },
      },
      {
        id: 'main-roads',
        type: 'line',
        source: 'roads',
        filter: ['==', ['get', 'class'], 'main'],
        paint: { 'line-color': '#e8b94a', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2, 15, 7] },
      },
      { id: 'town-outline', type: 'line', source: 'boundary', paint: { 'line-color': '#6cc3ff', 'line-width': 3 } },
    ],
  };
}
