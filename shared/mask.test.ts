import { describe, expect, it } from 'vitest';
import { maskName } from './mask.ts';

describe('maskName (R40: the wall shows no names)', () => {
  it('keeps the surname and, for longer names, the last character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张小明')).toBe('张*明');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('王');
  });
});
