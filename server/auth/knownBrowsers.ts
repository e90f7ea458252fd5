// A browser a user has logged in from with the right password carries a token of its own (an httpOnly
// cookie scoped to the login): a username's wait, made by someone else's wrong passwords, does not apply to
// it (see throttle.ts).
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { Queryable } from '../platform/db/index.ts';
import { tokenHash } from './sessions.ts';

export const KNOWN_BROWSER_COOKIE = 'gp_known';
const KEEP_DAYS = 365;

/** Whether this browser's token is one of this username's browsers. */
export async function isKnownBrowser(q: Queryable, token: string | undefined, username: string): Promise<boolean> {
  if (!token) return false;
  const rows = await q.query(
    `UPDATE known_browsers k SET last_used = now() FROM users u
      WHERE k.token_hash = $1 AND u.id = k.user_id AND u.username = $2 AND k.last_used > now() - make_interval(days => $3) RETURNING 1`,
    [tokenHash(token), username, KEEP_DAYS],
  );
  return rows.length > 0;
}

/** After a right password from a browser not yet known for this user: it is from now on. */
export async function rememberBrowser(q: Queryable, res: Response, userId: number, secure: boolean) {
  const token = randomBytes(24).toString('base64url');
  await q.query('INSERT INTO known_browsers (token_hash, user_id) VALUES ($1, $2)', [tokenHash(token), userId]);
  res.cookie(KNOWN_BROWSER_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/api/auth', maxAge: KEEP_DAYS * 86_400_000 });
}
