// Delivery over socket.io: a socket is let in with its session, joins the one room of its scope (R40), and
// each capability's `onJoin` sends it what it starts from; after that a capability's feed publishes to the
// rooms, each getting only its scope's part. The feeds themselves (tracking/feed.ts, coverage/feed.ts,
// incidents/feed.ts) belong to their capabilities.
import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import { scopeFor, type Scope } from '../../auth/scope.ts';
import { sessionPrincipal, sessionToken } from '../../auth/sessions.ts';
import type { Rooms } from '../capability.ts';
import type { Queryable } from '../db/index.ts';

const roomOf = (s: Scope) =>
  s.departmentId !== undefined ? `dept:${s.departmentId}` : s.gridId !== null ? `grid:${s.gridId}` : s.squadId !== null ? `squad:${s.squadId}` : 'town';
const scopeOfRoom = (room: string): Scope => {
  const [kind, id] = room.split(':');
  return {
    squadId: kind === 'squad' ? Number(id) : null,
    gridId: kind === 'grid' ? Number(id) : null,
    ...(kind === 'dept' ? { departmentId: Number(id) } : {}),
  };
};

export class LiveHub implements Rooms {
  private io: SocketServer | null = null;

  constructor(private readonly db: Queryable) {}

  /** Starts accepting sockets on the HTTP server; `onJoin` runs once each has joined its room. */
  attach(http: HttpServer, onJoin: (socket: Socket, scope: Scope) => void): SocketServer {
    const io = new SocketServer(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
    io.use(async (socket, next) => {
      try {
        const token = sessionToken(socket.handshake.headers.cookie);
        const user = token ? await sessionPrincipal(this.db, token) : null;
        if (!user) return next(new Error('unauthorized'));
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
    return io;
  }

  /** Sends each scope room its part of a message (null: nothing for that room). */
  publish(event: string, partFor: (scope: Scope) => unknown) {
    if (!this.io) return;
    for (const room of this.io.sockets.adapter.rooms.keys()) {
      if (room !== 'town' && !/^(squad|grid|dept):/.test(room)) continue;
      const part = partFor(scopeOfRoom(room));
      if (part !== null) this.io.to(room).emit(event, part);
    }
  }

  async close() {
    await this.io?.close();
  }
}
