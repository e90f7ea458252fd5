import { describe, expect, it } from 'vitest';
import { guessColumns, guessMapping, shapeKey } from './mapping.ts';

describe('the field mapping of an import (issue 17)', () => {
  it('finds the code, name and class columns a county table names in Chinese or pinyin initials', () => {
    expect(guessColumns('grids', ['OBJECTID', '网格编码', '网格名称', '网格等级'])).toEqual({
      codeField: '网格编码',
      nameField: '网格名称',
      classField: '网格等级',
    });
    expect(guessColumns('grids', ['FID', 'WGBM', 'WGMC'])).toEqual({ codeField: 'WGBM', nameField: 'WGMC' });
    expect(guessColumns('grids', ['Grid Code', 'Name', 'Level'])).toEqual({ codeField: 'Grid Code', nameField: 'Name', classField: 'Level' });
  });

  it('prefers the grid-specific column when a table also has a generic one', () => {
    expect(guessColumns('grids', ['名称', '网格名称', '编码', '网格编码'])).toEqual({ codeField: '网格编码', nameField: '网格名称' });
  });

  it('gives up rather than guess a column a kind needs', () => {
    expect(guessColumns('grids', ['OBJECTID', 'Shape_Area'])).toBeNull();
    expect(guessColumns('grids', ['网格编码', '面积'])).toBeNull();
    expect(guessColumns('people', ['姓名', '性别'])).toBeNull();
  });

  it('tells households (points) from people (a table) by their columns', () => {
    expect(guessMapping(['房屋编码', '地址', '人口'], 'points')).toEqual({
      kind: 'households',
      addressField: '地址',
      codeField: '房屋编码',
      sizeField: '人口',
    });
    expect(guessMapping(['户编码', '姓名', '性别', '身份证号', '与户主关系'], 'rows')).toEqual({
      kind: 'people',
      householdField: '户编码',
      nameField: '姓名',
      idField: '身份证号',
      genderField: '性别',
      relationField: '与户主关系',
    });
    expect(guessMapping(['网格编码', '网格名称'], 'areas', { 网格编码: '37048110620101' })).toMatchObject({ kind: 'grids' });
    expect(guessMapping(['地址', '人口'], 'rows')).toBeNull(); // households need their points
  });

  it('tells villages, squads and grids apart by the length of their code, roads by their lines, a roster by its columns', () => {
    expect(guessMapping(['村居编码', '村居名称', '所属中队'], 'areas', { 村居编码: '370481106201' })).toEqual({
      kind: 'villages',
      codeField: '村居编码',
      nameField: '村居名称',
      squadField: '所属中队',
    });
    expect(guessMapping(['中队编码', '中队名称', '党总支'], 'areas', { 中队编码: '03' })).toMatchObject({ kind: 'squads', branchField: '党总支' });
    expect(guessMapping(['道路名称', '道路等级'], 'lines')).toEqual({ kind: 'roads', nameField: '道路名称', classField: '道路等级' });
    expect(guessMapping(['姓名', '联系电话', '所属中队', '网格编码', '入职日期'], 'rows')).toEqual({
      kind: 'workers',
      nameField: '姓名',
      phoneField: '联系电话',
      squadField: '所属中队',
      gridField: '网格编码',
      hiredField: '入职日期',
    });
  });

  it('remembers a shape by its columns whatever their order', () => {
    expect(shapeKey(['b', 'a', 'c'])).toBe(shapeKey(['c', 'b', 'a']));
    expect(shapeKey(['a', 'b'])).not.toBe(shapeKey(['a', 'b', 'c']));
  });
});
