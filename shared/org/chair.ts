import { shanghaiQuarter } from '../core/time.ts';

/** The quarter the rotation of the chair started: the plan was issued in September 2023 (R5). */
export const CHAIR_ROTATION_START = { year: 2023, quarter: 4 };

/**
 * 轮值主席 (R5): the nine squad leaders take turns, one quarter each, in squad order.
 * Returns the index into the ordered squads of the chair at `at`.
 */
export function rotatingChairIndex(squadCount: number, at: Date | number, start: { year: number; quarter: number } = CHAIR_ROTATION_START): number {
  if (squadCount < 1) throw new RangeError('no squads to rotate');
  const q = shanghaiQuarter(at);
  const elapsed = (q.year - start.year) * 4 + (q.quarter - start.quarter);
  return ((elapsed % squadCount) + squadCount) % squadCount;
}
