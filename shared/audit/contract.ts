// The audit trail's viewer and export (R2, R40): its filter, its page of entries, and the CSV.
import { z } from 'zod';
import { Timestamp, endpoint, raw } from '../core/contract.ts';
import { Day, Id } from '../core/schemas.ts';

export const AuditQuery = z.strictObject({
  from: Day.optional(),
  to: Day.optional(),
  user: Id.optional(),
  entity: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  action: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
});

export const AuditEntry = z.object({
  id: z.number(),
  at: Timestamp,
  userId: z.number().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export const audit = {
  list: endpoint({
    method: 'get',
    path: '/audit',
    query: AuditQuery,
    response: z.object({ total: z.number(), page: z.number(), pageSize: z.number(), entries: z.array(AuditEntry) }),
  }),
  csv: endpoint({
    method: 'get',
    path: '/audit.csv',
    query: AuditQuery,
    response: raw('text/csv', 'The entries as CSV for Excel (UTF-8 with BOM, Chinese headers)'),
  }),
};
