// The drill-down of a worker's point (issue 19 "explain every number"): the records a line of the month came
// from, each with what the brigade reads off it — the day's coverage, the incident reported, the on-site
// result, the test, the evidence, the rectification, the task or check, the online score, the bonus.
// Complaints and faked marks only for the roles of R40.
import type { RecordRef } from '../../shared/assessment/score.ts';
import type { Queryable } from '../platform/db/index.ts';

export type RecordDetail = Record<string, string | number | boolean | null>;
export interface RecordOut {
  kind: string;
  id: string;
  when: string;
  detail: RecordDetail;
}

const iso = (v: Date | string | null) => (v === null ? '' : v instanceof Date ? v.toISOString() : v);
const ints = (refs: readonly RecordRef[], kind: string) => refs.filter((r) => r.kind === kind && /^\d+$/.test(r.id)).map((r) => Number(r.id));

type Row = { id: number | string; when: Date | string } & RecordDetail;
const out = (kind: string, rows: Row[]): RecordOut[] =>
  rows.map(({ id, when, ...detail }) => ({ kind, id: String(id), when: iso(when), detail: detail as RecordDetail }));

/** The records behind these references, in the order of the references' kinds, each kind by time. */
export async function recordsOf(q: Queryable, refs: readonly RecordRef[], seesPersonal: boolean): Promise<RecordOut[]> {
  const found: RecordOut[] = [];
  const kinds = [...new Set(refs.map((r) => r.kind))];
  for (const kind of kinds) {
    switch (kind) {
      case 'coverage_day': {
        const keys = refs.filter((r) => r.kind === kind).map((r) => r.id.split('/'));
        const rows = await q.query<Row>(
          `SELECT to_char(c.day, 'YYYY-MM-DD') || '/' || c.grid_id AS id, to_char(c.day, 'YYYY-MM-DD') AS when, c.grid_id AS "gridId", g.name AS grid,
                  c.qualified, round(c.patrol_ms / 60000.0)::int AS "patrolMinutes", c.targets, c.targets_complete AS "targetsComplete",
                  round(c.road_m)::int AS "roadM", round(c.road_complete_m)::int AS "roadCompleteM"
             FROM coverage_days c JOIN grids g ON g.id = c.grid_id
             JOIN unnest($1::date[], $2::int[]) AS k(day, grid) ON k.day = c.day AND k.grid = c.grid_id ORDER BY c.day`,
          [keys.map((k) => k[0]), keys.map((k) => Number(k[1]))],
        );
        found.push(...out(kind, rows));
        break;
      }
      case 'incident':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              `SELECT i.id, i.created_at AS when, i.category_code AS "categoryCode", c.name AS category, i.state, i.address
                 FROM incidents i JOIN incident_categories c ON c.code = i.category_code WHERE i.id = ANY($1::int[]) ORDER BY i.created_at, i.id`,
              [ints(refs, kind)],
            ),
          ),
        );
        break;
      case 'sample_result':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              `SELECT r.id, r.checked_at AS when, r.sample_id AS "sampleId", s.full_check AS "fullCheck", s.subject, r.household_id AS "householdId",
                      r.resident_id AS "residentId", r.result, r.note
                 FROM sample_results r JOIN inspection_samples s ON s.id = r.sample_id WHERE r.id = ANY($1::int[]) ORDER BY r.checked_at, r.id`,
              [ints(refs, kind)],
            ),
          ),
        );
        break;
      case 'test_score':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              `SELECT t.id, t.taken_at AS when, t.session_id AS "sessionId", s.title, t.score::float8 AS score
                 FROM test_scores t JOIN training_sessions s ON s.id = t.session_id WHERE t.id = ANY($1::int[]) ORDER BY t.taken_at, t.id`,
              [ints(refs, kind)],
            ),
          ),
        );
        break;
      case 'publicity_evidence':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              `SELECT e.id, e.submitted_at AS when, e.task_id AS "taskId", t.title, t.deadline::text AS deadline, e.kind AS "evidenceKind",
                      ${seesPersonal ? 'e.faked' : 'NULL::boolean AS faked'},
                      (SELECT count(*)::int FROM publicity_evidence_files f WHERE f.evidence_id = e.id) AS files
                 FROM publicity_evidence e JOIN publicity_tasks t ON t.id = e.task_id WHERE e.id = ANY($1::int[]) ORDER BY e.submitted_at, e.id`,
              [ints(refs, kind)],
            ),
          ),
        );
        break;
      case 'publicity_task':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              'SELECT id, deadline AS when, title, given_at::text AS "givenAt", false AS evidence FROM publicity_tasks WHERE id = ANY($1::int[]) ORDER BY deadline, id',
              [ints(refs, kind)],
            ),
          ),
        );
        break;
      case 'rectification': {
        const own = ints(refs, kind);
        const field = refs.filter((r) => r.kind === kind && r.id.startsWith('field-')).map((r) => Number(r.id.split('-')[1]));
        const rows = await q.query<Row>(
          `SELECT id::text AS id, to_char(day, 'YYYY-MM-DD') AS when, kind AS "rectificationKind", incident_id AS "incidentId", note FROM rectification_records
            WHERE id = ANY($1::int[])
           UNION ALL
           SELECT 'field-' || id || '-order', ordered_at::text, 'urged', incident_id, responsible_party FROM rectifications WHERE id = ANY($2::int[])
           UNION ALL
           SELECT 'field-' || id || '-check', checked_at::text, 'verified_party', incident_id, responsible_party FROM rectifications
            WHERE id = ANY($2::int[]) AND checked_at IS NOT NULL`,
          [own, field],
        );
        const wanted = new Set(refs.filter((r) => r.kind === kind).map((r) => r.id));
        found.push(
          ...out(
            kind,
            rows.filter((r) => wanted.has(String(r.id))).sort((a, b) => (String(a.when) < String(b.when) ? -1 : 1)),
          ),
        );
        break;
      }
      case 'task':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              `SELECT id, deadline AS when, title, completed_at::text AS "completedAt", (completed_at IS NOT NULL AND completed_at <= deadline) AS "inTime"
                 FROM conduct_tasks WHERE id = ANY($1::int[]) ORDER BY deadline, id`,
              [ints(refs, kind)],
            ),
          ),
        );
        break;
      case 'conduct_check':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              `SELECT id, checked_at AS when, on_time AS "onTime", kit, conduct, note FROM conduct_checks WHERE id = ANY($1::int[]) ORDER BY checked_at, id`,
              [ints(refs, kind)],
            ),
          ),
        );
        break;
      case 'complaint':
        if (seesPersonal)
          found.push(
            ...out(
              kind,
              await q.query<Row>('SELECT id, received_at AS when, summary, upheld FROM complaints WHERE id = ANY($1::int[]) ORDER BY received_at, id', [
                ints(refs, kind),
              ]),
            ),
          );
        break;
      case 'online_score':
        found.push(
          ...out(
            kind,
            await q.query<Row>('SELECT id, at AS when, month, score::float8 AS score FROM online_scores WHERE id = ANY($1::int[])', [ints(refs, kind)]),
          ),
        );
        break;
      case 'major_hazard':
      case 'commendation':
        found.push(
          ...out(
            kind,
            await q.query<Row>(
              `SELECT id, awarded_at AS when, kind AS "bonusKind", level, incident_id AS "incidentId", note FROM assessment_bonuses
                WHERE id = ANY($1::int[]) ORDER BY awarded_at, id`,
              [ints(refs, kind)],
            ),
          ),
        );
        break;
    }
  }
  return found;
}
