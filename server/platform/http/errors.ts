import type { ApiErrorBody } from '../../../shared/core/contract.ts';
import { isDatabaseUnavailable } from '../db/index.ts';
import type { Logger } from '../log.ts';

/** An error the client caused or must know of: becomes `{ error, message, details? }` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (why = 'your role may not do this') => new HttpError(403, 'forbidden', why);
export const unauthorized = () => new HttpError(401, 'unauthorized', 'log in first');

/**
 * What an error becomes for the caller: a 4xx saying what is wrong, a 503 while the database is away (nothing
 * was acknowledged, so a terminal keeps its fixes and sends them again: the doors are idempotent), else a 500.
 */
export function errorAnswer(
  err: unknown,
  log: Pick<Logger, 'warn' | 'error'>,
  path: string,
): { status: number; body: ApiErrorBody; headers?: Record<string, string> } {
  if (err instanceof HttpError)
    return { status: err.status, body: { error: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  // body-parser's errors carry a status and a type.
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') return { status: 413, body: { error: 'too_large', message: 'request body too large' } };
  if (type === 'entity.parse.failed') return { status: 400, body: { error: 'invalid_json', message: 'request body is not valid JSON' } };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return { status: 415, body: { error: 'unsupported_encoding', message: String((err as Error).message) } };
  // Express's own refusals carry a 4xx status: a path that is not valid percent-encoding (a URIError).
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return {
      status,
      body: { error: 'invalid_request', message: err instanceof URIError ? 'the path is not valid percent-encoding' : String((err as Error).message) },
    };
  if (isDatabaseUnavailable(err)) {
    log.warn({ err: String(err), path }, 'database unavailable');
    return { status: 503, headers: { 'retry-after': '5' }, body: { error: 'unavailable', message: 'the database is unavailable, try again shortly' } };
  }
  log.error({ err, path }, 'request failed');
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}
