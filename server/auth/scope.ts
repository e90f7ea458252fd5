import type { Role } from '../../shared/core/roles.ts';
import { forbidden } from '../platform/http/errors.ts';
import type { Principal } from '../platform/http/route.ts';

/** What part of the town a user may read: everything, one squad, or one grid. Enforced in SQL. */
export interface Scope {
  squadId: number | null;
  gridId: number | null;
  /** A department user sees no workers, only the incidents dispatched to their department. */
  departmentId?: number;
}

/**
 * The scope of a request. A squad leader sees only their squad and asking for another is refused;
 * a worker sees only their own grid (R4); town roles see all, narrowed by `squad` when asked.
 */
export function scopeFor(user: Pick<Principal, 'role' | 'squadId' | 'gridId' | 'departmentId'>, squad?: number): Scope {
  switch (user.role) {
    case 'squad_leader':
      if (squad !== undefined && squad !== user.squadId) throw forbidden('a squad leader sees only their own squad');
      return { squadId: user.squadId, gridId: null };
    case 'worker':
      // -1 matches no grid: a worker with no grid sees nothing rather than everything.
      return { squadId: squad ?? null, gridId: user.gridId ?? -1 };
    case 'department':
      return { squadId: squad ?? null, gridId: null, departmentId: user.departmentId ?? -1 };
    default:
      return { squadId: squad ?? null, gridId: null };
  }
}

/** The whole town: no squad, no grid, and not a department's desk (which sees no places at all). */
export const wholeTown = (s: Scope) => s.departmentId === undefined && s.squadId === null && s.gridId === null;

/**
 * Whether a place — a worker, a grid, a case's grid and squad — is within a scope: the one predicate the
 * routes, the live feeds and the socket rooms all ask (R40). A department sees no places, only the cases
 * given to it (incidents/feed.ts).
 */
export function covers(scope: Scope, place: { squadId: number | null; gridId: number | null }): boolean {
  if (scope.departmentId !== undefined) return false;
  return (scope.squadId === null || place.squadId === scope.squadId) && (scope.gridId === null || place.gridId === scope.gridId);
}

/**
 * The SQL form of `covers`, for rows whose place is in the columns `squad` and `grid`, with its two
 * parameters from `$n` given by `placeParams`.
 */
export const placeFilter = (squad: string, grid: string, n: number) =>
  `($${n}::int IS NULL OR ${squad} = $${n}) AND ($${n + 1}::int IS NULL OR ${grid} = $${n + 1})`;

/** The parameters of `placeFilter`: a department's desk covers no place (grid -1 is none). */
export const placeParams = (s: Scope): [number | null, number | null] => (s.departmentId !== undefined ? [null, -1] : [s.squadId, s.gridId]);

/** The socket room of a scope: one per scope, so a room's members all get the same part of each message. */
export const roomOf = (s: Scope) =>
  s.departmentId !== undefined ? `dept:${s.departmentId}` : s.gridId !== null ? `grid:${s.gridId}` : s.squadId !== null ? `squad:${s.squadId}` : 'town';

/** The scope a room stands for; null for a room that is not a scope's (socket.io's own per-socket rooms). */
export function scopeOfRoom(room: string): Scope | null {
  if (room === 'town') return { squadId: null, gridId: null };
  const m = /^(squad|grid|dept):(-?\d+)$/.exec(room);
  if (!m) return null;
  const id = Number(m[2]);
  return m[1] === 'dept' ? { squadId: null, gridId: null, departmentId: id } : m[1] === 'grid' ? { squadId: null, gridId: id } : { squadId: id, gridId: null };
}

/** The wall runs in a room with visitors: it gets masked names and no phone numbers (R40). */
export const seesNames = (role: Role) => role !== 'wall';
