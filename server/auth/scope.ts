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
export function scopeFor(user: Principal, squad?: number): Scope {
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

/** The wall runs in a room with visitors: it gets masked names and no phone numbers (R40). */
export const seesNames = (role: Role) => role !== 'wall';
