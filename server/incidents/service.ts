// The incident workflow on the database (R18-R20, R31): reports located by point-in-polygon, actions
// checked against the state machine (shared/incidents/machine.ts), the actor's role and assignment, and the
// version the client saw; every step an event of the timeline; deadlines from the class's time limit.
import { reportSource } from '../../shared/incidents/sources.ts';
import * as turf from '@turf/turf';
import {
  ACTION_ROLES,
  allowedActions,
  isFinal,
  transition,
  urgencyOf,
  type CaseFacts,
  type IncidentAction,
  type IncidentLevel,
  type IncidentState,
  type IncidentSummary,
} from '../../shared/incidents/machine.ts';
import type { ActionBody, CreateIncidentBody } from '../../shared/incidents/contract.ts';
import { maskName, maskPhone } from '../../shared/core/mask.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import { deadlineOf } from '../../shared/incidents/workingTime.ts';
import type { Role } from '../../shared/core/roles.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import type { LiveState } from '../tracking/live.ts';
import { loadCalendar, loadCategories, type Category } from './catalog.ts';

/** Who acts: a logged-in user, or a worker's terminal (as that worker). */
export interface Actor {
  role: Role;
  userId: number | null;
  deviceId: number | null;
  workerId: number | null;
  squadId: number | null;
  gridId: number | null;
  departmentId: number | null;
}

