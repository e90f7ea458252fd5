import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { CoverageDelta } from '../../../shared/coverage/live.ts';
import type { IncidentUpdate } from '../../../shared/incidents/machine.ts';
import { applyDelta, applySnapshot, emptyLiveStore, redrawIntervalMs, type LiveDelta, type LiveSnapshot } from '../../../shared/tracking/live.ts';
import { coverageChanged, coverageLoaded, loadCoverage } from '../../coverage/useCoverage.ts';
import { incidentUpdated, incidentsLoaded, loadOpenIncidents } from '../../incidents/useIncidents.ts';
import { type LiveState, liveStore } from './liveStore.ts';

/**
 * The page's one socket.io connection and what it feeds (cf. traccar-web's SocketController): the live
 * workers (a snapshot, then deltas; after a lost connection the client says the last sequence number it
 * applied and gets what it missed, or a fresh snapshot), today's coverage and the open incidents (both
 * loaded again on every (re)connection, then kept by their messages). All of it goes into `liveStore`.
 */
class SocketController {
  private socket: Socket | null = null;
  private users = 0;
  /** The workers as the shared appliers keep them; published to the store at the pace of redrawing. */
  private tracking = emptyLiveStore();
  private drawnAt = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;

  /** A screen that shows live data starts the connection; the last one to go closes it. */
  start() {
    if (this.users++ === 0) this.connect();
  }

  stop() {
    if (--this.users > 0) return;
    clearTimeout(this.pending);
    this.pending = undefined;
    this.socket?.disconnect();
    this.socket = null;
  }

  private connect() {
    const socket = io({ transports: ['websocket'], auth: (cb) => cb({ since: this.tracking.seq || undefined, node: this.tracking.node }) });
    this.socket = socket;
    (window as unknown as { __socket?: Socket }).__socket = socket; // for the browser tests and the bench, as __map
    const set = (next: (s: LiveState) => LiveState) => {
      if (this.socket === socket) liveStore.update(next);
    };
    socket.on('live:snapshot', (s: LiveSnapshot) => {
      applySnapshot(this.tracking, s);
      set((st) => ({ ...st, connection: 'live' }));
      clearTimeout(this.pending);
      this.redraw();
    });
    // Deltas go into the working store at once; the page redraws them at the pace its size allows.
    socket.on('live:delta', (d: LiveDelta) => {
      applyDelta(this.tracking, d);
      this.pending ??= setTimeout(() => this.redraw(), Math.max(0, this.drawnAt + redrawIntervalMs(this.tracking.workers.size) - performance.now()));
    });
    socket.on('live:resumed', () => set((st) => ({ ...st, connection: 'live' })));
    socket.on('disconnect', () => set((st) => ({ ...st, connection: 'reconnecting' })));
    socket.on('connect_error', () => set((st) => ({ ...st, connection: 'reconnecting' })));

    // A failed load waits for the next (re)connection; the connection badge tells of outages.
    const reloadCoverage = () =>
      loadCoverage()
        .then((store) => set((st) => ({ ...st, coverage: coverageLoaded(st.coverage, store) })))
        .catch(() => undefined);
    const reloadIncidents = () =>
      loadOpenIncidents()
        .then(({ incidents }) => set((st) => ({ ...st, incidents: incidentsLoaded(st.incidents, incidents) })))
        .catch(() => undefined);
    socket.on('connect', () => {
      void reloadCoverage();
      void reloadIncidents();
    });
    socket.on('coverage:delta', (d: CoverageDelta) => {
      const next = coverageChanged(liveStore.get().coverage, d);
      if (next) set((st) => ({ ...st, coverage: next }));
      else void reloadCoverage();
    });
    socket.on('incident:update', (u: IncidentUpdate) => set((st) => ({ ...st, incidents: incidentUpdated(st.incidents, u, Date.now()) })));
  }

  private redraw() {
    this.pending = undefined;
    this.drawnAt = performance.now();
    const { workers, at } = this.tracking;
    liveStore.update((st) => ({ ...st, tracking: { workers: [...workers.values()], at } }));
  }
}

const controller = new SocketController();

/** Keeps the page's live connection open while the calling screen is shown. */
export function useSocketController() {
  useEffect(() => {
    controller.start();
    return () => controller.stop();
  }, []);
}
