// The brigade's organisation (R1-R7) and its grid workers, as the API answers them; names masked for the
// wall (R40). Reading is for the brigade's roles within their scope; every change is an administrator's,
// audited with its before and after, and a refused change leaves everything as it was.
import { z } from 'zod';
import { Timestamp, endpoint } from '../core/contract.ts';
import { Day, Id, SquadQuery } from '../core/schemas.ts';
import { EQUIPMENT_KINDS, EQUIPMENT_STATUSES, VILLAGE_KINDS, WORKER_STATUSES } from './model.ts';

const name = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
/** A phone number as the brigade writes it (also what the roster import checks). */
export const PHONE = /^[0-9+\-\s]{3,20}$/;
const Phone = z.string().trim().regex(PHONE, 'a phone number');
const IdParams = z.strictObject({ id: Id });

/** A member department (R6) with its seconded headcount and its contact; the wall gets no contact phone (R40). */
export const Department = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  headcount: z.number(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
});

export const Org = z.object({
  town: z.object({ code: z.string(), name: z.string() }).nullable(),
  brigade: z.object({ name: z.string(), host: z.string(), captain: z.string().nullable(), deputies: z.array(z.string().nullable()) }).nullable(),
  sections: z.array(z.object({ code: z.string(), name: z.string(), duty: z.string(), posts: z.number(), lead: z.string().nullable() })),
  squads: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      branch: z.string(),
      leader: z.string().nullable(),
      grids: z.number(),
      workers: z.number(),
      villages: z.number(),
    }),
  ),
  departments: z.array(Department),
  /** 轮值主席 (R5): this quarter's chair, the quarter (`2026Q4`) and its first and last day. */
  rotatingChair: z
    .object({
      squadId: z.number(),
      squad: z.string(),
      leader: z.string().nullable(),
      quarter: z.string(),
      quarterStart: z.string(),
      quarterEnd: z.string(),
      rotationStart: z.string(),
    })
    .nullable(),
});

export const Worker = z.object({
  id: z.number(),
  name: z.string(),
  /** None for the wall (R40). */
  phone: z.string().nullable(),
  squadId: z.number(),
  gridId: z.number().nullable(),
  gridCode: z.string().nullable(),
  hiredOn: z.string(),
  status: z.string(),
});
export type Worker = z.infer<typeof Worker>;

/** One holder of a grid over a stretch of days (R4): from `fromDay` up to the day before `toDay`; `toDay` null while it holds it. */
export const GridAssignment = z.object({
  id: z.number(),
  gridId: z.number(),
  squadId: z.number(),
  workerId: z.number(),
  worker: z.string(),
  fromDay: z.string(),
  /** The day the grid passed on (exclusive): null for the current holder. */
  toDay: z.string().nullable(),
  /** Who recorded it; null for a holder recorded before the history was kept (from their hiring day). */
  by: z.string().nullable(),
  at: Timestamp,
});
export type GridAssignment = z.infer<typeof GridAssignment>;

/** A grid that a request left without a worker. */
const ReleasedGrid = z.object({ gridId: z.number(), code: z.string() });

/**
 * Hands a grid to a worker from a day on (R4: one worker per grid, one grid per worker). The previous
 * holder's assignment ends that day. A worker who already holds another grid is refused (409
 * `holds_another_grid`) unless `release` names that grid: it is then left without a worker on the same day,
 * in the same transaction. `workerId: null` only releases the grid. `on` is today (Asia/Shanghai) unless
 * given, never a day to come, nor before the current holder's first day.
 */
export const HandoverBody = z.strictObject({
  workerId: Id.nullable(),
  on: Day.optional(),
  release: Id.optional(),
});
export const Handover = z.object({
  gridId: z.number(),
  code: z.string(),
  workerId: z.number().nullable(),
  previousWorkerId: z.number().nullable(),
  on: z.string(),
  released: ReleasedGrid.nullable(),
});

export const SquadBody = z.strictObject({ name: name(50).optional(), branch: name(50).optional() });
export const Squad = z.object({ id: z.number(), code: z.string(), name: z.string(), branch: z.string() });

/** A village moved to another squad takes its grids, and their current workers, with it. */
export const VillageBody = z.strictObject({ name: name(50).optional(), kind: z.enum(VILLAGE_KINDS).optional(), squadId: Id.optional() });
export const Village = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(VILLAGE_KINDS),
  squadId: z.number(),
  /** Grids (and their workers) that moved with it to its new squad, when it moved. */
  movedGrids: z.number(),
});

export const HireBody = z.strictObject({ name: name(50), phone: Phone, squadId: Id, hiredOn: Day });
/** A transfer is a change of `squadId`: refused (409 `holds_grid`) while the worker holds a grid of the old squad. */
export const WorkerBody = z.strictObject({ name: name(50).optional(), phone: Phone.optional(), squadId: Id.optional() });
/**
 * A worker goes on leave (`leave`), comes back (`active`) or leaves the post (`left`, final: hire anew) on a
 * day (today unless given; never a day to come nor before the last change). Leaving releases their grid
 * (its assignment ends that day) and revokes their terminals. Someone on leave or gone is not named in the
 * day's notice (R16). A worker who leaves also loses their own account (disabled, its sessions ended).
 */
export const WorkerStatusBody = z.strictObject({ status: z.enum(WORKER_STATUSES), on: Day.optional() });
export const WorkerStatusChange = z.object({
  worker: Worker,
  previous: z.enum(WORKER_STATUSES),
  on: z.string(),
  released: ReleasedGrid.nullable(),
  revokedDevices: z.array(z.number()),
  disabledAccounts: z.array(z.number()),
});
export const WorkerStatusEntry = z.object({
  status: z.enum(WORKER_STATUSES),
  previous: z.enum(WORKER_STATUSES),
  on: z.string(),
  by: z.string().nullable(),
  at: Timestamp,
});

