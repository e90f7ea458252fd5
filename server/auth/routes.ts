import { ROLES } from '../../shared/constants.ts';
import { CreateUserBody, LoginBody, type Me } from '../../shared/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { assertExists } from '../db/refs.ts';
import { HttpError } from '../http/errors.ts';
import { route, type Principal } from '../http/route.ts';
import { audit } from './audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { PRINCIPAL_COLUMNS, SESSION_COOKIE, createSession, endSession, sessionToken } from './sessions.ts';
import { createUser } from './users.ts';

const toMe = (p: Principal): Me => ({ id: p.userId, username: p.username, displayName: p.displayName, role: p.role, squadId: p.squadId, workerId: p.workerId, gridId: p.gridId, departmentId: p.departmentId });

// Compared against when the username is unknown, so a failed login takes as long either way.
const dummyHash = hashPassword('not-a-password');

export function authRoutes({ db, config }: AppDeps) {
  return [
    route({
      method: 'post',
      path: '/auth/login',
      summary: 'Log in; sets the httpOnly session cookie',
      access: 'public',
      body: LoginBody,
      async handler({ body, req, res }) {
        const rows = await db.query<{ id: number; password_hash: string; disabled: boolean }>('SELECT id, password_hash, disabled FROM users WHERE username = $1', [body.username]);
        const user = rows[0];
        const ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash));
        if (!user || !ok || user.disabled) {
          await audit(db, { userId: user?.id ?? null, action: 'login_failed', entity: 'user', entityId: body.username, ip: req.ip });
          throw new HttpError(401, 'invalid_credentials', 'wrong username or password');
        }
        const session = await createSession(db, user.id, config.SESSION_HOURS);
        await audit(db, { userId: user.id, action: 'login', entity: 'user', entityId: user.id, ip: req.ip });
        res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: session.expiresAt });
        const [me] = await db.query<Principal>(
          `SELECT ${PRINCIPAL_COLUMNS} FROM users u LEFT JOIN grids g ON g.worker_id = u.worker_id WHERE u.id = $1`,
          [user.id],
        );
        return { user: toMe(me!), expiresAt: session.expiresAt };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      summary: 'End this session',
      access: ROLES,
      async handler({ req, res, user }) {
        const token = sessionToken(req.headers.cookie);
        if (token) await endSession(db, token);
        await audit(db, { userId: user.userId, action: 'logout', entity: 'user', entityId: user.userId, ip: req.ip });
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true };
      },
    }),
    route({
      method: 'get',
      path: '/auth/me',
      summary: 'The logged-in user',
      access: ROLES,
      handler: async ({ user }) => toMe(user),
    }),
    route({
      method: 'get',
      path: '/users',
      summary: 'All accounts (no password hashes)',
      access: ['admin'],
      handler: () =>
        db.query(`SELECT id, username, display_name AS "displayName", role, squad_id AS "squadId", worker_id AS "workerId", department_id AS "departmentId", disabled, created_at AS "createdAt" FROM users ORDER BY id`),
    }),
    route({
      method: 'post',
      path: '/users',
      summary: 'Create an account',
      access: ['admin'],
      body: CreateUserBody,
      status: 201,
      async handler({ body, user, req }) {
        return db.transaction(async (tx) => {
          if (body.squadId != null) await assertExists(tx, 'squads', body.squadId, 'squad');
          if (body.workerId != null) await assertExists(tx, 'workers', body.workerId, 'worker');
          if (body.departmentId != null) await assertExists(tx, 'departments', body.departmentId, 'department');
          const id = await createUser(tx, body);
          const after = { username: body.username, displayName: body.displayName, role: body.role, squadId: body.squadId ?? null, workerId: body.workerId ?? null, departmentId: body.departmentId ?? null };
          await audit(tx, { userId: user.userId, action: 'create', entity: 'user', entityId: id, after, ip: req.ip });
          return { id, ...after };
        });
      },
    }),
  ];
}
