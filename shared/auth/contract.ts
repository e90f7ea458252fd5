// Logins, passwords and accounts: request schemas for the server's validation and the client's types.
import { z } from 'zod';
import { ROLES } from '../core/roles.ts';
import { Id } from '../core/schemas.ts';

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

const NewPassword = z.string().min(8, 'at least 8 characters').max(256);
export const PasswordChangeBody = z.strictObject({ current: z.string().min(1).max(256), next: NewPassword });
export const PasswordResetBody = z.strictObject({ password: NewPassword });

export const CreateUserBody = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '3-32 characters: a-z 0-9 _ . -'),
    displayName: z.string().min(1).max(64),
    password: z.string().min(8).max(256),
    role: z.enum(ROLES),
    squadId: Id.nullable().optional(),
    workerId: Id.nullable().optional(),
    departmentId: Id.nullable().optional(),
  })
  .refine((u) => (u.role === 'squad_leader') === (u.squadId != null), {
    message: 'a squad leader needs squadId, and only a squad leader has one',
    path: ['squadId'],
  })
  .refine((u) => (u.role === 'worker') === (u.workerId != null), {
    message: 'a worker account needs workerId, and only a worker account has one',
    path: ['workerId'],
  })
  .refine((u) => (u.role === 'department') === (u.departmentId != null), {
    message: 'a department account needs departmentId, and only a department account has one',
    path: ['departmentId'],
  });
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: (typeof ROLES)[number];
  squadId: number | null;
  workerId: number | null;
  gridId: number | null;
  departmentId: number | null;
}
