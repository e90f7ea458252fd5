import { H3HexagonLayer } from '@deck.gl/geo-layers';

import type { HeatCell } from '../../shared/coverage/contract.ts';

/** Cold blue → hot orange on a log scale: a lane walked once still shows beside a street walked all day. */
const RAMP: [number, number, number][] = [
  [40, 90, 200],
  [60, 170, 210],
  [120, 210, 140],
  [250, 210, 80],
  [250, 120, 50],
];

/** Patrol density on H3 cells (巡查热力, R30, R32). */
export function heatLayer(cells: HeatCell[]) {
  const max = Math.max(1, ...cells.map((c) => c.count));
  const colour = (n: number) => RAMP[Math.min(RAMP.length - 1, Math.floor((Math.log1p(n) / Math.log1p(max)) * (RAMP.length - 1e-9)))]!;
  return new H3HexagonLayer<HeatCell>({
    id: 'heat',
    data: cells,
    getHexagon: (c) => c.h3,
    getFillColor: (c) => [...colour(c.count), 150],
    extruded: false,
    stroked: false,
    updateTriggers: { getFillColor: max },
  });
}
