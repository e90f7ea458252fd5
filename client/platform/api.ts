import type { z } from 'zod';
import type { AnswerOf, ApiErrorBody, Endpoint } from '../../shared/core/contract.ts';

/** An API error with the server's JSON body `{ error, message, details? }` (ApiErrorBody). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What a call sends: its query, body and path parameters as the endpoint's schemas take them. */
export interface CallArgs<E extends Endpoint> {
  query?: E extends Endpoint<infer Q> ? z.input<Q> : never;
  body?: E extends Endpoint<z.ZodType, infer B> ? z.input<B> : never;
  params?: E extends Endpoint<z.ZodType, z.ZodType, infer P> ? z.input<P> : never;
  /** A body that is not JSON (a photo's bytes), sent as it is with its content type. */
  raw?: Blob;
}

/** The endpoint's path with its parameters filled in and its query string. */
export function urlOf<E extends Endpoint>(e: E, args: CallArgs<E> = {}): string {
  const params = (args.params ?? {}) as Record<string, unknown>;
  const path = e.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries((args.query ?? {}) as Record<string, unknown>)) if (v !== undefined && v !== null) search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Calls an endpoint: the answer typed from its contract (a raw `Response` for a non-JSON answer). */
export async function call<E extends Endpoint>(e: E, args: CallArgs<E> = {}, init: RequestInit = {}): Promise<AnswerOf<E>> {
  const json = args.body !== undefined;
  const res = await fetch(`/api${urlOf(e, args)}`, {
    credentials: 'same-origin',
    method: e.method === 'all' ? 'GET' : e.method.toUpperCase(),
    ...init,
    headers: {
      ...(json ? { 'content-type': 'application/json' } : args.raw ? { 'content-type': args.raw.type || 'application/octet-stream' } : {}),
      ...init.headers,
    },
    body: json ? JSON.stringify(args.body) : args.raw,
  });
  const isJson = res.headers.get('content-type')?.includes('json');
  if (!res.ok) {
    const body = (isJson ? await res.json() : null) as ApiErrorBody | null;
    throw new ApiError(res.status, body?.error ?? 'http_error', body?.message ?? res.statusText, body?.details);
  }
  if (!('safeParse' in e.response)) return res as AnswerOf<E>;
  return (isJson ? await res.json() : null) as AnswerOf<E>;
}

/** Sends the user to the login page, to come back here afterwards. */
export function toLogin() {
  const next = encodeURIComponent(location.pathname + location.search);
  location.assign(`/login?next=${next}`);
}
