// Patrol plans of the simulator (pure): where a worker goes in one session, and the fixes a handheld
// terminal would report on the way, with GPS noise, outliers and gaps.
import { pointOnFeature } from '@turf/point-on-feature';
import type { MultiPolygon, Position } from 'geojson';
import type { Rng } from '../../../geodata/random.ts';
import { LocalFrame } from '../../../shared/core/frame.ts';
import { dist } from '../../../shared/core/plane.ts';

export interface SimGrid {
  gridId: number;
  area: MultiPolygon;
  /** Points of key targets (a polygon target by its centroid). */
  targets: Position[];
  /** Main roads and central streets inside the grid, as polylines (R13). */
  roads: Position[][];
  /** A sample of the grid's households, and those of its persons of interest. */
  households: SimHousehold[];
}

export interface SimHousehold {
  id: number;
  at: Position;
  /** A 帮扶/关注 person living there, visited with the household (R14). */
  personId?: number;
}

export interface Persona {
  /** 'diligent' does both sessions and every target; the others fall short in the way their name says. */
  kind: 'diligent' | 'skips_afternoon' | 'misses_targets' | 'goes_offline';
  mode: 'walk' | 'ebike';
  intervalS: [number, number];
  sigmaM: number;
}

export function choosePersona(rng: Rng): Persona {
  const u = rng();
  const kind: Persona['kind'] = u < 0.72 ? 'diligent' : u < 0.86 ? 'skips_afternoon' : u < 0.95 ? 'misses_targets' : 'goes_offline';
  const lo = rng.int(5, 10);
  return { kind, mode: rng.chance(0.55) ? 'ebike' : 'walk', intervalS: [lo, lo + 5], sigmaM: rng.range(5, 10) };
}

/** Waypoints of one session: main-road vertices, key targets, some households and half the persons of interest, in a nearest-neighbour tour. */
export function sessionRoute(grid: SimGrid, persona: Persona, rng: Rng): Position[] {
  const stops: Position[] = [];
  for (const road of grid.roads) for (const p of road) stops.push(p);
  for (const t of grid.targets) if (persona.kind !== 'misses_targets' || rng.chance(0.6)) stops.push(t);
  for (let i = 0; i < Math.min(12, grid.households.length); i++) stops.push(rng.pick(grid.households).at);
  for (const h of grid.households) if (h.personId !== undefined && rng.chance(0.5)) stops.push(h.at);
  if (!stops.length) stops.push(pointOnFeature(grid.area).geometry.coordinates);
  const route: Position[] = [stops.splice(rng.int(0, stops.length - 1), 1)[0]!];
  while (stops.length) {
    const here = route[route.length - 1]!;
    let best = 0;
    let bestD = Infinity;
    stops.forEach((p, i) => {
      const d = (p[0]! - here[0]!) ** 2 + (p[1]! - here[1]!) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    });
    route.push(stops.splice(best, 1)[0]!);
  }
  return route;
}

export interface SimFix {
  t: number;
  lat: number;
  lon: number;
  accuracy: number;
  speed: number;
  heading: number;
  battery: number;
}

/**
 * Walks (or rides) a route from `start` until it ends or `end` comes, reporting a fix every
 * intervalS seconds: true position plus Gaussian noise, 1 % outliers hundreds of metres off, and
 * now and then a silent stretch of 2-6 minutes (a terminal losing signal).
 */
