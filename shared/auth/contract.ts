// Logins, passwords and accounts: each endpoint's request and answer, for the server's validation and the
// client's types.
import { z } from 'zod';
import { Ok, Timestamp, endpoint } from '../core/contract.ts';
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

/** The logged-in user. */
export const Me = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  squadId: z.number().nullable(),
  workerId: z.number().nullable(),
  gridId: z.number().nullable(),
  departmentId: z.number().nullable(),
});
export type Me = z.infer<typeof Me>;

/** An account as the administrator sees it (no password hash). */
export const Account = Me.omit({ gridId: true }).extend({
  disabled: z.boolean(),
  createdAt: Timestamp,
});

const UserParams = z.strictObject({ id: Id });

/**
 * An administrator edits an account: what is left out stays. A field the new role does not have (a squad
 * for anyone but a squad leader, a worker for anyone but a worker account, a department for anyone but a
 * department's desk) is cleared when the role changes, and refused (422) when given; one the role needs
 * must be there (given or kept). Disabling the account, or changing its role or scope, ends its sessions
 * at once. The last active administrator can be neither disabled nor demoted (409 `last_admin`).
 */
export const EditUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(64).optional(),
  role: z.enum(ROLES).optional(),
  squadId: Id.nullable().optional(),
  workerId: Id.nullable().optional(),
  departmentId: Id.nullable().optional(),
  disabled: z.boolean().optional(),
});
export type EditUserBody = z.infer<typeof EditUserBody>;

export const auth = {
  login: endpoint({
    method: 'post',
    path: '/auth/login',
    body: LoginBody,
    response: z.object({ user: Me, expiresAt: Timestamp }),
  }),
  changePassword: endpoint({ method: 'post', path: '/auth/password', body: PasswordChangeBody, response: Ok }),
  resetPassword: endpoint({ method: 'post', path: '/users/:id/password', params: UserParams, body: PasswordResetBody, response: Ok }),
  unlock: endpoint({ method: 'post', path: '/users/:id/unlock', params: UserParams, response: Ok }),
  logout: endpoint({ method: 'post', path: '/auth/logout', response: Ok }),
  me: endpoint({ method: 'get', path: '/auth/me', response: Me }),
  users: endpoint({ method: 'get', path: '/users', response: z.array(Account) }),
  editUser: endpoint({ method: 'patch', path: '/users/:id', params: UserParams, body: EditUserBody, response: Account }),
  createUser: endpoint({
    method: 'post',
    path: '/users',
    body: CreateUserBody,
    status: 201,
    response: Account.pick({ id: true, username: true, displayName: true, role: true, squadId: true, workerId: true, departmentId: true }),
  }),
};

/** What the socket says when its session ended (a logout, a password reset, an account disabled, expiry). */
export const SESSION_ENDED_EVENT = 'session:ended';
/** The socket handshake's refusal when the cookie carries no live session (socket.io's connect_error). */
export const SOCKET_UNAUTHORIZED = 'unauthorized';
