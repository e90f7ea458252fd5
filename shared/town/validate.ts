// What is wrong with a town's grids before they are brought in (issue 17, R2–R4): every grid with its own
// 14-digit code (the village's 12 digits and two of its own), a name, a class 一级/二级/三级, a polygon, and
// no two grids covering the same ground. Each problem names the feature, as the user will look for it.
import { area } from '@turf/area';
import { bbox } from '@turf/bbox';
import { featureCollection } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { pointOnFeature } from '@turf/point-on-feature';
import Flatbush from 'flatbush';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { RoadClass } from '../coverage/rules.ts';
import { GRID_CLASSES, type GridClass } from '../org/model.ts';

/** Which of the file's columns holds what (the field mapping). */
export interface GridMapping {
  code: string;
  name: string;
  class?: string;
}

export interface Problem {
  /** The feature's place in the file (1 = the first) and, when it has them, its code and name. */
  feature: number;
  label: string;
  message: string;
  /** Errors block the import; warnings do not. */
  severity: 'error' | 'warning';
  /** Where on the map to look. */
  at?: [number, number];
}

const placeOf = (f: Feature): [number, number] | undefined => {
  try {
    return pointOnFeature(f).geometry.coordinates as [number, number];
  } catch {
    return undefined;
  }
};

/** Overlaps smaller than this are a drawing's slivers along shared edges, not two grids on the same ground. */
export const OVERLAP_M2 = 50;
/** Ground of a village left out by every grid, beyond slivers: a place without its worker (R4). */
export const GAP_M2 = 500;
/** A grid this much outside the village its place is in was drawn across a village line (R3: a grid within its 村居). */
export const OUTSIDE_VILLAGE_SHARE = 0.05;

/**
 * What is structurally wrong with a geometry, or null: positions of two or three finite numbers, lines of two
 * positions or more, rings of four or more that close. Checked before PostGIS sees it — the embedded build
 * answers a query over a ring it cannot build with no rows instead of an error.
 */
export function malformedGeometry(g: Geometry | null | undefined): string | null {
  if (!g) return 'no geometry';
  const position = (p: unknown) => Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((x) => typeof x === 'number' && Number.isFinite(x));
  const line = (l: unknown, min: number) => Array.isArray(l) && l.length >= min && l.every(position);
  const ring = (r: unknown) => line(r, 4) && (r as number[][])[0]!.every((x, i) => x === (r as number[][]).at(-1)![i]);
  const rings = (p: unknown) => Array.isArray(p) && p.length > 0 && p.every(ring);
  const ok = (() => {
    switch (g.type) {
      case 'Point':
        return position(g.coordinates);
      case 'MultiPoint':
        return line(g.coordinates, 1);
      case 'LineString':
        return line(g.coordinates, 2);
      case 'MultiLineString':
        return Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every((l) => line(l, 2));
      case 'Polygon':
        return rings(g.coordinates);
      case 'MultiPolygon':
        return Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(rings);
      case 'GeometryCollection':
        return Array.isArray(g.geometries) && g.geometries.every((x) => malformedGeometry(x) === null);
      default:
        return false;
    }
  })();
  if (ok) return null;
  return g.type === 'Polygon' || g.type === 'MultiPolygon'
    ? `its ${g.type} has a ring of fewer than four positions, one that does not close, or a coordinate that is not a number`
    : `its ${String(g.type)} is malformed (positions of two or three numbers${g.type?.includes('Line') ? ', two positions or more a line' : ''})`;
}

/** How a class is written in a county's tables: 1, 一级, 一级网格, 二类… */
export function gridClassOf(v: unknown): GridClass | null {
  const s = String(v ?? '').trim();
  if (!s) return null;
  const n = /^\d+$/.test(s) ? Number(s) : '一二三'.indexOf(s[0]!) + 1;
  return (GRID_CLASSES as readonly number[]).includes(n) ? (n as GridClass) : null;
}

/**
 * A committee's kind as a table writes it (村, 村委会, 社区, 居委会…); unsaid, its code says: the committee's
 * three digits 001–199 are a 居民委员会, 200–399 a 村民委员会 (统计用区划代码). Null when it cannot be told.
 */
