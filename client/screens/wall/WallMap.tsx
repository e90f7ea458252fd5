import { useState } from 'react';
import { boundsOf } from '../../geo/useGeo.ts';
import { MapView } from '../../platform/map/MapView.tsx';
import { useWallLayers, type WallContext } from './layers/index.ts';

/**
 * The wall's map: the registry's layers in two overlays. The picture of the town changes seldom, the workers
 * several times a second: a live delta rebuilds and redraws only the entries whose data it changed.
 */
export function WallMap(props: Omit<WallContext, 'zoom'>) {
  // Pins that would overlap at this zoom become a cluster with a count; zooming in splits them.
  const [zoom, setZoom] = useState(0);
  const { town, live } = useWallLayers({ ...props, zoom });
  return <MapView basemap={props.geo} layers={town} liveLayers={live} bounds={boundsOf(props.geo.boundary)} onZoom={setZoom} />;
}
