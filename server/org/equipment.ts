// The equipment register (R7): who holds which car, e-bike and terminal, and what became of it; each change
// kept as it stood after it (equipment_events), inside the caller's transaction.
import type { z } from 'zod';
import type { Sendable } from '../../shared/core/contract.ts';
import type { Equipment, EquipmentBody, EquipmentChangeBody, EquipmentEvent } from '../../shared/org/contract.ts';
import type { Queryable } from '../platform/db/index.ts';
import { assertExists } from '../platform/db/refs.ts';
import { HttpError } from '../platform/http/errors.ts';

const SELECT = `SELECT e.id, e.kind, e.label, e.holder_worker_id AS "holderWorkerId", w.name AS holder, w.squad_id AS "squadId",
                       e.device_id AS "deviceId", e.status, e.note
                  FROM equipment e LEFT JOIN workers w ON w.id = e.holder_worker_id`;

export interface EquipmentFilter {
  squadId: number | null;
  holderWorkerId?: number;
  kind?: string;
  status?: string;
}

/** Items of the register; with a squad, only what that squad's workers hold. */
export function listEquipment(q: Queryable, f: EquipmentFilter): Promise<Equipment[]> {
  return q.query<Equipment>(
    `${SELECT} WHERE ($1::int IS NULL OR w.squad_id = $1) AND ($2::int IS NULL OR e.holder_worker_id = $2)
                 AND ($3::text IS NULL OR e.kind = $3) AND ($4::text IS NULL OR e.status = $4) ORDER BY e.id`,
    [f.squadId, f.holderWorkerId ?? null, f.kind ?? null, f.status ?? null],
  );
}

export async function equipmentItem(q: Queryable, id: number): Promise<Equipment | undefined> {
  const [e] = await q.query<Equipment>(`${SELECT} WHERE e.id = $1`, [id]);
  return e;
}

/** A holder must be on the post; a linked terminal must be a registered one, and only a terminal is linked to one. */
async function checkRefs(q: Queryable, kind: string, holderWorkerId: number | null | undefined, deviceId: number | null | undefined) {
  if (holderWorkerId != null) {
    const [w] = await q.query<{ status: string }>('SELECT status FROM workers WHERE id = $1', [holderWorkerId]);
    if (!w) throw new HttpError(422, 'unknown_reference', `worker ${holderWorkerId} does not exist`);
    if (w.status === 'left') throw new HttpError(409, 'worker_left', `worker ${holderWorkerId} has left the post`);
  }
  if (deviceId != null) {
    if (kind !== 'terminal') throw new HttpError(422, 'invalid_request', 'only a terminal is linked to a registered device');
    await assertExists(q, 'devices', deviceId, 'device');
  }
}

async function keepEvent(q: Queryable, id: number, action: 'create' | 'update', userId: number | null) {
  await q.query(
    `INSERT INTO equipment_events (equipment_id, action, holder_worker_id, device_id, status, note, by_user_id)
     SELECT id, $2, holder_worker_id, device_id, status, note, $3 FROM equipment WHERE id = $1`,
    [id, action, userId],
  );
}

export async function addEquipment(q: Queryable, body: z.infer<typeof EquipmentBody>, userId: number): Promise<Equipment> {
  await checkRefs(q, body.kind, body.holderWorkerId, body.deviceId);
  if ((await q.query('SELECT 1 FROM equipment WHERE label = $1', [body.label])).length)
    throw new HttpError(409, 'conflict', `an item labelled ${body.label} is already in the register`);
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO equipment (kind, label, holder_worker_id, device_id, status, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [body.kind, body.label, body.holderWorkerId ?? null, body.deviceId ?? null, body.status ?? 'in_service', body.note ?? ''],
  );
  await keepEvent(q, row!.id, 'create', userId);
  return (await equipmentItem(q, row!.id))!;
}

export async function changeEquipment(q: Queryable, before: Equipment, body: z.infer<typeof EquipmentChangeBody>, userId: number): Promise<Equipment> {
  const cols: Record<string, unknown> = { holder_worker_id: body.holderWorkerId, device_id: body.deviceId, status: body.status, note: body.note };
  const set = Object.entries(cols).filter(([, v]) => v !== undefined);
  if (!set.length) throw new HttpError(400, 'invalid_request', 'nothing to change');
  await checkRefs(q, before.kind, body.holderWorkerId, body.deviceId);
  // An item registered before its history was kept (the demo's, a town's import) gets its state before this change first.
  if (!(await q.query('SELECT 1 FROM equipment_events WHERE equipment_id = $1 LIMIT 1', [before.id])).length) await keepEvent(q, before.id, 'create', null);
  await q.query(`UPDATE equipment SET ${set.map(([k], i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [before.id, ...set.map(([, v]) => v)]);
  await keepEvent(q, before.id, 'update', userId);
  return (await equipmentItem(q, before.id))!;
}

export function equipmentEvents(q: Queryable, id: number): Promise<Sendable<z.infer<typeof EquipmentEvent>>[]> {
  return q.query(
    `SELECT e.id, e.equipment_id AS "equipmentId", e.action, e.holder_worker_id AS "holderWorkerId", e.status, e.note, u.display_name AS by, e.at
       FROM equipment_events e LEFT JOIN users u ON u.id = e.by_user_id WHERE e.equipment_id = $1 ORDER BY e.id`,
    [id],
  );
}
