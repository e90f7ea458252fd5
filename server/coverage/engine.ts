// The live coverage engine inside the server: targets from the database in the town's local frame,
// today's stored fixes replayed on start (no coverage is lost to a restart), then every kept fix.
import { CoverageEngine, DEFAULT_COVERAGE_RULES, LocalFrame, type CoverageTarget } from '../../shared/coverage.ts';
import type { XY } from '../../shared/plane.ts';
import { dayRange, shanghaiDay } from '../../shared/time.ts';
import type { Queryable } from '../db/index.ts';

export async function townFrame(q: Queryable): Promise<LocalFrame> {
  const [c] = await q.query<{ lon: number; lat: number }>(`SELECT round(ST_X(ST_Centroid(boundary))::numeric, 4)::float8 AS lon, round(ST_Y(ST_Centroid(boundary))::numeric, 4)::float8 AS lat FROM town`);
  return new LocalFrame(c?.lon ?? 117.1, c?.lat ?? 35.0);
}

export async function loadTargets(q: Queryable, frame: LocalFrame): Promise<CoverageTarget[]> {
  const rows = await q.query<{ id: number; gridId: number; geom: { type: string; coordinates: unknown }; radiusM: number; requiredPasses: number }>(
    `SELECT id, grid_id AS "gridId", ST_AsGeoJSON(geom, 9)::json AS geom, radius_m::float8 AS "radiusM", required_passes AS "requiredPasses" FROM targets ORDER BY id`,
  );
  const local = (p: number[]): XY => frame.toLocal(p[0]!, p[1]!);
  return rows.map((r) => ({
    id: r.id,
    gridId: r.gridId,
    radiusM: r.radiusM,
    requiredPasses: r.requiredPasses,
    ...(r.geom.type === 'Point' ? { point: local(r.geom.coordinates as number[]) } : { rings: (r.geom.coordinates as number[][][]).map((ring) => ring.map(local)) }),
  }));
}

export interface Coverage {
  engine: CoverageEngine;
  frame: LocalFrame;
}

export async function createCoverage(q: Queryable): Promise<Coverage> {
  const frame = await townFrame(q);
  const engine = new CoverageEngine(await loadTargets(q, frame), frame, DEFAULT_COVERAGE_RULES);
  const { start } = dayRange(shanghaiDay(Date.now()));
  const fixes = await q.query<{ w: number; t: number; lon: number; lat: number }>(
    `SELECT worker_id AS w, (extract(epoch FROM fix_time) * 1000)::float8 AS t, lon, lat FROM positions
      WHERE verdict = 'ok' AND worker_id IS NOT NULL AND fix_time >= $1 ORDER BY fix_time, worker_id`,
    [new Date(start.getTime() - DEFAULT_COVERAGE_RULES.segmentGapMs)],
  );
  for (const f of fixes) engine.addFix(f.w, f.t, f.lon, f.lat);
  return { engine, frame };
}
