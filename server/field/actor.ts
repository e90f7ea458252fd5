// Who writes from the field (R4, R40): a worker's session or their terminal, always as the worker of one
// grid; and for the records other roles read too, the scope of the reader and the place of a record.
import { dist } from '../../shared/core/plane.ts';
import type { LocalFrame } from '../../shared/core/frame.ts';
import { covers, scopeFor, type Scope } from '../auth/scope.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import type { DevicePrincipal, Principal } from '../platform/http/route.ts';
import { MAX_AGE_DAYS, MAX_AHEAD_MS } from '../visits/routes.ts';

/** A grid worker acting: a session (userId) or a terminal (deviceId), with the grid they are responsible for. */
export interface FieldWorker {
  workerId: number;
  name: string;
  gridId: number;
  squadId: number;
  userId: number | null;
  deviceId: number | null;
}

/** The worker behind a request; 409 for a terminal given to nobody or a worker with no grid. */
export async function fieldWorker(q: Queryable, user: Principal | undefined, device: DevicePrincipal | undefined): Promise<FieldWorker> {
  const workerId = user?.workerId ?? device?.workerId ?? null;
  if (workerId === null) throw new HttpError(409, 'device_unassigned', 'this terminal is not assigned to a worker');
  const [w] = await q.query<{ name: string; gridId: number | null; squadId: number | null }>(
    `SELECT w.name, g.id AS "gridId", g.squad_id AS "squadId" FROM workers w LEFT JOIN grids g ON g.worker_id = w.id WHERE w.id = $1`,
    [workerId],
  );
  if (!w?.gridId || !w.squadId) throw new HttpError(409, 'no_grid', 'this worker is responsible for no grid (R4)');
  return { workerId, name: w.name, gridId: w.gridId, squadId: w.squadId, userId: user?.userId ?? null, deviceId: user ? null : (device?.id ?? null) };
}

/** The part of the town a reader sees: a terminal its worker's grid, a user as their role allows (R40). */
export async function readerScope(q: Queryable, user: Principal | undefined, device: DevicePrincipal | undefined, squad?: number): Promise<Scope> {
  if (user) return scopeFor(user, squad);
  const w = await fieldWorker(q, undefined, device);
  return { squadId: null, gridId: w.gridId };
}

/** A record's place must be within the reader's scope: another grid's or squad's is refused (403, R40). */
export function mustCover(scope: Scope, place: { gridId: number; squadId: number }, what: string) {
  if (!covers(scope, place)) throw new HttpError(403, 'out_of_scope', `${what} is not in your ${scope.gridId !== null ? 'grid' : 'squad'}`);
}

/** The place of a household: 404 when there is none. */
export async function householdPlace(q: Queryable, id: number): Promise<{ gridId: number; squadId: number }> {
  const [h] = await q.query<{ gridId: number; squadId: number }>(
    'SELECT h.grid_id AS "gridId", g.squad_id AS "squadId" FROM households h JOIN grids g ON g.id = h.grid_id WHERE h.id = $1',
    [id],
  );
  if (!h) throw new HttpError(404, 'not_found', `no household ${id}`);
  return h;
}

/** Metres from the phone's position to a point, in the town's one local frame; null without a position. */
export function distanceFrom(frame: LocalFrame, near: { lat?: number; lon?: number }) {
  if (near.lat === undefined || near.lon === undefined) return () => null;
  const here = frame.toLocal(near.lon, near.lat);
  return (p: { lat: number; lon: number }) => Math.round(dist(here, frame.toLocal(p.lon, p.lat)));
}

/** Nearest first when the distances are known, else as given. */
export const nearestFirst = <T extends { distanceM: number | null }>(rows: T[]) =>
  rows.every((r) => r.distanceM !== null) ? [...rows].sort((a, b) => a.distanceM! - b.distanceM!) : rows;

/** A time the phone took must be neither ahead of now nor older than an offline phone may hold it (as visits). */
export function checkPhoneTime(iso: string, path: string) {
  const t = Date.parse(iso);
  const now = Date.now();
  if (t > now + MAX_AHEAD_MS) throw new HttpError(422, 'invalid_time', `${path} is in the future`, [{ path, message: 'is in the future' }]);
  if (t < now - MAX_AGE_DAYS * 86_400_000)
    throw new HttpError(422, 'invalid_time', `${path} is more than ${MAX_AGE_DAYS} days old`, [{ path, message: `is more than ${MAX_AGE_DAYS} days old` }]);
}
