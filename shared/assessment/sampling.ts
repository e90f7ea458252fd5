// R22 basic-information quality: the inspection team's sample of a worker's households and people, and the
// rates of its on-site results. The sample is reproducible: the same seed and the same records draw the
// same sample on any machine, so a worker can see that it was not picked by hand.

export const SAMPLE_RESULTS = ['correct', 'person_missing', 'not_deregistered', 'wrong_detail'] as const;
export type SampleResult = (typeof SAMPLE_RESULTS)[number];
export const SAMPLE_RESULT_LABELS: Record<SampleResult, string> = {
  correct: '准确',
  person_missing: '漏采',
  not_deregistered: '漏注销',
  wrong_detail: '信息有误',
};

/** FNV-1a: a 32-bit hash of the seed text. */
function hash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a small, well-spread generator of numbers in [0, 1) from a 32-bit state. */
function generator(state: number): () => number {
  let a = state;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SampleTooLarge extends RangeError {
  constructor(
    readonly size: number,
    readonly available: number,
  ) {
    super(`a sample of ${size} from ${available} records`);
  }
}

/** Draws `size` of the ids (a partial Fisher-Yates shuffle of the sorted ids), in the order drawn. */
export function drawSample(ids: readonly number[], size: number, seed: string): number[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`sample size ${size}`);
  const pool = [...new Set(ids)].sort((a, b) => a - b);
  if (size > pool.length) throw new SampleTooLarge(size, pool.length);
  const next = generator(hash(seed));
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, size);
}

export interface SampleRates {
  checked: number;
  correct: number;
  personMissing: number;
  notDeregistered: number;
  wrongDetail: number;
  /** 采集率: of the people and houses found on site, the share that is in the system. */
  collectionRate: number;
  /** 漏注销率: the share of checked records that should have been de-registered. */
  missedDeregistrationRate: number;
  /** 准确率: the share of checked records found fully correct. */
  accuracy: number;
}

/** The rates of a set of on-site results (a sample or a full check count the same way, R22); null when none. */
export function sampleRates(results: readonly { result: SampleResult }[]): SampleRates | null {
  if (results.length === 0) return null;
  const n = (r: SampleResult) => results.filter((x) => x.result === r).length;
  const checked = results.length;
  const [correct, personMissing, notDeregistered, wrongDetail] = SAMPLE_RESULTS.map(n) as [number, number, number, number];
  return {
    checked,
    correct,
    personMissing,
    notDeregistered,
    wrongDetail,
    collectionRate: (checked - personMissing) / checked,
    missedDeregistrationRate: notDeregistered / checked,
    accuracy: correct / checked,
  };
}
