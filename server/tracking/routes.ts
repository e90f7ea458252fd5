import { randomBytes } from 'node:crypto';
// The two doors for terminals (native JSON batches; OsmAnd as Traccar Client speaks it), device
// registration, tracks for replay, and the live picture of workers.
import { BRIGADE_ROLES } from '../../shared/core/roles.ts';
import type { z } from 'zod';
import type { Sendable } from '../../shared/core/contract.ts';
import { type Device, type TerminalDay, type UnknownDevice, tracking as contract } from '../../shared/tracking/contract.ts';
import { dayRange } from '../../shared/core/time.ts';
import { audit } from '../auth/audit.ts';
import { placeFilter, placeParams, scopeFor, seesNames } from '../auth/scope.ts';
import { maskName } from '../../shared/core/mask.ts';
import type { Platform } from '../platform/capability.ts';
import type { Tracking } from './core.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';
import { route, terminalRoute } from '../platform/http/route.ts';
import { NativeFix, fromNative } from './fix.ts';
import { RateLimit } from '../platform/http/rateLimit.ts';
import { registerDevice, revokeDevice, rotateDeviceToken } from './devices.ts';
import { OSMAND_BUDGET, osmandDoor } from './osmand.ts';
import type { Incoming } from './pipeline.ts';
import { workerFixes, type TrackFix } from './store.ts';
import { trackSegments } from './tracks.ts';

export const MAX_FIXES = 1000;
/**
 * A terminal sends a batch every few seconds, or one fix a request as it empties its offline buffer (the
 * field app, Traccar Client): as much as over OsmAnd, far above that pace, far below a flood.
 */
export const NATIVE_BUDGET = OSMAND_BUDGET;

/** A native batch as the pipeline takes it: at most MAX_FIXES, each fix parsed or refused with what is wrong. */
export function readNativeBatch(fixes: readonly unknown[]): Incoming[] {
  if (fixes.length > MAX_FIXES) throw new HttpError(413, 'too_large', `at most ${MAX_FIXES} fixes a request, got ${fixes.length}`);
  return fixes.map((raw) => {
    const r = NativeFix.safeParse(raw);
    return r.success ? fromNative(r.data) : { error: `invalid: ${r.error.issues.map((i) => `${i.path.join('.') || 'fix'} ${i.message}`).join('; ')}` };
  });
}

