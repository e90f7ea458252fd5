// The route table: every API route is declared once, from its endpoint's contract (shared/<capability>/
// contract.ts: the zod schemas of its inputs and of its answer) with who may call it. The same table mounts
// the Express handlers (validating every input, and every answer when CHECK_ANSWERS is on) and writes the
// OpenAPI description, and the security tests walk it, so a route cannot exist without its access rule.
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { ApiErrorBody, type Endpoint, type Method, type Raw, type Sendable, isRaw } from '../../../shared/core/contract.ts';
import type { Role } from '../../../shared/core/roles.ts';
import type { Logger } from '../log.ts';
import { HttpError, forbidden, unauthorized } from './errors.ts';

export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  squadId: number | null;
  workerId: number | null;
  /** The grid a worker is responsible for (R4); null for other roles. */
  gridId: number | null;
  /** A department user's department (R6); null for other roles. */
  departmentId: number | null;
}

/**
 * Who may call a route: anyone, a terminal by its device token (Bearer), or logged-in users of these
 * roles — and a list may also hold 'device': then a request with a Bearer token is a terminal's.
 */
export type Access = 'public' | 'device' | readonly (Role | 'device')[];

/** A terminal authenticated by its device token. */
export interface DevicePrincipal {
  id: number;
  uniqueId: string;
  workerId: number | null;
}

export interface RouteContext<Q, B, P> {
  req: Request;
  res: Response;
  query: Q;
  body: B;
  params: P;
  user: Principal;
  device: DevicePrincipal;
}

export interface Route {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  query?: z.ZodType;
  body?: z.ZodType;
  params?: z.ZodType;
  /** A successful reply's status; 200 unless said. */
  status?: number;
  /** The answer's schema; absent only on routes not yet declared from a contract. */
  response?: z.ZodType | Raw;
  /** A terminals' door (terminalRoute): served on plain node:http by http/doors.ts, not by Express. */
  door?: true;
  // biome-ignore lint/suspicious/noExplicitAny: the table holds routes of every input type (a door's too); route() and terminalRoute() type each handler from its schemas
  handler: (ctx: any) => Promise<unknown>;
}

/**
 * What a terminals' door's handler is given of its request (issue 20): thousands of one-fix requests a second
 * need none of Express, whose router, body parsers and answer were half a request's CPU (http/doors.ts).
 */
export interface DoorContext<B> {
  /** The query string as Express's simple parser reads it (node:querystring). */
  query: Record<string, string | string[] | undefined>;
  /** Checked against the contract's body schema when it has one; else as parsed (JSON, a form), or undefined. */
  body: B;
  /** Whether the body came as JSON. */
  json: boolean;
  device: DevicePrincipal;
  /** The caller's address, through the proxies trusted by TRUST_PROXY. */
  ip: string | undefined;
}

/** What a handler returns for an answer: the schema's type (Dates for its strings), or nothing when it sends a raw answer itself. */
export type HandlerAnswer<R extends z.ZodType | Raw> = R extends z.ZodType ? Sendable<z.output<R>> : undefined;

type Handler<E extends Endpoint> =
  E extends Endpoint<infer Q, infer B, infer P, infer R> ? (ctx: RouteContext<z.output<Q>, z.output<B>, z.output<P>>) => Promise<HandlerAnswer<R>> : never;

/**
 * Declares a route from its endpoint's contract: who may call it and its handler, whose inputs are typed
 * by the contract's schemas and whose answer TypeScript checks against the contract's answer.
 */
export function route<E extends Endpoint>(contract: E, def: { summary: string; access: Access; handler: Handler<E> }): Route;
/** A route declared without a contract (its answer unchecked): for routes not converted yet. */
export function route<Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(def: {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  query?: Q;
  body?: B;
  params?: P;
  status?: number;
  handler: (ctx: RouteContext<z.infer<Q>, z.infer<B>, z.infer<P>>) => Promise<unknown>;
}): Route;
export function route(a: Endpoint | Route, b?: Pick<Route, 'summary' | 'access' | 'handler'>): Route {
  return (b ? { ...a, ...b } : a) as Route;
}

type DoorHandler<E extends Endpoint> =
  E extends Endpoint<z.ZodType, infer B, z.ZodType, infer R>
    ? (ctx: DoorContext<B extends z.ZodUndefined ? unknown : z.output<B>>) => Promise<HandlerAnswer<R>>
    : never;

/** Declares a terminals' door from its contract: in the route table like any route, served by http/doors.ts. */
export function terminalRoute<E extends Endpoint>(contract: E, def: { summary: string; access: 'public' | 'device'; handler: DoorHandler<E> }): Route {
  return { ...contract, ...def, door: true } as Route;
}

/** Whether answers are checked against their schemas (CHECK_ANSWERS: on in the tests), and where one off its contract is logged. */
export interface AnswerCheck {
  on: boolean;
  log: Pick<Logger, 'error'> | null;
}

type Issue = { path: string; message: string };

/**
 * Keys the answer sends that its schema does not name: the parse drops them (objects strip what they do
 * not know), so whatever is in the sent value and not in the parsed one is off the contract.
 */
function unnamedKeys(sent: unknown, kept: unknown, path: (string | number)[], out: Issue[]) {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    for (const [i, v] of sent.entries()) unnamedKeys(v, kept[i], [...path, i], out);
  } else if (sent && kept && typeof sent === 'object' && typeof kept === 'object')
    for (const [k, v] of Object.entries(sent)) {
      if (!(k in kept)) out.push({ path: [...path, k].join('.'), message: 'not in the contract' });
      else unnamedKeys(v, (kept as Record<string, unknown>)[k], [...path, k], out);
    }
}

