import { shortSquadName } from '../../../geo/squadNames.ts';
import { squadColor } from '../../../geo/squadColors.ts';
import { squadOutlineLayer } from '../../../geo/squadOutlineLayer.ts';
import { wallLayer } from './types.ts';

/** The squads' areas outlined in their colours. */
export const squadOutlines = wallLayer({
  id: 'squads',
  label: 'squads',
  overlay: 'town',
  legend: (geo, t) => ({
    title: t('squads'),
    className: 'legend-squads',
    items: geo.squads.features.map((s) => ({ key: s.properties.code, colour: squadColor(Number(s.id)), label: shortSquadName(s.properties.name) })),
  }),
  useData: () => null,
  layers: (_, { geo, rem }) => [squadOutlineLayer(geo.squads, Math.max(2, rem / 5))],
});
