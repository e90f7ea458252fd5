import { describe, expect, it } from 'vitest';
import { idCheck, readIdCard } from './idcard.ts';

describe('the 18-digit citizen ID number (GB 11643)', () => {
  it('checks its last character and reads the birth year and gender', () => {
    // The standard's own example number.
    expect(readIdCard('11010519491231002X')).toEqual({ birthYear: 1949, gender: '女' });
    const stem = '37048119850317001';
    expect(readIdCard(stem + idCheck(stem))).toEqual({ birthYear: 1985, gender: '男' });
    expect(readIdCard(`${stem}${idCheck(stem)}`.toLowerCase())).not.toBeNull();
  });

  it('refuses a wrong check character, an impossible date or the wrong length', () => {
    const stem = '37048119850317001';
    const wrong = idCheck(stem) === '0' ? '1' : '0';
    expect(readIdCard(stem + wrong)).toBeNull();
    const feb30 = '37048119850230001';
    expect(readIdCard(feb30 + idCheck(feb30))).toBeNull();
    expect(readIdCard('370481850317001')).toBeNull(); // the old 15-digit form
    expect(readIdCard('')).toBeNull();
  });
});
