// The composition root: the platform is built, then each capability from it in order; their routes are
// mounted, their hooks on kept fixes and on sockets joining wired, their jobs started; they close in reverse.
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { apiRoutes, createApp } from './app.ts';
import { assessmentCapability } from './assessment/index.ts';
import { auditCapability } from './audit/index.ts';
import { authCapability } from './auth/index.ts';
import { coverageCapability, type CoverageCapability } from './coverage/index.ts';
import { fieldCapability } from './field/index.ts';
import { geoCapability } from './geo/index.ts';
import { incidentsCapability, type IncidentsCapability } from './incidents/index.ts';
import { orgCapability } from './org/index.ts';
import type { Capability, Composition, Platform } from './platform/capability.ts';
import { joinCluster } from './platform/cluster/join.ts';
import { type Config, trustedProxies } from './platform/config.ts';
import type { Db } from './platform/db/index.ts';
import { terminalDoors } from './platform/http/doors.ts';
import { startJobs } from './platform/jobs.ts';
import type { Logger } from './platform/log.ts';
import { LiveHub } from './platform/realtime/hub.ts';
import { replayCapability } from './replay/index.ts';
import { DeviceDirectory } from './tracking/devices.ts';
import { trackingCapability, type TrackingCapability } from './tracking/index.ts';
import { visitsCapability } from './visits/index.ts';
import { townCapability } from './town/index.ts';

export interface Running {
  /** The platform and its capabilities in order: what `apiRoutes` mounts. */
  deps: Composition;
  /** The capabilities that tests, benchmarks and the demo reach into. */
  tracking: TrackingCapability;
  coverage: CoverageCapability;
  incidents: IncidentsCapability;
  http: Server;
  port: number;
  /** The separate OsmAnd port, when OSMAND_PORT is set. */
  osmand: Server | null;
  close(): Promise<void>;
}

/** Builds the platform and the capabilities on it, the API and the socket hub, and listens. */
export async function startServer(base: { db: Db; config: Config; log: Logger }): Promise<Running> {
  const nodeId = base.config.NODE_ID ?? `${hostname()}:${process.pid}`;
  const hub = new LiveHub(base.db);
  // On several nodes the bus starts before the coverage is rebuilt from the store, so nothing falls between.
  const cluster = base.config.REDIS_URL ? await joinCluster(base.config.REDIS_URL, nodeId, base.log) : null;
  // Bound once the capabilities exist: each reloads what it read of the town.
  let reloadTown = async () => {};
  const devices = new DeviceDirectory(base.db);
  const platform: Platform = {
    ...base,
    rooms: hub,
    node: { id: nodeId, bus: cluster?.bus.counts ?? null },
    async townChanged() {
      await reloadTown();
      cluster?.bus.publish({ k: 'town' });
    },
    devices,
    devicesChanged() {
      devices.forget();
      cluster?.bus.publish({ k: 'devices' });
    },
  };

  const tracking = await trackingCapability(platform);
  const coverage = await coverageCapability(platform);
  const incidents = await incidentsCapability(platform, tracking.live);
  const capabilities: Capability[] = [
    authCapability(platform),
    geoCapability(platform),
    orgCapability(platform),
    tracking,
    coverage,
    visitsCapability(platform),
    incidents,
    replayCapability(platform, coverage.live, incidents.service),
    auditCapability(platform),
    townCapability(platform),
    fieldCapability(platform, tracking, coverage, incidents),
    assessmentCapability(platform),
  ];
  for (const c of capabilities) if (c.onKept) tracking.pipeline.onKept(c.onKept);
  const reloading = capabilities.filter((c) => c.onTownChanged);
  reloadTown = async () => {
    for (const c of reloading) await c.onTownChanged!();
    // The screens fetch the layers and figures again: told once all is reloaded, so they read the new town.
    hub.publish('town:changed', () => ({}));
  };
  cluster?.attach({
    pipeline: tracking.pipeline,
    coverage: coverage.live,
    coverageFeed: coverage.feed,
    incidentFeed: incidents.feed,
    db: base.db,
    reloadTown,
    forgetDevices: () => devices.forget(),
  });
  // Every terminal, its last kept fix and its worker's place, read before listening: a city's phones
  // reaching a node just started do not each wait on look-ups (issue 20 #7).
  await tracking.pipeline.preload(await devices.preload());
  const composition: Composition = { platform, capabilities };

  const routes = apiRoutes(composition);
  const app = createApp(composition, routes);
  const doors = terminalDoors(routes, {
    resolveDevice: (token) => devices.byToken(token),
    check: { on: base.config.CHECK_ANSWERS, log: base.log },
    trustProxy: trustedProxies(base.config),
    log: base.log,
  });
  const http = createServer((req, res) => (doors.serves(req.url) ? doors.serve(req, res) : app(req, res)));
  // Longer than clients' and proxies' idle timeouts, so a kept-alive connection is never closed under a
  // request being sent on it (the race shows as ECONNRESET on the client).
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const joining = capabilities.filter((c) => c.onJoin);
  hub.attach(http, (socket, scope) => {
    for (const c of joining) c.onJoin!(socket, scope);
  });
  const jobs = startJobs(
    capabilities.flatMap((c) => c.jobs ?? []),
    base.log,
  );
  await new Promise<void>((resolve) => http.listen(base.config.PORT, base.config.HOST, resolve));

  // Traccar Client is configured with a bare server URL: on OSMAND_PORT, `/` is the OsmAnd door.
  let osmand: Server | null = null;
  if (base.config.OSMAND_PORT) {
    // Any path the client's server URL has is ignored, as Traccar ignores it (issue 16 #10): only the query counts.
    osmand = createServer((req, res) => doors.serve(req, res, '/api/osmand'));
    await new Promise<void>((resolve) => osmand!.listen(base.config.OSMAND_PORT, base.config.HOST, resolve));
  }

  return {
    deps: composition,
    tracking,
    coverage,
    incidents,
    http,
    osmand,
    port: (http.address() as AddressInfo).port,
    async close() {
      await cluster?.close();
      await jobs.stop();
      for (const c of [...capabilities].reverse()) await c.close?.();
      await hub.close();
      for (const s of [http, osmand]) {
        if (!s) continue;
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}
