// The incident API (R18-R20, R31, R40): each endpoint's request and answer, for the server's validation
// and the client's types; the incident summary every screen and socket message shares.
import { z } from 'zod';
import { Timestamp, endpoint, raw } from '../core/contract.ts';
import { Day, Id } from '../core/schemas.ts';
import { INCIDENT_ACTIONS, INCIDENT_LEVELS, INCIDENT_STATES } from './states.ts';

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
  /** The phone's own id of this report (a terminal's, or the field app's for its worker), so that sending it again records it once. */
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

/** What every client may see of an incident (no resident's data): list rows, pins, live updates. */
export const IncidentSummary = z.object({
  id: z.number(),
  code: z.string(),
  categoryCode: z.string(),
  category: z.string(),
  state: z.enum(INCIDENT_STATES),
  level: z.enum(INCIDENT_LEVELS),
  version: z.number(),
  source: z.string(),
  lat: z.number(),
  lon: z.number(),
  gridId: z.number().nullable(),
  villageId: z.number().nullable(),
  squadId: z.number().nullable(),
  assigneeWorkerId: z.number().nullable(),
  assigneeDepartmentId: z.number().nullable(),
  deadline: Timestamp.nullable(),
  urgency: z.enum(['normal', 'warning', 'overdue']),
  extensionPending: z.boolean(),
  reworkCount: z.number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

const HoursKind = z.enum(['natural', 'working']);
/** An incident class (事件分类): major + minor code, department (R6), time limit, on the spot allowed (R18). */
export const Category = z.object({
  code: z.string(),
  majorName: z.string(),
  name: z.string(),
  departmentId: z.number().nullable(),
  department: z.string().nullable(),
  timeLimitH: z.number(),
  hoursKind: HoursKind,
  onSpot: z.boolean(),
  filing: z.string(),
  closing: z.string(),
  active: z.boolean(),
});
export type Category = z.infer<typeof Category>;

/** One incident with its timeline, photos and the actions the caller may take. */
export const IncidentDetail = IncidentSummary.extend({
  description: z.string(),
  address: z.string(),
  place: z.object({ grid: z.string().nullable(), village: z.string().nullable(), squad: z.string().nullable() }),
  assignee: z.object({ worker: z.string().nullable(), department: z.string().nullable() }),
  reporter: z.string().nullable(),
  /** The resident who called: in clear for handling roles, masked for others, none for the wall (R40). */
  caller: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  categoryInfo: Category.pick({ timeLimitH: true, hoursKind: true, onSpot: true, departmentId: true, department: true, filing: true, closing: true }),
  counts: z.object({ rework: z.number(), extension: z.number(), postpone: z.number(), escalation: z.number() }),
  /** A pending extension request: the hours asked, why, and when (`at` is always stored; optional only until the service's row type names it). */
  extension: z.object({ hours: z.number(), reason: z.string(), at: Timestamp.optional() }).nullable(),
  timeline: z.array(
    z.object({
      id: z.number(),
      action: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      actor: z.string().nullable(),
      at: Timestamp,
      note: z.string(),
      data: z.unknown(),
    }),
  ),
  photos: z.array(z.object({ id: z.number(), mime: z.string(), size: z.number(), url: z.string(), createdAt: Timestamp })),
  actions: z.array(z.enum(INCIDENT_ACTIONS)),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** Dispatch help: a worker near the case (own grid first), with distance and ETA. */
export const Suggestion = z.object({
  workerId: z.number(),
  name: z.string(),
  gridId: z.number().nullable(),
  ownGrid: z.boolean(),
  status: z.string(),
  openCases: z.number(),
  distanceM: z.number(),
  etaWalkMin: z.number(),
  etaEbikeMin: z.number(),
});
export type Suggestion = z.infer<typeof Suggestion>;
export const Suggestions = z.object({
  incidentId: z.number(),
  workers: z.array(Suggestion),
  department: z.object({ departmentId: z.number(), name: z.string().nullable() }).nullable(),
});
export type Suggestions = z.infer<typeof Suggestions>;

const rate = z.number().nullable();
const counts = z.record(z.string(), z.number());
/** 结案率, 按期结案率, 按期处置率, 返工率, 及时核查率, 延期率, and counts by source, class and state. */
export const IncidentKpis = z.object({
  cases: z.number(),
  reports: z.number(),
  closed: z.number(),
  due: z.number(),
  open: z.number(),
  overdue: z.number(),
  closeRate: rate,
  onTimeCloseRate: rate,
  onTimeHandleRate: rate,
  reworkRate: rate,
  timelyVerifyRate: rate,
  extensionRate: rate,
  bySource: counts,
  byCategory: counts,
  byState: counts,
});
export type IncidentKpis = z.infer<typeof IncidentKpis>;

const CalendarDay = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() });
export const Calendar = z.object({ days: z.array(CalendarDay) });

const IdParams = z.strictObject({ id: Id });
const PhotoParams = z.strictObject({ id: Id, photo: Id });
export const ListQuery = z.strictObject({
  state: z.enum(INCIDENT_STATES).optional(),
  open: z.enum(['true', 'false']).optional(),
  category: z
    .string()
    .regex(/^\d{2,4}$/)
    .optional(),
  squad: Id.optional(),
  grid: Id.optional(),
  source: z.enum(INCIDENT_SOURCES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: Day.optional(),
  to: Day.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
/** What KPIs may be grouped by. */
export const KPI_GROUPS = ['none', 'squad', 'worker', 'department', 'category', 'source'] as const;
const KpiQuery = z
  .strictObject({ from: Day, to: Day, groupBy: z.enum(KPI_GROUPS).default('none'), squad: Id.optional() })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['to'] });
const CategoryBody = z.strictObject({
  name: z.string().min(1).max(50).optional(),
  departmentId: Id.nullable().optional(),
  timeLimitH: z
    .number()
    .positive()
    .max(24 * 90)
    .optional(),
  hoursKind: HoursKind.optional(),
  onSpot: z.boolean().optional(),
  filing: z.string().max(500).optional(),
  closing: z.string().max(500).optional(),
  active: z.boolean().optional(),
});
/**
 * A new incident class: a 4-digit code whose first two digits are its major class. `majorName` is needed
 * only for a new major class (an existing one keeps its name; a different one is refused). A code that
 * exists is a 409.
 */
const CreateCategoryBody = z.strictObject({
  code: z.string().regex(/^\d{4}$/, 'a 4-digit class code'),
  majorName: z.string().trim().min(1).max(50).optional(),
  name: z.string().trim().min(1).max(50),
  departmentId: Id.nullable(),
  timeLimitH: z
    .number()
    .positive()
    .max(24 * 90),
  hoursKind: HoursKind,
  onSpot: z.boolean(),
  filing: z.string().max(500).optional(),
  closing: z.string().max(500).optional(),
});
const DuplicateQuery = z.strictObject({
  categoryCode: z.string().regex(/^\d{4}$/),
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
});
const CodeParams = z.strictObject({ code: z.string().regex(/^\d{4}$/) });
const CalendarBody = z.strictObject({
  days: z
    .array(z.strictObject({ day: Day, kind: z.enum(['holiday', 'workday', 'normal']), name: z.string().max(20).default('') }))
    .min(1)
    .max(400),
});

export const incidents = {
  categories: endpoint({ method: 'get', path: '/categories', response: z.object({ categories: z.array(Category) }) }),
  createCategory: endpoint({ method: 'post', path: '/categories', body: CreateCategoryBody, status: 201, response: Category }),
  editCategory: endpoint({ method: 'put', path: '/categories/:code', params: CodeParams, body: CategoryBody, response: Category }),
  calendar: endpoint({ method: 'get', path: '/calendar', response: Calendar }),
  setCalendar: endpoint({ method: 'put', path: '/calendar', body: CalendarBody, response: Calendar }),
  report: endpoint({
    method: 'post',
    path: '/incidents',
    body: CreateIncidentBody,
    status: 201,
    response: IncidentSummary.extend({ possibleDuplicates: z.array(IncidentSummary), repeated: z.boolean() }),
  }),
  list: endpoint({
    method: 'get',
    path: '/incidents',
    query: ListQuery,
    response: z.object({ total: z.number(), page: z.number(), pageSize: z.number(), incidents: z.array(IncidentSummary) }),
  }),
  kpis: endpoint({
    method: 'get',
    path: '/incidents/kpis',
    query: KpiQuery,
    response: z.object({
      from: z.string(),
      to: z.string(),
      groupBy: z.enum(KPI_GROUPS),
      total: IncidentKpis,
      groups: z.array(IncidentKpis.extend({ key: z.string() })),
    }),
  }),
  duplicates: endpoint({ method: 'get', path: '/incidents/duplicates', query: DuplicateQuery, response: z.object({ duplicates: z.array(IncidentSummary) }) }),
  detail: endpoint({ method: 'get', path: '/incidents/:id', params: IdParams, response: IncidentDetail }),
  act: endpoint({ method: 'post', path: '/incidents/:id/actions', params: IdParams, body: ActionBody, response: IncidentDetail }),
  suggestions: endpoint({ method: 'get', path: '/incidents/:id/suggestions', params: IdParams, response: Suggestions }),
  attach: endpoint({
    method: 'post',
    path: '/incidents/:id/attachments',
    params: IdParams,
    status: 201,
    response: z.object({ id: z.number(), mime: z.string(), size: z.number(), sha256: z.string(), url: z.string() }),
  }),
  photo: endpoint({ method: 'get', path: '/incidents/:id/attachments/:photo', params: PhotoParams, response: raw('image/*', 'The photo, as stored') }),
};
