// The grid worker's field app (/field, issue 18): what a worker's phone — a logged-in `worker` session, or
// where said a terminal with its Bearer token — reads and writes, all within the worker's own grid (R40).
// Every write carries the phone's own id of it (`clientRef`), so a replayed queue entry is stored once.
// Routes of other capabilities the app uses as they are (not restated here):
//   POST /incidents (上报, with `clientRef`), GET /incidents/:id, POST /incidents/:id/actions (accept, handle,
//   verify, resolve_on_spot…), POST /incidents/:id/attachments (a photo as the raw body), GET /categories,
//   GET /geo/targets, GET /geo/road-cells (the ids below are theirs), GET /tracks/day?date (today's track).
import { z } from 'zod';
import { Timestamp, endpoint } from '../core/contract.ts';
import { Day, Id, Month, SquadQuery } from '../core/schemas.ts';
import { PassStatus } from '../coverage/contract.ts';
import { IncidentSummary } from '../incidents/contract.ts';
import { INCIDENT_ACTIONS } from '../incidents/states.ts';
import { PositionsBody, tracking } from '../tracking/contract.ts';

/** The phone's own id of a write (a UUID or the like): the same id sent again is the same write. */
export const ClientRef = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1-64 characters: letters, digits, _ . : -');
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).optional();
const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
/** A time the phone took (ISO 8601 with offset); not in the future, nor weeks old (checked by the server). */
const PhoneTime = z.iso.datetime({ offset: true });
/** Where the phone is, to sort lists nearest first: `?lat=…&lon=…` (both or neither). */
const Near = {
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
};
const nearRefine = <T extends { lat?: number; lon?: number }>(q: T) => (q.lat === undefined) === (q.lon === undefined);
const NEAR_MESSAGE = { message: 'give both lat and lon, or neither', path: ['lat'] };
/** Metres from the phone's position, when the request gave one. */
const DistanceM = z.number().nullable();
/** Answers of writes: `repeated` is true when the clientRef was seen before (nothing new was stored). */
const Repeated = { repeated: z.boolean() };
const IdParams = z.strictObject({ id: Id });

// ---------------------------------------------------------------------------------------------- 今日 (today)

/** What the worker still lacks to be 合格 today (R15), as the town-wide notice judges it (R16). */
export const Missing = z.discriminatedUnion('kind', [
  /** Time on patrol still short of the day's minimum. */
  z.object({ kind: z.literal('patrol_time'), haveMinutes: z.number(), needMinutes: z.number() }),
  /** A key target (重点目标) short of its passes (一日双巡, R13). */
  z.object({ kind: z.literal('target'), targetId: z.number(), name: z.string(), passes: z.number(), requiredPasses: z.number() }),
  /** A main-road or central-street cell short of its passes (R13). */
  z.object({
    kind: z.literal('road_cell'),
    cellId: z.number(),
    road: z.string(),
    seq: z.number(),
    passes: z.number(),
    requiredPasses: z.number(),
  }),
]);
export type Missing = z.infer<typeof Missing>;

const Passes = { passes: z.number(), requiredPasses: z.number(), status: PassStatus, passTimes: z.array(Timestamp) };
/** A point of the item to walk to (a target's point or its polygon's inner point; a cell's middle). */
const Place = { lat: z.number(), lon: z.number(), distanceM: DistanceM };

export const TodayTarget = z.object({ targetId: z.number(), name: z.string(), kind: z.string(), ...Passes, ...Place });
export const TodayCell = z.object({
  cellId: z.number(),
  roadId: z.number(),
  road: z.string(),
  class: z.string(),
  seq: z.number(),
  lengthM: z.number(),
  ...Passes,
  ...Place,
});

/** A household with no visit this month yet (R14: every household at least monthly). */
export const DueHousehold = z.object({
  householdId: z.number(),
  code: z.string().nullable(),
  address: z.string(),
  size: z.number(),
  lastVisit: Day.nullable(),
  ...Place,
});
/**
 * A 帮扶 person due this week or a 关注 person due this half-month (R14), with the day they are due and
 * how many days late; personal data, answered only to the grid's own worker (R10, R40).
 */
