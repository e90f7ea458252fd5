// The demo town: deterministic, and its grids tile the town exactly (R3, R4).
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import Flatbush from 'flatbush';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, formatLayer, readTown } from './files.ts';
import { committeeKind, type Division, readDivision, shortName } from './divisions.ts';
import { generateHouseholds } from './households.ts';
import { LAYER_NAMES, type TownLayers } from '../shared/town/layers.ts';
import { generatePeople } from './people.ts';
import { generateTown } from './town.ts';

let xigang: Division;
let town: TownLayers;
beforeAll(async () => {
  xigang = await readDivision();
  town = generateTown(xigang, DEMO_SEED);
});

describe('the generator', () => {
  it('writes byte-identical layers for the same seed, equal to the committed files', async () => {
    const again = generateTown(xigang, DEMO_SEED);
    const committed = await readTown();
    for (const name of LAYER_NAMES) {
      expect(formatLayer(again[name])).toBe(formatLayer(town[name]));
      expect(formatLayer(committed[name]), `geodata/xigang/${name}.geojson is stale: run npm run geodata`).toBe(formatLayer(town[name]));
    }
  });

  it('makes a different town from another seed', () => {
    const other = generateTown(xigang, 'another-town');
    expect(formatLayer(other.grids)).not.toBe(formatLayer(town.grids));
  });
});

