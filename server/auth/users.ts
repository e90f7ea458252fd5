import type { EditUserBody } from '../../shared/auth/contract.ts';
import type { Role } from '../../shared/core/roles.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { generatePassword, hashPassword } from './passwords.ts';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  squadId?: number | null;
  workerId?: number | null;
  departmentId?: number | null;
}

export async function createUser(q: Queryable, u: NewUser): Promise<number> {
  const taken = await q.query('SELECT 1 FROM users WHERE username = $1', [u.username]);
  if (taken.length) throw new HttpError(409, 'conflict', `username ${u.username} is taken`);
  const rows = await q.query<{ id: number }>(
    `INSERT INTO users (username, display_name, password_hash, role, squad_id, worker_id, department_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [u.username, u.displayName, await hashPassword(u.password), u.role, u.squadId ?? null, u.workerId ?? null, u.departmentId ?? null],
  );
  return rows[0]!.id;
}

/**
 * The first administrator: created on first start with ADMIN_PASSWORD, or with a generated password that
 * is returned to be printed once. There is never a fixed default password.
 */
export async function ensureAdmin(q: Queryable, password?: string): Promise<{ password: string; generated: boolean } | null> {
  const admins = await q.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
  if (admins.length) return null;
  const pw = password ?? generatePassword();
  await createUser(q, { username: 'admin', displayName: '系统管理员', password: pw, role: 'admin' });
  return { password: pw, generated: password === undefined };
}

/** An account as an administrator sees it. */
export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  squadId: number | null;
  workerId: number | null;
  departmentId: number | null;
  disabled: boolean;
  createdAt: Date;
}

export const ACCOUNT_COLUMNS = `id, username, display_name AS "displayName", role, squad_id AS "squadId", worker_id AS "workerId",
  department_id AS "departmentId", disabled, created_at AS "createdAt"`;

/** The scope field each role has, and only it: a squad leader's squad, a worker account's worker, a department desk's department. */
const SCOPE_FIELDS = [
  { field: 'squadId', role: 'squad_leader', label: 'a squad leader' },
  { field: 'workerId', role: 'worker', label: 'a worker account' },
  { field: 'departmentId', role: 'department', label: 'a department account' },
] as const;

/**
 * An account after an edit (see EditUserBody): a scope field the new role does not have is cleared when
 * the role changes and refused when given; one it needs must be given or kept (422 otherwise).
 */
export function editedAccount(before: Account, body: EditUserBody) {
  if (Object.values(body).every((v) => v === undefined)) throw new HttpError(400, 'invalid_request', 'nothing to change');
  const role = body.role ?? before.role;
  const scope = { squadId: before.squadId, workerId: before.workerId, departmentId: before.departmentId };
  for (const { field, role: owner, label } of SCOPE_FIELDS) {
    const given = body[field];
    if (given != null && role !== owner) throw new HttpError(422, 'invalid_request', `only ${label} has ${field}`);
    scope[field] = role !== owner ? null : given !== undefined ? given : before[field];
    if (role === owner && scope[field] === null) throw new HttpError(422, 'invalid_request', `${label} needs ${field}`);
  }
  return { displayName: body.displayName ?? before.displayName, role, ...scope, disabled: body.disabled ?? before.disabled };
}
