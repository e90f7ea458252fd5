// Verifying visits against the worker's track (R14, R23): a visit is verified when a clean fix, or a
// segment between two clean fixes less than the coverage gap apart, came within the radius of the
// household in the window around the visit time. A visit is judged once its window has closed and the
// fixes of that window have had time to arrive; until then it is pending.
import { DEFAULT_COVERAGE_RULES } from '../../shared/coverage/rules.ts';
import { DEFAULT_VISIT_RULES, VISIT_SETTLE_MS, type VisitRules } from '../../shared/visits/rules.ts';
import type { Queryable } from '../platform/db/index.ts';

export async function checkVisits(
  q: Queryable,
  now = new Date(),
  rules: VisitRules = DEFAULT_VISIT_RULES,
  gapMs = DEFAULT_COVERAGE_RULES.segmentGapMs,
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `UPDATE visits v SET checked_at = now(), verified = EXISTS (
       SELECT 1
         FROM (SELECT p.fix_time AS t1, p.geom AS g1, lag(p.fix_time) OVER w AS t0, lag(p.geom) OVER w AS g0
                 FROM positions p
                WHERE p.worker_id = v.worker_id AND p.verdict = 'ok'
                  AND p.fix_time BETWEEN v.visited_at - make_interval(secs => ($3::float8 + $4::float8) / 1000)
                                     AND v.visited_at + make_interval(secs => ($3::float8 + $4::float8) / 1000)
               WINDOW w AS (ORDER BY p.fix_time)) s,
              households h
        WHERE h.id = v.household_id
          AND ((abs(extract(epoch FROM s.t1 - v.visited_at)) * 1000 <= $3 AND ST_DWithin(s.g1::geography, h.geom::geography, $2))
            OR (s.t0 IS NOT NULL AND s.t1 - s.t0 < make_interval(secs => $4::float8 / 1000)
                AND s.t0 <= v.visited_at + make_interval(secs => $3::float8 / 1000) AND s.t1 >= v.visited_at - make_interval(secs => $3::float8 / 1000)
                AND ST_DWithin(ST_MakeLine(s.g0, s.g1)::geography, h.geom::geography, $2))))
     WHERE v.verified IS NULL AND v.visited_at < $1::timestamptz - make_interval(secs => ($3::float8 + $5::float8) / 1000)
     RETURNING v.id`,
    [now, rules.radiusM, rules.windowMs, gapMs, VISIT_SETTLE_MS],
  );
  return rows.length;
}
