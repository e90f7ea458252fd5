// Incident rows in and out: the columns read, one case loaded within what its reader may see, the timeline's
// events written, and what a reader gets back of a case — the summary every client may see, and the detail
// with personal data as R40 allows (access.ts decides who sees what).
import { isFinal, urgencyOf, type CaseFacts, type IncidentLevel, type IncidentState, type IncidentSummary } from '../../shared/incidents/machine.ts';
import { maskName, maskPhone } from '../../shared/core/mask.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { actionsFor, masksNames, seesCaller, visible, type Actor, type CaseParties } from './access.ts';
import { loadCategories, type Category } from './catalog.ts';

export interface Row extends CaseParties {
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

export const COLUMNS = `i.id, i.code, i.category_code AS "categoryCode", i.state, i.level, i.version, i.source, i.description, i.address,
  ST_Y(i.geom) AS lat, ST_X(i.geom) AS lon, i.grid_id AS "gridId", i.village_id AS "villageId", i.squad_id AS "squadId",
  i.reporter_user_id AS "reporterUserId", i.reporter_worker_id AS "reporterWorkerId", i.caller_name AS "callerName", i.caller_phone AS "callerPhone",
  i.assignee_worker_id AS "assigneeWorkerId", i.assignee_department_id AS "assigneeDepartmentId", i.registered_at AS "registeredAt",
  i.dispatched_at AS "dispatchedAt", i.deadline, i.handled_at AS "handledAt", i.verified_at AS "verifiedAt", i.closed_at AS "closedAt",
  i.extension_pending AS "extensionPending", i.rework_count AS "reworkCount", i.extension_count AS "extensionCount",
  i.postpone_count AS "postponeCount", i.escalation_count AS "escalationCount", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

/** One incident `id` if the actor may see it (404 otherwise); `lock` holds its row for an update. */
export async function loadIncident(q: Queryable, id: number, actor: Actor, lock = false): Promise<Row> {
  const v = visible(actor, 2);
  const [r] = await q.query<Row>(`SELECT ${COLUMNS} FROM incidents i WHERE i.id = $1 AND ${v.sql}${lock ? ' FOR UPDATE' : ''}`, [id, ...v.params]);
  if (!r) throw new HttpError(404, 'not_found', `no incident ${id}`);
  return r;
}

/** One step of a case's timeline. */
export async function recordEvent(q: Queryable, id: number, actor: Actor, action: string, from: string | null, to: string, note = '', data: object = {}) {
  await q.query(
    `INSERT INTO incident_events (incident_id, action, from_state, to_state, actor_user_id, actor_device_id, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, action, from, to, actor.userId, actor.deviceId, note, JSON.stringify(data)],
  );
}

/** The classes of incidents, held in memory, and the views of a case built with them. */
export function incidentStore(db: Db) {
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

  /** Open incidents of the same class within 100 m and 24 h of a point: possible duplicates. */
  async function duplicatesNear(q: Queryable, actor: Actor, categoryCode: string, lon: number, lat: number, exceptId: number | null) {
    // Only the cases the caller may see (R40): a squad leader or a worker learns nothing of other squads' cases.
    const v = visible(actor, 5);
    const rows = await q.query<Row>(
      `SELECT ${COLUMNS} FROM incidents i
        WHERE i.category_code = $1 AND i.state NOT IN ('closed', 'rejected', 'merged') AND i.created_at > now() - interval '24 hours'
          AND ST_DWithin(i.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 100) AND i.id IS DISTINCT FROM $4 AND ${v.sql}
        ORDER BY i.id`,
      [categoryCode, lon, lat, exceptId, ...v.params],
    );
    return rows.map((r) => summary(r));
  }

  /** The incident with its timeline, photos and the actions this actor may take; personal data per R40. */
  async function detail(actor: Actor, id: number) {
    const r = await loadIncident(db, id, actor);
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
    const masked = masksNames(actor);
    const c = category(r.categoryCode)!;
    return {
      ...summary(r),
      description: r.description,
      address: r.address,
      place: { grid: names!.grid, village: names!.village, squad: names!.squad },
      assignee: { worker: names!.worker && (masked ? maskName(names!.worker) : names!.worker), department: names!.department },
      reporter: names!.reporter && (masked ? maskName(names!.reporter) : names!.reporter),
      // Roles that do not handle the case get masked forms, made here and not hidden by the client (R40).
      // The wall, in a room with visitors, gets no resident's contact at all, not even masked (SECURITY.md).
      caller: seesCaller(actor, r)
        ? { name: r.callerName, phone: r.callerPhone }
        : masked
          ? null
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
      actions: actionsFor(actor, r, facts(r)),
    };
  }

  return { reloadCategories, category, summary, facts, load: loadIncident, duplicatesNear, detail };
}
export type IncidentStore = ReturnType<typeof incidentStore>;
