import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

const places = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('interface strings', () => {
  it('has an English text for every Chinese one, and no other', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('fills the same places in both languages', () => {
    for (const [key, text] of Object.entries(zhCN)) expect(places(en[key as keyof typeof zhCN]), key).toEqual(places(text));
  });
});
