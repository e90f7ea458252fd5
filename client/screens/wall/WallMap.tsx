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
  // The basemap is drawn from the town's layers once: a town brought in while the wall is up draws it anew.
  return (
    <MapView
      key={`${props.geo.boundary.features.length}|${props.geo.context.features.length}|${props.geo.roads.features.length}`}
      basemap={props.geo}
      layers={town}
      liveLayers={live}
      bounds={boundsOf(props.geo.boundary)}
      onZoom={setZoom}
    />
  );
}
