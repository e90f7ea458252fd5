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

/** Extra attributes are kept as Traccar keeps them (typed), within bounds: a phone cannot fill the table. */
const MAX_ATTRIBUTES = 32;
const MAX_KEY = 64;
const MAX_TEXT = 256;

type Attributes = Fix['attributes'];

function putAttribute(into: Attributes, key: string, value: unknown) {
  if (key.length > MAX_KEY || (Object.keys(into).length >= MAX_ATTRIBUTES && !(key in into))) return;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) into[key] = value;
  else if (typeof value === 'string') into[key] = value.slice(0, MAX_TEXT);
}

/** A query-form value typed as Traccar types it: a number, true/false, or text. */
function typedParam(v: string): string | number | boolean {
  if (v === 'true' || v === 'false') return v === 'true';
  const n = v.trim() === '' ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : v;
}

/**
 * What a request of a terminal holds once its id is read. A registered phone's request is never refused for
 * its content (Traccar Client retries the first fix of its queue forever on any refusal, R7): a fix with no
 * position (its heartbeat) or with an unreadable position or time is recorded with that verdict instead.
 */
export type Reading = { fix: Fix } | { unplaced: Unplaced };

/** A report that has no usable position: kept at the terminal's last place, never drawn nor counted. */
export interface Unplaced {
  verdict: 'no_position' | 'unreadable';
  reason: string | null;
  fixTime: Date | null;
  battery: number | null;
  attributes: Attributes;
}

/** A battery level as a percent; unknown (iOS sends -1) or impossible values are no reading. */
const batteryPercent = (v: number | null) => (v === null || v < 0 || v > 100 ? null : v);
/** Speed and heading are unknown when negative (Android and iOS both say so with -1). */
const known = (v: number | null) => (v === null || v < 0 ? null : v);