/** An item of the equipment register (R7): who holds it (a worker, or the brigade when none), and its state. */
export const Equipment = z.object({
  id: z.number(),
  kind: z.enum(EQUIPMENT_KINDS),
  label: z.string(),
  holderWorkerId: z.number().nullable(),
  holder: z.string().nullable(),
  /** The holder's squad; null for what the brigade keeps. */
  squadId: z.number().nullable(),
  /** The registered terminal (R7) a `terminal` item is, when linked. */
  deviceId: z.number().nullable(),
  status: z.enum(EQUIPMENT_STATUSES),
  note: z.string(),
});
export type Equipment = z.infer<typeof Equipment>;
export const EquipmentBody = z.strictObject({
  kind: z.enum(EQUIPMENT_KINDS),
  label: name(50),
  holderWorkerId: Id.nullable().optional(),
  deviceId: Id.nullable().optional(),
  status: z.enum(EQUIPMENT_STATUSES).optional(),
  note: z.string().max(500).optional(),
});
/** Hand it to someone (`holderWorkerId`, null: back to the brigade), mark it damaged or replaced, note why. */
export const EquipmentChangeBody = z.strictObject({
  holderWorkerId: Id.nullable().optional(),
  deviceId: Id.nullable().optional(),
  status: z.enum(EQUIPMENT_STATUSES).optional(),
  note: z.string().max(500).optional(),
});
/** Each change of an item, as it stood after it. */
export const EquipmentEvent = z.object({
  id: z.number(),
  equipmentId: z.number(),
  action: z.enum(['create', 'update']),
  holderWorkerId: z.number().nullable(),
  status: z.enum(EQUIPMENT_STATUSES),
  note: z.string(),
  by: z.string().nullable(),
  at: Timestamp,
});

/** A worker with their grid's history, their status changes, what they hold (R7) and their terminals. */
export const WorkerDetail = Worker.extend({
  assignments: z.array(GridAssignment),
  statusHistory: z.array(WorkerStatusEntry),
  equipment: z.array(Equipment),
  /** Their terminals; the OsmAnd id, a terminal's credential, for an administrator only (R7). */
  devices: z.array(z.object({ id: z.number(), status: z.string(), uniqueId: z.string().optional() })),
});

/** A member department's code (also what the roster import checks). */
export const DEPARTMENT_CODE = /^[a-z][a-z0-9_]{1,31}$/;
const DepartmentCode = z.string().regex(DEPARTMENT_CODE, '2-32 characters: a-z 0-9 _');
export const CreateDepartmentBody = z.strictObject({
  code: DepartmentCode,
  name: name(50),
  headcount: z.number().int().min(0).max(1000),
  contactName: name(50).nullable().optional(),
  contactPhone: Phone.nullable().optional(),
});
export const DepartmentBody = CreateDepartmentBody.omit({ code: true }).partial();

export const EquipmentQuery = SquadQuery.extend({ kind: z.enum(EQUIPMENT_KINDS).optional(), status: z.enum(EQUIPMENT_STATUSES).optional() });

export const org = {
  org: endpoint({ method: 'get', path: '/org', response: Org }),
  workers: endpoint({ method: 'get', path: '/workers', query: SquadQuery, response: z.array(Worker) }),
  /** `/profile`, as `/workers/live` (tracking) would read as a worker's id. */
  worker: endpoint({ method: 'get', path: '/workers/:id/profile', params: IdParams, response: WorkerDetail }),
  hire: endpoint({ method: 'post', path: '/workers', body: HireBody, status: 201, response: Worker }),
  editWorker: endpoint({ method: 'patch', path: '/workers/:id', params: IdParams, body: WorkerBody, response: Worker }),
  workerStatus: endpoint({ method: 'patch', path: '/workers/:id/status', params: IdParams, body: WorkerStatusBody, response: WorkerStatusChange }),
  editSquad: endpoint({ method: 'patch', path: '/squads/:id', params: IdParams, body: SquadBody, response: Squad }),
  editVillage: endpoint({ method: 'patch', path: '/villages/:id', params: IdParams, body: VillageBody, response: Village }),
  handover: endpoint({ method: 'post', path: '/grids/:id/handover', params: IdParams, body: HandoverBody, response: Handover }),
  assignments: endpoint({
    method: 'get',
    path: '/grids/:id/assignments',
    params: IdParams,
    response: z.object({ gridId: z.number(), squadId: z.number(), code: z.string(), assignments: z.array(GridAssignment) }),
  }),
  createDepartment: endpoint({ method: 'post', path: '/departments', body: CreateDepartmentBody, status: 201, response: Department }),
  editDepartment: endpoint({ method: 'patch', path: '/departments/:id', params: IdParams, body: DepartmentBody, response: Department }),
  equipment: endpoint({ method: 'get', path: '/equipment', query: EquipmentQuery, response: z.object({ equipment: z.array(Equipment) }) }),
  addEquipment: endpoint({ method: 'post', path: '/equipment', body: EquipmentBody, status: 201, response: Equipment }),
  editEquipment: endpoint({ method: 'patch', path: '/equipment/:id', params: IdParams, body: EquipmentChangeBody, response: Equipment }),
  equipmentEvents: endpoint({ method: 'get', path: '/equipment/:id/events', params: IdParams, response: z.object({ events: z.array(EquipmentEvent) }) }),
};
