import type { IncidentSummary } from '../../shared/incidents/machine.ts';

/** Incident pins: red overdue, orange near the deadline, cyan new, amber in hand, green handled (R30). */
export const INCIDENT_COLOURS = {
  overdue: [255, 59, 48],
  warning: [255, 149, 0],
  new: [64, 196, 255],
  working: [255, 214, 10],
  handled: [52, 199, 89],
} as const satisfies Record<string, readonly [number, number, number]>;
export type IncidentColour = keyof typeof INCIDENT_COLOURS;

export function incidentColour(i: IncidentSummary): IncidentColour {
  if (i.urgency === 'overdue') return 'overdue';
  if (i.urgency === 'warning') return 'warning';
  if (i.state === 'reported') return 'new';
  if (i.state === 'handled' || i.state === 'verified' || i.state === 'fed_back') return 'handled';
  return 'working';
}