/** The issues of an answer off its route's schema, as JSON would send it (wrong, missing or unnamed fields); null when it keeps to it. */
export function offContract(r: Route, out: unknown): Issue[] | null {
  if (!r.response || isRaw(r.response)) return null;
  const sent = out === undefined ? undefined : JSON.parse(JSON.stringify(out));
  const checked = r.response.safeParse(sent);
  if (!checked.success) return checked.error.issues.map((i) => ({ path: ['answer', ...i.path].join('.'), message: i.message }));
  const unnamed: Issue[] = [];
  unnamedKeys(sent, checked.data, ['answer'], unnamed);
  return unnamed.length ? unnamed : null;
}

/** When answers are checked and this one is off its route's contract: logged, and the 500's body to send instead. */
export function contractBreach(r: Route, out: unknown, check: AnswerCheck): ApiErrorBody | null {
  const issues = check.on ? offContract(r, out) : null;
  if (!issues) return null;
  const message = `${r.method.toUpperCase()} ${r.path} answered off its contract`;
  if (check.log) check.log.error({ issues }, message);
  else console.error(message, JSON.stringify(issues));
  return { error: 'off_contract', message, details: issues };
}

/** An input checked against its schema: its parsed value, or a 400 saying what is wrong. */
export function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new HttpError(
    400,
    'invalid_request',
    `invalid ${where}`,
    r.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
  );
}

export function checkAccess(access: Access, user: Principal | null): Principal | null {
  if (access === 'public' || access === 'device') return user;
  if (!user) throw unauthorized();
  if (!access.includes(user.role)) throw forbidden();
  return user;
}

/** Whether a request to a route is a terminal's: a device-only route, or a Bearer token where devices may call. */
const viaDevice = (access: Access, req: Request) =>
  access === 'device' || (Array.isArray(access) && access.includes('device') && /^Bearer /.test(req.headers.authorization ?? ''));

export type DeviceResolver = (bearerToken: string) => Promise<DevicePrincipal | null>;

export async function deviceOf(req: { headers: IncomingHttpHeaders }, resolve: DeviceResolver): Promise<DevicePrincipal> {
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const device = m ? await resolve(m[1]!) : null;
  if (!device) throw new HttpError(401, 'unauthorized', 'a valid device token is required: Authorization: Bearer <token>');
  return device;
}

export function mountRoutes(router: Router, routes: Route[], resolveDevice: DeviceResolver, check: AnswerCheck = { on: false, log: null }) {
  for (const r of routes) {
    if (r.door) continue; // served by http/doors.ts
    router[r.method](r.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const byDevice = viaDevice(r.access, req);
        const user = byDevice ? undefined : checkAccess(r.access, (res.locals.user as Principal | undefined) ?? null);
        const device = byDevice ? await deviceOf(req, resolveDevice) : undefined;
        const ctx = {
          req,
          res,
          user: user!,
          device: device!,
          query: parseInput(r.query, req.query, 'query'),
          params: parseInput(r.params, req.params, 'path'),
          body: parseInput(r.body, req.body, 'body'),
        };
        const out = await r.handler(ctx);
        if (res.headersSent) return;
        const breach = contractBreach(r, out, check);
        if (breach) return void res.status(500).json(breach);
        res.status(r.status ?? 200).json(out);
      } catch (err) {
        next(err);
      }
    });
  }
}

/** OpenAPI 3.1 from the route table: JSON Schema straight from the zod schemas (zod 4 writes it). */
export function openApiDocument(routes: Route[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  const errorSchema = z.toJSONSchema(ApiErrorBody, { io: 'output', unrepresentable: 'any' });
  const answerDoc = (a: Route['response']) =>
    !a
      ? { description: 'OK' }
      : isRaw(a)
        ? { description: a.description, ...(a.contentType ? { content: { [a.contentType]: {} } } : {}) }
        : { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(a, { io: 'output', unrepresentable: 'any' }) } } };
  for (const r of routes) {
    const path = `/api${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const parameters: unknown[] = [];
    for (const [where, s] of [
      ['query', r.query],
      ['path', r.params],
    ] as const) {
      const js = s ? (schema(s) as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
      for (const [name, prop] of Object.entries(js?.properties ?? {}))
        parameters.push({ name, in: where, required: where === 'path' || (js?.required ?? []).includes(name), schema: prop });
    }
    paths[path] ??= {};
    for (const method of r.method === 'all' ? ['get', 'post'] : [r.method])
      paths[path][method] = {
        summary: r.summary,
        'x-access': r.access === 'public' ? 'public' : r.access,
        ...(parameters.length ? { parameters } : {}),
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body) } } } } : {}),
        responses: {
          [String(r.status ?? 200)]: answerDoc(r.response),
          '4XX': { description: 'Bad input or not allowed: `{ error, message, details? }`', content: { 'application/json': { schema: errorSchema } } },
        },
        ...(r.access === 'public'
          ? {}
          : { security: r.access === 'device' ? [{ device: [] }] : r.access.includes('device') ? [{ device: [] }, { session: [] }] : [{ session: [] }] }),
      };
  }
  return {
    openapi: '3.1.0',
    info,
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gp_session' }, device: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