export function villageKindOf(v: unknown, code: string): '村' | '居' | null {
  const s = String(v ?? '').trim();
  if (s === '') {
    const n = Number(code.slice(9, 12));
    return n >= 1 && n < 200 ? '居' : n >= 200 && n < 400 ? '村' : null;
  }
  if (/^(村|村委会|村民委员会|village)$/i.test(s)) return '村';
  if (/^(居|社区|居委会|居民委员会|community)$/i.test(s)) return '居';
  return null;
}

/** A road's class as a table writes it (R13): main roads and central streets are patrolled in cells; the rest (村内道路, 其他) are not. */
export function roadClassOf(v: unknown): RoadClass | null {
  const s = String(v ?? '')
    .trim()
    .toLowerCase();
  if (['main', '主干道', '主干路', '干道', '1'].includes(s)) return 'main';
  if (['central', '中心街道', '中心街', '街道', '2'].includes(s)) return 'central';
  if (['lane', 'other', '村内道路', '其他', '支路', '3'].includes(s)) return 'lane';
  return null;
}

/** How a layer of areas codes its features: a grid 14 digits (R2), a village 12, a squad 2 (R3, R5). */
export const AREA_CODES = {
  grids: { pattern: /^\d{14}$/, says: 'is not 14 digits: the village’s 12 and the grid’s 2' },
  villages: { pattern: /^\d{12}$/, says: 'is not 12 digits (统计用区划代码: the town’s 9 and the committee’s 3)' },
  squads: { pattern: /^\d{2}$/, says: 'is not 2 digits (01, 02…: the order of the rotating chair, R5)' },
} as const;
export type AreaKind = keyof typeof AREA_CODES;

export function gridProblems(features: Feature[], map: GridMapping): Problem[] {
  return areaProblems(features, map, 'grids');
}

/** What is wrong with a layer of areas: codes malformed or twice, names missing, shapes that are not areas or are malformed, two areas on one ground. */
export function areaProblems(features: Feature[], map: GridMapping, kind: AreaKind): Problem[] {
  const problems: Problem[] = [];
  const label = (f: Feature, i: number) => [f.properties?.[map.code], f.properties?.[map.name]].filter((x) => x != null && x !== '').join(' ') || `#${i + 1}`;
  const seen = new Map<string, number>();
  const polygons: { i: number; f: Feature<Polygon | MultiPolygon> }[] = [];
  features.forEach((f, i) => {
    const say = (message: string) => problems.push({ feature: i + 1, label: label(f, i), message, severity: 'error', at: f.geometry ? placeOf(f) : undefined });
    const code = String(f.properties?.[map.code] ?? '').trim();
    if (!AREA_CODES[kind].pattern.test(code)) say(`its code (${map.code}) "${code}" ${AREA_CODES[kind].says}`);
    else if (seen.has(code)) say(`its code ${code} is also that of feature ${seen.get(code)! + 1}`);
    else seen.set(code, i);
    if (!String(f.properties?.[map.name] ?? '').trim()) say(`it has no name (${map.name})`);
    if (map.class && gridClassOf(f.properties?.[map.class]) === null)
      say(`its class (${map.class}) "${String(f.properties?.[map.class] ?? '')}" is not 一级, 二级 or 三级`);
    const malformed = malformedGeometry(f.geometry);
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') say(`it is a ${f.geometry?.type ?? 'feature with no geometry'}, not an area`);
    else if (malformed) problems.push({ feature: i + 1, label: label(f, i), message: malformed, severity: 'error' });
    else polygons.push({ i, f: f as Feature<Polygon | MultiPolygon> });
  });
  // Pairs whose boxes meet, then their real overlap: two grids cannot share ground (R4: one worker a grid), nor two villages or squads.
  if (polygons.length > 1) {
    const index = new Flatbush(polygons.length);
    const boxes = polygons.map(({ f }) => bbox(f));
    for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
    index.finish();
    boxes.forEach((b, a) => {
      for (const other of index.search(b[0], b[1], b[2], b[3])) {
        if (other <= a) continue;
        const [p, q] = [polygons[a]!, polygons[other]!];
        const both = intersect(featureCollection([p.f, q.f]));
        const m2 = both ? area(both) : 0;
        if (both && m2 > OVERLAP_M2)
          problems.push({
            feature: q.i + 1,
            label: label(q.f, q.i),
            message: `it overlaps feature ${p.i + 1} (${label(p.f, p.i)}) by ${Math.round(m2)} m²`,
            severity: 'error',
            at: placeOf(both),
          });
      }
    });
  }
  return problems.sort((x, y) => x.feature - y.feature);
}
