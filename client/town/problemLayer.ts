import { ScatterplotLayer } from '@deck.gl/layers';
import type { ImportPlan } from '../../shared/town/contract.ts';
import { PROBLEM_COLOURS } from './changeColours.ts';

type Problem = ImportPlan['problems'][number];
interface Spot {
  index: number;
  at: [number, number];
  severity: Problem['severity'];
}

/** Where the file's problems are, errors red and warnings amber; the one picked in the list larger, ringed in white. */
export function problemLayer(problems: Problem[], selected: number | null, radiusPx: number) {
  const spots: Spot[] = problems.flatMap((p, index) => (p.at ? [{ index, at: p.at, severity: p.severity }] : []));
  return new ScatterplotLayer<Spot>({
    id: 'town-problems',
    data: spots,
    getPosition: (s) => s.at,
    getFillColor: (s) => [...PROBLEM_COLOURS[s.severity], 235],
    getLineColor: (s) => (s.index === selected ? [255, 255, 255, 255] : [20, 20, 20, 160]),
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: (s) => (s.index === selected ? 3 : 1),
    radiusUnits: 'pixels',
    getRadius: (s) => (s.index === selected ? radiusPx * 2 : radiusPx),
    updateTriggers: { getLineColor: selected, getLineWidth: selected, getRadius: selected },
  });
}
