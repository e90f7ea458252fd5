import { ROLES } from '../../shared/core/roles.ts';
import { type Me, auth } from '../../shared/auth/contract.ts';
import type { Platform } from '../platform/capability.ts';
import { assertExists } from '../platform/db/refs.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route, type Principal } from '../platform/http/route.ts';
import { audit } from './audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { PRINCIPAL_COLUMNS, SESSION_COOKIE, createSession, endSession, sessionToken, tokenHash } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';
import { KNOWN_BROWSER_COOKIE, isKnownBrowser, rememberBrowser } from './knownBrowsers.ts';
import { parse as parseCookies } from 'cookie';
import { ACCOUNT_COLUMNS, type Account, createUser, editedAccount } from './users.ts';

const toMe = (p: Principal): Me => ({
  id: p.userId,
  username: p.username,
  displayName: p.displayName,
  role: p.role,
  squadId: p.squadId,
  workerId: p.workerId,
  gridId: p.gridId,
  departmentId: p.departmentId,
});

// Compared against when the username is unknown, so a failed login takes as long either way.
const dummyHash = hashPassword('not-a-password');

export function authRoutes({ db, config, rooms }: Platform, throttle: LoginThrottle) {
  return [
    route(auth.login, {
      summary:
        'Log in; sets the httpOnly session cookie. Wrong passwords make the username and the address wait, longer each time; not a browser the user logged in from before',
      access: 'public',
      async handler({ body, req, res }) {
        const who = { username: body.username, address: req.ip ?? 'unknown' };
        const knownBrowser = await isKnownBrowser(db, parseCookies(req.headers.cookie ?? '')[KNOWN_BROWSER_COOKIE], body.username);
        const wait = await throttle.wait({ ...who, knownBrowser });
        if (wait > 0) {
          res.set('retry-after', String(Math.ceil(wait / 1000)));
          throw new HttpError(429, 'too_many_attempts', `too many failed logins: try again in ${Math.ceil(wait / 60_000)} minutes`);
        }
        const rows = await db.query<{ id: number; password_hash: string; disabled: boolean }>(
          'SELECT id, password_hash, disabled FROM users WHERE username = $1',
          [body.username],
        );
        const user = rows[0];
        const ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash));
        if (!user || !ok || user.disabled) {
          const waits = await throttle.failed(who);
          await audit(db, { userId: user?.id ?? null, action: 'login_failed', entity: 'user', entityId: body.username, ip: req.ip });
          // An alert in the trail: who now waits, and how long (an administrator can lift a username's wait).
          if (waits.user)
            await audit(db, {
              userId: user?.id ?? null,
              action: 'login_locked',
              entity: 'user',
              entityId: body.username,
              after: { waitMs: waits.user },
              ip: req.ip,
            });
          if (waits.address)
            await audit(db, { userId: null, action: 'login_locked', entity: 'address', entityId: who.address, after: { waitMs: waits.address }, ip: req.ip });
          throw new HttpError(401, 'invalid_credentials', 'wrong username or password');
        }
        await throttle.succeeded(body.username);
        const session = await createSession(db, user.id, config.SESSION_HOURS);
        await audit(db, { userId: user.id, action: 'login', entity: 'user', entityId: user.id, ip: req.ip });
        res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: session.expiresAt });
        if (!knownBrowser) await rememberBrowser(db, res, user.id, req.secure);
        const [me] = await db.query<Principal>(`SELECT ${PRINCIPAL_COLUMNS} FROM users u LEFT JOIN grids g ON g.worker_id = u.worker_id WHERE u.id = $1`, [
          user.id,
        ]);
        return { user: toMe(me!), expiresAt: session.expiresAt };
      },
    }),
    route(auth.changePassword, {
      summary: 'Change one’s own password: the current one is required; every other session of the user ends',
      // The wall is a kiosk: its password is the administrator's to set.
      access: ROLES.filter((r) => r !== 'wall'),
      async handler({ body, user, req }) {
        const [row] = await db.query<{ hash: string }>('SELECT password_hash AS hash FROM users WHERE id = $1', [user.userId]);
        if (!(await verifyPassword(body.current, row!.hash))) throw new HttpError(403, 'wrong_password', 'the current password is wrong');
        const token = sessionToken(req.headers.cookie);
        await db.transaction(async (tx) => {
          await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.userId, await hashPassword(body.next)]);
          await tx.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [user.userId, tokenHash(token ?? '')]);
          await audit(tx, { userId: user.userId, action: 'change_password', entity: 'user', entityId: user.userId, ip: req.ip });
        });
        await rooms.sessionsEnded();
        return { ok: true };
      },
    }),
    route(auth.resetPassword, {
      summary: 'An administrator sets a user’s password (a forgotten one); all the user’s sessions end',
      access: ['admin'],
      async handler({ params, body, user, req }) {
        await db.transaction(async (tx) => {
          const rows = await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id', [params.id, await hashPassword(body.password)]);
          if (!rows.length) throw new HttpError(404, 'not_found', `no user ${params.id}`);
          await tx.query('DELETE FROM sessions WHERE user_id = $1', [params.id]);
          await audit(tx, { userId: user.userId, action: 'reset_password', entity: 'user', entityId: params.id, ip: req.ip });
        });
        await rooms.sessionsEnded();
        return { ok: true };
      },
    }),
    route(auth.unlock, {
      summary: 'An administrator lifts the wait that wrong passwords put on a username (the user is on the phone, the browser is new)',
      access: ['admin'],
      async handler({ params, user, req }) {
        const [target] = await db.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [params.id]);
        if (!target) throw new HttpError(404, 'not_found', `no user ${params.id}`);
        await throttle.lift(target.username);
        await audit(db, { userId: user.userId, action: 'unlock', entity: 'user', entityId: params.id, ip: req.ip });
        return { ok: true };
      },
    }),
    route(auth.logout, {
      summary: 'End this session',
      access: ROLES,
      async handler({ req, res, user }) {
        const token = sessionToken(req.headers.cookie);
        if (token) await endSession(db, token);
        await audit(db, { userId: user.userId, action: 'logout', entity: 'user', entityId: user.userId, ip: req.ip });
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        await rooms.sessionsEnded();
        return { ok: true };
      },
    }),
    route(auth.me, {
      summary: 'The logged-in user',
      access: ROLES,
      handler: async ({ user }) => toMe(user),
    }),
    route(auth.users, {
      summary: 'All accounts (no password hashes)',
      access: ['admin'],
      handler: () => db.query(`SELECT ${ACCOUNT_COLUMNS} FROM users ORDER BY id`),
    }),
    route(auth.editUser, {
      summary:
        'An administrator edits an account: name, role and its scope, disabled; disabling it or changing its role or scope ends its sessions at once; the last active administrator stays one',
      access: ['admin'],
      async handler({ params, body, user, req }) {
        const { after, endSessions } = await db.transaction(async (tx) => {
          // One edit at a time: two administrators disabling each other cannot both succeed, nor deadlock.
          await tx.query(`SELECT pg_advisory_xact_lock(hashtext('auth:accounts'))`);
          const [before] = await tx.query<Account>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [params.id]);
          if (!before) throw new HttpError(404, 'not_found', `no user ${params.id}`);
          const next = editedAccount(before, body);
          for (const [table, id, what] of [
            ['squads', next.squadId, 'squad'],
            ['workers', next.workerId, 'worker'],
            ['departments', next.departmentId, 'department'],
          ] as const)
            if (id !== null) await assertExists(tx, table, id, what);
          const stopsAdmin = before.role === 'admin' && !before.disabled && (next.role !== 'admin' || next.disabled);
          if (stopsAdmin) {
            const others = await tx.query(`SELECT id FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1 FOR UPDATE`, [before.id]);
            if (!others.length) throw new HttpError(409, 'last_admin', 'this is the last active administrator: make another one first');
          }
          const [row] = await tx.query<Account>(
            `UPDATE users SET display_name = $2, role = $3, squad_id = $4, worker_id = $5, department_id = $6, disabled = $7 WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
            [before.id, next.displayName, next.role, next.squadId, next.workerId, next.departmentId, next.disabled],
          );
          // Its sockets sit in the room of its old scope, and a disabled account has none: its sessions end.
          const ended =
            (next.disabled && !before.disabled) ||
            next.role !== before.role ||
            next.squadId !== before.squadId ||
            next.workerId !== before.workerId ||
            next.departmentId !== before.departmentId;
          if (ended) await tx.query('DELETE FROM sessions WHERE user_id = $1', [before.id]);
          const { createdAt: _c, ...was } = before;
          const { createdAt: _n, ...is } = row!;
          await audit(tx, { userId: user.userId, action: 'update', entity: 'user', entityId: before.id, before: was, after: is, ip: req.ip });
          return { after: row!, endSessions: ended };
        });
        if (endSessions) await rooms.sessionsEnded();
        return after;
      },
    }),
    route(auth.createUser, {
      summary: 'Create an account',
      access: ['admin'],
      async handler({ body, user, req }) {
        return db.transaction(async (tx) => {
          if (body.squadId != null) await assertExists(tx, 'squads', body.squadId, 'squad');
          if (body.workerId != null) await assertExists(tx, 'workers', body.workerId, 'worker');
          if (body.departmentId != null) await assertExists(tx, 'departments', body.departmentId, 'department');
          const id = await createUser(tx, body);
          const after = {
            username: body.username,
            displayName: body.displayName,
            role: body.role,
            squadId: body.squadId ?? null,
            workerId: body.workerId ?? null,
            departmentId: body.departmentId ?? null,
          };
          await audit(tx, { userId: user.userId, action: 'create', entity: 'user', entityId: id, after, ip: req.ip });
          return { id, ...after };
        });
      },
    }),
  ];
}
