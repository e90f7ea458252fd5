// The deterministic generator of a plausible Xigang: no real survey data is available offline, so the
// demo town's shapes are made from a seed, in a metric frame, and written as WGS84. Its villages and
// communities are the town's real committees, with their official names and codes (geodata/divisions.ts).
//
// Tiling is exact by construction: grids are the cells of one Voronoi diagram clipped to the boundary,
// villages are unions of their grids, squads unions of their villages (R3, R4).
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { DEFAULT_REQUIRED_PASSES, TARGET_KINDS, type TargetKind } from '../shared/coverage/rules.ts';
import type { GridClass } from '../shared/org/model.ts';
import type { ContextFeature, GridFeature, RoadFeature, SquadFeature, TargetFeature, TownLayers, VillageFeature } from '../shared/town/layers.ts';
import { type Committee, committeeKind, type Division, shortName } from './divisions.ts';
import { along, dist, lineIntersections, lineLength, pointInRing, polylineDistance, ringArea } from '../shared/core/plane.ts';
import { fromLonLat, toLonLat, type XY } from './projection.ts';
import { createRng, type Rng } from './random.ts';

const AREA_M2 = 80e6;
const SQUAD_COUNT = 9; // R3
const SEAT: XY = [1200, 300]; // 镇驻地, east of centre towards the national road
const COMMUNITY_M2 = 0.4e6; // the ground of one community (居) around the seat

interface Village {
  seed: XY;
  kind: '村' | '居';
  /** The name shown (东王庄村) and the committee's own (东王庄村委会). */
  name: string;
  officialName: string;
  households: number;
  grids: number;
  squad: number;
  code: string;
  area?: Feature<Polygon | MultiPolygon>;
  lanes: XY[][];
}

type Cell = { village: number; seq: number; rings: XY[][][] };

/** The layers of a town laid out on its committees (one village or community each), from a seed. */
export function generateTown(division: Division, seed: string): TownLayers {
  const rng = createRng(`${seed}:town`);
  const boundary = makeBoundary(rng);
  const villages = placeVillages(rng, boundary, division.committees);
  const cells = makeGridCells(rng, boundary, villages);
  const villageAreas = villages.map((_, i) => unionRings(cells.filter((c) => c.village === i).map((c) => c.rings)));
  for (const [i, v] of villages.entries()) v.area = villageAreas[i];
  const groups = groupSquads(villages);
  nameAndCode(villages, groups, division.committees);
  const squads = squadFeatures(villages, groups);

  const roads = makeRoads(rng, boundary, villages);
  const context = makeContext(rng, boundary, roads);
  const gridFeatures = cells.map((c) => gridFeature(c, villages));
  const targets = makeTargets(rng, division, villages, roads, context.bridges, gridFeatures);

  return {
    boundary: collection([{ type: 'Feature', properties: { code: division.code, name: division.name }, geometry: multi([[boundary]]) }]),
    squads: collection(squads),
    villages: collection(villages.map(villageFeature).sort((a, b) => a.properties.code.localeCompare(b.properties.code))),
    grids: collection(gridFeatures.sort((a, b) => a.properties.code.localeCompare(b.properties.code))),
    roads: collection(
      roads.map((r) => ({ type: 'Feature', properties: r.props, geometry: { type: 'LineString', coordinates: r.line.map(toLonLat) } }) as RoadFeature),
    ),
    targets: collection(targets),
    context: collection(context.features),
  };
}

const collection = <F>(features: F[]) => ({ type: 'FeatureCollection' as const, features });
const multi = (polys: XY[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: polys.map((p) => p.map((r) => r.map(toLonLat))) });

/** An irregular town outline of 80 km²: a circle bent by a few low harmonics. */
function makeBoundary(rng: Rng): XY[] {
  const harmonics = [2, 3, 4, 5].map((k) => ({ k, a: rng.range(0.02, 0.07), phase: rng.range(0, 2 * Math.PI) }));
  const n = 96;
  const ring: XY[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const r = 1 + harmonics.reduce((s, h) => s + h.a * Math.cos(h.k * t + h.phase), 0);
    ring.push([r * Math.cos(t), r * Math.sin(t)]);
  }
  const scale = Math.sqrt(AREA_M2 / ringArea(ring));
  const out = ring.map(([x, y]) => [x * scale, y * scale] as XY);
  out.push(out[0]!);
  return out;
}

