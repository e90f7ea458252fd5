import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import compression from 'compression';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { loadSession } from './auth/sessions.ts';
import type { Composition } from './platform/capability.ts';
import { isDatabaseUnavailable } from './platform/db/index.ts';
import { HttpError } from './platform/http/errors.ts';
import { sameOriginWrites, securityHeaders } from './platform/http/guard.ts';
import { mountRoutes, openApiDocument, route, type Route } from './platform/http/route.ts';
import { platform } from '../shared/core/contract.ts';

/** Where terminals send their fixes, one a request from Traccar Client: served by `createTerminalApp`. */
const TERMINAL_DOORS = new Set(['/api/osmand', '/api/positions']);

/** Whether a request's URL is a terminal door's (its path, without the query). */
export function isTerminalDoor(url: string | undefined) {
  const q = (url ?? '').indexOf('?');
  return TERMINAL_DOORS.has(q < 0 ? (url ?? '') : url!.slice(0, q));
}

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
  const proxies = composition.platform.config.TRUST_PROXY;
  app.set('trust proxy', proxies ? proxies.split(',').map((p) => p.trim()) : false);
  return app;
}

/** The parsers of a request body: a full batch of 1,000 fixes is about 200 kB of JSON. */
const bodyParsers = [express.json({ limit: '1mb' }), express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 })];

/**
 * The terminals' doors alone (issue 20): thousands of one-fix requests a second that need none of what a
 * browser's request goes through — no session lookup, no gzip of an empty answer, no page headers, no walk
 * past the other 150 routes. The same routes, contracts, checks and errors as in the route table.
 */
export function createTerminalApp(composition: Composition, routes = apiRoutes(composition)) {
  const deps = composition.platform;
  const app = baseApp(composition);
  // No ETag: a terminal never asks again with If-None-Match, and each answer paid a SHA-1 of its body.
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set('x-content-type-options', 'nosniff');
    next();
  });
  const api = express.Router();
  api.use(sameOriginWrites);
  api.use(bodyParsers);
  mountRoutes(
    api,
    routes.filter((r) => TERMINAL_DOORS.has(`/api${r.path}`)),
    (token) => deps.devices.byToken(token),
    { on: deps.config.CHECK_ANSWERS, log: deps.log },
  );
  api.use(notFound);
  app.use('/api', api);
  app.use(errorHandler(deps));
  return app;
}

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
    if (err instanceof HttpError)
      return void res.status(err.status).json({ error: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
    // body-parser's errors carry a status and a type.
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') return void res.status(413).json({ error: 'too_large', message: 'request body too large' });
    if (type === 'entity.parse.failed') return void res.status(400).json({ error: 'invalid_json', message: 'request body is not valid JSON' });
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return void res.status(415).json({ error: 'unsupported_encoding', message: String(err.message) });
    // Express's own refusals carry a 4xx status: a path that is not valid percent-encoding (a URIError).
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return void res
        .status(status)
        .json({ error: 'invalid_request', message: err instanceof URIError ? 'the path is not valid percent-encoding' : String(err.message) });
    // Nothing was acknowledged: a terminal keeps its fixes and sends them again (the doors are idempotent).
    if (isDatabaseUnavailable(err)) {
      deps.log.warn({ err: String(err), path: req.path }, 'database unavailable');
      return void res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: 'the database is unavailable, try again shortly' });
    }
    deps.log.error({ err, path: req.path }, 'request failed');
    res.status(500).json({ error: 'internal', message: 'internal error' });
  };
}