export const DuePerson = z.object({
  personId: z.number(),
  householdId: z.number(),
  address: z.string(),
  name: z.string(),
  kind: z.enum(['assist', 'concern']),
  category: z.string(),
  lastVisit: Day.nullable(),
  dueOn: Day,
  overdueDays: z.number(),
  ...Place,
});

/** A rectification (整改) whose deadline has come: its check (整改核查) is today's task (R20). */
export const RectificationTask = z.object({
  rectificationId: z.number(),
  incidentId: z.number(),
  code: z.string(),
  category: z.string(),
  responsibleParty: z.string(),
  deadline: Day,
  overdueDays: z.number(),
  ...Place,
});

export const MyGrid = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  class: z.number(),
  squadId: z.number(),
  villageId: z.number(),
  /** The grid's outline (GeoJSON MultiPolygon, WGS84), the same as its feature in GET /geo/grids. */
  area: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))) }),
});

export const Today = z.object({
  date: Day,
  /** Which of the due lists' periods today falls in: the ISO week (Mon–Sun) and the half-month (1–15, 16–end). */
  week: z.object({ from: Day, to: Day }),
  halfMonth: z.object({ from: Day, to: Day }),
  worker: z.object({ id: z.number(), name: z.string() }),
  grid: MyGrid,
  /** Live from the coverage engine (the wall's figures), updated with every kept fix. */
  patrolMinutes: z.number(),
  minPatrolMinutes: z.number(),
  qualified: z.boolean(),
  /** Empty when qualified: what is left, most urgent first. */
  missing: z.array(Missing),
  /** Patrol reports (巡查上报, R15) filed today, and whether one is still open. */
  patrols: z.object({ reported: z.number(), open: z.boolean() }),
  targets: z.array(TodayTarget),
  cells: z.array(TodayCell),
  households: z.object({ total: z.number(), visited: z.number(), due: z.array(DueHousehold) }),
  persons: z.array(DuePerson),
  rectifications: z.array(RectificationTask),
  /** Open 民情台账 items of my grid. */
  ledgerOpen: z.number(),
});
export type Today = z.infer<typeof Today>;

// -------------------------------------------------------------------------------------- 巡查上报 (R15)

export const Patrol = z.object({
  id: z.number(),
  clientRef: z.string(),
  gridId: z.number(),
  startedAt: Timestamp,
  startLat: z.number(),
  startLon: z.number(),
  endedAt: Timestamp.nullable(),
  endLat: z.number().nullable(),
  endLon: z.number().nullable(),
  content: z.string(),
  result: z.string(),
  /** Minutes between start and end (null while open). */
  minutes: z.number().nullable(),
});
export type Patrol = z.infer<typeof Patrol>;

/** Starts a patrol: the time and place from the phone. */
export const StartPatrolBody = z.strictObject({ clientRef: ClientRef, at: PhoneTime, lat: Lat, lon: Lon, content: optText(1000) });
/** Ends the patrol started with `clientRef`: the content patrolled and its result (R15). */
export const EndPatrolBody = z.strictObject({ clientRef: ClientRef, at: PhoneTime, lat: Lat, lon: Lon, content: text(1000), result: text(1000) });
const PatrolsQuery = z.strictObject({ date: Day.optional() });

// ------------------------------------------------------------------------------- 走访 (R14, R17), 民情台账

