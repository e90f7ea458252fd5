// Incidents live over socket.io (R30, R31): every change goes out at once as `incident:update` with a
// rising sequence number, to the town room and to the rooms whose scope holds the incident.
import { covers, type Scope } from '../auth/scope.ts';
import type { Rooms } from '../platform/capability.ts';
import type { IncidentSummary, IncidentUpdate } from '../../shared/incidents/machine.ts';

export function inIncidentScope(i: IncidentSummary, scope: Scope): boolean {
  if (scope.departmentId !== undefined) return i.assigneeDepartmentId === scope.departmentId;
  return covers(scope, i);
}

export class IncidentFeed {
  private seq = Date.now();
  /** On one node of several: sends each change made here to the other nodes. */
  relay: ((event: string, incident: IncidentSummary) => void) | null = null;
  constructor(private readonly hub: Rooms) {}

  publish(event: string, incident: IncidentSummary): IncidentUpdate {
    this.relay?.(event, incident);
    return this.publishHere(event, incident);
  }

  /** To this node's clients only: a change another node made. */
  publishHere(event: string, incident: IncidentSummary): IncidentUpdate {
    const update: IncidentUpdate = { seq: ++this.seq, event, incident };
    this.hub.publish('incident:update', (scope) => (inIncidentScope(incident, scope) ? update : null));
    return update;
  }
}