export function trackingRoutes({ db, devices, devicesChanged }: Platform, { feed: hub, ...tracking }: Tracking) {
  const nativeBudget = new RateLimit(NATIVE_BUDGET.max, NATIVE_BUDGET.windowMs);
  const receiveOsmand = osmandDoor(db, devices, tracking.pipeline);

  const unknownDevices = () =>
    db.query<Sendable<z.infer<typeof UnknownDevice>>>(
      `SELECT unique_id AS "uniqueId", first_seen AS "firstSeen", last_seen AS "lastSeen", attempts FROM unknown_devices ORDER BY last_seen DESC LIMIT 200`,
    );

  return [
    route(contract.registerDevice, {
      summary: 'Register a terminal for a worker; answers its token once',
      access: ['admin'],
      async handler({ body, user, req }) {
        return db.transaction(async (tx) => {
          const d = await registerDevice(tx, body.uniqueId ?? `XG-${randomBytes(12).toString('base64url')}`, body.workerId);
          await audit(tx, {
            userId: user.userId,
            action: 'create',
            entity: 'device',
            entityId: d.id,
            after: { uniqueId: d.uniqueId, workerId: d.workerId },
            ip: req.ip,
          });
          return d;
        });
      },
    }),
    route(contract.devices, {
      summary: 'Registered terminals, and ids that knocked without being registered',
      access: ['admin'],
      async handler() {
        const devices = await db.query<Sendable<z.infer<typeof Device>>>(
          `SELECT id, unique_id AS "uniqueId", worker_id AS "workerId", status, created_at AS "createdAt" FROM devices ORDER BY id`,
        );
        return { devices, unknown: await unknownDevices() };
      },
    }),
    route(contract.unknownDevices, {
      summary: 'Ids that knocked at a door without being registered, the most recent first: one is registered with POST /devices',
      access: ['admin'],
      handler: async () => ({ unknown: await unknownDevices() }),
    }),
    route(contract.rotateToken, {
      summary: 'Issue a new token for a terminal; the old one stops working at once',
      access: ['admin'],
      async handler({ params, user, req }) {
        const token = await rotateDeviceToken(db, params.id);
        devicesChanged();
        await audit(db, { userId: user.userId, action: 'rotate_token', entity: 'device', entityId: params.id, ip: req.ip });
        return { id: params.id, token };
      },
    }),
    route(contract.revoke, {
      summary: 'Cut a terminal off at once (a lost phone): its token and its OsmAnd id are refused from now on',
      access: ['admin'],
      async handler({ params, user, req }) {
        await revokeDevice(db, params.id);
        devicesChanged();
        await audit(db, { userId: user.userId, action: 'revoke', entity: 'device', entityId: params.id, ip: req.ip });
        return { id: params.id, status: 'revoked' };
      },
    }),
    terminalRoute(contract.positions, {
      summary: `Native door: a batch of up to ${MAX_FIXES} fixes from one terminal (Bearer device token)`,
      access: 'device',
      async handler({ body, device }) {
        nativeBudget.take(String(device.id));
        const { filtered: _f, ...result } = await tracking.pipeline.ingest(device, readNativeBatch(body.fixes));
        return result;
      },
    }),
    terminalRoute(contract.osmand, {
      summary: 'OsmAnd door, as Traccar Client sends: query string, form body, or JSON; 200 with an empty body',
      access: 'public', // terminals are known by their registered id, as in Traccar (see SECURITY.md)
      handler: receiveOsmand,
    }),
    route(contract.tracks, {
      summary: 'A worker’s cleaned track for a day (Asia/Shanghai) or a range, as timed LineStrings split at gaps',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const scope = scopeFor(user);
        const [w] = await db.query<{ squadId: number; gridId: number | null }>(
          `SELECT w.squad_id AS "squadId", g.id AS "gridId" FROM workers w LEFT JOIN grids g ON g.worker_id = w.id WHERE w.id = $1`,
          [query.worker],
        );
        if (!w) throw notFound(`worker ${query.worker}`);
        if ((scope.squadId !== null && w.squadId !== scope.squadId) || (scope.gridId !== null && w.gridId !== scope.gridId))
          throw new HttpError(403, 'forbidden', 'this worker is outside your scope');
        const { start, end } = query.date ? dayRange(query.date) : { start: new Date(query.from!), end: new Date(query.to!) };
        if (end <= start) throw new HttpError(400, 'invalid_request', 'to must be after from');
        if (end.getTime() - start.getTime() > 31 * 86_400_000) throw new HttpError(400, 'invalid_request', 'at most 31 days at once');
        const long = end.getTime() - start.getTime() > 86_400_000;
        const segments = trackSegments(await workerFixes(db, query.worker, start, end), { gapMs: tracking.filters.gapMs, minStepMs: long ? 60_000 : 0 });
        return {
          type: 'FeatureCollection',
          features: segments.map((s, i) => ({
            type: 'Feature',
            id: i,
            geometry: { type: 'LineString', coordinates: s.map((f) => [f.lon, f.lat]) },
            properties: { workerId: query.worker, times: s.map((f) => f.t), simplified: long },
          })),
        };
      },
    }),
    route(contract.dayTracks, {
      summary: 'Every worker’s cleaned track of a day (Asia/Shanghai) in scope, one vertex a minute at most, split at gaps: the wall’s 今日轨迹',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const scope = scopeFor(user);
        const { start, end } = dayRange(query.date);
        const rows = await db.query<TrackFix & { w: number; s: number }>(
          `SELECT p.worker_id AS w, wk.squad_id AS s, p.lon, p.lat, (extract(epoch FROM p.fix_time) * 1000)::float8 AS t
             FROM positions p JOIN workers wk ON wk.id = p.worker_id LEFT JOIN grids g ON g.worker_id = wk.id
            WHERE p.verdict = 'ok' AND p.fix_time >= $1 AND p.fix_time < $2 AND ${placeFilter('wk.squad_id', 'g.id', 3)}
            ORDER BY p.worker_id, p.fix_time`,
          [start, end, ...placeParams(scope)],
        );
        const byWorker = new Map<number, { squadId: number; fixes: TrackFix[] }>();
        for (const r of rows) (byWorker.get(r.w) ?? byWorker.set(r.w, { squadId: r.s, fixes: [] }).get(r.w)!).fixes.push(r);
        return {
          date: query.date,
          tracks: [...byWorker].map(([workerId, { squadId, fixes }]) => ({
            workerId,
            squadId,
            paths: trackSegments(fixes, { gapMs: tracking.filters.gapMs, minStepMs: 60_000 }).map((seg) => seg.map((f) => [f.lon, f.lat])),
          })),
        };
      },
    }),
    route(contract.live, {
      summary: 'Latest position, status and last 30 minutes of each worker in scope',
      access: BRIGADE_ROLES,
      handler: async ({ user }) => hub.snapshot(scopeFor(user)),
    }),
    route(contract.days, {
      summary: 'Each terminal’s figures for a finished day (fixes, clean fixes, refusals by reason, km): kept after its raw positions are pruned',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const scope = scopeFor(user);
        const rows = await db.query<Sendable<z.infer<typeof TerminalDay>> & { worker: string | null }>(
          `SELECT p.device_id AS "deviceId", d.unique_id AS "uniqueId", p.worker_id AS "workerId", w.name AS worker, w.squad_id AS "squadId",
                  p.fixes, p.kept, p.verdicts, round(p.distance_m::numeric, 1)::float8 AS "distanceM", p.first_fix AS "firstFix", p.last_fix AS "lastFix"
             FROM position_days p JOIN devices d ON d.id = p.device_id LEFT JOIN workers w ON w.id = p.worker_id LEFT JOIN grids g ON g.worker_id = w.id
            WHERE p.day = $1 AND ${placeFilter('w.squad_id', 'g.id', 2)} ORDER BY p.device_id`,
          [query.date, ...placeParams(scope)],
        );
        // A terminal's OsmAnd id is its only credential on that door: nobody but an administrator sees it (R7).
        const terminals = rows.map(({ uniqueId, ...r }) => ({
          ...r,
          ...(user.role === 'admin' ? { uniqueId } : {}),
          worker: r.worker && (seesNames(user.role) ? r.worker : maskName(r.worker)),
        }));
        return { date: query.date, terminals };
      },
    }),
    route(contract.quality, {
      summary: 'Fixes by filter verdict since the server started (data quality), and receipt-to-broadcast latency',
      access: BRIGADE_ROLES,
      handler: async ({ query }) => ({ verdicts: { ...tracking.pipeline.counts }, broadcastLatencyMs: hub.latency.summary(query.since) }),
    }),
  ];
}
