import { useMemo } from 'react';
import { villageLabelLayer } from '../../../geo/villageLabelLayer.ts';
import { wallLayer } from './types.ts';

/** The villages' names at their centres. */
export const villageLabels = wallLayer({
  id: 'villageLabels',
  label: 'villages',
  overlay: 'town',
  useData: ({ geo }) => useMemo(() => geo.villages.features.map((v) => ({ name: v.properties.name, centre: v.properties.centre })), [geo]),
  layers: (labels, { rem }) => [villageLabelLayer(labels, rem * 1.05)],
});
