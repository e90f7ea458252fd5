// Main roads and central streets (R13) cut into patrol cells: each road is split by the grids it crosses
// (a cell has one responsible worker), then each piece into equal cells of about `cellM` metres.
import { DEFAULT_ROAD_CELL_RULES, type RoadCellRules } from '../../shared/coverage/rules.ts';
import type { Queryable } from '../platform/db/index.ts';
import { current } from '../town/validity.ts';

/** Builds the cells when there are none yet; returns how many there are. */
export async function ensureRoadCells(q: Queryable, rules: RoadCellRules = DEFAULT_ROAD_CELL_RULES): Promise<number> {
  const [have] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM road_cells');
  return have!.n > 0 ? have!.n : cutRoadCells(q, null, '2000-01-01', rules);
}

/** Which cells to cut: those of some grids or of some roads (every current one when not said). */
export interface CellsOf {
  grids?: number[];
  roads?: number[];
}

/**
 * Cuts the cells of the given grids or roads (all current ones when null), valid from a day: after an import
 * has redrawn grids or roads, their old cells are retired and theirs cut again. Returns how many were made.
 */
export async function cutRoadCells(q: Queryable, of: CellsOf | null, from: string, rules: RoadCellRules = DEFAULT_ROAD_CELL_RULES): Promise<number> {
  const [made] = await q.query<{ n: number }>(
    `WITH pieces AS (
       SELECT r.id AS road_id, g.id AS grid_id, (ST_Dump(ST_Intersection(r.geom, g.area))).geom AS geom
         FROM roads r JOIN grids g ON ST_Intersects(r.geom, g.area)
        WHERE r.class IN ('main', 'central') AND ${current('g')} AND ${current('r')}
          AND ($4::int[] IS NULL OR g.id = ANY($4)) AND ($6::int[] IS NULL OR r.id = ANY($6))
     ), lines AS (
       SELECT road_id, grid_id, geom, ST_Length(geom::geography) AS len,
              row_number() OVER (PARTITION BY road_id, grid_id ORDER BY ST_X(ST_StartPoint(geom)), ST_Y(ST_StartPoint(geom))) AS piece
         FROM pieces WHERE GeometryType(geom) = 'LINESTRING'
     ), cut AS (
       SELECT road_id, grid_id, piece, i, n, len, ST_LineSubstring(geom, i::float8 / n, (i + 1)::float8 / n) AS geom
         FROM lines, LATERAL (SELECT greatest(1, round(len / $1))::int AS n) k, generate_series(0, n - 1) AS i
        WHERE len >= 1
     ), ins AS (
       INSERT INTO road_cells (road_id, grid_id, seq, geom, length_m, radius_m, required_passes, valid_from)
       SELECT road_id, grid_id, row_number() OVER (PARTITION BY road_id, grid_id ORDER BY piece, i), geom, len / n, $2, $3, $5::date FROM cut
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM ins`,
    [rules.cellM, rules.radiusM, rules.requiredPasses, of?.grids ?? null, from, of?.roads ?? null],
  );
  return made!.n;
}
