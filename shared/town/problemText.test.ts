import { describe, expect, it } from 'vitest';
import { PROBLEM_MESSAGES, problemInChinese } from './problemText.ts';

describe('an import’s problems in Chinese (issue 17)', () => {
  it('says each listed message in Chinese with the feature’s own words in it', () => {
    expect(problemInChinese('its code (WGBM) "3704811060" is not 14 digits: the village’s 12 and the grid’s 2')).toBe(
      '编码（WGBM）“3704811060”不是14位：村居12位加网格2位',
    );
    expect(problemInChinese('it overlaps feature 2 (37048110620101 一网格) by 1200 m²')).toBe('与第 2 个要素（37048110620101 一网格）重叠 1200 平方米');
    expect(problemInChinese('and 12 more errors like these')).toBe('另有 12 个类似错误');
  });

  it('keeps a message it does not know in English rather than lose it', () => {
    expect(problemInChinese('something new went wrong')).toBe('something new went wrong');
  });

  it('names in Chinese every part the English names, and nothing else', () => {
    for (const [en, zh] of PROBLEM_MESSAGES) {
      const parts = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(parts(zh), en).toEqual(parts(en));
    }
  });
});
