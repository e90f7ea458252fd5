// Delivery over socket.io: a socket is let in with its session, joins the one room of its scope (R40), and
// each capability's `onJoin` sends it what it starts from; after that a capability's feed publishes to the
// rooms, each getting only its scope's part. The feeds themselves (tracking/feed.ts, coverage/feed.ts,
// incidents/feed.ts) belong to their capabilities.
import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import { roomOf, scopeFor, scopeOfRoom, type Scope } from '../../auth/scope.ts';
import { SESSION_ENDED_EVENT, SOCKET_UNAUTHORIZED } from '../../../shared/auth/contract.ts';
import { sessionPrincipal, sessionToken, tokenHash } from '../../auth/sessions.ts';
import { fromThisSite } from '../http/guard.ts';
import type { Rooms } from '../capability.ts';
import type { Queryable } from '../db/index.ts';

/** How often open sockets' sessions are checked for having ended elsewhere (another node, expiry). */
export const SESSION_RECHECK_MS = 5_000;

export class LiveHub implements Rooms {
  private io: SocketServer | null = null;
  private recheck: NodeJS.Timeout | undefined;

  constructor(private readonly db: Queryable) {}

  /** Starts accepting sockets on the HTTP server; `onJoin` runs once each has joined its room. */
  attach(http: HttpServer, onJoin: (socket: Socket, scope: Scope) => void): SocketServer {
    const io = new SocketServer(http, {
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      // A page of another site (another port of this host too) must not read a feed with an officer's cookie.
      allowRequest: (req, callback) =>
        callback(fromThisSite(req.headers.origin, req.headers.host) ? null : 'cross_site', fromThisSite(req.headers.origin, req.headers.host)),
    });
    io.use(async (socket, next) => {
      try {
        const token = sessionToken(socket.handshake.headers.cookie);
        const user = token ? await sessionPrincipal(this.db, token) : null;
        if (!user) return next(new Error(SOCKET_UNAUTHORIZED));
        socket.data.session = tokenHash(token!);
        socket.data.scope = scopeFor(user);
        next();
      } catch (err) {
        next(err as Error);
      }
    });
    io.on('connection', (socket) => {
      const scope = socket.data.scope as Scope;
      void socket.join(roomOf(scope));
      onJoin(socket, scope);
    });
    this.io = io;
    this.recheck = setInterval(() => void this.sessionsEnded(), SESSION_RECHECK_MS);
    this.recheck.unref();
    return io;
  }

  /**
   * Sessions may have ended (a logout, a password changed or reset, an account disabled, or expiry): the
   * sockets riding on them are told and closed. Called at once by the routes that end sessions, and every
   * few seconds for those ended on another node or by time.
   */
  async sessionsEnded(): Promise<void> {
    const sockets = this.io ? [...this.io.sockets.sockets.values()] : [];
    if (!sockets.length) return;
    try {
      const rows = await this.db.query<{ h: string }>(
        `SELECT s.token_hash AS h FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ANY($1::text[]) AND s.expires_at > now() AND NOT u.disabled`,
        [[...new Set(sockets.map((s) => s.data.session as string))]],
      );
      const live = new Set(rows.map((r) => r.h));
      for (const s of sockets)
        if (!live.has(s.data.session)) {
          s.emit(SESSION_ENDED_EVENT);
          s.disconnect(true);
        }
    } catch {
      // The database is away: the sockets stay until it answers again (the next round).
    }
  }

  /** Sends each scope room its part of a message (null: nothing for that room). */
  publish(event: string, partFor: (scope: Scope) => unknown) {
    if (!this.io) return;
    for (const room of this.io.sockets.adapter.rooms.keys()) {
      const scope = scopeOfRoom(room);
      if (!scope) continue;
      const part = partFor(scope);
      if (part !== null) this.io.to(room).emit(event, part);
    }
  }

  async close() {
    clearInterval(this.recheck);
    await this.io?.close();
  }
}
