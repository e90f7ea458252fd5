import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from './app.ts';
import type { Config } from './platform/config.ts';
import type { Db } from './platform/db/index.ts';
import type { AppDeps } from './deps.ts';
import type { Logger } from './platform/log.ts';
import { LiveHub } from './platform/realtime/hub.ts';
import { createTracking } from './tracking/index.ts';
import { createCoverage } from './coverage/engine.ts';
import { CoverageFeed } from './coverage/feed.ts';
import { startNightly } from './coverage/nightly.ts';
import { coverageService } from './coverage/service.ts';
import { shanghaiDay } from '../shared/core/time.ts';
import { ensureCatalog } from './incidents/catalog.ts';
import { IncidentFeed } from './incidents/feed.ts';
import { incidentService, watchDeadlines } from './incidents/service.ts';
import { joinCluster } from './platform/cluster/join.ts';

export interface Running {
  deps: AppDeps;
  http: Server;
  port: number;
  /** The separate OsmAnd port, when OSMAND_PORT is set. */
  osmand: Server | null;
  close(): Promise<void>;
}

/** Builds the services, the API and the socket hub, and listens. */
export async function startServer(base: { db: Db; config: Config; log: Logger }): Promise<Running> {
  const tracking = await createTracking(base.db, base.config);
  const nodeId = base.config.NODE_ID ?? `${hostname()}:${process.pid}`;
  const hub = new LiveHub(tracking.live, base.db, base.config.LIVE_FLUSH_MS, nodeId);
  // On several nodes the bus starts before the coverage is rebuilt from the store, so nothing falls between.
  const cluster = base.config.REDIS_URL ? await joinCluster(base.config.REDIS_URL, nodeId, base.log) : null;
  const coverage = await createCoverage(base.db);
  const feed = new CoverageFeed(coverage, hub);
  const coverageDays = coverageService(base.db, coverage);
  tracking.pipeline.onKept(({ ref, fixes, remote }) => {
    if (ref) for (const f of fixes) feed.add(coverage.addFix(ref.workerId, f.fixTime.getTime(), f.lon, f.lat));
    if (remote) return;
    const today = shanghaiDay(Date.now());
    const late = new Set<string>();
    for (const f of fixes) {
      const day = shanghaiDay(f.fixTime);
      if (day < today) late.add(day);
    }
    // A finished day's record no longer holds: it is recomputed before it is read again.
    if (late.size) coverageDays.markStale([...late]).catch((err) => base.log.error({ err }, 'coverage: marking late days failed'));
  });
  const nightly = startNightly(base.db, coverage, coverageDays, base.log, base.config.POSITIONS_RETENTION_DAYS);
  await ensureCatalog(base.db);
  const incidents = incidentService(base.db, tracking.live);
  await incidents.reloadCategories();
  const incidentFeed = new IncidentFeed(hub);
  const deadlines = watchDeadlines(incidents, incidentFeed, base.log);
  cluster?.attach({ pipeline: tracking.pipeline, coverage, coverageFeed: feed, incidentFeed, db: base.db });
  const deps: AppDeps = { ...base, tracking, hub, coverage, incidents, incidentFeed, node: { id: nodeId, bus: cluster?.bus.counts ?? null } };
  const app = createApp(deps);
  const http = createServer(app);
  // Longer than clients' and proxies' idle timeouts, so a kept-alive connection is never closed under a
  // request being sent on it (the race shows as ECONNRESET on the client).
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  hub.attach(http);
  await new Promise<void>((resolve) => http.listen(base.config.PORT, base.config.HOST, resolve));

  // Traccar Client is configured with a bare server URL: on OSMAND_PORT, `/` is the OsmAnd door.
  let osmand: Server | null = null;
  if (base.config.OSMAND_PORT) {
    const door = express();
    door.use((req, _res, next) => {
      req.url = `/api/osmand${req.url.startsWith('/?') || req.url === '/' ? req.url.slice(1) : req.url}`;
      next();
    });
    door.use(app);
    osmand = createServer(door);
    await new Promise<void>((resolve) => osmand!.listen(base.config.OSMAND_PORT, base.config.HOST, resolve));
  }

  return {
    deps,
    http,
    osmand,
    port: (http.address() as AddressInfo).port,
    async close() {
      await cluster?.close();
      nightly.stop();
      clearInterval(deadlines);
      feed.stop();
      await hub.close();
      for (const s of [http, osmand]) {
        if (!s) continue;
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}
