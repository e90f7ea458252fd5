// Who sees an incident and who may act on it (R18, R31, R40): the roles that see the whole town, the
// others' share of it in SQL, each action's roles narrowed by the assignment, and who reads the resident.
import { ACTION_ROLES, allowedActions, type CaseFacts, type IncidentAction } from '../../shared/incidents/machine.ts';
import type { Role } from '../../shared/core/roles.ts';

/** Who acts: a logged-in user, or a worker's terminal (as that worker). */
export interface Actor {
  role: Role;
  userId: number | null;
  deviceId: number | null;
  workerId: number | null;
  squadId: number | null;
  gridId: number | null;
  departmentId: number | null;
}

/** The server itself (the deadline sweep), and reads that the caller has already checked. */
export const SYSTEM: Actor = { role: 'admin', userId: null, deviceId: null, workerId: null, squadId: null, gridId: null, departmentId: null };

/** Who an incident belongs to: what access is judged on. */
export interface CaseParties {
  gridId: number | null;
  squadId: number | null;
  reporterWorkerId: number | null;
  assigneeWorkerId: number | null;
  assigneeDepartmentId: number | null;
}

/** Roles that see every incident; the others see theirs (see `visible`). */
const TOWN_ROLES: Role[] = ['admin', 'leader', 'duty', 'inspector', 'wall'];
/** Roles handling cases, who see the resident's name and phone (R40); the assignee too. */
const CALLER_ROLES: Role[] = ['admin', 'duty', 'inspector'];

/** SQL limiting incidents `i` to what an actor may see, with its parameters from `$n`. */
export function visible(actor: Actor, n: number): { sql: string; params: unknown[] } {
  if (TOWN_ROLES.includes(actor.role)) return { sql: 'true', params: [] };
  if (actor.role === 'squad_leader') return { sql: `i.squad_id = $${n}`, params: [actor.squadId] };
  if (actor.role === 'department') return { sql: `i.assignee_department_id = $${n}`, params: [actor.departmentId] };
  // A worker: what they reported or were given, and what happens in their own grid (R4, R18).
  if (actor.role === 'worker')
    return { sql: `(i.reporter_worker_id = $${n} OR i.assignee_worker_id = $${n} OR i.grid_id = $${n + 1})`, params: [actor.workerId, actor.gridId] };
  return { sql: 'false', params: [] };
}

export function mayAct(actor: Actor, r: CaseParties, a: IncidentAction): boolean {
  if (!ACTION_ROLES[a].includes(actor.role)) return false;
  const assigned =
    (actor.role === 'worker' && r.assigneeWorkerId === actor.workerId) || (actor.role === 'department' && r.assigneeDepartmentId === actor.departmentId);
  switch (actor.role) {
    case 'worker':
      if (a === 'resolve_on_spot') return r.reporterWorkerId === actor.workerId || r.gridId === actor.gridId;
      if (a === 'verify' || a === 'rework') return r.reporterWorkerId === actor.workerId && r.assigneeWorkerId !== actor.workerId; // 核查 by the one who found it, not who fixed it
      return assigned;
    case 'department':
      return assigned;
    case 'squad_leader':
      return r.squadId === actor.squadId;
    default:
      return true;
  }
}

/** The actions this actor may take on this case now: allowed by the state, the role and the assignment. */
export function actionsFor(actor: Actor, r: CaseParties, facts: CaseFacts): IncidentAction[] {
  return allowedActions(facts).filter((a) => mayAct(actor, r, a));
}

/** Whether the actor reads the resident's name and phone in clear (R40): the handling roles and the assignee. */
export function seesCaller(actor: Actor, r: CaseParties): boolean {
  return (
    CALLER_ROLES.includes(actor.role) ||
    (actor.role === 'worker' && r.assigneeWorkerId === actor.workerId) ||
    (actor.role === 'department' && r.assigneeDepartmentId === actor.departmentId)
  );
}

/** The wall only looks: it gets people's names masked. */
export const masksNames = (actor: Actor) => actor.role === 'wall';
