// Households (住户, R14) are placed along each village's lanes at seed time from the committed layers and
// the seed: about 40,000 points are too many to commit, and cheap to make again.
import Flatbush from 'flatbush';
import type { TownLayers } from '../shared/town/layers.ts';
import { along, lineLength, pointInRing } from '../shared/core/plane.ts';
import { fromLonLat, toLonLat, type XY } from './projection.ts';
import { createRng } from './random.ts';

export interface Household {
  address: string;
  gridCode: string;
  villageCode: string;
  size: number;
  lonLat: [number, number];
}

type Rings = XY[][][];
const inside = (p: XY, polys: Rings) => polys.some((poly) => pointInRing(p, poly[0]!) && !poly.slice(1).some((h) => pointInRing(p, h)));

export function generateHouseholds(town: TownLayers, seed: string): Household[] {
  const rng = createRng(`${seed}:households`);
  const grids = town.grids.features.map((g) => ({
    code: g.properties.code,
    village: g.properties.villageCode,
    polys: g.geometry.coordinates.map((p) => p.map((r) => r.map(fromLonLat))) as Rings,
  }));
  const index = new Flatbush(grids.length);
  for (const g of grids) {
    const xs = g.polys.flatMap((p) => p[0]!.map((q) => q[0]));
    const ys = g.polys.flatMap((p) => p[0]!.map((q) => q[1]));
    index.add(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }
  index.finish();
  const gridAt = (p: XY) =>
    index
      .search(p[0], p[1], p[0], p[1])
      .map((i) => grids[i]!)
      .find((g) => inside(p, g.polys));

  const out: Household[] = [];
  for (const village of town.villages.features) {
    const v = village.properties;
    const lanes = town.roads.features
      .filter((r) => r.properties.villageCode === v.code)
      .map((r) => ({ name: r.properties.name, line: r.geometry.coordinates.map(fromLonLat) }));
    const community = v.kind === '居';
    const spacing = community ? 36 : 15;
    let placed = 0;
    let building = 0;
    for (const lane of lanes) {
      const len = lineLength(lane.line);
      let number = 0;
      for (let at = 8; at < len - 4 && placed < v.households; at += spacing) {
        for (const side of [1, -1]) {
          if (placed >= v.households) break;
          const { p, dir } = along(lane.line, at + rng.range(-2, 2));
          const offset = (community ? 22 : 11) + rng.range(-2, 2);
          // Judged where it is stored (lon/lat to 7 decimals), so a house a millimetre from a grid's edge is
          // in the grid the database will find it in.
          const lonLat = toLonLat([p[0] - dir[1] * offset * side, p[1] + dir[0] * offset * side]) as [number, number];
          const grid = gridAt(fromLonLat(lonLat));
          if (!grid || grid.village !== v.code) continue;
          number += 1;
          if (!community) {
            out.push({
              address: `${lane.name}${number}号`,
              gridCode: grid.code,
              villageCode: v.code,
              size: householdSize(rng()),
              lonLat,
            });
            placed += 1;
            continue;
          }
          // A residential building: units × floors × two flats, one household each at the entrance point.
          building += 1;
          const units = rng.int(2, 3);
          const floors = rng.int(3, 6);
          for (let u = 1; u <= units; u++)
            for (let f = 1; f <= floors; f++)
              for (let r = 1; r <= 2 && placed < v.households; r++, placed++)
                out.push({
                  address: `${v.name}${building}号楼${u}单元${f}0${r}室`,
                  gridCode: grid.code,
                  villageCode: v.code,
                  size: householdSize(rng()),
                  lonLat,
                });
        }
      }
    }
  }
  return out;
}

/** Household sizes of a rural Shandong town: many couples and three- to four-person families. */
function householdSize(u: number): number {
  return u < 0.15 ? 1 : u < 0.42 ? 2 : u < 0.7 ? 3 : u < 0.88 ? 4 : u < 0.96 ? 5 : 6;
}