export const HouseholdRow = z.object({
  id: z.number(),
  code: z.string().nullable(),
  address: z.string(),
  size: z.number(),
  status: z.enum(['registered', 'deregistered']),
  lat: z.number(),
  lon: z.number(),
  distanceM: DistanceM,
  residents: z.number(),
  /** Last visit this worker recorded there (any month), and whether this month has one (R14). */
  lastVisit: Day.nullable(),
  visitedThisMonth: z.boolean(),
  verifiedAt: Timestamp.nullable(),
});
/** `q` matches the address, the household code or a resident's name. Nearest first when lat/lon are given. */
const HouseholdsQuery = z
  .strictObject({
    q: z.string().trim().min(1).max(50).optional(),
    status: z.enum(['registered', 'deregistered', 'all']).default('registered'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    ...Near,
  })
  .refine(nearRefine, NEAR_MESSAGE);

/** A time slot of the visit diary (R17). */
export const TIME_SLOTS = ['morning', 'afternoon', 'evening'] as const;

/** One problem found or requested on a visit; `ledger` puts it in the 民情台账 to be followed until done (R17). */
export const VisitProblem = z.strictObject({ text: text(500), ledger: z.boolean().default(false) });

/** A visit with its diary (走访日记, R17): verified later against the worker's track (R23). */
export const VisitBody = z.strictObject({
  clientRef: ClientRef,
  householdId: Id,
  /** The 帮扶/关注 person of this household visited, if the visit was theirs (R14). */
  personId: Id.optional(),
  visitedAt: PhoneTime,
  timeSlot: z.enum(TIME_SLOTS),
  /** The patrol range (巡查范围) the visit was part of. */
  range: optText(200),
  /** Who was met (走访对象). */
  people: optText(200),
  problems: z.array(VisitProblem).max(20).default([]),
  handling: optText(1000),
  note: optText(500),
  lat: Lat.optional(),
  lon: Lon.optional(),
});
export type VisitBody = z.input<typeof VisitBody>;

export const DiaryVisit = z.object({
  id: z.number(),
  clientRef: z.string().nullable(),
  householdId: z.number(),
  address: z.string(),
  personId: z.number().nullable(),
  visitedAt: Timestamp,
  timeSlot: z.enum(TIME_SLOTS).nullable(),
  range: z.string(),
  people: z.string(),
  problems: z.array(z.object({ text: z.string(), ledger: z.boolean(), ledgerId: z.number().nullable() })),
  handling: z.string(),
  note: z.string(),
  /** verified, unverified (the track was not there, R23) or pending. */
  status: z.enum(['verified', 'unverified', 'pending']),
});
export type DiaryVisit = z.infer<typeof DiaryVisit>;
const DiaryQuery = z.strictObject({ month: Month.optional(), household: Id.optional() });

export const LEDGER_STATES = ['open', 'following', 'done'] as const;
/** A 民情台账 item: a problem found on a visit, followed up until done (R17). */
export const LedgerItem = z.object({
  id: z.number(),
  gridId: z.number(),
  squadId: z.number(),
  householdId: z.number(),
  address: z.string(),
  visitId: z.number(),
  text: z.string(),
  state: z.enum(LEDGER_STATES),
  openedAt: Timestamp,
  doneAt: Timestamp.nullable(),
  worker: z.string().nullable(),
  updatedAt: Timestamp,
});
export const LedgerDetail = LedgerItem.extend({
  history: z.array(z.object({ id: z.number(), state: z.enum(LEDGER_STATES), note: z.string(), by: z.string().nullable(), at: Timestamp })),
});
/** Worker: own grid; squad leader: own squad (asking another is 403); leader/admin: all, `?squad` narrows. */
const LedgerQuery = SquadQuery.extend({ state: z.enum([...LEDGER_STATES, 'unfinished']).optional() });
/** A follow-up (跟进): what was done, and the item's state after it; `done` ends it. */
export const FollowUpBody = z.strictObject({ clientRef: ClientRef, state: z.enum(['following', 'done']), note: text(1000) });

// --------------------------------------------------------------------- 我的事件, 督促整改 / 整改核查 (R18, R20)

/** A hazard's rectification (整改): who must fix it by when, and the check (核查) of it. */
export const Rectification = z.object({
  id: z.number(),
  incidentId: z.number(),
  /** 1, then 2… when a failed check orders it again. */
  round: z.number(),
  responsibleParty: z.string(),
  deadline: Day,
  note: z.string(),
  orderedAt: Timestamp,
  orderedBy: z.string().nullable(),
  state: z.enum(['pending', 'passed', 'failed']),
  checkedAt: Timestamp.nullable(),
  checkedBy: z.string().nullable(),
  checkNote: z.string(),
  /** The check's photos: attachments of the incident (GET /incidents/:id/attachments/:photo). */
  photoIds: z.array(z.number()),
});
export type Rectification = z.infer<typeof Rectification>;

export const MyCase = IncidentSummary.extend({
  description: z.string(),
  address: z.string(),
  /** Why it is mine: given to me, reported by me, or in my grid. */
  mine: z.object({ assigned: z.boolean(), reported: z.boolean(), inGrid: z.boolean() }),
  /** What I may do now, through POST /incidents/:id/actions. */
  actions: z.array(z.enum(INCIDENT_ACTIONS)),
  rectification: Rectification.nullable(),
});
export type MyCase = z.infer<typeof MyCase>;
const CasesQuery = z.strictObject({ open: z.enum(['true', 'false', 'all']).default('true') });

/** 督促整改: the party that must rectify the hazard and the day by which (today or later). */
export const RectifyBody = z.strictObject({ clientRef: ClientRef, responsibleParty: text(100), deadline: Day, note: optText(1000) });
/** 整改核查: passed or not, with photos already attached to the incident (POST /incidents/:id/attachments). */
export const CheckRectificationBody = z.strictObject({
  clientRef: ClientRef,
  passed: z.boolean(),
  note: text(1000),
  photoIds: z.array(Id).max(9).default([]),
});

/**
 * A case action from the app (R18, R20): the workflow's own action (POST /incidents/:id/actions) with the
 * phone's id of it. The same clientRef from the same worker again is the same action, answered as done
 * (`repeated`), never a 409 — a queue re-sending after a lost answer. A real conflict (someone else moved the
 * case first) is a 409 whose details say the case's state, version and who acted last.
 */
const caseAction = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) =>
  z.strictObject({ clientRef: ClientRef, action: z.literal(action), version: z.number().int().positive(), note: optText(2000), ...shape });
