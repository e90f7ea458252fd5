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
