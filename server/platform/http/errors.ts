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
