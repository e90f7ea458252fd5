// `npm run geodata [-- --seed S --out DIR]`: writes the committed layers of the demo town.
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEMO_SEED, XIGANG_DIR, formatLayer } from './files.ts';
import { generateHouseholds } from './households.ts';
import { LAYER_NAMES } from '../shared/town/layers.ts';
import { generateTown } from './town.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: DEMO_SEED }, out: { type: 'string', default: XIGANG_DIR } } });
const dir = values.out.endsWith('/') ? values.out : `${values.out}/`;
const town = generateTown(values.seed);
await mkdir(dir, { recursive: true });
for (const name of LAYER_NAMES) await writeFile(`${dir}${name}.geojson`, formatLayer(town[name]));
const households = generateHouseholds(town, values.seed);
console.log(
  `seed ${values.seed}: ${town.squads.features.length} squads, ${town.villages.features.length} villages, ${town.grids.features.length} grids, ` +
    `${town.roads.features.length} roads, ${town.targets.features.length} key targets, ${households.length} households (generated at seed time) → ${dir}`,
);