export const CASE_ACTIONS = ['accept', 'handle', 'verify', 'resolve_on_spot'] as const;
export const CaseActionBody = z.discriminatedUnion('action', [
  caseAction('accept', {}),
  caseAction('handle', { result: text(2000) }),
  caseAction('verify', {}),
  caseAction('resolve_on_spot', { result: text(2000) }),
]);
export type CaseActionBody = z.infer<typeof CaseActionBody>;

/** One class of the report screen's picker (R18), with how often I reported it and how often the town did. */
export const ReportClass = z.object({ code: z.string(), mine: z.number(), town: z.number() });
/** The period counted: the last 90 days. */
export const REPORT_CLASS_DAYS = 90;

// ---------------------------------------------------------------------------- 基础信息 (R8, R10, R22, R40)

export const RECORD_STATUSES = ['registered', 'deregistered'] as const;
/** A change of a basic-information record, with who and when (R8; the inspection team samples them, R22). */
export const RecordChange = z.object({
  id: z.number(),
  action: z.enum(['add', 'update', 'verify', 'deregister']),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  note: z.string(),
  by: z.string().nullable(),
  at: Timestamp,
});

export const Resident = z.object({
  id: z.number(),
  householdId: z.number(),
  address: z.string(),
  name: z.string(),
  gender: z.enum(['男', '女']).nullable(),
  birthYear: z.number().nullable(),
  /** In clear within the worker's own grid (and for admin, inspector); masked for other roles (R40). */
  idNumber: z.string().nullable(),
  phone: z.string(),
  relation: z.string(),
  status: z.enum(RECORD_STATUSES),
  registeredOn: Day,
  deregisteredOn: Day.nullable(),
  verifiedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
});
export type Resident = z.infer<typeof Resident>;

/** A 帮扶/关注 person of a household (R10, R14): returned only within the caller's own scope. */
export const FocusPerson = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['assist', 'concern']),
  category: z.string(),
  registeredOn: Day,
  lastVisit: Day.nullable(),
  dueOn: Day,
  overdueDays: z.number(),
});

export const HouseholdDetail = HouseholdRow.omit({ distanceM: true }).extend({
  gridId: z.number(),
  deregisteredOn: Day.nullable(),
  residentList: z.array(Resident),
  focusPersons: z.array(FocusPerson),
  visits: z.array(DiaryVisit),
  changes: z.array(RecordChange),
});
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;