/** Mitchell's best-candidate sampling: well spread, still irregular. */
function bestCandidate(rng: Rng, inside: (p: XY) => boolean, existing: XY[], propose: () => XY, tries = 40): XY {
  let best: XY | null = null;
  let bestD = -1;
  for (let i = 0; i < tries; i++) {
    const p = propose();
    if (!inside(p)) continue;
    const d = existing.reduce((m, q) => Math.min(m, dist(p, q)), Infinity);
    if (d > bestD) {
      best = p;
      bestD = d;
    }
  }
  return best ?? bestCandidate(rng, inside, existing, propose, tries);
}

/** One settlement per committee: the communities (居) at the town seat, the villages (村) spread over the rest. */
function placeVillages(rng: Rng, boundary: XY[], committees: Committee[]): Village[] {
  const communities = committees.filter((c) => committeeKind(c.code) === '居').length;
  const villages = committees.length - communities;
  const seatR = Math.sqrt((communities * COMMUNITY_M2) / Math.PI);
  const edge = (p: XY) => polylineDistance(p, boundary);
  const seeds: XY[] = [];
  for (let i = 0; i < communities; i++)
    seeds.push(
      bestCandidate(
        rng,
        (p) => pointInRing(p, boundary),
        seeds,
        () => {
          const a = rng.range(0, 2 * Math.PI);
          const r = seatR * Math.sqrt(rng());
          return [SEAT[0] + r * Math.cos(a), SEAT[1] + r * Math.sin(a)];
        },
      ),
    );
  const [minX, maxX] = [Math.min(...boundary.map((p) => p[0])), Math.max(...boundary.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...boundary.map((p) => p[1])), Math.max(...boundary.map((p) => p[1]))];
  const inside = (p: XY) => pointInRing(p, boundary) && edge(p) > 450 && dist(p, SEAT) > seatR + 500;
  for (let i = 0; i < villages; i++) seeds.push(bestCandidate(rng, inside, seeds, () => [rng.range(minX, maxX), rng.range(minY, maxY)]));

  return seeds.map((seed, i) => {
    const community = i < communities;
    const households = community ? rng.int(1000, 1300) : rng.int(240, 760);
    return {
      seed,
      kind: community ? '居' : '村',
      name: '',
      officialName: '',
      households,
      grids: community ? 3 : Math.max(1, Math.min(3, Math.round(households / 260))),
      squad: -1,
      code: '',
      lanes: [],
    };
  });
}

/** Grid seeds are k-means centres of each village's own Voronoi cell, pulled towards the village seed. */
function makeGridCells(rng: Rng, boundary: XY[], villages: Village[]): Cell[] {
  const bbox = turf.bbox(turf.polygon([boundary]));
  const pad: [number, number, number, number] = [bbox[0] - 2000, bbox[1] - 2000, bbox[2] + 2000, bbox[3] + 2000];
  const outline = turf.polygon([boundary]);
  const villageCells = turf.voronoi(turf.featureCollection(villages.map((v) => turf.point(v.seed))), { bbox: pad });
  const gridSeeds: { p: XY; village: number }[] = [];
  villages.forEach((v, i) => {
    if (v.grids === 1) {
      gridSeeds.push({ p: v.seed, village: i });
      return;
    }
    const cell = villageCells.features[i]!;
    const cellBox = turf.bbox(cell);
    const samples: XY[] = [];
    while (samples.length < 80) {
      const p: XY = [rng.range(cellBox[0], cellBox[2]), rng.range(cellBox[1], cellBox[3])];
      if (pointInRing(p, cell.geometry.coordinates[0] as XY[]) && pointInRing(p, boundary)) samples.push(p);
    }
    const clusters = turf.clustersKmeans(turf.featureCollection(samples.map((p) => turf.point(p))), { numberOfClusters: v.grids });
    const centres = new Map<number, XY>();
    for (const f of clusters.features) centres.set(f.properties.cluster!, f.properties.centroid as XY);
    [...centres.keys()]
      .sort((a, b) => a - b)
      .forEach((k) => {
        const c = centres.get(k)!;
        gridSeeds.push({ p: [v.seed[0] + 0.7 * (c[0] - v.seed[0]), v.seed[1] + 0.7 * (c[1] - v.seed[1])], village: i });
      });
  });
  const diagram = turf.voronoi(turf.featureCollection(gridSeeds.map((s) => turf.point(s.p))), { bbox: pad });
  const seqs = new Map<number, number>();
  return diagram.features.map((cell, i) => {
    const clipped = turf.intersect(turf.featureCollection([cell, outline]))!;
    const village = gridSeeds[i]!.village;
    const seq = (seqs.get(village) ?? 0) + 1;
    seqs.set(village, seq);
    return { village, seq, rings: polygonsOf(clipped.geometry) };
  });
}

