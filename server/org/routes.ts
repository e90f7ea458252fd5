import { BRIGADE_ROLES } from '../../shared/core/roles.ts';
import { current } from '../town/validity.ts';
import { maskName } from '../../shared/core/mask.ts';
import { rotatingChairIndex, CHAIR_ROTATION_START } from '../../shared/org/chair.ts';
import type { z } from 'zod';
import { type Department, type GridAssignment, type Squad, type Worker, org } from '../../shared/org/contract.ts';
import type { WorkerStatus } from '../../shared/org/model.ts';
import type { Sendable } from '../../shared/core/contract.ts';
import { quarterDays, shanghaiQuarter } from '../../shared/core/time.ts';
import { audit } from '../auth/audit.ts';
import { covers, placeFilter, placeParams, scopeFor, seesNames } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import type { Queryable } from '../platform/db/index.ts';
import { assertExists } from '../platform/db/refs.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { addEquipment, changeEquipment, equipmentEvents, equipmentItem, listEquipment } from './equipment.ts';
import { changeStatus, handOver, lockStaffing, moveGridsWithVillages, recordHolders } from './staffing.ts';

/** A department as the API answers it (R6). */
export const DEPARTMENT_COLUMNS = `id, code, name, headcount, contact_name AS "contactName", contact_phone AS "contactPhone"`;

/** A worker as the API answers them: with their grid, if they hold one (R4). */
const WORKER_SELECT = `SELECT w.id, w.name, w.phone, w.squad_id AS "squadId", g.id AS "gridId", g.code AS "gridCode", w.hired_on AS "hiredOn", w.status
                         FROM workers w LEFT JOIN grids g ON g.worker_id = w.id`;

const ASSIGNMENT_SELECT = `SELECT a.id, a.grid_id AS "gridId", g.squad_id AS "squadId", a.worker_id AS "workerId", w.name AS worker,
                                  a.from_day AS "fromDay", a.to_day AS "toDay", u.display_name AS by, a.at
                             FROM grid_assignments a JOIN grids g ON g.id = a.grid_id JOIN workers w ON w.id = a.worker_id
                             LEFT JOIN users u ON u.id = a.by_user_id`;

/** Who reads the registers of people and things: the brigade's desks, a squad leader their own squad (R40). */
const READERS = ['admin', 'leader', 'duty', 'squad_leader', 'inspector'] as const;
const ADMIN = ['admin'] as const;

/** Only what the body names, as SQL `SET` columns; a body that names nothing is a 400. */
function changes(cols: Record<string, unknown>): [string, unknown][] {
  const set = Object.entries(cols).filter(([, v]) => v !== undefined);
  if (!set.length) throw new HttpError(400, 'invalid_request', 'nothing to change');
  return set;
}

const setClause = (set: [string, unknown][]) => set.map(([k], i) => `${k} = $${i + 2}`).join(', ');

