// The effect of each action on a case (R18-R20, R31): a report located by point-in-polygon, then each step
// checked against the state machine (shared/incidents/machine.ts), the actor's role and assignment
// (access.ts) and the version the client saw; every step an event of the timeline, deadlines from the
// class's time limit.
import { reportSource } from '../../shared/incidents/sources.ts';
import { current } from '../town/validity.ts';
import { isFinal, transition, type IncidentLevel, type IncidentState } from '../../shared/incidents/machine.ts';
import type { ActionBody, CreateIncidentBody } from '../../shared/incidents/contract.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import { deadlineOf } from '../../shared/incidents/workingTime.ts';
import type { Db } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { actionsFor, mayAct, type Actor } from './access.ts';
import { loadCalendar } from './catalog.ts';
import { loadIncident, recordEvent, type IncidentStore, type Row } from './store.ts';

export function incidentActions(db: Db, store: IncidentStore) {
  async function create(actor: Actor, body: CreateIncidentBody) {
    const c = store.category(body.categoryCode);
    if (!c?.active)
      throw new HttpError(422, 'unknown_category', `no incident class ${body.categoryCode}`, [{ path: 'body.categoryCode', message: 'unknown class' }]);
    const [place] = await db.query<{ gridId: number; villageId: number; squadId: number }>(
      `SELECT id AS "gridId", village_id AS "villageId", squad_id AS "squadId" FROM grids g WHERE ${current('g')} AND ST_Covers(area, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY id LIMIT 1`,
      [body.lon, body.lat],
    );
    if (!place) throw new HttpError(422, 'outside_town', 'the point is outside the town', [{ path: 'body.lat', message: 'not inside any grid' }]);
    // The phone's own id of the report: a terminal's, or a worker's logged in to the field app.
    const clientRef = actor.deviceId !== null || actor.workerId !== null ? (body.clientRef ?? null) : null;
    if (clientRef !== null) {
      const [again] = await db.query<{ id: number }>(
        `SELECT id FROM incidents WHERE client_ref = $3 AND (reporter_device_id = $1 OR ($1::int IS NULL AND reporter_device_id IS NULL AND reporter_worker_id = $2))`,
        [actor.deviceId, actor.workerId, clientRef],
      );
      if (again) return { row: await loadIncident(db, again.id, { ...actor, role: 'admin' }), duplicates: [], repeated: true };
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
          clientRef,
        ],
      );
      await recordEvent(tx, row!.id, actor, 'report', null, 'reported', body.description, { source, urgent: body.urgent ?? false });
      return row!.id;
    });
    const r = await loadIncident(db, id, { ...actor, role: 'admin' });
    return { row: r, duplicates: await store.duplicatesNear(db, actor, body.categoryCode, body.lon, body.lat, id), repeated: false };
  }

  async function act(actor: Actor, id: number, body: ActionBody): Promise<{ before: Row; row: Row }> {
    const now = Date.now();
    return db.transaction(async (tx) => {
      const r = await loadIncident(tx, id, actor, true);
      if (body.version !== r.version)
        throw new HttpError(409, 'version_conflict', `the incident has changed (version ${r.version}, you had ${body.version}): reload it`, [
          { path: 'body.version', message: `now ${r.version}, state ${r.state}, allowed: ${actionsFor(actor, r, store.facts(r)).join(', ') || 'none'}` },
        ]);
      const t = transition(store.facts(r), body.action);
      if (!t)
        throw new HttpError(409, 'action_not_allowed', `${body.action} is not allowed in state ${r.state}`, [
          { path: 'body.action', message: `allowed: ${actionsFor(actor, r, store.facts(r)).join(', ') || 'none'}` },
        ]);
      if (!mayAct(actor, r, body.action)) throw new HttpError(403, 'forbidden', `a ${actor.role} may not ${body.action} this incident`);
      const c = store.category(r.categoryCode)!;
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
      await recordEvent(tx, id, actor, body.action, r.state, t.state, note, data);
      return { before: r, row: await loadIncident(tx, id, { ...actor, role: 'admin' }) };
    });
  }

  return { create, act };
}