const ResidentFields = {
  name: text(50),
  gender: z.enum(['男', '女']).optional(),
  birthYear: z.number().int().min(1880).max(2200).optional(),
  /** A 18-character resident ID (GB 11643), checked with its check digit. */
  idNumber: z
    .string()
    .regex(/^\d{17}[\dXx]$/, 'an 18-character ID number')
    .optional(),
  phone: z
    .string()
    .regex(/^[0-9+\-\s]{3,20}$/, 'a phone number')
    .optional(),
  relation: optText(20),
};
/** 新增 a resident of a household of my grid. */
export const AddResidentBody = z.strictObject({ clientRef: ClientRef, householdId: Id, ...ResidentFields });
/** 新增 a household of my grid: its position must lie in the grid. */
export const AddHouseholdBody = z.strictObject({
  clientRef: ClientRef,
  address: text(200),
  size: z.number().int().min(1).max(99),
  lat: Lat,
  lon: Lon,
  code: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .optional(),
});
const changeOf = <S extends z.ZodRawShape>(update: S) =>
  z.discriminatedUnion('action', [
    /** 更新: the fields given are changed. */
    z.strictObject({ action: z.literal('update'), clientRef: ClientRef, note: optText(500), ...update }),
    /** 核实: checked on the spot and found right. */
    z.strictObject({ action: z.literal('verify'), clientRef: ClientRef, note: optText(500) }),
    /** 注销: moved away, died, demolished; the record stays, marked. */
    z.strictObject({ action: z.literal('deregister'), clientRef: ClientRef, note: text(500), on: Day.optional() }),
  ]);
