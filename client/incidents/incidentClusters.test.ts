import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../shared/incidents/machine.ts';
import { incidentClusters } from './incidentClusters.ts';

const pin = (id: number, lon: number, over: Partial<IncidentSummary> = {}) =>
  ({ id, lon, lat: 34.95, state: 'reported', urgency: 'normal', ...over }) as IncidentSummary;

describe('incident pins clustered by zoom (R30)', () => {
  const pins = [pin(1, 117.1), pin(2, 117.10005, { state: 'dispatched' }), pin(3, 117.1001, { urgency: 'overdue' }), pin(4, 117.2)];

  it('merges pins closer than the radius at a town zoom, in the colour of the most pressing, counted', () => {
    const { pins: alone, clusters } = incidentClusters(pins, 12, 20);
    expect(alone.map((p) => p.id)).toEqual([4]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.count).toBe(3);
    expect(clusters[0]!.colour).toBe('overdue');
    expect(clusters[0]!.members.map((m) => m.id).sort()).toEqual([1, 2, 3]);
    expect(clusters[0]!.lon).toBeCloseTo(117.10005, 4);
  });

  it('keeps every pin alone at street zoom', () => {
    const { pins: alone, clusters } = incidentClusters(pins, 19, 20);
    expect(alone.map((p) => p.id).sort()).toEqual([1, 2, 3, 4]);
    expect(clusters).toEqual([]);
  });

  it('takes the new colour when nothing in the cluster is more pressing', () => {
    const { clusters } = incidentClusters([pin(1, 117.1), pin(2, 117.10001, { state: 'handled' })], 12, 20);
    expect(clusters[0]!.colour).toBe('new');
  });
});
