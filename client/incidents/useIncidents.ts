import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { isFinal, type IncidentSummary, type IncidentUpdate } from '../../shared/incidents/machine.ts';
import { api } from '../platform/api.ts';

export interface IncidentStore {
  /** Open incidents by id. */
  open: Map<number, IncidentSummary>;
  /** The latest changes, newest first. */
  feed: IncidentUpdate[];
  /** When each incident was first seen here, for the pulse of a new pin. */
  firstSeen: Map<number, number>;
}

const FEED = 12;

/** Open incidents, live (R30, R31): loaded on every (re)connection, then kept by `incident:update`. */
export function useIncidents(socket: Socket | null): { store: IncidentStore; version: number } {
  const store = useRef<IncidentStore>({ open: new Map(), feed: [], firstSeen: new Map() });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!socket) return;
    let stop = false;
    const reload = () =>
      api<{ incidents: IncidentSummary[] }>('/incidents?open=true&pageSize=500')
        .then(({ incidents }) => {
          if (stop) return;
          store.current.open = new Map(incidents.map((i) => [i.id, i]));
          // A fresh page starts its feed from the latest changes, each named by the state it left the case in.
          if (!store.current.feed.length)
            store.current.feed = [...incidents]
              .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
              .slice(0, FEED)
              .map((i, k) => ({ seq: -k, event: i.state, incident: i }));
          for (const i of incidents) if (!store.current.firstSeen.has(i.id)) store.current.firstSeen.set(i.id, 0);
          setVersion((v) => v + 1);
        })
        .catch(() => undefined);
    const onUpdate = (u: IncidentUpdate) => {
      const s = store.current;
      const known = s.open.get(u.incident.id);
      if (known && known.version >= u.incident.version) return;
      if (isFinal(u.incident.state)) s.open.delete(u.incident.id);
      else s.open.set(u.incident.id, u.incident);
      if (!s.firstSeen.has(u.incident.id)) s.firstSeen.set(u.incident.id, Date.now());
      s.feed = [u, ...s.feed].slice(0, FEED);
      setVersion((v) => v + 1);
    };
    socket.on('connect', reload);
    socket.on('incident:update', onUpdate);
    if (socket.connected) void reload();
    return () => {
      stop = true;
      socket.off('connect', reload);
      socket.off('incident:update', onUpdate);
    };
  }, [socket]);
  return { store: store.current, version };
}