function polygonsOf(g: Polygon | MultiPolygon): XY[][][] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as XY[][][];
}

function unionRings(parts: XY[][][][]): Feature<Polygon | MultiPolygon> {
  const polys = parts.map((rings) => turf.multiPolygon(rings));
  return polys.length === 1 ? polys[0]! : turf.union(turf.featureCollection(polys))!;
}

interface Squad {
  members: number[];
  area: Feature<Polygon | MultiPolygon>;
  centre: XY;
}

/**
 * Nine squads (中队, R3), or one a village in a smaller town: k-means over village seeds, then any village
 * cut off from its squad moves to a neighbour's. In the order of their codes.
 */
function groupSquads(villages: Village[]): Squad[] {
  const count = Math.min(SQUAD_COUNT, villages.length);
  // Farthest-point order, so the k-means start (the first k points) is spread over the town.
  const order = [0];
  while (order.length < villages.length) {
    let best = -1;
    let bestD = -1;
    villages.forEach((v, i) => {
      if (order.includes(i)) return;
      const d = Math.min(...order.map((j) => dist(v.seed, villages[j]!.seed)));
      if (d > bestD) [best, bestD] = [i, d];
    });
    order.push(best);
  }
  const clustered = turf.clustersKmeans(turf.featureCollection(order.map((i) => turf.point(villages[i]!.seed))), { numberOfClusters: count });
  for (const [k, f] of clustered.features.entries()) villages[order[k]!]!.squad = f.properties.cluster!;

  const touches = (a: number, b: number) => turf.booleanIntersects(villages[a]!.area!, villages[b]!.area!);
  for (let round = 0; round < 20; round++) {
    let moved = false;
    for (let s = 0; s < count; s++) {
      const members = villages.map((v, i) => (v.squad === s ? i : -1)).filter((i) => i >= 0);
      // Connected components of the squad by shared edges; all but the largest move.
      const seen = new Set<number>();
      const comps: number[][] = [];
      for (const m of members) {
        if (seen.has(m)) continue;
        const comp = [m];
        seen.add(m);
        for (let k = 0; k < comp.length; k++)
          for (const o of members)
            if (!seen.has(o) && touches(comp[k]!, o)) {
              seen.add(o);
              comp.push(o);
            }
        comps.push(comp);
      }
      comps.sort((a, b) => b.length - a.length);
      for (const comp of comps.slice(1))
        for (const m of comp) {
          const neighbour = villages.findIndex((v, i) => v.squad !== s && touches(m, i));
          if (neighbour >= 0) {
            villages[m]!.squad = villages[neighbour]!.squad;
            moved = true;
          }
        }
    }
    if (!moved) break;
  }

  const squads = Array.from({ length: count }, (_, s) => {
    const members = villages.map((v, i) => (v.squad === s ? i : -1)).filter((i) => i >= 0);
    const area = unionRings(members.map((m) => polygonsOf(villages[m]!.area!.geometry)));
    const centre = members.reduce<XY>((c, m) => [c[0] + villages[m]!.seed[0] / members.length, c[1] + villages[m]!.seed[1] / members.length], [0, 0]);
    return { members, area, centre };
  }).filter((s) => s.members.length > 0);
  // Codes 01..09 north to south, then west to east: also the order of the rotating chair (R5).
  squads.sort((a, b) => Math.round((b.centre[1] - a.centre[1]) / 1500) || a.centre[0] - b.centre[0]);
  squads.forEach((s, k) => {
    for (const m of s.members) villages[m]!.squad = k;
  });
  return squads;
}

