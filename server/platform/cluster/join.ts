// A server node joining the others (REDIS_URL set): its kept fixes and incident changes go on the bus,
// and theirs are applied here as if they were this node's own.
import type { LiveCoverage } from '../../coverage/engine.ts';
import type { CoverageFeed } from '../../coverage/feed.ts';
import type { Queryable } from '../db/index.ts';
import type { IncidentFeed } from '../../incidents/feed.ts';
import type { Logger } from '../log.ts';
import type { Pipeline } from '../../tracking/pipeline.ts';
import { ClusterBus, type ClusterEvent } from './bus.ts';

export interface NodeParts {
  db: Queryable;
  pipeline: Pipeline;
  coverage: LiveCoverage;
  coverageFeed: CoverageFeed;
  incidentFeed: IncidentFeed;
  reloadTown(): Promise<void>;
  forgetDevices(): void;
}

function applyEvent(parts: NodeParts, e: ClusterEvent, log: Logger) {
  if (e.k === 'fixes') {
    const fixes = e.fixes.map(([t, lon, lat, speed, heading, battery]) => ({
      fixTime: new Date(t),
      lon,
      lat,
      speed,
      heading,
      battery,
      accuracy: null,
      altitude: null,
      attributes: {},
    }));
    parts.pipeline.applyRemote({ deviceId: e.deviceId, ref: e.ref, fixes });
  } else if (e.k === 'incident') parts.incidentFeed.publishHere(e.event, e.incident);
  else if (e.k === 'town') parts.reloadTown().catch((err) => log.error({ err }, 'cluster: reloading the town failed'));
  else if (e.k === 'devices') parts.forgetDevices();
}

export async function joinCluster(url: string, nodeId: string, log: Logger) {
  const bus = new ClusterBus(url, nodeId, { log });
  let parts: NodeParts | null = null;
  // Events that arrive while this node is still rebuilding its coverage from the store.
  const waiting: ClusterEvent[] = [];
  await bus.start({
    apply: (e) => (parts ? applyEvent(parts, e, log) : waiting.push(e)),
    async resync() {
      if (!parts) return;
      // A lost event may have been a revoked terminal's.
      parts.forgetDevices();
      await parts.coverage.rebuild(parts.db);
      parts.coverageFeed.reloadAll();
    },
  });
  log.info({ node: nodeId }, 'cluster: joined');
  return {
    bus,
    attach(p: NodeParts) {
      parts = p;
      for (const e of waiting.splice(0)) applyEvent(p, e, log);
      p.pipeline.onKept((b) => {
        if (!b.remote)
          return bus.publish({
            k: 'fixes',
            deviceId: b.deviceId,
            ref: b.ref,
            fixes: b.fixes.map((f) => [f.fixTime.getTime(), f.lon, f.lat, f.speed, f.heading, f.battery]),
          });
      });
      p.incidentFeed.relay = (event, incident) => bus.publish({ k: 'incident', event, incident });
    },
    close: () => bus.close(),
  };
}