export const ResidentChangeBody = changeOf({
  name: text(50).optional(),
  gender: ResidentFields.gender,
  birthYear: ResidentFields.birthYear,
  idNumber: ResidentFields.idNumber,
  phone: ResidentFields.phone,
  relation: ResidentFields.relation,
  householdId: Id.optional(),
});
export const HouseholdChangeBody = changeOf({
  address: text(200).optional(),
  size: z.number().int().min(1).max(99).optional(),
  lat: Lat.optional(),
  lon: Lon.optional(),
});
const ResidentsQuery = z.strictObject({
  household: Id.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  status: z.enum(['registered', 'deregistered', 'all']).default('registered'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const ResidentDetail = Resident.extend({ changes: z.array(RecordChange) });

// -------------------------------------------------------------------------------- positions from the app

/** How Traccar Client on this phone is set up (the setup page's QR code): OsmAnd protocol, no token. */
export const TraccarSettings = z.object({
  /** The server URL to type in Traccar Client (the OsmAnd door; its port when OSMAND_PORT is set). */
  serverUrl: z.string(),
  /** Traccar Client's 设备标识 (device identifier): the terminal's registered unique id. */
  deviceId: z.string(),
  /** Seconds between fixes and metres of distance Traccar Client is best set to. */
  intervalS: z.number(),
  distanceM: z.number(),
  /** What the QR code holds: the settings as a URL Traccar Client reads (`serverUrl?id=…&interval=…`). */
  qr: z.string(),
});

export const field = {
  /** 今日: my grid, today's passes, patrol minutes, 合格 or what is missing (R13–R16), what is due (R14, R20). */
  today: endpoint({ method: 'get', path: '/field/today', query: z.strictObject(Near).refine(nearRefine, NEAR_MESSAGE), response: Today }),

  /** 巡查上报 (R15): start a patrol; the same clientRef again answers the same patrol. */
  startPatrol: endpoint({ method: 'post', path: '/field/patrols', body: StartPatrolBody, status: 201, response: Patrol.extend(Repeated) }),
  /** Ends the patrol started with that clientRef, with content and result; ending it again changes nothing. */
  endPatrol: endpoint({ method: 'post', path: '/field/patrols/end', body: EndPatrolBody, response: Patrol.extend(Repeated) }),
  /** My patrol reports of a day (today unless said), the latest first. */
  patrols: endpoint({ method: 'get', path: '/field/patrols', query: PatrolsQuery, response: z.object({ date: Day, patrols: z.array(Patrol) }) }),

  /** The households of my grid: nearby (lat/lon) or searched by address, code or a resident's name. */
  households: endpoint({ method: 'get', path: '/field/households', query: HouseholdsQuery, response: z.object({ households: z.array(HouseholdRow) }) }),
  /** One household of my grid (squad leader: squad; leader/admin/inspector: any) with residents, 帮扶/关注 persons, visits, changes. */
  household: endpoint({ method: 'get', path: '/field/households/:id', params: IdParams, response: HouseholdDetail }),
  /** 走访: a visit with its diary (R14, R17); ledger-marked problems open 民情台账 items. Unknown household 404, another grid's 403. */
  visit: endpoint({
    method: 'post',
    path: '/field/visits',
    body: VisitBody,
    status: 201,
    response: DiaryVisit.extend({ ...Repeated, ledgerIds: z.array(z.number()) }),
  }),
  /** My visit diary of a month (this month unless said), the latest first. */
  diary: endpoint({ method: 'get', path: '/field/visits', query: DiaryQuery, response: z.object({ month: Month, visits: z.array(DiaryVisit) }) }),

  /** 民情台账 items in scope, unfinished first. */
  ledger: endpoint({ method: 'get', path: '/field/ledger', query: LedgerQuery, response: z.object({ items: z.array(LedgerItem) }) }),
  /** One item with its history. */
  ledgerItem: endpoint({ method: 'get', path: '/field/ledger/:id', params: IdParams, response: LedgerDetail }),
  /** A follow-up of an item (the grid's worker, or the squad leader); a done item takes no more. */
  followUp: endpoint({ method: 'post', path: '/field/ledger/:id/follow-ups', params: IdParams, body: FollowUpBody, response: LedgerDetail.extend(Repeated) }),

  /** 我的事件: cases given to me, reported by me or in my grid, with what I may do and their rectification. */
  cases: endpoint({ method: 'get', path: '/field/cases', query: CasesQuery, response: z.object({ cases: z.array(MyCase) }) }),
  /** 督促整改 (R20): the responsible party and the deadline for a case of mine; a new round after a failed check. */
  rectify: endpoint({
    method: 'post',
    path: '/field/cases/:id/rectification',
    params: IdParams,
    body: RectifyBody,
    status: 201,
    response: Rectification.extend(Repeated),
  }),
  /** 整改核查 (R20): the check of the pending rectification, with photos of the incident. */
  checkRectification: endpoint({
    method: 'post',
    path: '/field/cases/:id/rectification/check',
    params: IdParams,
    body: CheckRectificationBody,
    response: Rectification.extend(Repeated),
  }),

  /** A case action of mine (accept, handle, verify, resolve on the spot) with its clientRef: a re-sent one is answered as done. */
  act: endpoint({ method: 'post', path: '/field/cases/:id/actions', params: IdParams, body: CaseActionBody, response: MyCase.extend(Repeated) }),
  /** The report screen's classes (R18): the active classes I report most first, then those the town reports most. */
  reportClasses: endpoint({
    method: 'get',
    path: '/field/report-classes',
    response: z.object({ days: z.number(), classes: z.array(ReportClass) }),
  }),

  /** 实有人口 of my grid (R8), searched by name or ID number, or of one household. */
  residents: endpoint({ method: 'get', path: '/field/residents', query: ResidentsQuery, response: z.object({ residents: z.array(Resident) }) }),
  /** One resident with the changes of their record. */
  resident: endpoint({ method: 'get', path: '/field/residents/:id', params: IdParams, response: ResidentDetail }),
  /** 新增 a resident (R8). */
  addResident: endpoint({ method: 'post', path: '/field/residents', body: AddResidentBody, status: 201, response: ResidentDetail.extend(Repeated) }),
  /** 更新 / 核实 / 注销 a resident (R8), kept in the change log with who and when. */
  changeResident: endpoint({
    method: 'post',
    path: '/field/residents/:id/changes',
    params: IdParams,
    body: ResidentChangeBody,
    response: ResidentDetail.extend(Repeated),
  }),
  /** 新增 a household (实有房屋, R8) in my grid. */
  addHousehold: endpoint({ method: 'post', path: '/field/households', body: AddHouseholdBody, status: 201, response: HouseholdDetail.extend(Repeated) }),
  /** 更新 / 核实 / 注销 a household (R8), kept in the change log. */
  changeHousehold: endpoint({
    method: 'post',
    path: '/field/households/:id/changes',
    params: IdParams,
    body: HouseholdChangeBody,
    response: HouseholdDetail.extend(Repeated),
  }),

  /** My position from the app (browser geolocation): the native door's body, sent through my registered terminal. */
  positions: endpoint({
    method: 'post',
    path: '/field/positions',
    body: PositionsBody,
    response: tracking.positions.response,
  }),
  /** Traccar Client settings for my terminal (the setup page's QR code). 404 when I have no terminal. */
  traccar: endpoint({ method: 'get', path: '/field/traccar', response: TraccarSettings }),
};
