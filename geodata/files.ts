import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LAYER_NAMES, type TownLayers } from '../shared/town/layers.ts';

export const DEMO_SEED = 'xigang-2023-09-14';
export const XIGANG_DIR = fileURLToPath(new URL('./xigang/', import.meta.url));

/** One feature per line: stable bytes, readable diffs. */
export function formatLayer(fc: { type: 'FeatureCollection'; features: unknown[] }): string {
  return `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

/** Reads the committed layers of a town. */
export async function readTown(dir = XIGANG_DIR): Promise<TownLayers> {
  const entries = await Promise.all(LAYER_NAMES.map(async (n) => [n, JSON.parse(await readFile(`${dir}${n}.geojson`, 'utf8'))] as const));
  return Object.fromEntries(entries) as unknown as TownLayers;
}