/** Each squad is named after its community, or else its most central village: XX巡查中队 of the XX党总支 (R3). */
function squadFeatures(villages: Village[], squads: Squad[]): SquadFeature[] {
  return squads.map((s, k) => {
    const named =
      s.members.find((m) => villages[m]!.kind === '居') ??
      s.members.reduce((a, b) => (dist(villages[a]!.seed, s.centre) < dist(villages[b]!.seed, s.centre) ? a : b));
    const stem = villages[named]!.name.replace(/(村|社区)$/, '');
    const code = String(k + 1).padStart(2, '0');
    return { type: 'Feature', properties: { code, name: `${stem}巡查中队`, branch: `${stem}党总支` }, geometry: multi(polygonsOf(s.area.geometry)) };
  });
}

/**
 * The committees, in the order of their codes, go to the settlements in squad order — each squad walked from
 * its northernmost member to the nearest one left — so that neighbouring codes are neighbours on the map, as
 * a town numbers them: the 居 to the communities, the 村 to the villages. Then each family of names that
 * differ by a direction (高庙东村, 高庙南村…; 东北田岗村, 西南田岗村…) is turned to lie the way its names say.
 */
function nameAndCode(villages: Village[], squads: Squad[], committees: Committee[]) {
  const path = squads.flatMap((s) => {
    const left = s.members.map((m) => villages[m]!);
    const walk = [left.reduce((a, b) => (b.seed[1] > a.seed[1] ? b : a))];
    left.splice(left.indexOf(walk[0]!), 1);
    while (left.length > 0) {
      const last = walk[walk.length - 1]!.seed;
      const next = left.reduce((a, b) => (dist(b.seed, last) < dist(a.seed, last) ? b : a));
      walk.push(next);
      left.splice(left.indexOf(next), 1);
    }
    return walk;
  });
  for (const kind of ['居', '村'] as const) {
    const places = path.filter((v) => v.kind === kind);
    const own = committees.filter((c) => committeeKind(c.code) === kind);
    for (let i = 0; i < own.length; ) {
      let j = i + 1;
      while (j < own.length && directionless(shortName(own[j]!)) === directionless(shortName(own[i]!))) j++;
      const family = own.slice(i, j);
      const at = places.slice(i, j);
      const best = family.length > 6 ? family : orderings(family).reduce((a, b) => (pointing(b, at) > pointing(a, at) ? b : a));
      best.forEach((c, k) => {
        Object.assign(at[k]!, { code: c.code, name: shortName(c), officialName: c.name });
      });
      i = j;
    }
  }
}

const DIRECTIONS: Record<string, XY> = { 东: [1, 0], 西: [-1, 0], 南: [0, -1], 北: [0, 1], 中: [0, 0] };
const DIRECTED = /^([东西南北]{1,2})(.+)$|^(.+?)([东西南北中])(村|社区)?$/;

/** 高庙东村 → 高庙村, 东北田岗村 → 田岗村; a name with no direction is its own. */
function directionless(name: string): string {
  const m = DIRECTED.exec(name);
  return m ? (m[2] ?? `${m[3]}${m[5] ?? ''}`) : name;
}

/** How well names sit on places: each name's direction against its place's offset from the family's middle. */
function pointing(names: Committee[], places: Village[]): number {
  const mid = places.reduce<XY>((c, p) => [c[0] + p.seed[0] / places.length, c[1] + p.seed[1] / places.length], [0, 0]);
  return names.reduce((sum, c, k) => {
    const m = DIRECTED.exec(shortName(c));
    const word = m ? (m[1] ?? m[4]!) : '';
    const d = [...word].reduce<XY>((v, ch) => [v[0] + DIRECTIONS[ch]![0], v[1] + DIRECTIONS[ch]![1]], [0, 0]);
    const p = places[k]!.seed;
    return sum + d[0] * (p[0] - mid[0]) + d[1] * (p[1] - mid[1]);
  }, 0);
}

