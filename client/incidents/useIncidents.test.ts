import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../shared/incidents/machine.ts';
import { initialLiveState } from '../platform/live/store.ts';
import { incidentsLoaded, incidentUpdated } from './useIncidents.ts';

const incident = (id: number, version: number, state: string, updatedAt = '2026-12-01T01:00:00Z') => ({ id, version, state, updatedAt }) as IncidentSummary;

describe('the open incidents slice (R30, R31)', () => {
  it('loads the open incidents, its feed from the latest changes, all seen at load', () => {
    const s = incidentsLoaded(initialLiveState().incidents, [
      incident(1, 1, 'reported', '2026-12-01T01:00:00Z'),
      incident(2, 3, 'dispatched', '2026-12-01T02:00:00Z'),
    ]);
    expect(s.list.map((i) => i.id)).toEqual([1, 2]);
    expect(s.feed.map((u) => [u.incident.id, u.event])).toEqual([
      [2, 'dispatched'],
      [1, 'reported'],
    ]);
    expect([...s.firstSeen]).toEqual([
      [1, 0],
      [2, 0],
    ]);
    // A reload keeps the feed the page has.
    expect(incidentsLoaded(s, [incident(3, 1, 'reported')]).feed).toBe(s.feed);
  });

  it('keeps an update newer than what it knows, drops a closed case, ignores a stale update', () => {
    const loaded = incidentsLoaded(initialLiveState().incidents, [incident(1, 2, 'registered')]);
    expect(incidentUpdated(loaded, { seq: 5, event: 'register', incident: incident(1, 2, 'registered') }, 1000)).toBe(loaded);
    const fresh = incidentUpdated(loaded, { seq: 6, event: 'report', incident: incident(9, 1, 'reported') }, 1000);
    expect(fresh.firstSeen.get(9)).toBe(1000);
    expect(fresh.version).toBe(loaded.version + 1);
    const closed = incidentUpdated(fresh, { seq: 7, event: 'close', incident: incident(1, 3, 'closed') }, 2000);
    expect(closed.list.map((i) => i.id)).toEqual([9]);
    expect(closed.feed.map((u) => u.seq)).toEqual([7, 6, -0]); // the loaded feed is numbered 0, -1, …
  });
});
