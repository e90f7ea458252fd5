import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from './mask.ts';

describe('maskName (R40: the wall shows no names)', () => {
  it('keeps the surname and, for longer names, the last character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张小明')).toBe('张*明');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('王');
  });
});

describe('maskPhone (R40)', () => {
  it('keeps the carrier prefix and the last four digits of a mobile number', () => {
    expect(maskPhone('13805370001')).toBe('138****0001');
    expect(maskPhone('+86 138-0537-0001')).toBe('138****0001');
    expect(maskPhone('0632-1234')).toBe('******34');
  });
});
