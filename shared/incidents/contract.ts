// Request schemas of the incident API (R18-R20, R31): validation on the server, types on the client.
import { z } from 'zod';
import { Id } from '../core/schemas.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const INCIDENT_SOURCES = ['terminal', 'phone', 'inspector', 'duty'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export const CreateIncidentBody = z.strictObject({
  categoryCode: z.string().regex(/^\d{4}$/, 'a 4-digit class code'),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  description: text(2000),
  source: z.enum(INCIDENT_SOURCES).optional(),
  address: z.string().max(200).optional(),
  /** The resident who raised it, for the feedback (R19); seen only by handling roles (R40). */
  callerName: z.string().max(50).optional(),
  callerPhone: z
    .string()
    .regex(/^[0-9+\-\s]{3,20}$/, 'a phone number')
    .optional(),
  urgent: z.boolean().optional(),
  /** The terminal's own id of this report, so that sending it again (a retry, a restart) records it once. */
  clientRef: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .optional(),
});
export type CreateIncidentBody = z.infer<typeof CreateIncidentBody>;

const base = { version: z.number().int().positive(), note: z.string().max(2000).optional() };
const act = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) => z.strictObject({ action: z.literal(action), ...base, ...shape });

/** One workflow action with what it needs, and the version the client last saw (optimistic locking). */
export const ActionBody = z
  .discriminatedUnion('action', [
    act('register', {}),
    act('reject', { reason: text(500) }),
    act('resolve_on_spot', { result: text(2000) }),
    act('merge', { intoId: Id }),
    act('dispatch', {
      workerId: Id.optional(),
      departmentId: Id.optional(),
      deadlineHours: z
        .number()
        .positive()
        .max(24 * 90)
        .optional(),
    }),
    act('accept', {}),
    act('handle', { result: text(2000) }),
    act('verify', {}),
    act('rework', { reason: text(500) }),
    act('feedback', {
      method: z.enum(['phone', 'visit', 'sms', 'wechat']),
      content: text(1000),
      satisfaction: z.enum(['satisfied', 'basically', 'unsatisfied']),
    }),
    act('close', {}),
    act('escalate', { reason: text(500) }),
    act('city_result', { result: text(2000) }),
    act('request_extension', {
      hours: z
        .number()
        .positive()
        .max(24 * 30),
      reason: text(500),
    }),
    act('approve_extension', {}),
    act('refuse_extension', {}),
    act('postpone', { reason: text(500) }),
    act('resume', {}),
  ])
  .refine((b) => b.action !== 'dispatch' || (b.workerId === undefined) !== (b.departmentId === undefined), {
    message: 'dispatch to a worker or to a department: one of workerId, departmentId',
    path: ['workerId'],
  });
export type ActionBody = z.infer<typeof ActionBody>;
