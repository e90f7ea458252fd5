import { describe, expect, it } from 'vitest';
import { rotatingChairIndex } from './chair.ts';

describe('rotating chair (R5: nine squad leaders, one quarter each)', () => {
  it('starts with the first squad in 2023 Q4 and moves on each quarter', () => {
    expect(rotatingChairIndex(9, new Date('2023-10-01T00:00:00+08:00'))).toBe(0);
    expect(rotatingChairIndex(9, new Date('2023-12-31T23:59:00+08:00'))).toBe(0);
    expect(rotatingChairIndex(9, new Date('2024-01-01T00:00:00+08:00'))).toBe(1);
    expect(rotatingChairIndex(9, new Date('2025-10-01T08:00:00+08:00'))).toBe(8);
  });

  it('comes back to the first squad after nine quarters', () => {
    expect(rotatingChairIndex(9, new Date('2026-01-01T00:00:00+08:00'))).toBe(0);
    expect(rotatingChairIndex(9, new Date('2026-11-26T12:00:00+08:00'))).toBe(3);
  });

  it('refuses to rotate among no squads', () => {
    expect(() => rotatingChairIndex(0, new Date())).toThrow(RangeError);
  });
});
