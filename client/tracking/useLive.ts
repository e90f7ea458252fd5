import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { applyDelta, applySnapshot, emptyLiveStore, redrawIntervalMs, type LiveDelta, type LiveSnapshot, type LiveStore } from '../../shared/tracking/live.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The live picture of workers over socket.io: a snapshot, then deltas. After a lost connection the
 * client says the last sequence number it applied and gets what it missed (or a fresh snapshot).
 * The socket is shared with the other live feeds of the page (coverage).
 */
export function useLive(): { store: LiveStore; version: number; connection: Connection; socket: Socket | null } {
  const store = useRef<LiveStore>(emptyLiveStore());
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [socket, setSocket] = useState<Socket | null>(null);
  useEffect(() => {
    const socket = io({ transports: ['websocket'], auth: (cb) => cb({ since: store.current.seq || undefined, node: store.current.node }) });
    setSocket(socket);
    (window as unknown as { __socket?: typeof socket }).__socket = socket; // for the browser tests, as __map
    const bump = () => setVersion((v) => v + 1);
    // Deltas go into the store at once; the page redraws them at the pace its size allows (redrawIntervalMs).
    let drawnAt = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const redraw = () => {
      pending = undefined;
      drawnAt = performance.now();
      bump();
    };
    socket.on('live:snapshot', (s: LiveSnapshot) => {
      applySnapshot(store.current, s);
      setConnection('live');
      clearTimeout(pending);
      redraw();
    });
    socket.on('live:delta', (d: LiveDelta) => {
      applyDelta(store.current, d);
      pending ??= setTimeout(redraw, Math.max(0, drawnAt + redrawIntervalMs(store.current.workers.size) - performance.now()));
    });
    socket.on('live:resumed', () => setConnection('live'));
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.on('connect_error', () => setConnection('reconnecting'));
    return () => {
      clearTimeout(pending);
      socket.disconnect();
    };
  }, []);
  return { store: store.current, version, connection, socket };
}