/** Every order of a few items (a family of more than six is left as it is numbered). */
function orderings<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => orderings([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

function villageFeature(v: Village): VillageFeature {
  return {
    type: 'Feature',
    properties: {
      code: v.code,
      name: v.name,
      officialName: v.officialName,
      kind: v.kind,
      squadCode: String(v.squad + 1).padStart(2, '0'),
      households: v.households,
      centre: toLonLat(v.seed),
    },
    geometry: multi(polygonsOf(v.area!.geometry)),
  };
}

function gridFeature(c: Cell, villages: Village[]): GridFeature {
  const v = villages[c.village]!;
  const perGrid = v.households / v.grids;
  const cls: GridClass = v.kind === '居' ? 1 : perGrid >= 260 ? 2 : 3;
  return {
    type: 'Feature',
    properties: {
      code: `${v.code}${String(c.seq).padStart(2, '0')}`,
      name: v.grids === 1 ? `${v.name}网格` : `${v.name}第${c.seq}网格`,
      class: cls,
      villageCode: v.code,
      squadCode: String(v.squad + 1).padStart(2, '0'),
    },
    geometry: multi(c.rings),
  };
}

interface Road {
  line: XY[];
  props: RoadFeature['properties'];
}

/** Where a ray from `from` in direction `dir` leaves the town (bisection on inside/outside). */
function exitPoint(boundary: XY[], from: XY, dir: XY, inset = 60): XY {
  let lo = 0;
  let hi = 20000;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (pointInRing([from[0] + dir[0] * mid, from[1] + dir[1] * mid], boundary)) lo = mid;
    else hi = mid;
  }
  return [from[0] + dir[0] * (lo - inset), from[1] + dir[1] * (lo - inset)];
}

/** A road that meanders a little between waypoints, like the roads of the North China plain. */
function meander(rng: Rng, points: XY[], wobble: number): XY[] {
  const out: XY[] = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const len = dist(a, b);
    const steps = Math.max(1, Math.round(len / 400));
    for (let s = 1; s <= steps; s++) {
      const t = s / steps;
      const off = s === steps ? 0 : rng.normal(wobble);
      out.push([a[0] + t * (b[0] - a[0]) - (off * (b[1] - a[1])) / len, a[1] + t * (b[1] - a[1]) + (off * (b[0] - a[0])) / len]);
    }
  }
  return out;
}

