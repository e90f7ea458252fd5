// Browser-facing defences every response and request passes: security headers with a Content Security
// Policy allowing only this origin (maplibre's worker is served from here too; an online basemap's tile
// hosts only when one is configured), and a cross-site request
// check for cookie-authenticated writes on top of the SameSite=Strict cookie.
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.ts';

/** The policy, with the origins of a configured online basemap let in for its tiles (images, fetched). */
const csp = (tileOrigins: string[]) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'", // React style attributes (panel colours, bar widths)
    ["img-src 'self' data: blob:", ...tileOrigins].join(' '),
    "worker-src 'self' blob:",
    ["connect-src 'self'", ...tileOrigins].join(' '),
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');

export function securityHeaders(tileUrls: string[] = []) {
  const policy = csp([...new Set(tileUrls.map((u) => new URL(u.replace(/[{}]/g, '')).origin))]);
  return (_req: Request, res: Response, next: NextFunction) => {
    res.set({
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
    });
    next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write from a browser must come from a page of this site: when the browser says where it comes from
 * (Origin, else Referer), that must be this host — with or without a session cookie, so that a page of
 * another site cannot log a browser into an account of its choosing either (login CSRF). Terminals (Bearer
 * tokens) and scripts send neither header.
 */
export function sameOriginWrites(req: Request, _res: Response, next: NextFunction) {
  next(crossSiteWrite(req.method, req.headers) ? new HttpError(403, 'cross_site', 'a write from another site is refused') : undefined);
}

/** Whether a request is a write a browser sent from a page of another site (see sameOriginWrites). */
export function crossSiteWrite(method: string | undefined, headers: IncomingHttpHeaders): boolean {
  if (SAFE.has(method ?? '') || /^Bearer /.test(headers.authorization ?? '')) return false;
  return !fromThisSite(headers.origin ?? headers.referer, headers.host);
}

/** Whether a browser's Origin (or Referer) is this host; true when the browser names none (a script, a terminal). */
export function fromThisSite(from: string | undefined, host: string | undefined): boolean {
  if (!from) return true;
  try {
    return new URL(from).host === host;
  } catch {
    return false; // `null` (a sandboxed or file page) and anything unreadable
  }
}
