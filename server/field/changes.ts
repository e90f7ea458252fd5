// The change log of basic-information records (R8): every add, update, verify and de-registration, with who
// and when; the inspection team samples it (R22). A change's clientRef makes a replayed one a no-op.
import type { z } from 'zod';
import type { RecordChange } from '../../shared/field/contract.ts';
import type { Sendable } from '../../shared/core/contract.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { FieldWorker } from './actor.ts';

export type Entity = 'household' | 'resident';

/** The record a clientRef of this worker already changed, if it was seen before. */
export async function seenChange(q: Queryable, me: FieldWorker, clientRef: string): Promise<{ entity: Entity; entityId: number } | null> {
  const [r] = await q.query<{ entity: Entity; entityId: number }>(
    'SELECT entity, entity_id AS "entityId" FROM record_changes WHERE worker_id = $1 AND client_ref = $2',
    [me.workerId, clientRef],
  );
  return r ?? null;
}

export async function logChange(
  q: Queryable,
  me: FieldWorker,
  c: {
    entity: Entity;
    entityId: number;
    action: 'add' | 'update' | 'verify' | 'deregister';
    before: object | null;
    after: object | null;
    note?: string;
    clientRef: string;
  },
) {
  await q.query(
    `INSERT INTO record_changes (entity, entity_id, action, before, after, note, user_id, device_id, worker_id, client_ref)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10)`,
    [
      c.entity,
      c.entityId,
      c.action,
      c.before && JSON.stringify(c.before),
      c.after && JSON.stringify(c.after),
      c.note ?? '',
      me.userId,
      me.deviceId,
      me.workerId,
      c.clientRef,
    ],
  );
}

/** A record's changes, the oldest first, with who made them (the worker's name). */
export const changesOf = (q: Queryable, entity: Entity, id: number) =>
  q.query<Sendable<z.infer<typeof RecordChange>>>(
    `SELECT c.id, c.action, c.before, c.after, c.note, coalesce(w.name, u.display_name) AS by, c.at
       FROM record_changes c LEFT JOIN workers w ON w.id = c.worker_id LEFT JOIN users u ON u.id = c.user_id
      WHERE c.entity = $1 AND c.entity_id = $2 ORDER BY c.id`,
    [entity, id],
  );

/** The fields of `next` that differ from `prev`: what an update changed, before and after. */
export function difference<T extends Record<string, unknown>>(prev: T, next: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const k of Object.keys(next) as (keyof T)[])
    if (next[k] !== undefined && next[k] !== prev[k]) {
      before[k] = prev[k];
      after[k] = next[k];
    }
  return { before, after };
}

const TABLES: Record<Entity, string> = { household: 'households', resident: 'residents' };

/** 核实 (checked and found right) or 注销 (de-registered on a day, the record kept) of a record (R8), logged. */
export async function verifyOrDeregister(
  tx: Queryable,
  me: FieldWorker,
  entity: Entity,
  id: number,
  body: { action: 'verify'; clientRef: string; note?: string } | { action: 'deregister'; clientRef: string; note: string; on?: string },
  prevStatus: string,
) {
  const touched = entity === 'resident' ? ', updated_at = now()' : '';
  if (body.action === 'verify') {
    await tx.query(`UPDATE ${TABLES[entity]} SET verified_at = now()${touched} WHERE id = $1`, [id]);
    await logChange(tx, me, { entity, entityId: id, action: 'verify', before: null, after: null, note: body.note, clientRef: body.clientRef });
    return;
  }
  const on = body.on ?? shanghaiDay(Date.now());
  await tx.query(`UPDATE ${TABLES[entity]} SET status = 'deregistered', deregistered_on = $2${touched} WHERE id = $1`, [id, on]);
  await logChange(tx, me, {
    entity,
    entityId: id,
    action: 'deregister',
    before: { status: prevStatus },
    after: { status: 'deregistered', deregisteredOn: on },
    note: body.note,
    clientRef: body.clientRef,
  });
}