function makeRoads(rng: Rng, boundary: XY[], villages: Village[]): Road[] {
  const roads: Road[] = [];
  // 主干道 (R13): two trunks crossing at the seat and two more across the north and the south,
  // each threading the villages near its line.
  const trunks: { name: string; origin: XY; dir: XY }[] = [
    { name: '兴岗路', origin: SEAT, dir: [1, 0] },
    { name: '滨湖路', origin: SEAT, dir: [0, 1] },
    { name: '北郊路', origin: [SEAT[0] - 800, SEAT[1] + 2900], dir: [1, 0] },
    { name: '南郊路', origin: [SEAT[0] - 600, SEAT[1] - 2700], dir: [1, 0] },
  ];
  for (const t of trunks) {
    const start = exitPoint(boundary, t.origin, [-t.dir[0], -t.dir[1]]);
    const end = exitPoint(boundary, t.origin, t.dir);
    const axis = (p: XY) => (p[0] - start[0]) * t.dir[0] + (p[1] - start[1]) * t.dir[1];
    const off = (p: XY) => Math.abs((p[0] - start[0]) * -t.dir[1] + (p[1] - start[1]) * t.dir[0]);
    const total = axis(end);
    const via = villages.filter((v) => off(v.seed) < 550 && axis(v.seed) > 300 && axis(v.seed) < total - 300).map((v) => v.seed);
    via.sort((a, b) => axis(a) - axis(b));
    roads.push({ line: meander(rng, [start, ...via, end], 25), props: { name: t.name, class: 'main', villageCode: null } });
  }
  // 中心街道: the street grid of the town seat.
  const central = ['人民路', '建设路', '文化路', '振兴街', '和平街', '商贸街', '幸福街'];
  let k = 0;
  for (const dy of [-380, 0, 380])
    roads.push({
      line: [
        [SEAT[0] - 800, SEAT[1] + dy + 120],
        [SEAT[0] + 800, SEAT[1] + dy + 120],
      ],
      props: { name: central[k++]!, class: 'central', villageCode: null },
    });
  for (const dx of [-540, -180, 180, 540])
    roads.push({
      line: [
        [SEAT[0] + dx + 90, SEAT[1] - 700],
        [SEAT[0] + dx + 90, SEAT[1] + 700],
      ],
      props: { name: central[k++]!, class: 'central', villageCode: null },
    });
  // 村村通: a minimum spanning tree joins every village to the network.
  const inTree = [0];
  while (inTree.length < villages.length) {
    let best: [number, number, number] = [-1, -1, Infinity];
    villages.forEach((v, i) => {
      if (inTree.includes(i)) return;
      for (const j of inTree) {
        const d = dist(v.seed, villages[j]!.seed);
        if (d < best[2]) best = [i, j, d];
      }
    });
    inTree.push(best[0]);
    roads.push({ line: meander(rng, [villages[best[1]]!.seed, villages[best[0]]!.seed], 20), props: { name: '村村通道路', class: 'lane', villageCode: null } });
  }
  // Lanes of each settlement: parallel lanes 45 m apart, sized for the village's households, inside its area.
  for (const v of villages) {
    const area = v.area!;
    const frontage = v.kind === '居' ? 36 / 18 : 15; // metres of lane per household (居: 18-household buildings)
    const laneLen = Math.min(v.kind === '居' ? 420 : 520, Math.sqrt(v.households * frontage * 25) * 1.15);
    const laneCount = Math.ceil((v.households * frontage * 1.25) / (2 * laneLen));
    const angle = rng.range(-0.35, 0.35);
    const u: XY = [Math.cos(angle), Math.sin(angle)];
    const w: XY = [-u[1], u[0]];
    const lanes: XY[][] = [];
    for (let i = 0; i < laneCount; i++) {
      const o = (i - (laneCount - 1) / 2) * 45;
      const a: XY = [v.seed[0] + w[0] * o - (u[0] * laneLen) / 2, v.seed[1] + w[1] * o - (u[1] * laneLen) / 2];
      const b: XY = [a[0] + u[0] * laneLen, a[1] + u[1] * laneLen];
      const clipped = clipToArea([a, b], area, 25);
      if (clipped) lanes.push(clipped);
    }
    v.lanes = lanes;
    for (const [i, line] of lanes.entries())
      roads.push({ line, props: { name: `${v.name}${i + 1}${v.kind === '居' ? '号路' : '巷'}`, class: 'lane', villageCode: v.code } });
    // One cross lane ties the parallel lanes together.
    if (lanes.length > 1) {
      const ends = [lanes[0]!, lanes[lanes.length - 1]!].map((l) => along(l, lineLength(l) / 2).p);
      const cross = clipToArea(ends as XY[], area, 25);
      if (cross) roads.push({ line: cross, props: { name: `${v.name}中心街`, class: 'lane', villageCode: null } });
    }
  }
  return roads;
}

/** The longest run of a straight line that stays `margin` metres inside an area, sampled every 5 m. */
function clipToArea([a, b]: XY[] | [XY, XY], area: Feature<Polygon | MultiPolygon>, margin: number): XY[] | null {
  const rings = polygonsOf(area.geometry);
  const len = dist(a!, b!);
  const ok = (p: XY) =>
    rings.some((poly) => pointInRing(p, poly[0]!) && !poly.slice(1).some((h) => pointInRing(p, h))) &&
    rings.every((poly) => poly.every((r) => polylineDistance(p, r) > margin));
  let best: [number, number] = [0, -1];
  let runStart = -1;
  const steps = Math.ceil(len / 5);
  for (let s = 0; s <= steps + 1; s++) {
    const inside = s <= steps && ok([a![0] + ((b![0] - a![0]) * s) / steps, a![1] + ((b![1] - a![1]) * s) / steps]);
    if (inside && runStart < 0) runStart = s;
    if (!inside && runStart >= 0) {
      if (s - 1 - runStart > best[1] - best[0]) best = [runStart, s - 1];
      runStart = -1;
    }
  }
  if ((best[1] - best[0]) * (len / steps) < 60) return null;
  const at = (s: number): XY => [a![0] + ((b![0] - a![0]) * s) / steps, a![1] + ((b![1] - a![1]) * s) / steps];
  return [at(best[0]), at(best[1])];
}

