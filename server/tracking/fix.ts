// One GPS fix as both doors hand it to the pipeline, and the parsing of what terminals send.
import { z } from 'zod';

export interface Fix {
  fixTime: Date;
  lat: number;
  lon: number;
  accuracy: number | null;
  speed: number | null; // m/s
  heading: number | null;
  altitude: number | null;
  battery: number | null; // percent
  attributes: Record<string, string | number | boolean>;
}

const SHANGHAI_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ ](\d{2}):(\d{2}):(\d{2})$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A fix time as terminals write it: Unix seconds, Unix milliseconds (values ≥ 2147483647, as Traccar
 * reads them), ISO-8601 with a zone, or `yyyy-MM-dd HH:mm:ss`, read as Beijing time (the town's clock).
 */
export function parseFixTime(value: string): Date | null {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return new Date(n >= 2147483647 ? n : n * 1000);
  }
  if (ISO_WITH_ZONE.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const m = SHANGHAI_LOCAL.exec(v);
  if (m) {
    const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
    return Number.isNaN(t) ? null : new Date(t);
  }
  return null;
}

const finite = z.number().finite();
const optionalFinite = finite.nullable().optional();

/** A fix of the native door: `POST /api/positions`. */
export const NativeFix = z.strictObject({
  deviceTime: z.string().refine((s) => ISO_WITH_ZONE.test(s) && !Number.isNaN(Date.parse(s)), 'ISO-8601 with a zone, e.g. 2026-11-26T08:00:00+08:00'),
  lat: finite,
  lon: finite,
  accuracy: finite.min(0).nullable().optional(),
  speed: finite.min(0).nullable().optional(),
  heading: optionalFinite,
  altitude: optionalFinite,
  battery: finite.min(0).max(100).nullable().optional(),
});
export type NativeFix = z.infer<typeof NativeFix>;

export function fromNative(f: NativeFix): Fix {
  return {
    fixTime: new Date(Date.parse(f.deviceTime)),
    lat: f.lat,
    lon: f.lon,
    accuracy: f.accuracy ?? null,
    speed: f.speed ?? null,
    heading: f.heading ?? null,
    altitude: f.altitude ?? null,
    battery: f.battery ?? null,
    attributes: {},
  };
}

const KNOT = 0.514444;

export class FixError extends Error {}

/** The OsmAnd form (query string or urlencoded body), as Traccar Client sends it. */
export function fromOsmandParams(params: Record<string, unknown>): { deviceId: string; fix: Fix } {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') p[k] = v;
  const deviceId = p.id ?? p.deviceid;
  if (!deviceId) throw new FixError('missing id');
  let lat = p.lat;
  let lon = p.lon;
  if (p.location) [lat, lon] = p.location.split(',');
  const num = (key: string, v: string | undefined): number | null => {
    if (v === undefined || v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new FixError(`${key} is not a number`);
    return n;
  };
  const latN = num('lat', lat);
  const lonN = num('lon', lon);
  if (latN === null || lonN === null) throw new FixError('missing lat/lon');
  const fixTime = p.timestamp === undefined ? new Date() : parseFixTime(p.timestamp);
  if (!fixTime) throw new FixError('timestamp is not Unix seconds, milliseconds, ISO-8601 or yyyy-MM-dd HH:mm:ss');
  const speedKnots = num('speed', p.speed);
  const known = new Set(['id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'heading', 'altitude', 'accuracy', 'batt']);
  const attributes: Fix['attributes'] = {};
  for (const [k, v] of Object.entries(p)) if (!known.has(k) && k.length <= 64) attributes[k] = v.slice(0, 256);
  return {
    deviceId,
    fix: {
      fixTime,
      lat: latN,
      lon: lonN,
      accuracy: num('accuracy', p.accuracy),
      speed: speedKnots === null ? null : speedKnots * KNOT,
      heading: num('bearing', p.bearing ?? p.heading),
      altitude: num('altitude', p.altitude),
      battery: num('batt', p.batt),
      attributes,
    },
  };
}

/** The JSON form (Content-Type: application/json) of the OsmAnd door. */
export const OsmandJson = z.object({
  device_id: z.string().min(1).max(128),
  location: z.object({
    timestamp: z.string(),
    coords: z.object({
      latitude: finite,
      longitude: finite,
      accuracy: optionalFinite,
      speed: optionalFinite, // m/s in this form
      heading: optionalFinite,
      altitude: optionalFinite,
    }),
    battery: z.object({ level: finite.min(0).max(1).optional(), is_charging: z.boolean().optional() }).optional(),
    is_moving: z.boolean().optional(),
    event: z.string().max(64).optional(),
  }),
});

export function fromOsmandJson(body: z.infer<typeof OsmandJson>): { deviceId: string; fix: Fix } {
  const { location: l } = body;
  const fixTime = parseFixTime(l.timestamp);
  if (!fixTime) throw new FixError('location.timestamp is not a time');
  const attributes: Fix['attributes'] = {};
  if (l.battery?.is_charging !== undefined) attributes.charge = l.battery.is_charging;
  if (l.is_moving !== undefined) attributes.motion = l.is_moving;
  if (l.event) attributes.event = l.event;
  return {
    deviceId: body.device_id,
    fix: {
      fixTime,
      lat: l.coords.latitude,
      lon: l.coords.longitude,
      accuracy: l.coords.accuracy ?? null,
      speed: l.coords.speed != null && l.coords.speed >= 0 ? l.coords.speed : null,
      heading: l.coords.heading != null && l.coords.heading >= 0 ? l.coords.heading : null,
      altitude: l.coords.altitude ?? null,
      battery: l.battery?.level != null ? Math.round(l.battery.level * 100) : null,
      attributes,
    },
  };
}
