// The terminals' doors on plain node:http (issue 20, R7): thousands of one-fix requests a second, where
// Express's router, body parsers and answer were half of a request's CPU (the native door on PostgreSQL:
// 0.25 ms a request through Express, 0.10–0.12 ms without it). The routes are the route table's
// (terminalRoute), with the same contracts, checks and error answers as every other route; the body is read
// as Express's parsers read it (JSON up to 1 MB, a form up to 64 kB and 100 fields, UTF-8, gzip/deflate/br).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import proxyaddr from 'proxy-addr';
import type { Logger } from '../log.ts';
import { HttpError, errorAnswer } from './errors.ts';
import { crossSiteWrite } from './guard.ts';
import { type AnswerCheck, type DeviceResolver, type DoorContext, type Route, contractBreach, deviceOf, parseInput } from './route.ts';

/** A full batch of 1,000 fixes is about 200 kB of JSON; a form (the OsmAnd door's) is a few fields. */
export const DOOR_LIMITS = { jsonBytes: 1 << 20, formBytes: 64 << 10, formFields: 100 };

export interface TerminalDoors {
  /** Whether a request's URL is one of the doors' (its path, without the query). */
  serves(url: string | undefined): boolean;
  /** Answers a request; `path` stands for the URL's (the OsmAnd port takes any path as its door). */
  serve(req: IncomingMessage, res: ServerResponse, path?: string): void;
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

export function terminalDoors(
  routes: Route[],
  opts: { resolveDevice: DeviceResolver; check: AnswerCheck; trustProxy: string[]; log: Pick<Logger, 'warn' | 'error'> },
): TerminalDoors {
  const doors = new Map(routes.filter((r) => r.door).map((r) => [`/api${r.path}`, r]));
  const trust = proxyaddr.compile(opts.trustProxy);

  async function answer(req: IncomingMessage, res: ServerResponse, path: string) {
    try {
      const r = doors.get(path);
      const method = req.method ?? 'GET';
      if (!r || (r.method !== 'all' && r.method !== method.toLowerCase())) throw new HttpError(404, 'not_found', `no route ${method} ${path}`);
      if (crossSiteWrite(method, req.headers)) throw new HttpError(403, 'cross_site', 'a write from another site is refused');
      const { body, json } = await readBody(req);
      const device = r.access === 'device' ? await deviceOf(req, opts.resolveDevice) : undefined;
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const ctx: DoorContext<unknown> = {
        query: q < 0 ? {} : parseQuery(url.slice(q + 1)),
        body: r.body ? parseInput(r.body, body, 'body') : body,
        json,
        device: device!,
        ip: proxyaddr(req, trust),
      };
      const out = await r.handler(ctx);
      const breach = contractBreach(r, out, opts.check);
      if (breach) return send(res, 500, breach);
      send(res, r.status ?? 200, out);
    } catch (err) {
      const { status, body, headers } = errorAnswer(err, opts.log, path);
      send(res, status, body, headers);
    }
  }

  return {
    serves: (url) => doors.has(pathOf(url ?? '')),
    serve(req, res, path = pathOf(req.url ?? '')) {
      void answer(req, res, path);
    },
  };
}

/** A JSON answer, or an empty one (the OsmAnd door's); never cached, never sniffed. */
function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'x-content-type-options': 'nosniff',
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Whether a request has a body at all (type-is's rule, as Express's parsers use it). */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number.parseInt(req.headers['content-length'] ?? '', 10));

/** The body as Express's JSON and form parsers give it: undefined for another type or none. */
async function readBody(req: IncomingMessage): Promise<{ body: unknown; json: boolean }> {
  const header = req.headers['content-type'] ?? '';
  const type = header.split(';')[0]!.trim().toLowerCase();
  const json = type === 'application/json';
  if ((!json && type !== 'application/x-www-form-urlencoded') || !hasBody(req)) return { body: undefined, json: false };
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(415, 'unsupported_encoding', `unsupported charset "${charset.toUpperCase()}"`);
  const text = (await readRaw(req, json ? DOOR_LIMITS.jsonBytes : DOOR_LIMITS.formBytes)).toString('utf8');
  if (!json) {
    if (text.split('&').length > DOOR_LIMITS.formFields) throw new HttpError(413, 'too_large', `at most ${DOOR_LIMITS.formFields} form fields`);
    return { body: parseQuery(text), json };
  }
  // As the JSON parser in strict mode: an empty body is {}, and only an object or an array is JSON here.
  if (text.trim() === '') return { body: {}, json };
  if (!/^[\s]*[{[]/.test(text)) throw invalidJson();
  try {
    return { body: JSON.parse(text), json };
  } catch {
    throw invalidJson();
  }
}

const invalidJson = () => new HttpError(400, 'invalid_json', 'request body is not valid JSON');
const tooLarge = () => new HttpError(413, 'too_large', 'request body too large');
const INFLATE: Record<string, (b: Buffer, o: { maxOutputLength: number }) => Buffer> = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync };

/** The body's bytes, inflated, at most `limit` of them either way. */
function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const inflate = INFLATE[encoding];
  if (!inflate && encoding !== 'identity') return Promise.reject(new HttpError(415, 'unsupported_encoding', `unsupported content encoding "${encoding}"`));
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(tooLarge());
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!ended) reject(new HttpError(400, 'invalid_request', 'the request was cut off'));
    });
    req.on('end', () => {
      ended = true;
      const raw = Buffer.concat(chunks);
      if (!inflate) return resolve(raw);
      try {
        resolve(inflate(raw, { maxOutputLength: limit }));
      } catch (err) {
        reject(
          (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge() : new HttpError(400, 'invalid_request', `the body is not valid ${encoding}`),
        );
      }
    });
  });
}
