import type { Queryable } from '../platform/db/index.ts';

export interface AuditEntry {
  userId: number | null;
  /** The terminal that made the change, when a terminal did (its worker is then the one who acted). */
  deviceId?: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** Every change is attributable to a user or a terminal (R40). Written in the same transaction as the change. */
export async function audit(q: Queryable, e: AuditEntry) {
  await q.query(
    `INSERT INTO audit_log (user_id, action, entity, entity_id, before, after, ip, device_id) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)`,
    [
      e.userId,
      e.action,
      e.entity,
      e.entityId == null ? null : String(e.entityId),
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.ip ?? null,
      e.deviceId ?? null,
    ],
  );
}