function makeContext(rng: Rng, boundary: XY[], roads: Road[]) {
  const minX = Math.min(...boundary.map((p) => p[0]));
  const maxX = Math.max(...boundary.map((p) => p[0]));
  const minY = Math.min(...boundary.map((p) => p[1]));
  const maxY = Math.max(...boundary.map((p) => p[1]));
  const features: ContextFeature[] = [];
  const line = (kind: ContextFeature['properties']['kind'], name: string, pts: XY[]) =>
    features.push({ type: 'Feature', properties: { kind, name }, geometry: { type: 'LineString', coordinates: pts.map(toLonLat) } });
  // West: the lake shore and a drainage canal along it; east: the national road and the railway.
  const lake: XY[] = [];
  for (let i = 0; i <= 24; i++) {
    const t = -Math.PI / 2 + (Math.PI * i) / 24;
    lake.push([minX - 1500 - 2200 * Math.cos(t) * (1 + 0.08 * Math.sin(5 * t)), minY - 600 + (maxY - minY + 1200) * (0.5 + 0.5 * Math.sin(t))]);
  }
  lake.push([minX - 9000, maxY + 600], [minX - 9000, minY - 600], lake[0]!);
  features.push({ type: 'Feature', properties: { kind: 'water', name: '微山湖' }, geometry: { type: 'Polygon', coordinates: [lake.map(toLonLat)] } });
  line(
    'canal',
    '湖东渠',
    meander(
      rng,
      [
        [minX - 500, maxY + 1500],
        [minX - 350, minY - 1500],
      ],
      60,
    ),
  );
  line(
    'national_road',
    'G104国道',
    meander(
      rng,
      [
        [maxX - 900, maxY + 2500],
        [maxX - 600, minY - 2500],
      ],
      40,
    ),
  );
  line('rail', '京沪铁路', [
    [maxX + 600, maxY + 2500],
    [maxX + 900, minY - 2500],
  ]);
  // 郭河 runs west to the lake across the south of the town; where roads cross it there are bridges.
  const river = meander(
    rng,
    [
      [maxX + 1500, SEAT[1] - 1600],
      [SEAT[0], SEAT[1] - 1450],
      [minX - 1200, SEAT[1] - 1900],
    ],
    90,
  );
  line('river', '郭河', river);
  const bridges: { p: XY; name: string }[] = [];
  for (const r of roads.filter((r) => r.props.class !== 'lane' || r.props.villageCode === null))
    for (const p of lineIntersections(river, r.line))
      if (pointInRing(p, boundary) && bridges.every((b) => dist(b.p, p) > 150))
        bridges.push({ p, name: r.props.class === 'lane' ? '郭河' : `郭河${r.props.name}` });
  return { features, bridges };
}

const INDUSTRIES = ['机械', '面粉', '纺织', '建材', '食品', '木业', '塑料', '家具', '印刷', '五金'];