const OSMAND_FIELDS = new Set(['id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'heading', 'altitude', 'accuracy', 'batt']);

/** The id of an OsmAnd request in the query or form: `id`, or `deviceid` as older clients send. */
export function osmandParamsId(params: Record<string, unknown>): string | null {
  const id = params.id ?? params.deviceid;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The OsmAnd form (query string or urlencoded body), as Traccar Client sends it. */
export function readOsmandParams(params: Record<string, unknown>): Reading {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') p[k] = v;
  const attributes: Attributes = {};
  for (const [k, v] of Object.entries(p)) if (!OSMAND_FIELDS.has(k)) putAttribute(attributes, k, typedParam(v));
  const unreadable: string[] = [];
  const num = (key: string, v: string | undefined): number | null => {
    if (v === undefined || v === '') return null;
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    unreadable.push(key);
    return null;
  };
  const fixTime = p.timestamp === undefined ? new Date() : parseFixTime(p.timestamp);
  const battery = batteryPercent(num('batt', p.batt));
  let [lat, lon] = [p.lat, p.lon];
  if (p.location) [lat, lon] = p.location.split(',');
  const latN = num('lat', lat);
  const lonN = num('lon', lon);
  if (!fixTime) return { unplaced: { verdict: 'unreadable', reason: 'timestamp is not a time', fixTime: null, battery, attributes: rawOf(p) } };
  if (latN === null || lonN === null) {
    const reason = lat === undefined && lon === undefined ? null : `${unreadable.filter((k) => k === 'lat' || k === 'lon').join(', ') || 'lat/lon'} unreadable`;
    return {
      unplaced: reason
        ? { verdict: 'unreadable', reason, fixTime, battery, attributes: rawOf(p) }
        : { verdict: 'no_position', reason, fixTime, battery, attributes },
    };
  }
  const speedKnots = num('speed', p.speed);
  const fix: Fix = {
    fixTime,
    lat: latN,
    lon: lonN,
    accuracy: known(num('accuracy', p.accuracy)),
    speed: speedKnots === null || speedKnots < 0 ? null : speedKnots * KNOT,
    heading: known(num('bearing', p.bearing ?? p.heading)),
    altitude: num('altitude', p.altitude),
    battery,
    attributes,
  };
  // An unreadable optional reading is dropped, not the fix: the position is what the patrol needs.
  if (unreadable.length) putAttribute(fix.attributes, 'unreadable', unreadable.join(','));
  return { fix };
}

/** What the phone sent, kept (bounded) on a report the door could not read, for an administrator to see. */
function rawOf(p: Record<string, string>): Attributes {
  const raw: Attributes = {};
  for (const [k, v] of Object.entries(p)) if (k !== 'id' && k !== 'deviceid') putAttribute(raw, k, v);
  return raw;
}

const JsonCoords = z.object({
  latitude: finite,
  longitude: finite,
  accuracy: optionalFinite,
  speed: optionalFinite, // m/s in this form
  heading: optionalFinite,
  altitude: optionalFinite,
});
const JsonLocation = z.object({
  timestamp: z.string(),
  coords: z.unknown(),
  battery: z.object({ level: optionalFinite, is_charging: z.boolean().nullable().optional() }).nullable().optional(),
  is_moving: z.boolean().nullable().optional(),
  odometer: optionalFinite,
  event: z.string().nullable().optional(),
  mock: z.boolean().nullable().optional(),
  activity: z.object({ type: z.string().nullable().optional() }).nullable().optional(),
  extras: z.record(z.string(), z.unknown()).nullable().optional(),
});

/** The id of the JSON form (Content-Type: application/json) of the OsmAnd door. */
export function osmandJsonId(body: unknown): string | null {
  const id = (body as { device_id?: unknown } | null)?.device_id;
  return typeof id === 'string' && id !== '' && id.length <= 128 ? id : null;
}

/** The JSON form: one location, or several when the client sends its buffer at once. */
export function readOsmandJson(body: unknown): Reading[] {
  const location = (body as { location?: unknown }).location;
  return (Array.isArray(location) ? location : [location]).map(readJsonLocation);
}

function readJsonLocation(value: unknown): Reading {
  const r = JsonLocation.safeParse(value);
  if (!r.success) return { unplaced: { verdict: 'unreadable', reason: 'location is not an OsmAnd location', fixTime: null, battery: null, attributes: {} } };
  const l = r.data;
  const attributes: Attributes = {};
  for (const [k, v] of Object.entries(l.extras ?? {})) putAttribute(attributes, k, v);
  if (l.battery?.is_charging != null) attributes.charge = l.battery.is_charging;
  if (l.is_moving != null) attributes.motion = l.is_moving;
  if (l.odometer != null) attributes.odometer = l.odometer;
  if (l.event) putAttribute(attributes, 'event', l.event);
  if (l.mock != null) attributes.mock = l.mock;
  if (l.activity?.type) putAttribute(attributes, 'activity', l.activity.type);
  const battery = batteryPercent(l.battery?.level != null ? Math.round(l.battery.level * 100) : null);
  const fixTime = parseFixTime(l.timestamp);
  if (!fixTime) return { unplaced: { verdict: 'unreadable', reason: 'location.timestamp is not a time', fixTime: null, battery, attributes } };
  const c = JsonCoords.safeParse(l.coords);
  if (!c.success) {
    const none = l.coords == null || (typeof l.coords === 'object' && Object.keys(l.coords).length === 0);
    return { unplaced: { verdict: none ? 'no_position' : 'unreadable', reason: none ? null : 'location.coords unreadable', fixTime, battery, attributes } };
  }
  return {
    fix: {
      fixTime,
      lat: c.data.latitude,
      lon: c.data.longitude,
      accuracy: known(c.data.accuracy ?? null),
      speed: known(c.data.speed ?? null),
      heading: known(c.data.heading ?? null),
      altitude: c.data.altitude ?? null,
      battery,
      attributes,
    },
  };
}
