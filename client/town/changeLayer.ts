import { GeoJsonLayer } from '@deck.gl/layers';
import type { ImportPlan } from '../../shared/town/contract.ts';
import { CHANGE_COLOURS } from './changeColours.ts';

type Change = ImportPlan['changes']['features'][number];

/** The grids an import adds and changes (their new shape) and removes (their last), in the change's colour. */
export function changeLayer(changes: ImportPlan['changes']) {
  return new GeoJsonLayer<Change['properties']>({
    id: 'town-changes',
    data: changes as never,
    filled: true,
    stroked: true,
    getFillColor: (f) => [...CHANGE_COLOURS[f.properties.change], 80],
    getLineColor: (f) => [...CHANGE_COLOURS[f.properties.change], 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
  });
}
