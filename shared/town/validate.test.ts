import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../core/frame.ts';
import { areaProblems, gridClassOf, gridProblems, malformedGeometry, roadClassOf, villageKindOf } from './validate.ts';

const frame = new LocalFrame(117.1, 35.0);
/** A square grid of `size` metres with its south-west corner at (x, y) metres from the town's centre. */
const square = (x: number, y: number, props: Record<string, unknown>, size = 500): Feature<Polygon> => ({
  type: 'Feature',
  properties: props,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ].map(([a, b]) => frame.toLonLat(a!, b!) as [number, number]),
    ],
  },
});
const map = { code: 'CODE', name: 'NAME', class: 'CLASS' };

describe('a town’s grids, checked before they come in (issue 17, R2–R4)', () => {
  it('finds nothing wrong with grids side by side', () => {
    const grids = [0, 500, 1000].map((x, i) => square(x, 0, { CODE: `3704811062000${i + 1}`, NAME: `东王庄村第${i + 1}网格`, CLASS: '二级' }));
    expect(gridProblems(grids, map)).toEqual([]);
  });

  it('names each feature with what is wrong: code, duplicate, name, class, geometry, overlap', () => {
    const point: Feature = {
      type: 'Feature',
      properties: { CODE: '37048110620005', NAME: '点', CLASS: '1' },
      geometry: { type: 'Point', coordinates: [117.1, 35] },
    };
    const problems = gridProblems(
      [
        square(0, 0, { CODE: '37048110620001', NAME: '第1网格', CLASS: '一级' }),
        square(400, 0, { CODE: '37048110620001', NAME: '第2网格', CLASS: '四级' }), // same code; overlaps the first by 100 m × 500 m
        square(2000, 0, { CODE: '3704811060', NAME: '', CLASS: 2 }),
        point,
      ],
      map,
    );
    expect(problems.map((p) => [p.feature, p.message.replace(/\d+ m²/, 'N m²')])).toEqual([
      [2, 'its code 37048110620001 is also that of feature 1'],
      [2, 'its class (CLASS) "四级" is not 一级, 二级 or 三级'],
      [2, 'it overlaps feature 1 (37048110620001 第1网格) by N m²'],
      [3, 'its code (CODE) "3704811060" is not 14 digits: the village’s 12 and the grid’s 2'],
      [3, 'it has no name (NAME)'],
      [4, 'it is a Point, not an area'],
    ]);
    const overlap = problems.find((p) => p.message.includes('overlaps'))!;
    expect(Number(/by (\d+) m²/.exec(overlap.message)![1])).toBeGreaterThan(49_000);
    expect(Number(/by (\d+) m²/.exec(overlap.message)![1])).toBeLessThan(51_000);
    expect(problems[0]!.label).toBe('37048110620001 第2网格');
  });

  it('reads a class as counties write it', () => {
    for (const [v, c] of [
      ['1', 1],
      [2, 2],
      ['三级', 3],
      ['一级网格', 1],
      ['二类', 2],
      ['四级', null],
      ['', null],
      [null, null],
    ] as const)
      expect(gridClassOf(v), String(v)).toBe(c);
  });

  it('tells a malformed shape before PostGIS sees it (the embedded build answers no rows for one)', () => {
    const ring = [
      [117.1, 35],
      [117.2, 35],
      [117.2, 35.1],
      [117.1, 35],
    ];
    expect(malformedGeometry({ type: 'Polygon', coordinates: [ring] })).toBeNull();
    expect(malformedGeometry({ type: 'MultiPolygon', coordinates: [[ring]] })).toBeNull();
    expect(malformedGeometry({ type: 'Point', coordinates: [117.1, 35] })).toBeNull();
    expect(malformedGeometry({ type: 'LineString', coordinates: [ring[0]!, ring[1]!] })).toBeNull();
    expect(malformedGeometry({ type: 'MultiPolygon', coordinates: [[[[117.1, 35]]]] })).toMatch(/fewer than four/);
    expect(malformedGeometry({ type: 'Polygon', coordinates: [ring.slice(0, 3).concat([[117.3, 35]])] })).toMatch(/does not close/);
    expect(malformedGeometry({ type: 'Point', coordinates: [117.1, Number.NaN] })).toMatch(/malformed/);
    expect(malformedGeometry({ type: 'LineString', coordinates: [ring[0]!] })).toMatch(/two positions or more/);
    expect(malformedGeometry(null)).toBe('no geometry');
  });

  it('tells a committee’s kind from what a table writes, else from its code (001–199 居, 200–399 村)', () => {
    expect(villageKindOf('社区', '370481106201')).toBe('居');
    expect(villageKindOf('村委会', '370481106009')).toBe('村');
    expect(villageKindOf('', '370481106009')).toBe('居');
    expect(villageKindOf(undefined, '370481106215')).toBe('村');
    expect(villageKindOf('', '370481106500')).toBeNull();
    expect(villageKindOf('镇', '370481106201')).toBeNull();
  });

  it('reads a road’s class as tables write it (R13)', () => {
    expect(['主干道', 'main', '中心街道', 'central', '村内道路', '其他', '高速'].map(roadClassOf)).toEqual([
      'main',
      'main',
      'central',
      'central',
      'lane',
      'lane',
      null,
    ]);
  });

  it('checks a village or squad code by its kind’s length', () => {
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [117, 35],
          [117.001, 35],
          [117.001, 35.001],
          [117, 35],
        ],
      ],
    };
    const f = (code: string) => ({ type: 'Feature' as const, geometry: square, properties: { code, name: 'x' } });
    expect(areaProblems([f('370481106201')], { code: 'code', name: 'name' }, 'villages')).toEqual([]);
    expect(areaProblems([f('3704811062')], { code: 'code', name: 'name' }, 'villages')[0]!.message).toMatch(/is not 12 digits/);
    expect(areaProblems([f('03')], { code: 'code', name: 'name' }, 'squads')).toEqual([]);
  });
});
