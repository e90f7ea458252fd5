// Positions from the app (browser geolocation) and the Traccar Client setup of my phone: a worker's session
// sends the native door's body, which goes through the same pipeline as the terminal's own (filters, store,
// live picture, coverage), as the worker's registered terminal — the newest active one.
import { field as contract } from '../../shared/field/contract.ts';
import type { Platform } from '../platform/capability.ts';
import { HttpError } from '../platform/http/errors.ts';
import { RateLimit } from '../platform/http/rateLimit.ts';
import { route } from '../platform/http/route.ts';
import { MAX_FIXES, readNativeBatch } from '../tracking/routes.ts';
import type { TrackingCapability } from '../tracking/index.ts';

/**
 * The budget of the app's position door per worker, as the terminal doors have theirs (tracking's
 * NATIVE_BUDGET, OSMAND_BUDGET; SECURITY.md): the app sends one batch every 30 s, so 30 requests in 10 s is
 * far above its pace and far below a flood. Beyond it a 429 with Retry-After, which the app honours with
 * its fixes kept for the next round: a limit never costs a fix (R15: the track is the patrol's record).
 */
export const FIELD_POSITIONS_BUDGET = { max: 30, windowMs: 10_000 };

/** Traccar Client's settings this product works best with (a fix every 10 s, or every 10 m moved). */
const TRACCAR_INTERVAL_S = 10;
const TRACCAR_DISTANCE_M = 10;

export function positionRoutes({ db, config }: Platform, tracking: TrackingCapability) {
  const budget = new RateLimit(FIELD_POSITIONS_BUDGET.max, FIELD_POSITIONS_BUDGET.windowMs, 'too many position requests from this worker');
  async function terminalOf(workerId: number | null) {
    const [d] = await db.query<{ id: number; uniqueId: string; workerId: number }>(
      `SELECT id, unique_id AS "uniqueId", worker_id AS "workerId" FROM devices WHERE worker_id = $1 AND status = 'active' ORDER BY id DESC LIMIT 1`,
      [workerId],
    );
    if (!d) throw new HttpError(404, 'no_terminal', 'no terminal is registered to you: ask an administrator to register one (POST /devices)');
    return d;
  }
  return [
    route(contract.positions, {
      summary: `My position from the app: the native door’s body (up to ${MAX_FIXES} fixes), through the pipeline as my registered terminal`,
      access: ['worker'],
      async handler({ body, user, res }) {
        try {
          budget.take(String(user.workerId ?? `user:${user.userId}`));
        } catch (err) {
          // When to come back, as a header a phone (and any HTTP client) understands, beside the JSON details.
          const details = err instanceof HttpError && Array.isArray(err.details) ? (err.details as { path: string; message: string }[]) : [];
          const wait = details.find((d) => d.path === 'retryAfter')?.message;
          if (wait) res.set('Retry-After', wait);
          throw err;
        }
        const incoming = readNativeBatch(body.fixes);
        const terminal = await terminalOf(user.workerId);
        const { filtered: _f, ...result } = await tracking.pipeline.ingest(terminal, incoming);
        return result;
      },
    }),
    route(contract.traccar, {
      summary: 'Traccar Client settings for my terminal (server URL, device id) for the setup page’s QR code; 404 when none is registered',
      access: ['worker'],
      async handler({ user, req }) {
        const terminal = await terminalOf(user.workerId);
        // The OsmAnd door: its own port when OSMAND_PORT is set (a bare URL, as Traccar Client is configured), else /api/osmand.
        const host = req.hostname;
        const serverUrl = config.OSMAND_PORT ? `${req.protocol}://${host}:${config.OSMAND_PORT}` : `${req.protocol}://${req.get('host')}/api/osmand`;
        const qr = `${serverUrl}?id=${encodeURIComponent(terminal.uniqueId)}&interval=${TRACCAR_INTERVAL_S}&distance=${TRACCAR_DISTANCE_M}`;
        return { serverUrl, deviceId: terminal.uniqueId, intervalS: TRACCAR_INTERVAL_S, distanceM: TRACCAR_DISTANCE_M, qr };
      },
    }),
  ];
}
