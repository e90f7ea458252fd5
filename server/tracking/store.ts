// Positions in the database: appended in batches, read back as tracks.
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

/** Appends fixes of one device; returns the fix times actually stored (the others were already there). */
export async function appendPositions(q: Queryable, device: { id: number; workerId: number | null }, judged: Judged[]): Promise<Set<number>> {
  const { rows } = await bulkInsert<Judged, { fix_time: Date }>(
    q,
    'positions',
    [
      { name: 'device_id', type: 'int', value: () => device.id },
      { name: 'worker_id', type: 'int', value: () => device.workerId },
      { name: 'fix_time', type: 'timestamptz', value: (j) => j.fix.fixTime.toISOString() },
      { name: 'lat', type: 'float8', value: (j) => j.fix.lat },
      { name: 'lon', type: 'float8', value: (j) => j.fix.lon },
      {
        name: 'geom',
        type: 'text',
        expr: `CASE WHEN v IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromText(v), 4326) END`,
        value: (j) => (placed(j.verdict) ? `POINT(${j.fix.lon} ${j.fix.lat})` : null),
      },
      { name: 'accuracy', type: 'float8', value: (j) => j.fix.accuracy },
      { name: 'speed', type: 'float8', value: (j) => j.fix.speed },
      { name: 'heading', type: 'float8', value: (j) => j.fix.heading },
      { name: 'altitude', type: 'float8', value: (j) => j.fix.altitude },
      { name: 'battery', type: 'float8', value: (j) => j.fix.battery },
      { name: 'attributes', type: 'jsonb', value: (j) => j.fix.attributes },
      { name: 'verdict', type: 'text', value: (j) => j.verdict },
    ],
    judged,
    { suffix: 'ON CONFLICT (device_id, fix_time) DO NOTHING', returning: 'fix_time' },
  );
  return new Set(rows.map((r) => r.fix_time.getTime()));
}

/** The device's latest kept fix: what the next fix's jump and jitter are judged against. */
export async function lastKept(q: Queryable, deviceId: number): Promise<LastKept | null> {
  const rows = await q.query<{ lat: number; lon: number; fix_time: Date }>(
    `SELECT lat, lon, fix_time FROM positions WHERE device_id = $1 AND verdict = 'ok' ORDER BY fix_time DESC LIMIT 1`,
    [deviceId],
  );
  const r = rows[0];
  return r ? { lat: r.lat, lon: r.lon, fixTime: r.fix_time } : null;
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
