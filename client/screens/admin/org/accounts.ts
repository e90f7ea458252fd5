// An account's scope as the accounts table names it (R40): a squad leader's squad, a worker account's
// worker, a department's desk; the other roles see the whole town.

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
