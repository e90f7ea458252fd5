// Dispatch help: the nearest available workers (on line, not overloaded), the incident's own grid worker
// first, with walking and e-bike times, and the class's department.
import { distance } from '@turf/distance';
import { point } from '@turf/helpers';
import type { Db } from '../platform/db/index.ts';
import type { LiveState } from '../tracking/live.ts';
import { scopeFor } from '../auth/scope.ts';
import type { Actor } from './access.ts';
import { loadIncident, type IncidentStore } from './store.ts';

const WALKING_MS = 1.2;
const EBIKE_MS = 4.5;
/** Roads are not straight lines. */
const DETOUR = 1.3;
/** A worker with this many open assignments is not suggested. */
const MAX_LOAD = 3;

export function dispatchSuggestions(db: Db, store: IncidentStore, live: LiveState) {
  /** The nearest available workers (on line, not overloaded), the incident's own grid worker first, and the class's department. */
  async function suggestions(actor: Actor, id: number) {
    const r = await loadIncident(db, id, actor);
    const load_ = new Map(
      (
        await db.query<{ w: number; n: number }>(
          `SELECT assignee_worker_id AS w, count(*)::int AS n FROM incidents WHERE state IN ('dispatched', 'in_progress') AND assignee_worker_id IS NOT NULL GROUP BY 1`,
        )
      ).map((x) => [x.w, x.n]),
    );
    const [own] = await db.query<{ workerId: number | null }>('SELECT worker_id AS "workerId" FROM grids WHERE id = $1', [r.gridId]);
    const names = new Map((await db.query<{ id: number; name: string }>('SELECT id, name FROM workers')).map((w) => [w.id, w.name]));
    const at = point([r.lon, r.lat]);
    const candidates = live
      .workers(scopeFor(actor)) // a squad leader dispatches within the squad, and sees only its workers (R40)
      .filter((w) => w.status !== 'offline' && (load_.get(w.workerId) ?? 0) < MAX_LOAD)
      .map((w) => {
        const metres = distance(at, point([w.lon, w.lat]), { units: 'meters' });
        return {
          workerId: w.workerId,
          name: names.get(w.workerId) ?? String(w.workerId),
          gridId: w.gridId,
          ownGrid: w.workerId === own?.workerId,
          status: w.status,
          openCases: load_.get(w.workerId) ?? 0,
          distanceM: Math.round(metres),
          etaWalkMin: Math.round((metres * DETOUR) / WALKING_MS / 60),
          etaEbikeMin: Math.round((metres * DETOUR) / EBIKE_MS / 60),
        };
      })
      .sort((a, b) => Number(b.ownGrid) - Number(a.ownGrid) || a.distanceM - b.distanceM)
      .slice(0, 5);
    const c = store.category(r.categoryCode)!;
    return { incidentId: id, workers: candidates, department: c.departmentId ? { departmentId: c.departmentId, name: c.department } : null };
  }

  return suggestions;
}