interface Row {
  id: number;
  code: string;
  categoryCode: string;
  state: IncidentState;
  level: IncidentLevel;
  version: number;
  source: string;
  description: string;
  address: string;
  lat: number;
  lon: number;
  gridId: number | null;
  villageId: number | null;
  squadId: number | null;
  reporterUserId: number | null;
  reporterWorkerId: number | null;
  callerName: string | null;
  callerPhone: string | null;
  assigneeWorkerId: number | null;
  assigneeDepartmentId: number | null;
  registeredAt: Date | null;
  dispatchedAt: Date | null;
  deadline: Date | null;
  handledAt: Date | null;
  verifiedAt: Date | null;
  closedAt: Date | null;
  extensionPending: { hours: number; reason: string } | null;
  reworkCount: number;
  extensionCount: number;
  postponeCount: number;
  escalationCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `i.id, i.code, i.category_code AS "categoryCode", i.state, i.level, i.version, i.source, i.description, i.address,
  ST_Y(i.geom) AS lat, ST_X(i.geom) AS lon, i.grid_id AS "gridId", i.village_id AS "villageId", i.squad_id AS "squadId",
  i.reporter_user_id AS "reporterUserId", i.reporter_worker_id AS "reporterWorkerId", i.caller_name AS "callerName", i.caller_phone AS "callerPhone",
  i.assignee_worker_id AS "assigneeWorkerId", i.assignee_department_id AS "assigneeDepartmentId", i.registered_at AS "registeredAt",
  i.dispatched_at AS "dispatchedAt", i.deadline, i.handled_at AS "handledAt", i.verified_at AS "verifiedAt", i.closed_at AS "closedAt",
  i.extension_pending AS "extensionPending", i.rework_count AS "reworkCount", i.extension_count AS "extensionCount",
  i.postpone_count AS "postponeCount", i.escalation_count AS "escalationCount", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

/** Roles that see every incident; the others see theirs (see `visible`). */
const TOWN_ROLES: Role[] = ['admin', 'leader', 'duty', 'inspector', 'wall'];
/** Roles handling cases, who see the resident's name and phone (R40); the assignee too. */
const CALLER_ROLES: Role[] = ['admin', 'duty', 'inspector'];

/** SQL limiting incidents `i` to what an actor may see, with its parameters from `$n`. */
export function visible(actor: Actor, n: number): { sql: string; params: unknown[] } {
  if (TOWN_ROLES.includes(actor.role)) return { sql: 'true', params: [] };
  if (actor.role === 'squad_leader') return { sql: `i.squad_id = $${n}`, params: [actor.squadId] };
  if (actor.role === 'department') return { sql: `i.assignee_department_id = $${n}`, params: [actor.departmentId] };
  // A worker: what they reported or were given, and what happens in their own grid (R4, R18).
  if (actor.role === 'worker')
    return { sql: `(i.reporter_worker_id = $${n} OR i.assignee_worker_id = $${n} OR i.grid_id = $${n + 1})`, params: [actor.workerId, actor.gridId] };
  return { sql: 'false', params: [] };
}

const WALKING_MS = 1.2;
const EBIKE_MS = 4.5;
/** Roads are not straight lines. */
const DETOUR = 1.3;
/** A worker with this many open assignments is not suggested. */
const MAX_LOAD = 3;

export function incidentService(db: Db, live: LiveState) {
  let categories = new Map<string, Category>();
  const reloadCategories = async () => {
    categories = new Map((await loadCategories(db)).map((c) => [c.code, c]));
  };
  const category = (code: string) => categories.get(code);

  /** What every client may see of an incident: no description of the resident, no names. */
  function summary(r: Row, now = Date.now()): IncidentSummary {
    const c = category(r.categoryCode);
    const started = (r.dispatchedAt ?? r.registeredAt ?? r.createdAt).getTime();
    return {
      id: r.id,
      code: r.code,
      categoryCode: r.categoryCode,
      category: c ? `${c.majorName}·${c.name}` : r.categoryCode,
      state: r.state,
      level: r.level,
      version: r.version,
      source: r.source,
      lat: r.lat,
      lon: r.lon,
      gridId: r.gridId,
      villageId: r.villageId,
      squadId: r.squadId,
      assigneeWorkerId: r.assigneeWorkerId,
      assigneeDepartmentId: r.assigneeDepartmentId,
      deadline: r.deadline?.toISOString() ?? null,
      urgency:
        isFinal(r.state) || r.state === 'handled' || r.state === 'verified' || r.state === 'fed_back'
          ? ('normal' as const)
          : urgencyOf(started, r.deadline?.getTime() ?? null, now),
      extensionPending: r.extensionPending !== null,
      reworkCount: r.reworkCount,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  const facts = (r: Row): CaseFacts => ({
    state: r.state,
    level: r.level,
    onSpot: category(r.categoryCode)?.onSpot ?? false,
    extensionPending: r.extensionPending !== null,
  });

  /** The actions this actor may take on this case now: allowed by the state, the role and the assignment. */
  function actionsFor(actor: Actor, r: Row): IncidentAction[] {
    return allowedActions(facts(r)).filter((a) => mayAct(actor, r, a));
  }

  function mayAct(actor: Actor, r: Row, a: IncidentAction): boolean {
    if (!ACTION_ROLES[a].includes(actor.role)) return false;
    const assigned =
      (actor.role === 'worker' && r.assigneeWorkerId === actor.workerId) || (actor.role === 'department' && r.assigneeDepartmentId === actor.departmentId);
    switch (actor.role) {
      case 'worker':
        if (a === 'resolve_on_spot') return r.reporterWorkerId === actor.workerId || r.gridId === actor.gridId;
        if (a === 'verify' || a === 'rework') return r.reporterWorkerId === actor.workerId && r.assigneeWorkerId !== actor.workerId; // 核查 by the one who found it, not who fixed it
        return assigned;
      case 'department':
        return assigned;
      case 'squad_leader':
        return r.squadId === actor.squadId;
      default:
        return true;
    }
  }

  async function load(q: Queryable, id: number, actor: Actor, lock = false): Promise<Row> {
    const v = visible(actor, 2);
    const [r] = await q.query<Row>(`SELECT ${COLUMNS} FROM incidents i WHERE i.id = $1 AND ${v.sql}${lock ? ' FOR UPDATE' : ''}`, [id, ...v.params]);
    if (!r) throw new HttpError(404, 'not_found', `no incident ${id}`);
    return r;
  }

  async function event(q: Queryable, id: number, actor: Actor, action: string, from: string | null, to: string, note = '', data: object = {}) {
    await q.query(
      `INSERT INTO incident_events (incident_id, action, from_state, to_state, actor_user_id, actor_device_id, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, action, from, to, actor.userId, actor.deviceId, note, JSON.stringify(data)],
    );
  }

  /** Open incidents of the same class within 100 m and 24 h of a point: possible duplicates. */
  async function duplicatesNear(q: Queryable, categoryCode: string, lon: number, lat: number, exceptId: number | null) {
    const rows = await q.query<Row>(
      `SELECT ${COLUMNS} FROM incidents i
        WHERE i.category_code = $1 AND i.state NOT IN ('closed', 'rejected', 'merged') AND i.created_at > now() - interval '24 hours'
          AND ST_DWithin(i.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 100) AND i.id IS DISTINCT FROM $4
        ORDER BY i.id`,
      [categoryCode, lon, lat, exceptId],
    );
    return rows.map((r) => summary(r));
  }

  async function create(actor: Actor, body: CreateIncidentBody) {
    const c = category(body.categoryCode);
    if (!c?.active)
      throw new HttpError(422, 'unknown_category', `no incident class ${body.categoryCode}`, [{ path: 'body.categoryCode', message: 'unknown class' }]);
    const [place] = await db.query<{ gridId: number; villageId: number; squadId: number }>(
      `SELECT id AS "gridId", village_id AS "villageId", squad_id AS "squadId" FROM grids WHERE ST_Covers(area, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY id LIMIT 1`,
      [body.lon, body.lat],
    );
    if (!place) throw new HttpError(422, 'outside_town', 'the point is outside the town', [{ path: 'body.lat', message: 'not inside any grid' }]);
    if (body.clientRef !== undefined && actor.deviceId !== null) {
      const [again] = await db.query<{ id: number }>('SELECT id FROM incidents WHERE reporter_device_id = $1 AND client_ref = $2', [
        actor.deviceId,
        body.clientRef,
      ]);
      if (again) return { row: await load(db, again.id, { ...actor, role: 'admin' }), duplicates: [], repeated: true };
    }
    const fromTerminal = actor.deviceId !== null || actor.role === 'worker';
    const sourced = reportSource({ role: actor.role, terminal: fromTerminal }, body.source);
    if ('refused' in sourced) throw new HttpError(422, 'source_not_allowed', sourced.refused, [{ path: 'body.source', message: sourced.refused }]);
    const { source } = sourced;
    // A worker's report starts at the village level (R19); a call to the command centre at the town's.
    const level: IncidentLevel = fromTerminal ? 'village' : 'town';
    const id = await db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(
        `WITH n AS (SELECT nextval(pg_get_serial_sequence('incidents', 'id')) AS id)
         INSERT INTO incidents (id, code, category_code, state, level, source, description, address, geom, grid_id, village_id, squad_id,
                                reporter_user_id, reporter_device_id, reporter_worker_id, caller_name, caller_phone, client_ref)
         SELECT n.id, $1 || '-' || lpad(n.id::text, 5, '0'), $2, 'reported', $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326), $9, $10, $11, $12, $13, $14, $15, $16, $17 FROM n
         RETURNING id`,
        [
          shanghaiDay(Date.now()).replaceAll('-', ''),
          body.categoryCode,
          level,
          source,
          body.description,
          body.address ?? '',
          body.lon,
          body.lat,
          place.gridId,
          place.villageId,
          place.squadId,
          actor.userId,
          actor.deviceId,
          actor.workerId,
          body.callerName ?? null,
          body.callerPhone ?? null,
          actor.deviceId !== null ? (body.clientRef ?? null) : null,
        ],
      );
      await event(tx, row!.id, actor, 'report', null, 'reported', body.description, { source, urgent: body.urgent ?? false });
      return row!.id;
    });
    const r = await load(db, id, { ...actor, role: 'admin' });
    return { row: r, duplicates: await duplicatesNear(db, body.categoryCode, body.lon, body.lat, id), repeated: false };
  }

  async function act(actor: Actor, id: number, body: ActionBody): Promise<{ before: Row; row: Row }> {
    const now = Date.now();
    return db.transaction(async (tx) => {
      const r = await load(tx, id, actor, true);
      if (body.version !== r.version)
        throw new HttpError(409, 'version_conflict', `the incident has changed (version ${r.version}, you had ${body.version}): reload it`, [
          { path: 'body.version', message: `now ${r.version}, state ${r.state}, allowed: ${actionsFor(actor, r).join(', ') || 'none'}` },
        ]);
      const t = transition(facts(r), body.action);
      if (!t)
        throw new HttpError(409, 'action_not_allowed', `${body.action} is not allowed in state ${r.state}`, [
          { path: 'body.action', message: `allowed: ${actionsFor(actor, r).join(', ') || 'none'}` },
        ]);
      if (!mayAct(actor, r, body.action)) throw new HttpError(403, 'forbidden', `a ${actor.role} may not ${body.action} this incident`);
      const c = category(r.categoryCode)!;
      const cal = await loadCalendar(tx);
      const set: Record<string, unknown> = { state: t.state, level: t.level };
      const data: Record<string, unknown> = {};
      let note = body.note ?? '';
      const at = new Date(now);
      switch (body.action) {
        case 'register':
          set.registered_at = at;
          break;
        case 'reject':
        case 'rework':
        case 'escalate':
        case 'postpone':
          note = body.reason + (note ? ` — ${note}` : '');
          if (body.action === 'rework') set.rework_count = r.reworkCount + 1;
          if (body.action === 'escalate') {
            set.escalation_count = r.escalationCount + 1;
            set.registered_at = r.registeredAt ?? at;
            if (t.state === 'escalated') Object.assign(set, { deadline: null, warned_at: null, overdue_at: null });
          }
          if (body.action === 'postpone')
            Object.assign(set, { postpone_count: r.postponeCount + 1, deadline: null, warned_at: null, overdue_at: null, extension_pending: null });
          if (body.action === 'rework') Object.assign(set, { handled_at: null });
          break;
        case 'resolve_on_spot':
        case 'handle':
        case 'city_result':
          note = body.result + (note ? ` — ${note}` : '');
          Object.assign(set, { handled_at: at, registered_at: r.registeredAt ?? at });
          break;
        case 'merge': {
          const [into] = await tx.query<{ id: number; state: string }>('SELECT id, state FROM incidents WHERE id = $1', [body.intoId]);
          if (!into || into.id === r.id || isFinal(into.state as IncidentState))
            throw new HttpError(422, 'invalid_merge', `incident ${body.intoId} is not an open incident to merge into`);
          set.merged_into = body.intoId;
          data.intoId = body.intoId;
          break;
        }
        case 'dispatch': {
          if (body.workerId !== undefined && !(await tx.query('SELECT 1 FROM workers WHERE id = $1', [body.workerId])).length)
            throw new HttpError(422, 'unknown_reference', `worker ${body.workerId} does not exist`);
          if (body.departmentId !== undefined && !(await tx.query('SELECT 1 FROM departments WHERE id = $1', [body.departmentId])).length)
            throw new HttpError(422, 'unknown_reference', `department ${body.departmentId} does not exist`);
          const deadline =
            body.deadlineHours !== undefined ? deadlineOf(now, body.deadlineHours, c.hoursKind, cal) : deadlineOf(now, c.timeLimitH, c.hoursKind, cal);
          // A re-dispatch keeps the running deadline; a first one starts it.
          Object.assign(set, {
            assignee_worker_id: body.workerId ?? null,
            assignee_department_id: body.departmentId ?? null,
            dispatched_at: at,
            registered_at: r.registeredAt ?? at,
          });
          if (r.state === 'registered') Object.assign(set, { deadline: new Date(deadline), warned_at: null, overdue_at: null });
          Object.assign(data, { workerId: body.workerId ?? null, departmentId: body.departmentId ?? null });
          break;
        }
        case 'feedback':
          note = body.content + (note ? ` — ${note}` : '');
          set.satisfaction = body.satisfaction;
          Object.assign(data, { method: body.method, satisfaction: body.satisfaction });
          break;
        case 'verify':
          set.verified_at = at;
          break;
        case 'close':
          set.closed_at = at;
          break;
        case 'request_extension':
          note = body.reason + (note ? ` — ${note}` : '');
          set.extension_pending = JSON.stringify({ hours: body.hours, reason: body.reason, at: at.toISOString() });
          data.hours = body.hours;
          break;
        case 'approve_extension': {
          const hours = r.extensionPending!.hours;
          const from = r.deadline ? Math.max(r.deadline.getTime(), now) : now;
          Object.assign(set, {
            extension_pending: null,
            extension_count: r.extensionCount + 1,
            deadline: new Date(deadlineOf(from, hours, c.hoursKind, cal)),
            warned_at: null,
            overdue_at: null,
          });
          data.hours = hours;
          break;
        }
        case 'refuse_extension':
          set.extension_pending = null;
          break;
        case 'accept':
        case 'resume':
          break;
      }
      const cols = Object.keys(set);
      const [updated] = await tx.query<{ id: number }>(
        `UPDATE incidents SET ${cols.map((k, i) => `${k} = $${i + 3}`).join(', ')}, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING id`,
        [id, r.version, ...cols.map((k) => set[k])],
      );
      if (!updated) throw new HttpError(409, 'version_conflict', 'the incident changed meanwhile: reload it');
      await event(tx, id, actor, body.action, r.state, t.state, note, data);
      return { before: r, row: await load(tx, id, { ...actor, role: 'admin' }) };
    });
  }

  /** The incident with its timeline, photos and the actions this actor may take; personal data per R40. */
  async function detail(actor: Actor, id: number) {
    const r = await load(db, id, actor);
    const events = await db.query<{
      id: number;
      action: string;
      fromState: string | null;
      toState: string;
      actor: string | null;
      at: Date;
      note: string;
      data: object;
    }>(
      `SELECT e.id, e.action, e.from_state AS "fromState", e.to_state AS "toState", coalesce(u.display_name, w.name) AS actor, e.at, e.note, e.data
         FROM incident_events e LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN devices d ON d.id = e.actor_device_id LEFT JOIN workers w ON w.id = d.worker_id
        WHERE e.incident_id = $1 ORDER BY e.id`,
      [id],
    );
    const photos = await db.query<{ id: number; mime: string; size: number; createdAt: Date }>(
      'SELECT id, mime, size, created_at AS "createdAt" FROM incident_attachments WHERE incident_id = $1 ORDER BY id',
      [id],
    );
    const [names] = await db.query<{
      grid: string | null;
      village: string | null;
      squad: string | null;
      worker: string | null;
      department: string | null;
      reporter: string | null;
    }>(
      `SELECT g.name AS grid, v.name AS village, s.name AS squad, w.name AS worker, d.name AS department, coalesce(ru.display_name, rw.name) AS reporter
         FROM incidents i LEFT JOIN grids g ON g.id = i.grid_id LEFT JOIN villages v ON v.id = i.village_id LEFT JOIN squads s ON s.id = i.squad_id
         LEFT JOIN workers w ON w.id = i.assignee_worker_id LEFT JOIN departments d ON d.id = i.assignee_department_id
         LEFT JOIN users ru ON ru.id = i.reporter_user_id LEFT JOIN workers rw ON rw.id = i.reporter_worker_id WHERE i.id = $1`,
      [id],
    );
    const seesCaller =
      CALLER_ROLES.includes(actor.role) ||
      (actor.role === 'worker' && r.assigneeWorkerId === actor.workerId) ||
      (actor.role === 'department' && r.assigneeDepartmentId === actor.departmentId);
    const masked = actor.role === 'wall';
    const c = category(r.categoryCode)!;
    return {
      ...summary(r),
      description: r.description,
      address: r.address,
      place: { grid: names!.grid, village: names!.village, squad: names!.squad },
      assignee: { worker: names!.worker && (masked ? maskName(names!.worker) : names!.worker), department: names!.department },
      reporter: names!.reporter && (masked ? maskName(names!.reporter) : names!.reporter),
      // Roles that do not handle the case get masked forms, made here and not hidden by the client (R40).
      caller: seesCaller
        ? { name: r.callerName, phone: r.callerPhone }
        : { name: r.callerName && maskName(r.callerName), phone: r.callerPhone && maskPhone(r.callerPhone) },
      categoryInfo: {
        timeLimitH: c.timeLimitH,
        hoursKind: c.hoursKind,
        onSpot: c.onSpot,
        departmentId: c.departmentId,
        department: c.department,
        filing: c.filing,
        closing: c.closing,
      },
      counts: { rework: r.reworkCount, extension: r.extensionCount, postpone: r.postponeCount, escalation: r.escalationCount },
      extension: r.extensionPending,
      timeline: events.map((e) => ({ ...e, actor: e.actor && (masked ? maskName(e.actor) : e.actor), at: e.at.toISOString() })),
      photos: photos.map((p) => ({ ...p, url: `/api/incidents/${id}/attachments/${p.id}`, createdAt: p.createdAt.toISOString() })),
      actions: actionsFor(actor, r),
    };
  }

  /** The nearest available workers (on line, not overloaded), the incident's own grid worker first, and the class's department. */
  async function suggestions(actor: Actor, id: number) {
    const r = await load(db, id, actor);
    const load_ = new Map(
      (
        await db.query<{ w: number; n: number }>(
          `SELECT assignee_worker_id AS w, count(*)::int AS n FROM incidents WHERE state IN ('dispatched', 'in_progress') AND assignee_worker_id IS NOT NULL GROUP BY 1`,
        )
      ).map((x) => [x.w, x.n]),
    );
    const [own] = await db.query<{ workerId: number | null }>('SELECT worker_id AS "workerId" FROM grids WHERE id = $1', [r.gridId]);
    const names = new Map((await db.query<{ id: number; name: string }>('SELECT id, name FROM workers')).map((w) => [w.id, w.name]));
    const at = turf.point([r.lon, r.lat]);
    const candidates = live
      .workers({ squadId: null, gridId: null })
      .filter((w) => w.status !== 'offline' && (load_.get(w.workerId) ?? 0) < MAX_LOAD)
      .map((w) => {
        const metres = turf.distance(at, turf.point([w.lon, w.lat]), { units: 'meters' });
        return {
          workerId: w.workerId,
          name: names.get(w.workerId) ?? String(w.workerId),
          gridId: w.gridId,
          ownGrid: w.workerId === own?.workerId,
          status: w.status,
          openCases: load_.get(w.workerId) ?? 0,
          distanceM: Math.round(metres),
          etaWalkMin: Math.round((metres * DETOUR) / WALKING_MS / 60),
          etaEbikeMin: Math.round((metres * DETOUR) / EBIKE_MS / 60),
        };
      })
      .sort((a, b) => Number(b.ownGrid) - Number(a.ownGrid) || a.distanceM - b.distanceM)
      .slice(0, 5);
    const c = category(r.categoryCode)!;
    return { incidentId: id, workers: candidates, department: c.departmentId ? { departmentId: c.departmentId, name: c.department } : null };
  }

  /** Open cases past 80 % of their time or past their deadline, marked once each with an event. */
  async function sweepDeadlines(now = Date.now()): Promise<Row[]> {
    const due = await db.query<Row & { warnedAt: Date | null; overdueAt: Date | null }>(
      `SELECT ${COLUMNS}, i.warned_at AS "warnedAt", i.overdue_at AS "overdueAt" FROM incidents i
        WHERE i.deadline IS NOT NULL AND i.state IN ('dispatched', 'in_progress', 'registered')
          AND ((i.overdue_at IS NULL AND i.deadline < $1) OR (i.warned_at IS NULL AND $1 >= i.dispatched_at + (i.deadline - i.dispatched_at) * 0.8))`,
      [new Date(now)],
    );
    const changed: Row[] = [];
    const system: Actor = { role: 'admin', userId: null, deviceId: null, workerId: null, squadId: null, gridId: null, departmentId: null };
    for (const r of due) {
      const overdue = r.overdueAt === null && r.deadline!.getTime() < now;
      // Conditional, so that of several server nodes sweeping at once only one announces it.
      const won = await db.transaction(async (tx) => {
        const hit = await tx.query(
          `UPDATE incidents SET ${overdue ? 'overdue_at' : 'warned_at'} = $2, warned_at = coalesce(warned_at, $2), updated_at = now(), version = version + 1
            WHERE id = $1 AND ${overdue ? 'overdue_at' : 'warned_at'} IS NULL RETURNING id`,
          [r.id, new Date(now)],
        );
        if (hit.length) await event(tx, r.id, system, overdue ? 'overdue' : 'warning', r.state, r.state);
        return hit.length > 0;
      });
      if (won) changed.push(await load(db, r.id, system));
    }
    return changed;
  }

  return { reloadCategories, category, summary, create, act, detail, suggestions, sweepDeadlines, load, duplicatesNear, actionsFor };
}
export type IncidentService = ReturnType<typeof incidentService>;

/** Checks deadlines every `everyMs`: a case turns amber at 80 % of its time and red past it, live. */
export function watchDeadlines(
  incidents: IncidentService,
  feed: { publish(event: string, i: IncidentSummary): unknown },
  log: { error(o: object, m: string): void },
  everyMs = 30_000,
) {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    incidents
      .sweepDeadlines()
      .then((changed) => {
        for (const r of changed) {
          const s = incidents.summary(r);
          feed.publish(s.urgency === 'overdue' ? 'overdue' : 'warning', s);
        }
      })
      .catch((err) => log.error({ err }, 'incidents: deadline check failed'))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return timer;
}
