// The OsmAnd door as Traccar Client needs it: a mailbox, not a form (R7). A registered phone's request is
// always taken (2xx) and recorded with its verdict, because the client retries the first fix of its queue
// forever on any refusal; only what Traccar itself refuses gets a 4xx (no id, an unknown id, an unreadable
// body). Guessing ids is throttled per address, and the list of unknown ids stays bounded.
import type { Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { RateLimit } from '../platform/http/rateLimit.ts';
import type { DoorContext } from '../platform/http/route.ts';
import { type DeviceDirectory, noteUnknownDevice } from './devices.ts';
import { type Fix, osmandJsonId, osmandParamsId, readOsmandJson, readOsmandParams, type Reading, type Unplaced } from './fix.ts';
import type { Pipeline } from './pipeline.ts';

/** A phone empties its offline buffer one fix a request: far above that, far below a flood. */
export const OSMAND_BUDGET = { max: 200, windowMs: 10_000 };
/** Unknown ids one address may try before it must wait: enough for a mistyped id, too few to guess. */
export const UNKNOWN_ID_BUDGET = { max: 10, windowMs: 60_000 };

export function osmandDoor(db: Queryable, devices: DeviceDirectory, pipeline: Pipeline) {
  const budget = new RateLimit(OSMAND_BUDGET.max, OSMAND_BUDGET.windowMs);
  const guesses = new RateLimit(UNKNOWN_ID_BUDGET.max, UNKNOWN_ID_BUDGET.windowMs, 'too many unknown terminal ids from this address');

  return async function receive({ json, query, body, ip }: Pick<DoorContext<unknown>, 'json' | 'query' | 'body' | 'ip'>): Promise<undefined> {
    const params = (Object.keys(query).length ? query : (body ?? {})) as Record<string, unknown>;
    if (json && (typeof body !== 'object' || body === null || Array.isArray(body)))
      throw new HttpError(400, 'invalid_request', 'the JSON form is an object with device_id and location');
    const uniqueId = json ? osmandJsonId(body) : osmandParamsId(params);
    if (!uniqueId) throw new HttpError(400, 'invalid_request', json ? 'device_id is missing' : 'id is missing');
    const device = await devices.byUniqueId(uniqueId);
    if (!device) {
      guesses.take(ip ?? 'unknown');
      await noteUnknownDevice(db, uniqueId, ip);
      // As Traccar answers: 400 in the query form, 404 in the JSON form.
      throw new HttpError(json ? 404 : 400, 'unknown_device', `device ${uniqueId} is not registered`);
    }
    budget.take(String(device.id));
    const readings: Reading[] = json ? readOsmandJson(body) : [readOsmandParams(params)];
    const fixes: Fix[] = [];
    const unplaced: Unplaced[] = [];
    for (const r of readings) 'fix' in r ? fixes.push(r.fix) : unplaced.push(r.unplaced);
    if (fixes.length) await pipeline.ingest(device, fixes);
    if (unplaced.length) await pipeline.record(device, unplaced);
  };
}
