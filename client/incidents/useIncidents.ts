import { type IncidentSummary, type IncidentUpdate, isFinal } from '../../shared/incidents/machine.ts';
import { incidents } from '../../shared/incidents/contract.ts';
import { call } from '../platform/api.ts';
import { OPEN_INCIDENTS } from './openIncidents.ts';
import { type FeedContext, type LiveFeed, useFeed } from '../platform/live/SocketController.ts';
import { type IncidentSlice, type LiveState, useLiveState } from '../platform/live/store.ts';

const FEED = 12;

/** The slice after the open incidents were (re)loaded, on every (re)connection (R30, R31). */
export function incidentsLoaded(s: IncidentSlice, incidents: IncidentSummary[]): IncidentSlice {
  const open = new Map(incidents.map((i) => [i.id, i]));
  // A fresh page starts its feed from the latest changes, each named by the state it left the case in.
  const feed = s.feed.length
    ? s.feed
    : [...incidents]
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .slice(0, FEED)
        .map((i, k) => ({ seq: -k, event: i.state, incident: i }));
  const firstSeen = new Map(s.firstSeen);
  for (const i of incidents) if (!firstSeen.has(i.id)) firstSeen.set(i.id, 0);
  return { open, list: [...open.values()], feed, firstSeen, version: s.version + 1 };
}

/** The slice after an `incident:update`; an update not newer than what is known changes nothing. */
export function incidentUpdated(s: IncidentSlice, u: IncidentUpdate, now: number): IncidentSlice {
  const known = s.open.get(u.incident.id);
  if (known && known.version >= u.incident.version) return s;
  const open = new Map(s.open);
  if (isFinal(u.incident.state)) open.delete(u.incident.id);
  else open.set(u.incident.id, u.incident);
  const firstSeen = s.firstSeen.has(u.incident.id) ? s.firstSeen : new Map(s.firstSeen).set(u.incident.id, now);
  return { open, list: [...open.values()], feed: [u, ...s.feed].slice(0, FEED), firstSeen, version: s.version + 1 };
}

const reload = (ctx: FeedContext) =>
  call(incidents.list, OPEN_INCIDENTS)
    .then(({ incidents }) => ctx.update((st) => ({ ...st, incidents: incidentsLoaded(st.incidents, incidents) })))
    .catch(() => undefined);

/** Open incidents, live (R30, R31): loaded on every (re)connection, then kept by `incident:update`. */
export const incidentFeed: LiveFeed = {
  name: 'incidents',
  connected: (ctx) => void reload(ctx),
  on: {
    'incident:update': (u: IncidentUpdate, ctx) => ctx.update((st) => ({ ...st, incidents: incidentUpdated(st.incidents, u, Date.now()) })),
  },
};

const selectIncidents = (s: LiveState) => s.incidents;

/** Open incidents, live; a new slice at every change. */
export function useIncidents(): IncidentSlice {
  useFeed(incidentFeed);
  return useLiveState(selectIncidents);
}
