import seedrandom from 'seedrandom';

/** A seeded random source: the same seed gives the same town, byte for byte. */
export interface Rng {
  (): number;
  range(min: number, max: number): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  normal(sigma?: number): number;
  chance(p: number): boolean;
}

export function createRng(seed: string): Rng {
  const next = seedrandom(seed);
  const rng = (() => next()) as Rng;
  rng.range = (min, max) => min + (max - min) * next();
  rng.int = (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1));
  rng.pick = (items) => items[Math.floor(next() * items.length)]!;
  // Box-Muller; 1 - u keeps log() away from 0.
  rng.normal = (sigma = 1) => sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  rng.chance = (p) => next() < p;
  return rng;
}
