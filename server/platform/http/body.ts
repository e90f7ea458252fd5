// A request's raw body (a photo, a town's file), refused with 413 beyond a size and 415 when a JSON or form
// parser already took it (then it was not sent as the raw file).
import type { Request } from 'express';
import { HttpError } from './errors.ts';

export function readRawBody(req: Request, limit: number, what: string): Promise<Buffer> {
  if (req.readableEnded) return Promise.reject(new HttpError(415, 'unsupported_media_type', `${what} must be sent as its raw bytes, not as JSON or a form`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, 'payload_too_large', `${what} may be at most ${Math.round(limit / 1024 / 1024)} MB`));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