/** A few hundred key targets (重点目标, R13) beside the roads that patrols use, each in the grid that holds it. */
function makeTargets(
  rng: Rng,
  division: Division,
  villages: Village[],
  roads: Road[],
  bridges: { p: XY; name: string }[],
  grids: GridFeature[],
): TargetFeature[] {
  const gridRings = grids.map((g) => ({ code: g.properties.code, polys: g.geometry.coordinates.map((p) => p.map((r) => r.map(fromLonLat))) }));
  const gridOf = (p: XY) => gridRings.find((g) => g.polys.some((poly) => pointInRing(p, poly[0]!)))?.code;
  const out: TargetFeature[] = [];
  const add = (kind: TargetKind, name: string, p: XY, polygon?: XY[]) => {
    const gridCode = gridOf(p);
    if (!gridCode) return;
    out.push({
      type: 'Feature',
      properties: { name, kind, gridCode, radiusM: TARGET_KINDS[kind].radiusM, requiredPasses: DEFAULT_REQUIRED_PASSES },
      geometry: polygon ? { type: 'Polygon', coordinates: [polygon.map(toLonLat)] } : { type: 'Point', coordinates: toLonLat(p) },
    });
  };
  const besideLine = (line: XY[], offset: number): XY => {
    const { p, dir } = along(line, rng.range(0.1, 0.9) * lineLength(line));
    const side = rng.chance(0.5) ? 1 : -1;
    return [p[0] - dir[1] * offset * side, p[1] + dir[0] * offset * side];
  };
  const mains = roads.filter((r) => r.props.class === 'main').map((r) => r.line);
  const stem = (v: Village) => v.name.replace(/(村|社区)$/, '');
  villages.forEach((v, i) => {
    const lanes = v.lanes.length > 0 ? v.lanes : [[v.seed, [v.seed[0] + 1, v.seed[1]] as XY]];
    const nearLane = () => besideLine(rng.pick(lanes), rng.range(12, 22));
    add('village_office', v.officialName, nearLane());
    if (v.kind === '居' || rng.chance(0.85)) add('clinic', `${v.name}卫生室`, nearLane());
    if (v.kind === '居' ? i < 4 : rng.chance(0.3)) add('school', `${stem(v)}小学`, nearLane());
    if (v.kind === '居' ? i < 3 : rng.chance(0.25)) add('kindergarten', `${stem(v)}幼儿园`, nearLane());
    if (v.kind === '居' ? i < 2 : v.households > 600 && rng.chance(0.35)) add('market', `${stem(v)}集`, nearLane());
    if (rng.chance(0.2)) add('fireworks', `${stem(v)}烟花爆竹销售点`, nearLane());
    if (v.kind === '居' ? i === 0 : rng.chance(0.12)) add('eldercare', `${stem(v)}${v.kind === '居' ? '敬老院' : '幸福院'}`, nearLane());
    // Ponds just past the end of a lane, in the fields.
    const ponds = v.kind === '居' ? 0 : rng.int(0, 2);
    for (let k = 0; k < ponds; k++) {
      const lane = rng.pick(lanes);
      const end = rng.chance(0.5) ? lane[lane.length - 1]! : lane[0]!;
      const other = end === lane[0] ? lane[1]! : lane[lane.length - 2]!;
      const d = dist(end, other) || 1;
      const c: XY = [end[0] + ((end[0] - other[0]) / d) * 70, end[1] + ((end[1] - other[1]) / d) * 70];
      const r = rng.range(15, 35);
      const ring: XY[] = Array.from({ length: 12 }, (_, j) => {
        const t = (2 * Math.PI * j) / 12;
        const rr = r * rng.range(0.8, 1.2);
        return [c[0] + rr * Math.cos(t), c[1] + rr * Math.sin(t)];
      });
      ring.push(ring[0]!);
      add('pond', `${stem(v)}坑塘${k + 1}号`, c, ring);
    }
  });
  add('hospital', `${division.name}卫生院`, [SEAT[0] + 60, SEAT[1] + 140]);
  const town = division.name.replace(/(镇|乡|街道|苏木)$/, '');
  for (let k = 0; k < 12; k++) add('petrol', `中国石化${town}第${k + 1}加油站`, besideLine(rng.pick(mains), 35));
  for (let k = 0; k < 95; k++) {
    const v = rng.pick(villages);
    add(
      'factory',
      `${division.county.name}${stem(v)}${rng.pick(INDUSTRIES)}有限公司`,
      rng.chance(0.6) ? besideLine(rng.pick(mains), rng.range(40, 90)) : besideLine(rng.pick(v.lanes.length ? v.lanes : mains), 45),
    );
  }
  for (const b of bridges) add('bridge', `${b.name}桥`, b.p);
  return out;
}
