import Supercluster from 'supercluster';
import type { IncidentSummary } from '../../shared/incidents/machine.ts';
import { incidentColour, type IncidentColour } from './incidentColours.ts';

// Pins that would overlap at the map's zoom are drawn as one cluster with a count (R30). Supercluster is
// the well-kept grid-and-KD-tree clusterer maplibre's own GeoJSON clustering uses. No I/O here.

/** The order in which a cluster takes its colour from its pins: the most pressing wins. */
const PRESSING: IncidentColour[] = ['handled', 'working', 'new', 'warning', 'overdue'];

export interface PinCluster {
  lon: number;
  lat: number;
  count: number;
  colour: IncidentColour;
  members: IncidentSummary[];
}

/**
 * Splits the pins into those drawn alone and clusters, at a whole zoom level. `radiusPx` is how close (in
 * screen pixels) two pins may be before they merge; beyond zoom 16 every pin stands alone.
 */
export function incidentClusters(pins: readonly IncidentSummary[], zoom: number, radiusPx: number): { pins: IncidentSummary[]; clusters: PinCluster[] } {
  const index = new Supercluster<{ id: number; rank: number }, { rank: number }>({
    radius: radiusPx,
    maxZoom: 16,
    map: (p) => ({ rank: p.rank }),
    reduce: (acc, p) => {
      acc.rank = Math.max(acc.rank, p.rank);
    },
  });
  index.load(
    pins.map((i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
      properties: { id: i.id, rank: PRESSING.indexOf(incidentColour(i)) },
    })),
  );
  const byId = new Map(pins.map((i) => [i.id, i]));
  const alone: IncidentSummary[] = [];
  const clusters: PinCluster[] = [];
  for (const f of index.getClusters([-180, -85, 180, 85], zoom)) {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    if ('cluster' in f.properties && f.properties.cluster) {
      const members = index.getLeaves(f.properties.cluster_id, Infinity).map((l) => byId.get(l.properties.id)!);
      clusters.push({ lon, lat, count: members.length, colour: PRESSING[f.properties.rank]!, members });
    } else alone.push(byId.get((f.properties as { id: number }).id)!);
  }
  return { pins: alone, clusters };
}
