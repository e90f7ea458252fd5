import { describe, expect, it } from 'vitest';
import { guessGridColumns, shapeKey } from './mapping.ts';

describe('the field mapping of a grid layer (issue 17)', () => {
  it('finds the code, name and class columns a county table names in Chinese or pinyin initials', () => {
    expect(guessGridColumns(['OBJECTID', '网格编码', '网格名称', '网格等级'])).toEqual({
      codeField: '网格编码',
      nameField: '网格名称',
      classField: '网格等级',
    });
    expect(guessGridColumns(['FID', 'WGBM', 'WGMC'])).toEqual({ codeField: 'WGBM', nameField: 'WGMC' });
    expect(guessGridColumns(['Grid Code', 'Name', 'Level'])).toEqual({ codeField: 'Grid Code', nameField: 'Name', classField: 'Level' });
  });

  it('prefers the grid-specific column when a table also has a generic one', () => {
    expect(guessGridColumns(['名称', '网格名称', '编码', '网格编码'])).toEqual({ codeField: '网格编码', nameField: '网格名称' });
  });

  it('gives up rather than guess a code or a name it cannot see', () => {
    expect(guessGridColumns(['OBJECTID', 'Shape_Area'])).toBeNull();
    expect(guessGridColumns(['网格编码', '面积'])).toBeNull();
  });

  it('remembers a shape by its columns whatever their order', () => {
    expect(shapeKey(['b', 'a', 'c'])).toBe(shapeKey(['c', 'b', 'a']));
    expect(shapeKey(['a', 'b'])).not.toBe(shapeKey(['a', 'b', 'c']));
  });
});
