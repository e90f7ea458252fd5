import { ScatterplotLayer } from '@deck.gl/layers';
import { INCIDENT_COLOURS } from './incidentColours.ts';
import type { PinCluster } from './incidentClusters.ts';

/** A cluster's disc radius: larger the more pins it holds. */
export const clusterRadius = (c: PinCluster, pinPx: number) => pinPx * (1.5 + Math.log10(c.count));

/** Clustered incident pins as a disc in the colour of the most pressing of them, larger the more there are. */
export function incidentClusterLayer(clusters: PinCluster[], radiusPx: number) {
  return new ScatterplotLayer<PinCluster>({
    id: 'incident-clusters',
    data: clusters,
    getPosition: (c) => [c.lon, c.lat],
    getFillColor: (c) => [...INCIDENT_COLOURS[c.colour], 235],
    getLineColor: [10, 10, 10, 255],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: Math.max(1.5, radiusPx / 4),
    radiusUnits: 'pixels',
    getRadius: (c) => clusterRadius(c, radiusPx),
  });
}
