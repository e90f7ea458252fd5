// Terminals, the doors they send fixes through, tracks for replay and the live picture of workers: each
// endpoint's request and answer.
import type { LineString } from 'geojson';
import { z } from 'zod';
import { Timestamp, endpoint, raw } from '../core/contract.ts';
import { Day, Id } from '../core/schemas.ts';
import type { LiveWorker as LiveWorkerType } from './live.ts';

/** `uniqueId` may be left out: the server then issues an unguessable one (the OsmAnd door trusts it alone). */
export const DeviceBody = z.strictObject({
  uniqueId: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{4,64}$/, '4-64 characters: letters, digits, _ . : -')
    .optional(),
  workerId: Id.nullable(),
});
/** A batch of fixes; each is checked on its own (a bad one is refused, the others kept). */
export const PositionsBody = z.strictObject({ fixes: z.array(z.unknown()) });
export const DayQuery = z.strictObject({ date: Day });
export const TracksQuery = z
  .strictObject({ worker: Id, date: Day.optional(), from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })
  .refine((q) => (q.date !== undefined) !== (q.from !== undefined && q.to !== undefined), { message: 'give date=YYYY-MM-DD, or both from and to (ISO-8601)' });
const DeviceParams = z.strictObject({ id: Id });

export const TrailPoint = z.tuple([z.number(), z.number(), z.number()]);
export const LiveWorker = z.object({
  workerId: z.number(),
  squadId: z.number(),
  gridId: z.number().nullable(),
  lon: z.number(),
  lat: z.number(),
  fixTime: z.number(),
  speed: z.number().nullable(),
  heading: z.number().nullable(),
  battery: z.number().nullable(),
  status: z.enum(['patrolling', 'idle', 'offline', 'low_battery']),
  trail: z.array(TrailPoint),
}) satisfies z.ZodType<LiveWorkerType>;

/** A worker's track of a day as the server thins it: one path per stretch between gaps. */
export const DayTrack = z.object({ workerId: z.number(), squadId: z.number(), paths: z.array(z.array(z.tuple([z.number(), z.number()]))) });
export type DayTrack = z.infer<typeof DayTrack>;

export const Device = z.object({ id: z.number(), uniqueId: z.string(), workerId: z.number().nullable(), status: z.string(), createdAt: Timestamp });
/** An id that knocked at a door without being registered. */
export const UnknownDevice = z.object({ uniqueId: z.string(), firstSeen: Timestamp, lastSeen: Timestamp, attempts: z.number() });
/** A terminal's figures of a finished day (kept after its raw positions are pruned). */
export const TerminalDay = z.object({
  deviceId: z.number(),
  /** The terminal's OsmAnd id, its only credential on that door: for an administrator only (R7). */
  uniqueId: z.string().optional(),
  workerId: z.number().nullable(),
  worker: z.string().nullable(),
  squadId: z.number().nullable(),
  fixes: z.number(),
  kept: z.number(),
  verdicts: z.record(z.string(), z.number()),
  distanceM: z.number(),
  firstFix: Timestamp.nullable(),
  lastFix: Timestamp.nullable(),
});

const Latency = z.object({ samples: z.number(), p50: z.number().nullable(), p99: z.number().nullable(), max: z.number().nullable() });

export const tracking = {
  registerDevice: endpoint({
    method: 'post',
    path: '/devices',
    body: DeviceBody,
    status: 201,
    response: z.object({ id: z.number(), uniqueId: z.string(), workerId: z.number().nullable(), token: z.string() }),
  }),
  devices: endpoint({
    method: 'get',
    path: '/devices',
    response: z.object({
      devices: z.array(Device),
      unknown: z.array(UnknownDevice),
    }),
  }),
  /** The ids that knocked at a door unregistered (the most recent first), to register one (POST /devices with its uniqueId). */
  unknownDevices: endpoint({ method: 'get', path: '/devices/unknown', response: z.object({ unknown: z.array(UnknownDevice) }) }),
  rotateToken: endpoint({ method: 'post', path: '/devices/:id/token', params: DeviceParams, response: z.object({ id: z.number(), token: z.string() }) }),
  revoke: endpoint({ method: 'post', path: '/devices/:id/revoke', params: DeviceParams, response: z.object({ id: z.number(), status: z.literal('revoked') }) }),
  positions: endpoint({
    method: 'post',
    path: '/positions',
    body: PositionsBody,
    response: z.object({ accepted: z.number(), duplicates: z.number(), rejected: z.array(z.object({ index: z.number(), reason: z.string() })) }),
  }),
  osmand: endpoint({ method: 'all', path: '/osmand', response: raw(null, 'OK, with an empty body') }),
  tracks: endpoint({
    method: 'get',
    path: '/tracks',
    query: TracksQuery,
    response: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        z.object({
          type: z.literal('Feature'),
          id: z.number(),
          geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(z.tuple([z.number(), z.number()])) }) satisfies z.ZodType<LineString>,
          properties: z.object({ workerId: z.number(), times: z.array(z.number()), simplified: z.boolean() }),
        }),
      ),
    }),
  }),
  dayTracks: endpoint({ method: 'get', path: '/tracks/day', query: DayQuery, response: z.object({ date: z.string(), tracks: z.array(DayTrack) }) }),
  live: endpoint({
    method: 'get',
    path: '/workers/live',
    response: z.object({ node: z.string().optional(), seq: z.number(), at: z.number(), workers: z.array(LiveWorker) }),
  }),
  days: endpoint({
    method: 'get',
    path: '/tracking/days',
    query: DayQuery,
    response: z.object({
      date: z.string(),
      terminals: z.array(TerminalDay),
    }),
  }),
  quality: endpoint({
    method: 'get',
    path: '/tracking/quality',
    query: z.strictObject({ since: z.coerce.number().int().min(0).optional() }),
    response: z.object({ verdicts: z.record(z.string(), z.number()), broadcastLatencyMs: Latency }),
  }),
};
