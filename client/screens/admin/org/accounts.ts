// An account's scope (R40): a squad leader's squad, a worker account's worker, a department's desk; the
// other roles see the whole town. How the accounts table names it, and what the account forms send.
import type { Role } from '../../../../shared/core/roles.ts';

interface Named {
  id: number;
  name: string;
}
interface Scoped {
  squadId: number | null;
  workerId: number | null;
  departmentId: number | null;
}

/** The name of what the account is scoped to; null for a town-wide account. An id not (yet) loaded is shown as `#id`. */
export function scopeOf(u: Scoped, refs: { squads: Named[]; workers: Named[]; departments: Named[] }): string | null {
  const name = (list: Named[], id: number) => list.find((x) => x.id === id)?.name ?? `#${id}`;
  if (u.squadId !== null) return name(refs.squads, u.squadId);
  if (u.workerId !== null) return name(refs.workers, u.workerId);
  if (u.departmentId !== null) return name(refs.departments, u.departmentId);
  return null;
}

/** The one reference each scoped role's account names (R40); the other roles have none. */
export const SCOPE_FIELD = { squad_leader: 'squadId', worker: 'workerId', department: 'departmentId' } as const;
type ScopeField = (typeof SCOPE_FIELD)[keyof typeof SCOPE_FIELD];

/** A role and the form's choices for each scope field (select values: '' for none). */
export type ScopeChoice = { role: Role } & Record<ScopeField, string>;

/** What is sent for a role and its scope: the field the role has, as a number; the others null, as the server requires. */
export function scopeBody(v: ScopeChoice): { role: Role } & Record<ScopeField, number | null> {
  const field = (SCOPE_FIELD as Partial<Record<Role, ScopeField>>)[v.role];
  const of = (f: ScopeField) => (f === field && v[f] ? Number(v[f]) : null);
  return { role: v.role, squadId: of('squadId'), workerId: of('workerId'), departmentId: of('departmentId') };
}