export function walkRoute(route: Position[], persona: Persona, start: number, end: number, battery0: number, rng: Rng): SimFix[] {
  const speed = persona.mode === 'ebike' ? rng.range(4.5, 6.5) : rng.range(1.1, 1.5);
  const out: SimFix[] = [];
  let t = start;
  let leg = 0;
  let along = 0;
  let silentUntil = 0;
  // The walk is in local metres around where it starts.
  const frame = new LocalFrame(route[0]![0]!, route[0]![1]!);
  const local = route.map((p) => frame.toLocal(p[0]!, p[1]!));
  // A session is patrolled to its end: at the end of the route the worker turns and goes back over it.
  // A route without length (one place) is no patrol at all.
  const metres = local.slice(1).reduce((m, p, i) => m + dist(p, local[i]!), 0);
  let path = metres < 5 ? [] : local;
  while (t < end && path.length > 1) {
    if (leg >= path.length - 1) {
      path = [...path].reverse();
      leg = 0;
    }
    const a = path[leg]!;
    const b = path[leg + 1]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    if (along >= len) {
      along -= len;
      leg++;
      continue;
    }
    const f = len === 0 ? 0 : along / len;
    if (t >= silentUntil) {
      if (rng.chance(0.004)) silentUntil = t + rng.range(120, 360) * 1000;
      const outlier = rng.chance(0.01);
      const sigma = outlier ? rng.range(900, 2500) : persona.sigmaM; // multipath spikes, far enough to be caught as jumps
      const [lon, lat] = frame.toLonLat(a[0] + dx * f + rng.normal(sigma), a[1] + dy * f + rng.normal(sigma));
      out.push({
        t: Math.round(t / 1000) * 1000, // whole seconds, as the OsmAnd door carries them
        lon,
        lat,
        accuracy: Math.round(outlier ? rng.range(5, 30) : persona.sigmaM * rng.range(0.8, 1.6)),
        speed: Math.max(0, speed + rng.normal(0.3)),
        heading: Math.round((((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360) * 10) / 10,
        battery: Math.max(5, Math.round(battery0 - (t - start) / 600_000)),
      });
    }
    const dt = rng.range(persona.intervalS[0], persona.intervalS[1]);
    t += dt * 1000;
    along += speed * dt;
  }
  return out;
}

export interface SimVisit {
  t: number;
  householdId: number;
  personId?: number;
}

const VISIT_NEAR_M = 30;

/**
 * The visits a worker records in a session: at each household of the route, when they first came near it.
 * A worker who misses targets also types two visits at households they never went to (what R23's check
 * is for).
 */
export function sessionVisits(grid: SimGrid, route: Position[], fixes: SimFix[], persona: Persona, rng: Rng): SimVisit[] {
  const visits: SimVisit[] = [];
  if (!fixes.length) return visits;
  const frame = new LocalFrame(fixes[0]!.lon, fixes[0]!.lat);
  const walked = fixes.map((f) => frame.toLocal(f.lon, f.lat));
  for (const h of grid.households) {
    if (!route.includes(h.at)) continue;
    const home = frame.toLocal(h.at[0]!, h.at[1]!);
    const near = fixes.find((_, i) => dist(walked[i]!, home) < VISIT_NEAR_M);
    if (near) visits.push({ t: near.t, householdId: h.id, ...(h.personId !== undefined ? { personId: h.personId } : {}) });
  }
  if (persona.kind === 'misses_targets' && grid.households.length)
    for (let i = 0; i < 2; i++) {
      const h = rng.pick(grid.households);
      if (!route.includes(h.at)) visits.push({ t: rng.pick(fixes).t, householdId: h.id });
    }
  return visits.sort((a, b) => a.t - b.t);
}

export interface SimIncident {
  t: number;
  lat: number;
  lon: number;
  categoryCode: string;
  description: string;
  /** A class the worker may resolve on the spot (R18), resolved there and then. */
  resolveOnSpot: boolean;
}

/** What a worker comes across on patrol, with how often: most of it handled on the spot (R18). */
const FINDINGS: [code: string, description: string, onSpot: boolean, weight: number][] = [
  ['0102', '路边乱堆杂物，已督促清理', true, 5],
  ['0103', '垃圾桶满溢，周边有暴露垃圾', true, 4],
  ['0201', '电线杆上张贴小广告', true, 4],
  ['0501', '早市摊贩占道经营', true, 3],
  ['0502', '车辆乱停阻碍通行', true, 3],
  ['0702', '楼道内电动车充电', true, 2],
  ['1205', '井盖破损移位', false, 2],
  ['1101', '路面坑槽影响通行', false, 2],
  ['0101', '房前私搭彩钢棚', false, 1],
  ['1201', '电线下垂存在隐患', false, 1],
  ['0801', '邻里因排水发生纠纷', false, 1],
  ['0301', '工地未覆盖，扬尘明显', false, 1],
];

/** The incidents a worker reports in a session: about one in three sessions, at a point of the walk. */
export function sessionIncidents(fixes: SimFix[], rng: Rng): SimIncident[] {
  if (!fixes.length || !rng.chance(0.35)) return [];
  const total = FINDINGS.reduce((s, f) => s + f[3], 0);
  let pick = rng.range(0, total);
  const [code, description, onSpot] =
    FINDINGS.find((f) => {
      pick -= f[3];
      return pick < 0;
    }) ?? FINDINGS[0]!;
  const at = fixes[rng.int(Math.floor(fixes.length / 4), fixes.length - 1)]!;
  return [{ t: at.t, lat: at.lat, lon: at.lon, categoryCode: code, description, resolveOnSpot: onSpot && rng.chance(0.8) }];
}
