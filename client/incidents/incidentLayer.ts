import { ScatterplotLayer } from '@deck.gl/layers';
import type { IncidentSummary } from '../../shared/incidents/machine.ts';
import { INCIDENT_COLOURS, incidentColour } from './incidentColours.ts';

/** Live incident pins (事件, R30) coloured by urgency and state, outlined dark so they stand on any fill. */
export function incidentLayer(incidents: IncidentSummary[], radiusPx: number, version: number) {
  return new ScatterplotLayer<IncidentSummary>({
    id: 'incidents',
    data: incidents,
    getPosition: (i) => [i.lon, i.lat],
    getFillColor: (i) => [...INCIDENT_COLOURS[incidentColour(i)], 255],
    getLineColor: [10, 10, 10, 255],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: Math.max(1.5, radiusPx / 4),
    radiusUnits: 'pixels',
    getRadius: radiusPx,
    updateTriggers: { getFillColor: version },
  });
}
