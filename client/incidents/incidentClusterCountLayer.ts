import { TextLayer } from '@deck.gl/layers';
import { clusterRadius } from './incidentClusterLayer.ts';
import type { PinCluster } from './incidentClusters.ts';

/** How many incidents a cluster holds, on its disc. */
export function incidentClusterCountLayer(clusters: PinCluster[], radiusPx: number) {
  return new TextLayer<PinCluster>({
    id: 'incident-cluster-counts',
    data: clusters,
    getPosition: (c) => [c.lon, c.lat],
    getText: (c) => String(c.count),
    characterSet: '0123456789',
    fontFamily: '"Noto Sans CJK SC", "DejaVu Sans", sans-serif',
    fontWeight: 700,
    // The figure as tall as the disc is wide, less a rim: readable from the back of the room.
    getSize: (c) => clusterRadius(c, radiusPx) * 1.3,
    getColor: [255, 255, 255, 255],
    outlineWidth: 3,
    outlineColor: [7, 17, 31, 255],
    fontSettings: { sdf: true, fontSize: 48, buffer: 4 },
  });
}
