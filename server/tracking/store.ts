// Positions in the database: appended in batches, read back as tracks.
import { shanghaiDay } from '../../shared/core/time.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { Fix, Unplaced } from './fix.ts';
import type { LastKept, Verdict } from './filters.ts';

/** A stored fix's verdict: the filters', or that the report had no usable position (see fix.ts `Unplaced`). */
export type StoredVerdict = Verdict | Unplaced['verdict'];

export interface Judged {
  fix: Fix;
  verdict: StoredVerdict;
}

/** Only these have a real place: the others are stored with no geometry. */
const placed = (v: StoredVerdict) => v !== 'invalid_coordinates' && v !== 'no_position' && v !== 'unreadable';

/** A judged fix of one terminal, as a row of `positions`. */
export interface PositionRow extends Judged {
  deviceId: number;
  workerId: number | null;
}

/** The key of a stored row: its terminal and fix time. */
export const positionKey = (deviceId: number, fixTime: Date) => `${deviceId}:${fixTime.getTime()}`;

/** The table of a fix's Asia/Shanghai day (migration 008's ensure_positions_day names them so). */
export const dayTable = (fixTime: Date) => `positions_${shanghaiDay(fixTime).replaceAll('-', '')}`;

/** Appends fixes of any terminals in one statement; returns the keys of the rows stored (the others were already there). */
export async function appendPositions(q: Queryable, rows: readonly PositionRow[]): Promise<Set<string>> {
  const { rows: stored } = await bulkInsert<PositionRow, { device_id: number; fix_time: Date }>(
    q,
    'positions',
    [
      { name: 'device_id', type: 'int', value: (r) => r.deviceId },
      { name: 'worker_id', type: 'int', value: (r) => r.workerId },
      { name: 'fix_time', type: 'timestamptz', value: (r) => r.fix.fixTime.toISOString() },
      { name: 'lat', type: 'float8', value: (r) => r.fix.lat },
      { name: 'lon', type: 'float8', value: (r) => r.fix.lon },
      // The point from the row's own lon (c4) and lat (c3): no text to parse. Null where there is no place.
      { name: 'geom', type: 'bool', expr: 'CASE WHEN v THEN ST_SetSRID(ST_MakePoint(c4, c3), 4326) END', value: (r) => placed(r.verdict) },
      { name: 'accuracy', type: 'float8', value: (r) => r.fix.accuracy },
      { name: 'speed', type: 'float8', value: (r) => r.fix.speed },
      { name: 'heading', type: 'float8', value: (r) => r.fix.heading },
      { name: 'altitude', type: 'float8', value: (r) => r.fix.altitude },
      { name: 'battery', type: 'float8', value: (r) => r.fix.battery },
      { name: 'attributes', type: 'jsonb', value: (r) => r.fix.attributes },
      { name: 'verdict', type: 'text', value: (r) => r.verdict },
    ],
    rows,
    { suffix: 'ON CONFLICT (device_id, fix_time) DO NOTHING', returning: 'device_id, fix_time' },
  );
  return new Set(stored.map((r) => positionKey(r.device_id, r.fix_time)));
}

/** Each device's latest kept fix: what its next fix's jump and jitter are judged against. */
export async function lastKept(q: Queryable, deviceIds: readonly number[]): Promise<Map<number, LastKept>> {
  const rows = await q.query<{ device_id: number; lat: number; lon: number; fix_time: Date }>(
    `SELECT d.id AS device_id, p.lat, p.lon, p.fix_time FROM unnest($1::int[]) AS d(id)
       CROSS JOIN LATERAL (SELECT lat, lon, fix_time FROM positions WHERE device_id = d.id AND verdict = 'ok' ORDER BY fix_time DESC LIMIT 1) p`,
    [deviceIds],
  );
  return new Map(rows.map((r) => [r.device_id, { lat: r.lat, lon: r.lon, fixTime: r.fix_time }]));
}

export interface TrackFix {
  lon: number;
  lat: number;
  t: number;
}

/** Kept fixes of one worker in [from, to), in time order. */
export async function workerFixes(q: Queryable, workerId: number, from: Date, to: Date): Promise<TrackFix[]> {
  return q.query<TrackFix>(
    `SELECT lon, lat, (extract(epoch FROM fix_time) * 1000)::float8 AS t FROM positions
      WHERE worker_id = $1 AND verdict = 'ok' AND fix_time >= $2 AND fix_time < $3 ORDER BY fix_time`,
    [workerId, from, to],
  );
}

/** Of these fix times of a device, those refused before and since deleted by retention (their key is kept). */
export async function refusedBefore(q: Queryable, deviceId: number, times: Date[]): Promise<Set<number>> {
  const rows = await q.query<{ t: Date }>('SELECT fix_time AS t FROM refused_keys WHERE device_id = $1 AND fix_time = ANY($2::timestamptz[])', [
    deviceId,
    times.map((t) => t.toISOString()),
  ]);
  return new Set(rows.map((r) => r.t.getTime()));
}

/** Of a device's fixes stored already, those stored as kept ('ok'): the fix times. */
export async function storedKept(q: Queryable, deviceId: number, times: Date[]): Promise<Set<number>> {
  const rows = await q.query<{ t: Date }>(`SELECT fix_time AS t FROM positions WHERE device_id = $1 AND fix_time = ANY($2::timestamptz[]) AND verdict = 'ok'`, [
    deviceId,
    times.map((t) => t.toISOString()),
  ]);
  return new Set(rows.map((r) => r.t.getTime()));
}

/** Fixes of a device judged again by the fixes after them (spikes.ts): a held one found a spike, a challenger proved right. */
export async function reverdict(q: Queryable, deviceId: number, fixes: { fix: { fixTime: Date }; verdict: StoredVerdict }[]): Promise<void> {
  await q.query(
    `UPDATE positions p SET verdict = v.verdict FROM unnest($2::timestamptz[], $3::text[]) AS v(t, verdict) WHERE p.device_id = $1 AND p.fix_time = v.t`,
    [deviceId, fixes.map((f) => f.fix.fixTime.toISOString()), fixes.map((f) => f.verdict)],
  );
}