describe('the Xigang demo town', () => {
  it('has the organisation of the plan: 9 squads, the 69 村 + 1 居 of the code list, about 140 grids', () => {
    expect(town.squads.features).toHaveLength(9);
    const kinds = town.villages.features.map((v) => v.properties.kind);
    expect(kinds.filter((k) => k === '村')).toHaveLength(69);
    expect(kinds.filter((k) => k === '居')).toHaveLength(1);
    expect(town.grids.features.length).toBeGreaterThanOrEqual(130);
    expect(town.grids.features.length).toBeLessThanOrEqual(160);
  });

  it('lays its villages out on the 70 real committees of 370481106 西岗镇, with their official codes and names', () => {
    expect(xigang).toMatchObject({ code: '370481106', name: '西岗镇', county: { code: '370481', name: '滕州市' } });
    expect(xigang.committees).toHaveLength(70);
    expect(town.boundary.features[0]!.properties).toEqual({ code: '370481106', name: '西岗镇' });
    const villages = town.villages.features.map((v) => v.properties);
    expect(villages.map((v) => [v.code, v.officialName, v.name, v.kind])).toEqual(
      xigang.committees.map((c) => [c.code, c.name, shortName(c), committeeKind(c.code)]),
    );
    const byCode = new Map(villages.map((v) => [v.code, v]));
    expect(byCode.get('370481106009')).toMatchObject({ name: '西岗新居社区', officialName: '西岗新居社区居民委员会', kind: '居' });
    expect(byCode.get('370481106200')).toMatchObject({ name: '东王庄村', officialName: '东王庄村委会', kind: '村' });
    expect(byCode.get('370481106206')!.name).toBe('北赵庄村'); // 北赵庄村村委会: no 村村
    expect(byCode.get('370481106264')!.name).toBe('前寨村'); // 前寨村村民委员会
    // Each village office is its committee, by its own name.
    const offices = town.targets.features.filter((t) => t.properties.kind === 'village_office').map((t) => t.properties.name);
    expect(offices.sort()).toEqual(xigang.committees.map((c) => c.name).sort());
  });

  it('puts the villages of one name family where their names say: 高庙北村 north of 高庙南村, 高庙东村 east of 高庙西村', () => {
    const at = (code: string) => town.villages.features.find((v) => v.properties.code === code)!.properties.centre;
    const [east, south, west, north] = ['370481106202', '370481106203', '370481106204', '370481106205'].map(at);
    expect(north![1]).toBeGreaterThan(south![1]);
    expect(east![0]).toBeGreaterThan(west![0]);
    const [zhuEast, zhuWest] = [at('370481106218'), at('370481106217')];
    expect(zhuEast[0]).toBeGreaterThan(zhuWest[0]);
  });

  it('covers about 80 km² around 35.00°N 117.10°E', () => {
    const area = turf.area(town.boundary);
    expect(area / 1e6).toBeGreaterThan(78);
    expect(area / 1e6).toBeLessThan(82);
    const [lon, lat] = turf.centroid(town.boundary).geometry.coordinates;
    expect(Math.abs(lon! - 117.1)).toBeLessThan(0.03);
    expect(Math.abs(lat! - 35.0)).toBeLessThan(0.03);
  });

  it('codes grids as GB/T 30428.1: the village code and two digits of their own, unique, numbered from 01', () => {
    const codes = town.grids.features.map((g) => g.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
    const villageCodes = new Set(town.villages.features.map((v) => v.properties.code));
    for (const g of town.grids.features) {
      expect(g.properties.code).toMatch(/^370481106\d{5}$/);
      expect(villageCodes).toContain(g.properties.villageCode);
      expect(g.properties.code.slice(0, 12)).toBe(g.properties.villageCode);
      expect([1, 2, 3]).toContain(g.properties.class);
    }
    for (const v of villageCodes) {
      const own = codes.filter((c) => c.startsWith(v)).sort();
      expect(own.map((c) => c.slice(12))).toEqual(own.map((_, i) => String(i + 1).padStart(2, '0')));
    }
  });

  it('tiles the boundary with grids: union area = boundary area within 0.1 %, overlaps ≈ 0', () => {
    const boundaryArea = turf.area(town.boundary);
    const union = turf.union(turf.featureCollection(town.grids.features))!;
    expect(Math.abs(turf.area(union) - boundaryArea) / boundaryArea).toBeLessThan(0.001);
    const sum = town.grids.features.reduce((s, g) => s + turf.area(g), 0);
    // The sum of the parts equals the union only when nothing overlaps.
    expect(Math.abs(sum - turf.area(union))).toBeLessThan(10);
  });

  it('puts every grid inside one squad area and one village', () => {
    for (const g of town.grids.features) {
      const squad = town.squads.features.find((s) => s.properties.code === g.properties.squadCode)!;
      const outside = turf.difference(turf.featureCollection<MultiPolygon>([g, squad as Feature<MultiPolygon>]));
      expect(outside ? turf.area(outside) : 0, g.properties.code).toBeLessThan(1);
      const village = town.villages.features.find((v) => v.properties.code === g.properties.villageCode)!;
      expect(village.properties.squadCode).toBe(g.properties.squadCode);
    }
  });

  it('has squads that are each one piece', () => {
    for (const s of town.squads.features) expect(s.geometry.coordinates, s.properties.name).toHaveLength(1);
  });

  it('has main roads and central streets to patrol (R13) and about 400 key targets in their grids', () => {
    const classes = town.roads.features.map((r) => r.properties.class);
    expect(classes.filter((c) => c === 'main').length).toBeGreaterThanOrEqual(3);
    expect(classes.filter((c) => c === 'central').length).toBeGreaterThanOrEqual(3);
    expect(town.targets.features.length).toBeGreaterThanOrEqual(350);
    expect(town.targets.features.length).toBeLessThanOrEqual(450);
    const grids = new Map(town.grids.features.map((g) => [g.properties.code, g]));
    for (const t of town.targets.features) {
      const at = t.geometry.type === 'Point' ? t.geometry.coordinates : turf.centroid(t).geometry.coordinates;
      expect(turf.booleanPointInPolygon(at, grids.get(t.properties.gridCode)!), t.properties.name).toBe(true);
      expect(t.properties.requiredPasses).toBe(2);
    }
  });
});

describe('households and people', () => {
  it('places every village its households (about 35,000), each inside exactly one grid: the one recorded', () => {
    const households = generateHouseholds(town, DEMO_SEED);
    const planned = town.villages.features.reduce((n, v) => n + v.properties.households, 0);
    expect(planned).toBeGreaterThan(30_000);
    expect(planned).toBeLessThan(40_000);
    for (const v of town.villages.features)
      expect(
        households.filter((h) => h.villageCode === v.properties.code),
        v.properties.name,
      ).toHaveLength(v.properties.households);
    const grids = town.grids.features;
    const index = new Flatbush(grids.length);
    for (const g of grids) {
      const [w, s, e, n] = turf.bbox(g);
      index.add(w, s, e, n);
    }
    index.finish();
    for (const h of households) {
      const containing = index.search(h.lonLat[0], h.lonLat[1], h.lonLat[0], h.lonLat[1]).filter((i) => turf.booleanPointInPolygon(h.lonLat, grids[i]!));
      expect(containing.map((i) => grids[i]!.properties.code)).toEqual([h.gridCode]);
    }
  });

  it('gives every grid exactly one worker (R4) and keeps focus persons on real households', () => {
    const households = generateHouseholds(town, DEMO_SEED);
    const people = generatePeople(town, households, DEMO_SEED);
    expect(people.workers.map((w) => w.gridCode).sort()).toEqual(town.grids.features.map((g) => g.properties.code).sort());
    expect(people.staff.filter((s) => s.position === 'squad_leader')).toHaveLength(9);
    expect(people.focus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(people.focus.map((f) => f.householdIndex)).size).toBe(people.focus.length);
    for (const f of people.focus) expect(households[f.householdIndex]).toBeDefined();
  });
});
