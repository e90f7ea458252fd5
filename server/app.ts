import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import compression from 'compression';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { loadSession } from './auth/sessions.ts';
import type { Composition } from './platform/capability.ts';
import { trustedProxies } from './platform/config.ts';
import { HttpError, errorAnswer } from './platform/http/errors.ts';
import { sameOriginWrites, securityHeaders } from './platform/http/guard.ts';
import { mountRoutes, openApiDocument, route, type Route } from './platform/http/route.ts';
import { platform } from '../shared/core/contract.ts';

/** This node's memory; what is live, when node runs with --expose-gc (bench/memory.ts), not garbage not yet collected. */
const memoryMB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 104857.6) / 10;
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external) };
};

/** Every API route of the server, in one table (see http/route.ts): the platform's, then each capability's in order. */
export function apiRoutes({ platform: deps, capabilities }: Composition): Route[] {
  const { db } = deps;
  const health = route(platform.health, {
    summary: 'Liveness, the database backend and the PostGIS version, and this node with its cluster traffic (and its memory, for an administrator)',
    access: 'public',
    async handler({ user }) {
      const [row] = await db.query<{ postgis: string }>('SELECT postgis_lib_version() AS postgis');
      const answer = { status: 'ok' as const, db: db.backend, postgis: row!.postgis, node: deps.node.id, cluster: deps.node.bus };
      return user?.role === 'admin' ? { ...answer, memory: memoryMB() } : answer;
    },
  });
  const site = route(platform.site, {
    summary: "The site's title and its online basemap, if one is configured (tile URLs, attribution)",
    access: 'public',
    handler: async () => ({
      title: deps.config.TITLE,
      town: (await db.query<{ code: string; name: string }>('SELECT code, name FROM town'))[0] ?? null,
      basemap: deps.config.BASEMAP_TILES ? { tiles: deps.config.BASEMAP_TILES, attribution: deps.config.BASEMAP_ATTRIBUTION } : null,
    }),
  });
  const routes: Route[] = [health, site, ...capabilities.flatMap((c) => c.routes?.() ?? [])];
  const openapi: Route = route(platform.openapi, {
    summary: 'This API described as OpenAPI 3.1, generated from the route table',
    access: 'public',
    handler: async () => openApiDocument([...routes, openapi], { title: `${deps.config.TITLE} API`, version: '0.1.0' }),
  });
  return [...routes, openapi];
}

/** What both apps share: no X-Powered-By, forwarded headers only from the proxies named in TRUST_PROXY (issue 16 #20). */
function baseApp(composition: Composition) {
  const app = express();
  app.disable('x-powered-by');
  const proxies = trustedProxies(composition.platform.config);
  app.set('trust proxy', proxies.length ? proxies : false);
  return app;
}

/** The parsers of a request body: a full batch of 1,000 fixes is about 200 kB of JSON. */
const bodyParsers = [express.json({ limit: '1mb' }), express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 })];

const notFound: RequestHandler = (req, _res, next) => next(new HttpError(404, 'not_found', `no route ${req.method} /api${req.path}`));

export function createApp(composition: Composition, routes = apiRoutes(composition)) {
  const deps = composition.platform;
  const app = baseApp(composition);
  app.use(securityHeaders(deps.config.BASEMAP_TILES));
  // gzip: the wall's JavaScript is ~2.7 MB as built, a fifth of that on the wire.
  app.use(compression());
  const api = express.Router();
  api.use(sameOriginWrites);
  api.use(bodyParsers);
  api.use(loadSession(deps.db));
  // In the tests every answer is held to its contract (CHECK_ANSWERS): an answer off it is a 500 and a log line.
  mountRoutes(api, routes, (token) => deps.devices.byToken(token), { on: deps.config.CHECK_ANSWERS, log: deps.log });
  api.use(notFound);
  app.use('/api', api);

  const clientDir = resolve(deps.config.CLIENT_DIR);
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/wall, /dispatch, …) all load the single page.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(resolve(clientDir, 'index.html')));
  }
  app.use(errorHandler(deps));
  return app;
}

function errorHandler(deps: Composition['platform']): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, body, headers } = errorAnswer(err, deps.log, req.path);
    res
      .status(status)
      .set(headers ?? {})
      .json(body);
  };
}
