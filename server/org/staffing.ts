// Who holds which grid from which day (R4: one worker per grid, one grid per worker), and a worker's status
// on the post (on leave, back, gone): the SQL of the handover and of the status change, each run inside the
// caller's transaction so that a refused request changes nothing.
import type { z } from 'zod';
import type { HandoverBody, WorkerStatusBody } from '../../shared/org/contract.ts';
import type { WorkerStatus } from '../../shared/org/model.ts';
import { addDays, shanghaiDay } from '../../shared/core/time.ts';
import { audit } from '../auth/audit.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';

interface Actor {
  userId: number;
  ip: string | undefined;
}

interface GridRow {
  id: number;
  code: string;
  squadId: number;
  workerId: number | null;
}

const today = () => shanghaiDay(Date.now());
const invalidDate = (message: string) => new HttpError(422, 'invalid_date', message);

/** Staffing changes run one at a time: they lock grids and workers in no fixed order, and so never deadlock. */
export async function lockStaffing(q: Queryable): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('org:staffing'))`);
}

/** The day a change takes effect: today unless given, never a day to come. */
export function effectiveDay(on: string | undefined): string {
  const day = on ?? today();
  if (day > today()) throw invalidDate(`${day} has not come yet: a change takes effect today or on a past day`);
  return day;
}

/**
 * The grids of villages that moved to another squad follow them, with their workers (R3: a squad is its
 * villages' grids). Unless `squadAreas` is false, the area of each squad concerned (`squads`, and those the
 * grids left or joined) becomes its villages' again, one left with none keeping its old outline (the map's
 * squad layer). Returns how many grids moved.
 */
export async function moveGridsWithVillages(q: Queryable, villageIds: number[], squads: number[] = [], squadAreas = true): Promise<number> {
  const moved = await q.query<{ workerId: number | null; squadId: number; was: number }>(
    `WITH g AS (SELECT g.id, g.squad_id AS was FROM grids g WHERE g.village_id = ANY($1::int[]) FOR UPDATE)
     UPDATE grids x SET squad_id = v.squad_id FROM g, villages v
      WHERE x.id = g.id AND v.id = x.village_id AND x.squad_id <> v.squad_id RETURNING x.worker_id AS "workerId", x.squad_id AS "squadId", g.was`,
    [villageIds],
  );
  await q.query(`UPDATE workers w SET squad_id = g.squad_id FROM grids g WHERE g.worker_id = w.id AND w.id = ANY($1::int[])`, [
    moved.flatMap((g) => (g.workerId === null ? [] : [g.workerId])),
  ]);
  if (squadAreas)
    await q.query(
      `UPDATE squads s SET area = COALESCE((SELECT ST_Multi(ST_Union(v.area)) FROM villages v WHERE v.squad_id = s.id), s.area) WHERE s.id = ANY($1::int[])`,
      [[...new Set([...squads, ...moved.flatMap((g) => [g.squadId, g.was])])]],
    );
  return moved.length;
}

async function lockGrid(q: Queryable, id: number): Promise<GridRow | undefined> {
  const [g] = await q.query<GridRow>(`SELECT id, code, squad_id AS "squadId", worker_id AS "workerId" FROM grids WHERE id = $1 FOR UPDATE`, [id]);
  return g;
}

/**
 * Records the holder a grid had before its history was kept (a town loaded after migration 014), from their
 * hiring day: the history then always begins with them. One grid, or every grid.
 */
export async function recordHolders(q: Queryable, gridId: number | null = null): Promise<void> {
  await q.query(
    `INSERT INTO grid_assignments (grid_id, worker_id, from_day)
     SELECT g.id, g.worker_id, w.hired_on FROM grids g JOIN workers w ON w.id = g.worker_id
      WHERE ($1::int IS NULL OR g.id = $1) AND NOT EXISTS (SELECT 1 FROM grid_assignments a WHERE a.grid_id = g.id AND a.to_day IS NULL)
     ON CONFLICT DO NOTHING`,
    [gridId],
  );
}

/** The grid's open assignment: its current holder's. */
async function openAssignment(q: Queryable, grid: GridRow): Promise<{ id: number; fromDay: string } | null> {
  if (grid.workerId === null) return null;
  await recordHolders(q, grid.id);
  const [open] = await q.query<{ id: number; fromDay: string }>(
    `SELECT id, from_day AS "fromDay" FROM grid_assignments WHERE grid_id = $1 AND worker_id = $2 AND to_day IS NULL`,
    [grid.id, grid.workerId],
  );
  return open ?? null;
}

/**
 * A change dated on a finished day: the coverage records of the days since no longer hold and are made
 * again before they are read (as coverage marks a day that late fixes reached).
 */
async function staleSince(q: Queryable, day: string): Promise<void> {
  if (day >= today()) return;
  await q.query(
    `INSERT INTO coverage_stale (day, since) SELECT d::date, now() FROM generate_series($1::date, $2::date, interval '1 day') AS d
     ON CONFLICT (day) DO UPDATE SET since = now()`,
    [day, addDays(today(), -1)],
  );
}

/** Ends the grid's current holder's assignment on `day` and leaves the grid without a worker. */
async function release(q: Queryable, grid: GridRow, day: string): Promise<void> {
  const open = await openAssignment(q, grid);
  if (!open) return;
  if (day < open.fromDay) throw invalidDate(`grid ${grid.code} has been held since ${open.fromDay}: it cannot pass on before that (${day})`);
  // Every open row of the grid: grids.worker_id is the truth, should an import have left another open.
  await q.query('UPDATE grid_assignments SET to_day = greatest(from_day, $2::date) WHERE grid_id = $1 AND to_day IS NULL', [grid.id, day]);
  await q.query('UPDATE grids SET worker_id = NULL WHERE id = $1', [grid.id]);
  await staleSince(q, day);
}

/** Hands a grid to a worker from a day on, or releases it (`workerId: null`); see HandoverBody. */
export async function handOver(q: Queryable, gridId: number, body: z.infer<typeof HandoverBody>, by: Actor) {
  await lockStaffing(q);
  const grid = await lockGrid(q, gridId);
  if (!grid) throw notFound(`grid ${gridId}`);
  const on = effectiveDay(body.on);
  const previousWorkerId = grid.workerId;
  if (body.workerId !== null && body.workerId === grid.workerId)
    throw new HttpError(409, 'already_holds', `worker ${body.workerId} already holds grid ${grid.code}`);
  if (body.workerId === null) {
    if (body.release !== undefined) throw new HttpError(422, 'invalid_request', 'release names the other grid of the worker who takes this one over');
    if (grid.workerId === null) throw new HttpError(409, 'no_worker', `grid ${grid.code} has no worker to release`);
  }
  let released: { gridId: number; code: string } | null = null;
  if (body.workerId !== null) {
    const [w] = await q.query<{ id: number; squadId: number; status: WorkerStatus; hiredOn: string }>(
      `SELECT id, squad_id AS "squadId", status, hired_on AS "hiredOn" FROM workers WHERE id = $1 FOR UPDATE`,
      [body.workerId],
    );
    if (!w) throw new HttpError(422, 'unknown_reference', `worker ${body.workerId} does not exist`);
    if (w.status !== 'active')
      throw new HttpError(409, 'worker_not_active', `worker ${w.id} is ${w.status === 'leave' ? 'on leave' : 'gone'}: only an active worker takes a grid`);
    if (w.squadId !== grid.squadId)
      throw new HttpError(
        409,
        'other_squad',
        `worker ${w.id} is in squad ${w.squadId} and grid ${grid.code} in squad ${grid.squadId}: transfer the worker first (PATCH /api/workers/${w.id})`,
      );
    if (on < w.hiredOn) throw invalidDate(`worker ${w.id} was hired on ${w.hiredOn}, after ${on}`);
    const [heldId] = await q.query<{ id: number }>('SELECT id FROM grids WHERE worker_id = $1', [w.id]);
    if (heldId && body.release !== heldId.id) {
      const held = (await lockGrid(q, heldId.id))!;
      throw new HttpError(
        409,
        'holds_another_grid',
        `worker ${w.id} holds grid ${held.code} (id ${held.id}): one grid per worker (R4) — release it in the same request with "release": ${held.id}`,
        { gridId: held.id, code: held.code },
      );
    }
    if (body.release !== undefined) {
      if (!heldId) throw new HttpError(422, 'invalid_request', `release names grid ${body.release}, which worker ${w.id} does not hold`);
      const held = (await lockGrid(q, heldId.id))!;
      await release(q, held, on);
      released = { gridId: held.id, code: held.code };
    }
  }
  await release(q, grid, on);
  if (body.workerId !== null) {
    await q.query('UPDATE grid_assignments SET to_day = greatest(from_day, $2::date) WHERE worker_id = $1 AND to_day IS NULL', [body.workerId, on]);
    await q.query('UPDATE grids SET worker_id = $2 WHERE id = $1', [grid.id, body.workerId]);
    await q.query('INSERT INTO grid_assignments (grid_id, worker_id, from_day, by_user_id) VALUES ($1, $2, $3, $4)', [grid.id, body.workerId, on, by.userId]);
    await staleSince(q, on);
  }
  await audit(q, {
    userId: by.userId,
    action: body.workerId === null ? 'release' : 'handover',
    entity: 'grid',
    entityId: grid.id,
    before: { workerId: previousWorkerId },
    after: { workerId: body.workerId, on, released },
    ip: by.ip,
  });
  if (released)
    await audit(q, {
      userId: by.userId,
      action: 'release',
      entity: 'grid',
      entityId: released.gridId,
      before: { workerId: body.workerId },
      after: { workerId: null, on },
      ip: by.ip,
    });
  return { gridId: grid.id, code: grid.code, workerId: body.workerId, previousWorkerId, on, released };
}

/** A worker goes on leave, comes back or leaves the post on a day; leaving releases their grid and revokes their terminals. */
export async function changeStatus(q: Queryable, workerId: number, body: z.infer<typeof WorkerStatusBody>, by: Actor) {
  await lockStaffing(q);
  const [w] = await q.query<{ id: number; status: WorkerStatus; hiredOn: string }>(
    `SELECT id, status, hired_on AS "hiredOn" FROM workers WHERE id = $1 FOR UPDATE`,
    [workerId],
  );
  if (!w) throw notFound(`worker ${workerId}`);
  const on = effectiveDay(body.on);
  if (w.status === 'left') throw new HttpError(409, 'worker_left', `worker ${w.id} has left the post: hire them anew (POST /api/workers)`);
  if (w.status === body.status) throw new HttpError(409, 'no_change', `worker ${w.id} is already ${w.status}`);
  if (on < w.hiredOn) throw invalidDate(`worker ${w.id} was hired on ${w.hiredOn}, after ${on}`);
  const [last] = await q.query<{ on: string }>(`SELECT max(on_day)::text AS on FROM worker_status_events WHERE worker_id = $1`, [w.id]);
  if (last?.on && on < last.on) throw invalidDate(`worker ${w.id}'s status last changed on ${last.on}: a change cannot come before it (${on})`);
  await q.query('INSERT INTO worker_status_events (worker_id, status, previous, on_day, by_user_id) VALUES ($1, $2, $3, $4, $5)', [
    w.id,
    body.status,
    w.status,
    on,
    by.userId,
  ]);
  await q.query('UPDATE workers SET status = $2 WHERE id = $1', [w.id, body.status]);
  let released: { gridId: number; code: string } | null = null;
  let revokedDevices: number[] = [];
  let disabledAccounts: number[] = [];
  if (body.status === 'left') {
    const [heldId] = await q.query<{ id: number }>('SELECT id FROM grids WHERE worker_id = $1', [w.id]);
    if (heldId) {
      const held = (await lockGrid(q, heldId.id))!;
      await release(q, held, on);
      released = { gridId: held.id, code: held.code };
      await audit(q, {
        userId: by.userId,
        action: 'release',
        entity: 'grid',
        entityId: held.id,
        before: { workerId: w.id },
        after: { workerId: null, on },
        ip: by.ip,
      });
    }
    revokedDevices = (
      await q.query<{ id: number }>(`UPDATE devices SET status = 'revoked' WHERE worker_id = $1 AND status = 'active' RETURNING id`, [w.id])
    ).map((d) => d.id);
    for (const id of revokedDevices)
      await audit(q, { userId: by.userId, action: 'revoke', entity: 'device', entityId: id, after: { reason: 'worker_left' }, ip: by.ip });
    // Their own account goes with them: its sessions end (the route closes the sockets).
    disabledAccounts = (await q.query<{ id: number }>('UPDATE users SET disabled = true WHERE worker_id = $1 AND NOT disabled RETURNING id', [w.id])).map(
      (u) => u.id,
    );
    if (disabledAccounts.length) await q.query('DELETE FROM sessions WHERE user_id = ANY($1::int[])', [disabledAccounts]);
    for (const id of disabledAccounts)
      await audit(q, {
        userId: by.userId,
        action: 'update',
        entity: 'user',
        entityId: id,
        before: { disabled: false },
        after: { disabled: true, reason: 'worker_left' },
        ip: by.ip,
      });
  }
  await audit(q, {
    userId: by.userId,
    action: 'status',
    entity: 'worker',
    entityId: w.id,
    before: { status: w.status },
    after: { status: body.status, on, released, revokedDevices, disabledAccounts },
    ip: by.ip,
  });
  return { previous: w.status, on, released, revokedDevices, disabledAccounts };
}

/** Workers not on the post on a day (on leave, or gone): their status on it, from its dated changes (R16). */
export async function workersAwayOn(q: Queryable, day: string): Promise<Set<number>> {
  const rows = await q.query<{ id: number }>(
    `SELECT w.id FROM workers w
      WHERE COALESCE(
              (SELECT e.status FROM worker_status_events e WHERE e.worker_id = w.id AND e.on_day <= $1 ORDER BY e.on_day DESC, e.id DESC LIMIT 1),
              (SELECT e.previous FROM worker_status_events e WHERE e.worker_id = w.id ORDER BY e.on_day, e.id LIMIT 1),
              w.status) <> 'active'`,
    [day],
  );
  return new Set(rows.map((r) => r.id));
}
