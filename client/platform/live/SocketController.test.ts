import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { type LiveFeed, SocketController } from './SocketController.ts';
import { createLiveStore } from './store.ts';

/** A socket that the test drives: `emit` stands for a message from the server. */
class FakeSocket extends EventEmitter {
  connected = false;
  closed = false;
  reconnects = 0;
  constructor(readonly auth: (cb: (data: object) => void) => void) {
    super();
  }
  open() {
    this.connected = true;
    this.emit('connect');
  }
  disconnect() {
    this.closed = true;
    this.connected = false;
  }
  connect() {
    this.reconnects++;
  }
  handshake(): object {
    let data = {};
    this.auth((d) => {
      data = d;
    });
    return data;
  }
}

function setUp() {
  (globalThis as { window?: object }).window ??= {};
  const sockets: FakeSocket[] = [];
  const store = createLiveStore();
  const controller = new SocketController(store, (auth) => {
    const s = new FakeSocket(auth);
    sockets.push(s);
    return s as unknown as Socket;
  });
  return { sockets, store, controller };
}

const counter = (): LiveFeed & { loads: number; seen: number[] } => {
  const feed = {
    name: 'count',
    loads: 0,
    seen: [] as number[],
    auth: () => ({ since: 7 }),
    connected: () => {
      feed.loads++;
    },
    on: {
      'count:add': (n: number) => {
        feed.seen.push(n);
      },
    },
  };
  return feed;
};

describe('the socket controller', () => {
  it('opens one connection for all feeds, reloads each on every (re)connection, and says their handshake', () => {
    const { sockets, controller } = setUp();
    const a = counter();
    const b = counter();
    controller.start(a);
    controller.start(b);
    controller.start(a); // a second screen of the same feed
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.handshake()).toEqual({ since: 7 });
    sockets[0]!.open();
    sockets[0]!.emit('count:add', 1);
    expect([a.loads, b.loads]).toEqual([1, 1]);
    expect(a.seen).toEqual([1]); // once, though two screens hold the feed
    sockets[0]!.emit('connect'); // socket.io reconnected
    expect([a.loads, b.loads]).toEqual([2, 2]);
  });

  it('tells the store how the connection stands', () => {
    const { sockets, store, controller } = setUp();
    controller.start(counter());
    expect(store.getSnapshot().connection).toBe('connecting');
    sockets[0]!.emit('live:snapshot', {});
    expect(store.getSnapshot().connection).toBe('live');
    sockets[0]!.emit('disconnect');
    expect(store.getSnapshot().connection).toBe('reconnecting');
    sockets[0]!.emit('live:resumed');
    expect(store.getSnapshot().connection).toBe('live');
  });

  it('stops a feed with its last screen, loads one started on an open connection, and closes with the last feed', () => {
    const { sockets, store, controller } = setUp();
    const a = counter();
    const b = counter();
    controller.start(a);
    sockets[0]!.open();
    controller.start(b);
    expect(b.loads).toBe(1); // started on an open connection
    controller.stop(b);
    sockets[0]!.emit('count:add', 2);
    expect(b.seen).toEqual([]);
    expect(a.seen).toEqual([2]);
    store.update((s) => ({ ...s, connection: 'live' }));
    controller.stop(a);
    expect(sockets[0]!.closed).toBe(true);
    expect(store.getSnapshot().connection).toBe('connecting'); // the next screen starts afresh
  });

  it('drops what a closed connection still delivers', async () => {
    const { sockets, store, controller } = setUp();
    let late: (() => void) | undefined;
    const feed: LiveFeed = {
      name: 'slow',
      connected: (ctx) => {
        late = () => ctx.update((s) => ({ ...s, connection: 'reconnecting' }));
      },
      on: {},
    };
    controller.start(feed);
    sockets[0]!.open();
    controller.stop(feed);
    late!();
    expect(store.getSnapshot().connection).toBe('connecting');
  });

  it('retries a close the server made, and leaves for the login page when the handshake is refused', () => {
    const { sockets, controller } = setUp();
    const went: string[] = [];
    (globalThis as { location?: object }).location = { pathname: '/wall', search: '?day=1', assign: (to: string) => went.push(to) };
    controller.start(counter());
    sockets[0]!.open();
    sockets[0]!.emit('disconnect', 'transport close'); // a network drop: socket.io retries by itself
    expect(sockets[0]!.reconnects).toBe(0);
    sockets[0]!.emit('disconnect', 'io server disconnect'); // socket.io would not retry this one
    expect(sockets[0]!.reconnects).toBe(1);
    sockets[0]!.emit('connect_error', new Error('timeout'));
    expect(went).toEqual([]);
    sockets[0]!.emit('connect_error', new Error('unauthorized'));
    expect(went).toEqual([`/login?next=${encodeURIComponent('/wall?day=1')}`]);
  });
});
