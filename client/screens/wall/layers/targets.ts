import { PASS_COLOURS } from '../../../coverage/passColours.ts';
import { targetLayer } from '../../../coverage/targetLayer.ts';
import { usePasses } from './passes.ts';
import { wallLayer } from './types.ts';

/** Key targets coloured by today's passes (R13); the legend explains the road cells' colours too. */
export const targets = wallLayer({
  id: 'targets',
  label: 'keyTargets',
  overlay: 'town',
  toggle: { order: 1, on: true },
  legend: (_, t) => ({
    title: `${t('keyTargets')} · ${t('roadCells')}`,
    dot: true,
    items: (['complete', 'partial', 'missed'] as const).map((k) => ({ key: k, colour: PASS_COLOURS[k], label: t(k) })),
  }),
  useData: (ctx) => usePasses('targets', ctx),
  layers: (passes, { on, geo, rem }) => (on && passes ? [targetLayer(geo.targets, passes.statusOf, Math.max(3, rem * 0.28), passes.version)] : []),
});
