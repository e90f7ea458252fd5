import { ScatterplotLayer } from '@deck.gl/layers';
import type { IncidentSummary } from '../../shared/incidents/machine.ts';
import { INCIDENT_COLOURS, incidentColour } from './incidentColours.ts';

const PULSE_FOR_MS = 5 * 60_000;
const PERIOD_MS = 1500;

/** A ring that swells and fades around incidents that arrived in the last five minutes. */
export function incidentPulseLayer(incidents: IncidentSummary[], firstSeen: ReadonlyMap<number, number>, now: number, radiusPx: number) {
  const fresh = incidents.filter((i) => now - (firstSeen.get(i.id) ?? 0) < PULSE_FOR_MS);
  const phase = (now % PERIOD_MS) / PERIOD_MS;
  return new ScatterplotLayer<IncidentSummary>({
    id: 'incident-pulse',
    data: fresh,
    getPosition: (i) => [i.lon, i.lat],
    filled: false,
    stroked: true,
    getLineColor: (i) => [...INCIDENT_COLOURS[incidentColour(i)], Math.round(255 * (1 - phase))],
    lineWidthUnits: 'pixels',
    getLineWidth: Math.max(2, radiusPx / 3),
    radiusUnits: 'pixels',
    getRadius: radiusPx * (1.2 + 2 * phase),
    updateTriggers: { getLineColor: now, getRadius: now },
  });
}
