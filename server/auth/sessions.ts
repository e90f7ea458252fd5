import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { Queryable } from '../platform/db/index.ts';
import type { Principal } from '../platform/http/route.ts';

export const SESSION_COOKIE = 'gp_session';

// Only a hash of the token is stored: a copy of the database does not hand out live sessions.
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(q: Queryable, userId: number, hours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const rows = await q.query<{ expires_at: Date }>(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
    [tokenHash(token), userId, hours * 3600],
  );
  return { token, expiresAt: rows[0]!.expires_at };
}

/** A user as a principal: `u` users, `g` the grid of their worker. */
export const PRINCIPAL_COLUMNS = `u.id AS "userId", u.username, u.display_name AS "displayName", u.role, u.squad_id AS "squadId",
  u.worker_id AS "workerId", g.id AS "gridId", u.department_id AS "departmentId"`;

export async function sessionPrincipal(q: Queryable, token: string): Promise<Principal | null> {
  const rows = await q.query<Principal>(
    `SELECT ${PRINCIPAL_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN grids g ON g.worker_id = u.worker_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [tokenHash(token)],
  );
  return rows[0] ?? null;
}

export async function endSession(q: Queryable, token: string) {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** The session token in a Cookie header, from an HTTP request or a socket.io handshake. */
export function sessionToken(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
}

/** Puts the logged-in user, if any, in res.locals.user for the route table to check. */
export function loadSession(q: Queryable) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = sessionToken(req.headers.cookie);
      res.locals.user = token ? await sessionPrincipal(q, token) : null;
      next();
    } catch (err) {
      next(err);
    }
  };
}
