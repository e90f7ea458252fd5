// What an endpoint is, for the server's route table and the client's calls alike: its method and path, the
// zod schemas of its query, body and path parameters, and of its answer, written once in
// shared/<capability>/contract.ts. The route table validates requests with them (and, with CHECK_ANSWERS,
// answers); the client's `call` is typed from them; the OpenAPI description is written from them.
import { z } from 'zod';

/** `all` answers any method, as the OsmAnd protocol requires. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'all';

/** An answer that is not JSON (a CSV export, a photo, an empty body): the handler sends it itself. */
export interface Raw {
  readonly raw: true;
  /** Its content type, when it has one (`image/*` for any image). */
  readonly contentType: string | null;
  readonly description: string;
}
export const raw = (contentType: string | null, description: string): Raw => ({ raw: true, contentType, description });
export const isRaw = (r: z.ZodType | Raw): r is Raw => (r as Raw).raw === true;

export interface Endpoint<
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType | Raw = z.ZodType | Raw,
> {
  method: Method;
  path: string;
  query?: Q;
  body?: B;
  params?: P;
  response: R;
  /** A successful answer's status; 200 unless said. */
  status?: number;
}

/** Declares an endpoint; what is left out (query, body, params) is `undefined` in the types. */
export function endpoint<
  R extends z.ZodType | Raw,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(e: { method: Method; path: string; query?: Q; body?: B; params?: P; response: R; status?: number }): Endpoint<Q, B, P, R> {
  return e;
}

/** What the client receives: the answer's type, or the raw `Response` of a non-JSON answer. */
export type AnswerOf<E extends Endpoint> = E['response'] extends z.ZodType ? z.output<E['response']> : Response;
/** What the client sends: the schemas' input types (before coercion and defaults). */
export type QueryOf<E extends Endpoint> = E extends Endpoint<infer Q> ? z.input<Q> : never;
export type BodyOf<E extends Endpoint> = E extends Endpoint<z.ZodType, infer B> ? z.input<B> : never;
export type ParamsOf<E extends Endpoint> = E extends Endpoint<z.ZodType, z.ZodType, infer P> ? z.input<P> : never;

/**
 * What a handler may return for a schema's type: the same, but a `Date` where a string is expected, since
 * JSON writes it as its ISO string (database rows carry their timestamps as Dates).
 */
export type Sendable<T> = T extends string ? T | Date : T extends object ? { [K in keyof T]: Sendable<T[K]> } : T;

/** The body of every error answer (4xx, 5xx): a code, a message, and what was wrong where, if known. */
export const ApiErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** `{ ok: true }`: done, nothing more to say. */
export const Ok = z.object({ ok: z.literal(true) });
/** A timestamp as the server writes it (ISO 8601). */
export const Timestamp = z.string();
/** A GeoJSON FeatureCollection; its features' geometry and properties as the layer's SQL makes them. */
export const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).optional(),
      geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }).nullable(),
      properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

/** What the server is configured with for every page: the title, and an online basemap if the site has one. */
export const Site = z.object({
  title: z.string(),
  /** The town this instance serves; null until one is brought in (SEED_DEMO=false on a first start). */
  town: z.object({ code: z.string(), name: z.string() }).nullable(),
  basemap: z.object({ tiles: z.array(z.string()), attribution: z.string() }).nullable(),
});
export type Site = z.infer<typeof Site>;
/** Raster tiles from the site's configuration (BASEMAP_TILES), e.g. Tianditu. */
export type OnlineBasemap = NonNullable<Site['basemap']>;

/** The platform's own endpoints (the composition root declares their routes). */
export const platform = {
  site: endpoint({ method: 'get', path: '/site', response: Site }),
  health: endpoint({
    method: 'get',
    path: '/health',
    response: z.object({
      status: z.literal('ok'),
      db: z.string(),
      postgis: z.string(),
      node: z.string(),
      cluster: z.unknown(),
      /** This node's memory, for an administrator only (how a load or a long day goes: bench/memory.ts). */
      memory: z.object({ rssMB: z.number(), heapUsedMB: z.number(), heapTotalMB: z.number(), externalMB: z.number() }).optional(),
    }),
  }),
  /** The API as OpenAPI 3.1: a document of its own standard, not restated here. */
  openapi: endpoint({ method: 'get', path: '/openapi.json', response: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }) }),
};