export function orgRoutes({ db, rooms, townChanged }: Platform) {
  const workerById = async (q: Queryable, id: number) => (await q.query<Worker>(`${WORKER_SELECT} WHERE w.id = $1`, [id]))[0];

  return [
    route(org.org, {
      summary: 'The brigade: 三组一队 sections, nine squads, member departments, the rotating chair (R1-R6)',
      access: BRIGADE_ROLES,
      async handler({ user }) {
        const name = (n: string | null) => (n == null ? null : seesNames(user.role) ? n : maskName(n));
        const [brigade] = await db.query<{ name: string; host: string }>('SELECT name, host FROM brigade');
        const [town] = await db.query<{ code: string; name: string }>('SELECT code, name FROM town');
        const sections = await db.query<{ code: string; name: string; duty: string; posts: number; lead: string | null }>(
          `SELECT s.code, s.name, s.duty, s.posts, st.name AS lead FROM sections s
             LEFT JOIN staff st ON st.section_id = s.id AND st.position = 'section_lead' ORDER BY s.id`,
        );
        const squads = await db.query<{
          id: number;
          code: string;
          name: string;
          branch: string;
          leader: string | null;
          grids: number;
          workers: number;
          villages: number;
        }>(
          `SELECT q.id, q.code, q.name, q.branch, st.name AS leader,
                  (SELECT count(*)::int FROM grids g WHERE g.squad_id = q.id AND ${current('g')}) AS grids,
                  (SELECT count(*)::int FROM workers w WHERE w.squad_id = q.id AND w.status <> 'left') AS workers,
                  (SELECT count(*)::int FROM villages v WHERE v.squad_id = q.id) AS villages
             FROM squads q LEFT JOIN staff st ON st.squad_id = q.id AND st.position = 'squad_leader' ORDER BY q.code`,
        );
        const departments = (await db.query<z.infer<typeof Department>>(`SELECT ${DEPARTMENT_COLUMNS} FROM departments ORDER BY id`)).map((d) => ({
          ...d,
          contactName: name(d.contactName),
          contactPhone: seesNames(user.role) ? d.contactPhone : null,
        }));
        const leaders = await db.query<{ position: string; name: string }>(
          `SELECT position, name FROM staff WHERE position IN ('captain', 'deputy') ORDER BY id`,
        );
        const now = new Date();
        const chair = squads.length ? squads[rotatingChairIndex(squads.length, now)]! : null;
        const q = shanghaiQuarter(now);
        const days = quarterDays(q.year, q.quarter);
        return {
          town: town ?? null,
          brigade: brigade
            ? {
                ...brigade,
                captain: name(leaders.find((l) => l.position === 'captain')?.name ?? null),
                deputies: leaders.filter((l) => l.position === 'deputy').map((l) => name(l.name)),
              }
            : null,
          sections: sections.map((s) => ({ ...s, lead: name(s.lead) })),
          squads: squads.map((s) => ({ ...s, leader: name(s.leader) })),
          departments,
          rotatingChair: chair && {
            squadId: chair.id,
            squad: chair.name,
            leader: name(chair.leader),
            quarter: `${q.year}Q${q.quarter}`,
            quarterStart: days.first,
            quarterEnd: days.last,
            rotationStart: `${CHAIR_ROTATION_START.year}Q${CHAIR_ROTATION_START.quarter}`,
          },
        };
      },
    }),
    route(org.workers, {
      summary: 'Grid workers (网格员) in scope; names masked and phones hidden for the wall (R40)',
      access: BRIGADE_ROLES,
      async handler({ user, query }) {
        const scope = scopeFor(user, query.squad);
        const rows = await db.query<Worker>(
          `${WORKER_SELECT} WHERE ${placeFilter('w.squad_id', 'g.id', 1)} ORDER BY g.code NULLS LAST, w.id`,
          placeParams(scope),
        );
        const full = seesNames(user.role);
        // The wall gets no phone numbers, not even masked (SECURITY.md).
        return rows.map((w) => ({ ...w, name: full ? w.name : maskName(w.name), phone: full ? w.phone : null }));
      },
    }),
    route(org.worker, {
      summary: 'A worker in scope with their grids over time, their status changes, the equipment they hold (R7) and their terminals',
      access: READERS,
      async handler({ params, user }) {
        const w = await workerById(db, params.id);
        if (!w || !covers(scopeFor(user), w)) throw notFound(`worker ${params.id}`);
        if (w.gridId !== null) await recordHolders(db, w.gridId);
        const assignments = await db.query<GridAssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.worker_id = $1 ORDER BY a.from_day, a.id`, [w.id]);
        const statusHistory = await db.query<{ status: WorkerStatus; previous: WorkerStatus; on: string; by: string | null; at: Date }>(
          `SELECT e.status, e.previous, e.on_day AS on, u.display_name AS by, e.at FROM worker_status_events e LEFT JOIN users u ON u.id = e.by_user_id
            WHERE e.worker_id = $1 ORDER BY e.on_day, e.id`,
          [w.id],
        );
        const devices = await db.query<{ id: number; status: string; uniqueId: string }>(
          'SELECT id, status, unique_id AS "uniqueId" FROM devices WHERE worker_id = $1 ORDER BY id',
          [w.id],
        );
        return {
          ...w,
          assignments,
          statusHistory,
          equipment: await listEquipment(db, { squadId: null, holderWorkerId: w.id }),
          // A terminal's OsmAnd id is its only credential on that door (R7).
          devices: devices.map(({ uniqueId, ...d }) => (user.role === 'admin' ? { ...d, uniqueId } : d)),
        };
      },
    }),
    route(org.hire, {
      summary: 'Hire a grid worker into a squad; they take a grid by a handover',
      access: ADMIN,
      async handler({ body, user, req }) {
        return db.transaction(async (tx) => {
          await assertExists(tx, 'squads', body.squadId, 'squad');
          const [row] = await tx.query<{ id: number }>('INSERT INTO workers (name, phone, squad_id, hired_on) VALUES ($1, $2, $3, $4) RETURNING id', [
            body.name,
            body.phone,
            body.squadId,
            body.hiredOn,
          ]);
          const hired = (await workerById(tx, row!.id))!;
          await audit(tx, { userId: user.userId, action: 'create', entity: 'worker', entityId: hired.id, after: hired, ip: req.ip });
          return hired;
        });
      },
    }),
    route(org.editWorker, {
      summary: 'Edit a worker: name, phone, or a transfer to another squad (refused while they hold a grid of the old one)',
      access: ADMIN,
      async handler({ params, body, user, req }) {
        const out = await db.transaction(async (tx) => {
          await lockStaffing(tx);
          const before = await workerById(tx, params.id);
          if (!before) throw notFound(`worker ${params.id}`);
          const set = changes({ name: body.name, phone: body.phone, squad_id: body.squadId });
          const transfer = body.squadId !== undefined && body.squadId !== before.squadId;
          if (transfer) {
            await assertExists(tx, 'squads', body.squadId!, 'squad');
            if (before.status === 'left') throw new HttpError(409, 'worker_left', `worker ${before.id} has left the post`);
            if (before.gridId !== null)
              throw new HttpError(
                409,
                'holds_grid',
                `worker ${before.id} holds grid ${before.gridCode} of squad ${before.squadId}: hand it over first (POST /api/grids/${before.gridId}/handover)`,
                { gridId: before.gridId, code: before.gridCode },
              );
          }
          await tx.query(`UPDATE workers SET ${setClause(set)} WHERE id = $1`, [before.id, ...set.map(([, v]) => v)]);
          const after = (await workerById(tx, before.id))!;
          await audit(tx, { userId: user.userId, action: transfer ? 'transfer' : 'update', entity: 'worker', entityId: before.id, before, after, ip: req.ip });
          return { after, transfer };
        });
        if (out.transfer) await townChanged();
        return out.after;
      },
    }),
    route(org.workerStatus, {
      summary:
        'A worker goes on leave, comes back or leaves the post on a day: leaving releases their grid, revokes their terminals and disables their account',
      access: ADMIN,
      async handler({ params, body, user, req }) {
        const change = await db.transaction(async (tx) => {
          const done = await changeStatus(tx, params.id, body, { userId: user.userId, ip: req.ip });
          return { ...done, worker: (await workerById(tx, params.id))! };
        });
        await townChanged();
        if (change.disabledAccounts.length) await rooms.sessionsEnded();
        return change;
      },
    }),
    route(org.editSquad, {
      summary: 'Rename a squad (中队) or its party branch (党总支, R3)',
      access: ADMIN,
      async handler({ params, body, user, req }) {
        return db.transaction(async (tx) => {
          const [before] = await tx.query<z.infer<typeof Squad>>('SELECT id, code, name, branch FROM squads WHERE id = $1 FOR UPDATE', [params.id]);
          if (!before) throw notFound(`squad ${params.id}`);
          const set = changes({ name: body.name, branch: body.branch });
          const [after] = await tx.query<z.infer<typeof Squad>>(`UPDATE squads SET ${setClause(set)} WHERE id = $1 RETURNING id, code, name, branch`, [
            before.id,
            ...set.map(([, v]) => v),
          ]);
          await audit(tx, { userId: user.userId, action: 'update', entity: 'squad', entityId: before.id, before, after, ip: req.ip });
          return after!;
        });
      },
    }),
    route(org.editVillage, {
      summary: 'Edit a village or community (村/居): its name, kind, or squad — its grids and their workers move with it',
      access: ADMIN,
      async handler({ params, body, user, req }) {
        const out = await db.transaction(async (tx) => {
          await lockStaffing(tx);
          const [before] = await tx.query<{ id: number; code: string; name: string; kind: '村' | '居'; squadId: number }>(
            `SELECT id, code, name, kind, squad_id AS "squadId" FROM villages WHERE id = $1 FOR UPDATE`,
            [params.id],
          );
          if (!before) throw notFound(`village ${params.id}`);
          const set = changes({ name: body.name, kind: body.kind, squad_id: body.squadId });
          const moves = body.squadId !== undefined && body.squadId !== before.squadId;
          if (moves) await assertExists(tx, 'squads', body.squadId!, 'squad');
          await tx.query(`UPDATE villages SET ${setClause(set)} WHERE id = $1`, [before.id, ...set.map(([, v]) => v)]);
          const movedGrids = moves ? await moveGridsWithVillages(tx, [before.id], [before.squadId, body.squadId!]) : 0;
          const after = { ...before, name: body.name ?? before.name, kind: body.kind ?? before.kind, squadId: body.squadId ?? before.squadId };
          await audit(tx, {
            userId: user.userId,
            action: 'update',
            entity: 'village',
            entityId: before.id,
            before,
            after: { ...after, movedGrids },
            ip: req.ip,
          });
          return { ...after, movedGrids };
        });
        if (out.movedGrids) await townChanged();
        return out;
      },
    }),
    route(org.handover, {
      summary: 'Hand a grid to a worker from a day on, or release it (R4: one worker per grid, one grid per worker; the history kept)',
      access: ADMIN,
      async handler({ params, body, user, req }) {
        const done = await db.transaction((tx) => handOver(tx, params.id, body, { userId: user.userId, ip: req.ip }));
        await townChanged();
        return done;
      },
    }),
    route(org.assignments, {
      summary: 'The workers a grid in scope has had, with their days (R4)',
      access: READERS,
      async handler({ params, user }) {
        const [g] = await db.query<{ gridId: number; squadId: number; code: string }>(
          'SELECT id AS "gridId", squad_id AS "squadId", code FROM grids WHERE id = $1',
          [params.id],
        );
        if (!g || !covers(scopeFor(user), g)) throw notFound(`grid ${params.id}`);
        await recordHolders(db, g.gridId);
        return { ...g, assignments: await db.query<GridAssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.grid_id = $1 ORDER BY a.from_day, a.id`, [g.gridId]) };
      },
    }),
    route(org.createDepartment, {
      summary: 'Add a member department (R6) with its seconded headcount and contact',
      access: ADMIN,
      async handler({ body, user, req }) {
        const made = await db.transaction(async (tx) => {
          if ((await tx.query('SELECT 1 FROM departments WHERE code = $1', [body.code])).length)
            throw new HttpError(409, 'conflict', `department ${body.code} exists already`);
          const [d] = await tx.query<z.infer<typeof Department>>(
            `INSERT INTO departments (code, name, headcount, contact_name, contact_phone) VALUES ($1, $2, $3, $4, $5) RETURNING ${DEPARTMENT_COLUMNS}`,
            [body.code, body.name, body.headcount, body.contactName ?? null, body.contactPhone ?? null],
          );
          await audit(tx, { userId: user.userId, action: 'create', entity: 'department', entityId: d!.id, after: d, ip: req.ip });
          return d!;
        });
        await townChanged();
        return made;
      },
    }),
    route(org.editDepartment, {
      summary: 'Edit a member department (R6): name, seconded headcount, contact',
      access: ADMIN,
      async handler({ params, body, user, req }) {
        const after = await db.transaction(async (tx) => {
          const [before] = await tx.query<z.infer<typeof Department>>(`SELECT ${DEPARTMENT_COLUMNS} FROM departments WHERE id = $1 FOR UPDATE`, [params.id]);
          if (!before) throw notFound(`department ${params.id}`);
          const set = changes({ name: body.name, headcount: body.headcount, contact_name: body.contactName, contact_phone: body.contactPhone });
          const [d] = await tx.query<z.infer<typeof Department>>(`UPDATE departments SET ${setClause(set)} WHERE id = $1 RETURNING ${DEPARTMENT_COLUMNS}`, [
            before.id,
            ...set.map(([, v]) => v),
          ]);
          await audit(tx, { userId: user.userId, action: 'update', entity: 'department', entityId: before.id, before, after: d, ip: req.ip });
          return d!;
        });
        await townChanged();
        return after;
      },
    }),
    route(org.equipment, {
      summary: 'The equipment register (R7): cars, e-bikes, terminals, who holds each and its state; a squad leader sees what their squad holds',
      access: READERS,
      async handler({ query, user }) {
        const { squadId } = scopeFor(user, query.squad);
        return { equipment: await listEquipment(db, { squadId, kind: query.kind, status: query.status }) };
      },
    }),
    route(org.addEquipment, {
      summary: 'Add an item to the equipment register (R7)',
      access: ADMIN,
      async handler({ body, user, req }) {
        return db.transaction(async (tx) => {
          const item = await addEquipment(tx, body, user.userId);
          await audit(tx, { userId: user.userId, action: 'create', entity: 'equipment', entityId: item.id, after: item, ip: req.ip });
          return item;
        });
      },
    }),
    route(org.editEquipment, {
      summary: 'Hand an item to a worker or back to the brigade, mark it damaged or replaced, note why (R7); each change kept',
      access: ADMIN,
      async handler({ params, body, user, req }) {
        return db.transaction(async (tx) => {
          await tx.query('SELECT 1 FROM equipment WHERE id = $1 FOR UPDATE', [params.id]);
          const before = await equipmentItem(tx, params.id);
          if (!before) throw notFound(`equipment ${params.id}`);
          const after = await changeEquipment(tx, before, body, user.userId);
          await audit(tx, { userId: user.userId, action: 'update', entity: 'equipment', entityId: before.id, before, after, ip: req.ip });
          return after;
        });
      },
    }),
    route(org.equipmentEvents, {
      summary: 'Every change of an item of the register, as it stood after it (R7)',
      access: READERS,
      async handler({ params, user }) {
        const item = await equipmentItem(db, params.id);
        const { squadId } = scopeFor(user);
        if (!item || (squadId !== null && item.squadId !== squadId)) throw notFound(`equipment ${params.id}`);
        return { events: await equipmentEvents(db, item.id) };
      },
    }),
  ];
}

type GridAssignmentRow = Sendable<z.infer<typeof GridAssignment>>;
