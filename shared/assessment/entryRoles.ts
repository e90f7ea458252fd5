// Who may enter each kind of assessment record (R20-R24, R28, R40): the server's access rules and the
// screen's forms read the same table, so a form is shown only to the roles its route accepts.
import type { Role } from '../core/roles.ts';

export const ENTRY_ROLES = {
  /** R21: the weights and ratios of a period, from a day on — the management group. */
  settings: ['admin', 'leader'],
  /** R22: the inspection team draws samples and records their on-site results. */
  sample: ['admin', 'leader', 'inspector'],
  /** R23: training sessions and their scores. */
  training: ['admin', 'leader', 'inspector'],
  /** R23: publicity tasks are given by the brigade. */
  publicityTask: ['admin', 'leader'],
  /** R23: evidence of a task (a worker gives their own; a squad leader their squad's). */
  evidence: ['admin', 'leader', 'inspector', 'squad_leader', 'worker'],
  /** R23: only the inspection team (and the administrator) marks evidence as faked. */
  markFaked: ['admin', 'inspector'],
  /** R20: rectifications urged and verified. */
  rectification: ['admin', 'leader', 'inspector', 'squad_leader'],
  /** R24: tasks assigned by leaders and their completion. */
  task: ['admin', 'leader', 'squad_leader'],
  /** R24: the inspection team's checks (on time, uniform and kit, conduct). */
  check: ['admin', 'inspector'],
  /** R24: residents' complaints (personal data, R40). */
  complaint: ['admin', 'leader', 'inspector'],
  /** R28: bonus points for a major hazard or an outside commendation. */
  bonus: ['admin', 'leader'],
  /** R21: the city platform's monthly scores. */
  online: ['admin', 'leader'],
} as const satisfies Record<string, readonly Role[]>;
export type EntryKind = keyof typeof ENTRY_ROLES;

/** Whether a role may enter records of a kind. */
export const mayEnter = (role: Role, kind: EntryKind) => (ENTRY_ROLES[kind] as readonly Role[]).includes(role);
