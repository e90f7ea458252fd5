import { SESSION_ENDED_EVENT, SOCKET_UNAUTHORIZED } from '../../../shared/auth/contract.ts';
import { toLogin } from '../api.ts';
import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import { initialLiveState, type LiveState, type LiveStoreApi, liveStore } from './store.ts';

/** What a feed may do to the store: changes are dropped once the connection they came from is closed. */
export interface FeedContext {
  get(): LiveState;
  update(next: (s: LiveState) => LiveState): void;
}

/**
 * One capability's part of the live picture: the socket messages it applies, what it (re)loads on every
 * (re)connection, what it adds to the handshake. Its hook holds it open (`useFeed`) while a screen shows it.
 */
export interface LiveFeed {
  name: string;
  on: Record<string, (msg: never, ctx: FeedContext) => void>;
  /** On every (re)connection, and when the feed starts on an open connection. */
  connected?(ctx: FeedContext): void;
  /** Added to the handshake (the workers' resume point). */
  auth?(): Record<string, unknown>;
  /** The last screen using the feed is gone. */
  stopped?(): void;
}

/**
 * The page's one socket.io connection (cf. traccar-web's SocketController) and the feeds it delivers to
 * `liveStore`. The connection opens with the first feed and closes with the last; socket.io reconnects,
 * and each feed reloads or resumes on every connection as its own rules say.
 */
export class SocketController {
  private socket: Socket | null = null;
  private readonly feeds = new Map<LiveFeed, number>();
  /** Each started feed's listeners on the socket, to take them off when it stops. */
  private readonly listeners = new Map<LiveFeed, [string, (msg: unknown) => void][]>();

  constructor(
    private readonly store: LiveStoreApi,
    private readonly open: (auth: (cb: (data: object) => void) => void) => Socket = (auth) => io({ transports: ['websocket'], auth }),
  ) {}

  start(feed: LiveFeed) {
    const users = this.feeds.get(feed) ?? 0;
    this.feeds.set(feed, users + 1);
    if (users > 0) return;
    if (!this.socket) this.connect();
    const socket = this.socket!;
    const ctx = this.context(socket);
    const listeners: [string, (msg: unknown) => void][] = Object.entries(feed.on).map(([event, handler]) => [event, (msg) => handler(msg as never, ctx)]);
    listeners.push(['connect', () => feed.connected?.(ctx)]);
    for (const [event, listener] of listeners) socket.on(event, listener);
    this.listeners.set(feed, listeners);
    if (socket.connected) feed.connected?.(ctx);
  }

  stop(feed: LiveFeed) {
    const users = (this.feeds.get(feed) ?? 0) - 1;
    if (users > 0) {
      this.feeds.set(feed, users);
      return;
    }
    this.feeds.delete(feed);
    for (const [event, listener] of this.listeners.get(feed) ?? []) this.socket?.off(event, listener);
    this.listeners.delete(feed);
    feed.stopped?.();
    if (this.feeds.size === 0) {
      this.socket?.disconnect();
      this.socket = null;
      this.store.update(initialLiveState); // the next screen starts afresh, as a page does
    }
  }

  private context(socket: Socket): FeedContext {
    return {
      get: () => this.store.getSnapshot(),
      update: (next) => {
        if (this.socket === socket) this.store.update(next);
      },
    };
  }

  private connect() {
    const socket = this.open((cb) => cb(Object.assign({}, ...[...this.feeds.keys()].map((f) => f.auth?.() ?? {}))));
    this.socket = socket;
    (window as unknown as { __socket?: Socket }).__socket = socket; // for the browser tests and the bench, as __map
    const ctx = this.context(socket);
    const connection = (c: LiveState['connection']) => () => ctx.update((s) => (s.connection === c ? s : { ...s, connection: c }));
    socket.on('live:snapshot', connection('live'));
    socket.on('live:resumed', connection('live'));
    const reconnecting = connection('reconnecting');
    socket.on('disconnect', (reason) => {
      reconnecting();
      // socket.io does not retry a close the server made; try once, so a lost 'session ended' still ends
      // at the login page (the handshake below is refused) and any other close comes back.
      if (reason === 'io server disconnect') socket.connect();
    });
    // A handshake refused for want of a session is not retried by socket.io: the session ended while the
    // page was cut off (a network drop, a server restart), so log in again rather than wait forever.
    socket.on('connect_error', (err) => (err.message === SOCKET_UNAUTHORIZED ? toLogin() : reconnecting()));
    // The session ended (logout elsewhere, a password changed or reset): the server closed the socket; log in again.
    socket.on(SESSION_ENDED_EVENT, toLogin);
  }
}

export const socketController = new SocketController(liveStore);

/** Keeps a feed open while the calling component is shown. */
export function useFeed(feed: LiveFeed) {
  useEffect(() => {
    socketController.start(feed);
    return () => socketController.stop(feed);
  }, [feed]);
}
