// The simulator's view of the town, built from the same GeoJSON the map uses.
import { bbox } from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { centroid } from '@turf/centroid';
import { lineChunk } from '@turf/line-chunk';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Position } from 'geojson';
import type { SimGrid, SimHousehold } from './plan.ts';

export interface SimWorkerRef {
  workerId: number;
  gridId: number;
  gridCode: string;
}

export function buildSimGrids(
  grids: FeatureCollection<MultiPolygon, { code: string; workerId: number | null }>,
  targets: FeatureCollection,
  roads: FeatureCollection<LineString, { class: string }>,
  households: Map<number, SimHousehold[]>,
): { grids: Map<number, SimGrid>; workers: SimWorkerRef[] } {
  const out = new Map<number, SimGrid>();
  const boxes = grids.features.map((g) => ({ id: Number(g.id), bbox: bbox(g), g }));
  for (const { id, g } of boxes) out.set(id, { gridId: id, area: g.geometry, targets: [], roads: [], households: households.get(id) ?? [] });
  for (const t of targets.features) {
    const grid = out.get(Number((t.properties as { gridId: number }).gridId));
    grid?.targets.push(t.geometry.type === 'Point' ? t.geometry.coordinates : centroid(t as Feature).geometry.coordinates);
  }
  // Main roads and central streets, cut into 50 m steps; the runs of steps inside a grid are its roads.
  for (const road of roads.features.filter((r) => r.properties.class !== 'lane')) {
    const steps = lineChunk(road, 0.05, { units: 'kilometers' }).features.map((c) => c.geometry.coordinates[0]!);
    for (const { id, bbox, g } of boxes) {
      let run: Position[] = [];
      const flush = () => {
        if (run.length > 1) out.get(id)!.roads.push(run);
        run = [];
      };
      for (const p of steps) {
        const inside = p[0]! >= bbox[0] && p[0]! <= bbox[2] && p[1]! >= bbox[1] && p[1]! <= bbox[3] && booleanPointInPolygon(p, g);
        if (inside) run.push(p);
        else flush();
      }
      flush();
    }
  }
  const workers = grids.features
    .filter((g) => g.properties.workerId !== null)
    .map((g) => ({ workerId: g.properties.workerId!, gridId: Number(g.id), gridCode: g.properties.code }));
  return { grids: out, workers };
}
