// 我的事件 (R18) and 督促整改 / 整改核查 (R20): the cases given to me, reported by me or in my grid, with what I
// may do through the incident workflow (POST /incidents/:id/actions, reused as it is), and for a hazard the
// party that must rectify it by a deadline, then the check of it with photos of the incident.
import type { Sendable } from '../../shared/core/contract.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import { type CaseActionBody, type Rectification, field as contract } from '../../shared/field/contract.ts';
import { isFinal } from '../../shared/incidents/machine.ts';
import { audit } from '../auth/audit.ts';
import { actionsFor, visible, type Actor } from '../incidents/access.ts';
import { incidentActions } from '../incidents/actions.ts';
import type { IncidentFeed } from '../incidents/feed.ts';
import type { IncidentService } from '../incidents/service.ts';
import { recordEvent, type Row } from '../incidents/store.ts';
import type { Platform } from '../platform/capability.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { type FieldWorker, fieldWorker } from './actor.ts';

const actorOf = (me: FieldWorker): Actor => ({
  role: 'worker',
  userId: me.userId,
  deviceId: me.deviceId,
  workerId: me.workerId,
  squadId: me.squadId,
  gridId: me.gridId,
  departmentId: null,
});

type RectificationRow = Sendable<Rectification>;
const COLUMNS = `r.id, r.incident_id AS "incidentId", r.round, r.responsible_party AS "responsibleParty", r.deadline::text AS deadline, r.note,
  r.ordered_at AS "orderedAt", coalesce(ow.name, ou.display_name) AS "orderedBy", r.state, r.checked_at AS "checkedAt",
  coalesce(cw.name, cu.display_name) AS "checkedBy", r.check_note AS "checkNote", r.photo_ids AS "photoIds"`;
const FROM = `rectifications r LEFT JOIN workers ow ON ow.id = r.ordered_by_worker LEFT JOIN users ou ON ou.id = r.ordered_by_user
  LEFT JOIN workers cw ON cw.id = r.checked_by_worker LEFT JOIN users cu ON cu.id = r.checked_by_user`;

/** The latest round of each case's rectification. */
async function latestRectifications(q: Queryable, incidentIds: number[]): Promise<Map<number, RectificationRow>> {
  const rows = await q.query<RectificationRow>(
    `SELECT DISTINCT ON (r.incident_id) ${COLUMNS} FROM ${FROM} WHERE r.incident_id = ANY($1::int[]) ORDER BY r.incident_id, r.round DESC`,
    [incidentIds],
  );
  return new Map(rows.map((r) => [r.incidentId, r]));
}

/** The database seen through one open transaction: the incidents' own actions run in it, beside what the field app records. */
const within = (db: Db, tx: Queryable): Db => ({
  backend: db.backend,
  query: (sql, params) => tx.query(sql, params),
  exec: (sql) => tx.exec(sql),
  transaction: (fn) => fn(tx),
  close: async () => undefined,
});

/** Who last moved a case, and when: what the app tells a worker whose action came too late (a real conflict). */
async function lastMove(q: Queryable, incidentId: number) {
  const [e] = await q.query<{ action: string; by: string | null; at: Date }>(
    `SELECT e.action, coalesce(u.display_name, w.name) AS by, e.at FROM incident_events e
       LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN devices d ON d.id = e.actor_device_id LEFT JOIN workers w ON w.id = d.worker_id
      WHERE e.incident_id = $1 AND e.action NOT IN ('attach', 'warning', 'overdue') ORDER BY e.id DESC LIMIT 1`,
    [incidentId],
  );
  return e ?? null;
}

export function caseRoutes({ db }: Platform, incidents: IncidentService, feed: IncidentFeed) {
  const rectificationBy = async (where: string, params: unknown[]) =>
    (await db.query<RectificationRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}`, params))[0];
  /** 我的事件 rows: the summary, why it is mine, what I may do now, and its latest rectification round. */
  async function myCases(me: FieldWorker, rows: Row[]) {
    const actor = actorOf(me);
    const rectifications = await latestRectifications(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      ...incidents.summary(r),
      description: r.description,
      address: r.address,
      mine: { assigned: r.assigneeWorkerId === me.workerId, reported: r.reporterWorkerId === me.workerId, inGrid: r.gridId === me.gridId },
      actions: actionsFor(actor, r, incidents.facts(r)),
      rectification: rectifications.get(r.id) ?? null,
    }));
  }
  const myCase = async (me: FieldWorker, id: number) => (await myCases(me, [await incidents.load(db, id, actorOf(me))]))[0]!;
  /** The action this worker already sent with this clientRef; another case or action under the same id is refused. */
  async function sentBefore(me: FieldWorker, id: number, body: CaseActionBody) {
    const [seen] = await db.query<{ incidentId: number; action: string }>(
      'SELECT incident_id AS "incidentId", action FROM field_case_actions WHERE worker_id = $1 AND client_ref = $2',
      [me.workerId, body.clientRef],
    );
    if (seen && (seen.incidentId !== id || seen.action !== body.action))
      throw new HttpError(422, 'client_ref_reused', `clientRef ${body.clientRef} was already used for ${seen.action} of incident ${seen.incidentId}`, [
        { path: 'body.clientRef', message: 'already used for another action' },
      ]);
    return Boolean(seen);
  }

  return [
    route(contract.cases, {
      summary: '我的事件 (R18): cases given to me, reported by me or in my grid, with the actions I may take and their rectification (R20)',
      access: ['device', 'worker'],
      async handler({ query, user, device }) {
        const me = await fieldWorker(db, user, device);
        const actor = actorOf(me);
        const v = visible(actor, 1);
        const open = { true: `AND i.state NOT IN ('closed', 'rejected', 'merged')`, false: `AND i.state IN ('closed', 'rejected', 'merged')`, all: '' }[
          query.open
        ];
        const ids = await db.query<{ id: number }>(
          `SELECT i.id FROM incidents i WHERE ${v.sql} ${open} ORDER BY (i.state IN ('closed', 'rejected', 'merged')), i.deadline NULLS LAST, i.id DESC LIMIT 200`,
          v.params,
        );
        const rows = await Promise.all(ids.map((r) => incidents.load(db, r.id, actor)));
        return { cases: await myCases(me, rows) };
      },
    }),
    route(contract.act, {
      summary:
        '我的事件 (R18): accept, handle, verify or resolve on the spot with the phone’s clientRef — sent again by the same worker it is answered as done; a real conflict is a 409 saying the state and who acted',
      access: ['device', 'worker'],
      async handler({ params, body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const actor = actorOf(me);
        if (await sentBefore(me, params.id, body)) return { ...(await myCase(me, params.id)), repeated: true };
        const { clientRef, ...action } = body;
        let done: { before: Row; row: Row };
        try {
          // The action and the record of its clientRef commit together: either both are there, or neither.
          done = await db.transaction(async (tx) => {
            const r = await incidentActions(within(db, tx), incidents).act(actor, params.id, action);
            await tx.query('INSERT INTO field_case_actions (incident_id, worker_id, user_id, device_id, client_ref, action) VALUES ($1, $2, $3, $4, $5, $6)', [
              params.id,
              me.workerId,
              me.userId,
              me.deviceId,
              clientRef,
              body.action,
            ]);
            await audit(tx, {
              userId: me.userId,
              deviceId: me.deviceId,
              action: body.action,
              entity: 'incident',
              entityId: params.id,
              before: { state: r.before.state, version: r.before.version },
              after: { state: r.row.state, version: r.row.version, clientRef },
              ip: req.ip,
            });
            return r;
          });
        } catch (err) {
          if (!(err instanceof HttpError) || err.status !== 409) throw err;
          // The same action sent twice at once: the first one's commit is the answer of both.
          if (await sentBefore(me, params.id, body)) return { ...(await myCase(me, params.id)), repeated: true };
          const now = await incidents.load(db, params.id, actor);
          const last = await lastMove(db, params.id);
          throw new HttpError(409, err.code, err.message, [
            ...(Array.isArray(err.details) ? err.details : []),
            { path: 'state', message: now.state },
            { path: 'version', message: String(now.version) },
            ...(last ? [{ path: 'by', message: `${last.by ?? '—'} ${last.action} ${last.at.toISOString()}` }] : []),
          ]);
        }
        feed.publish(body.action, incidents.summary(done.row));
        return { ...(await myCase(me, params.id)), repeated: false };
      },
    }),
    route(contract.rectify, {
      summary: '督促整改 (R20): the responsible party and the rectification deadline of a case of mine; a new round after a failed check',
      access: ['device', 'worker'],
      async handler({ params, body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const actor = actorOf(me);
        // Sent again by the same worker (the queue after a lost answer): the round it ordered is the answer.
        const seen = await rectificationBy('r.incident_id = $1 AND r.client_ref = $2 AND r.ordered_by_worker = $3', [params.id, body.clientRef, me.workerId]);
        const c = await incidents.load(db, params.id, actor);
        if (seen) return { ...seen, repeated: true };
        if (isFinal(c.state)) throw new HttpError(409, 'case_closed', `case ${c.code} is ${c.state}: no rectification can be ordered`);
        if (body.deadline < shanghaiDay(Date.now()))
          throw new HttpError(422, 'invalid_deadline', 'the deadline has passed', [{ path: 'body.deadline', message: 'is before today' }]);
        const id = await db.transaction(async (tx) => {
          const [last] = await tx.query<{ round: number; state: string }>(
            'SELECT round, state FROM rectifications WHERE incident_id = $1 ORDER BY round DESC LIMIT 1 FOR UPDATE',
            [params.id],
          );
          if (last?.state === 'pending') throw new HttpError(409, 'rectification_pending', `case ${c.code} already waits for its rectification check`);
          if (last?.state === 'passed') throw new HttpError(409, 'rectified', `case ${c.code} was rectified and checked`);
          const [r] = await tx.query<{ id: number }>(
            `INSERT INTO rectifications (incident_id, round, responsible_party, deadline, note, ordered_by_user, ordered_by_worker, client_ref)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
            [params.id, (last?.round ?? 0) + 1, body.responsibleParty, body.deadline, body.note ?? '', me.userId, me.workerId, body.clientRef],
          );
          await recordEvent(tx, params.id, actor, 'rectify', c.state, c.state, body.note ?? '', {
            responsibleParty: body.responsibleParty,
            deadline: body.deadline,
          });
          await audit(tx, { userId: me.userId, deviceId: me.deviceId, action: 'rectify', entity: 'incident', entityId: params.id, ip: req.ip });
          return r!.id;
        });
        return { ...(await rectificationBy('r.id = $1', [id]))!, repeated: false };
      },
    }),
    route(contract.checkRectification, {
      summary: '整改核查 (R20): the check of the pending rectification, passed or not, with photos attached to the incident',
      access: ['device', 'worker'],
      async handler({ params, body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const actor = actorOf(me);
        const c = await incidents.load(db, params.id, actor);
        const seen = await rectificationBy('r.incident_id = $1 AND r.check_ref = $2 AND r.checked_by_worker = $3', [params.id, body.clientRef, me.workerId]);
        if (seen) return { ...seen, repeated: true };
        const pending = await rectificationBy(`r.incident_id = $1 AND r.state = 'pending'`, [params.id]);
        if (!pending) {
          // A real conflict: someone else checked it first. Say who and when, for the app to explain.
          const [checked] = await db.query<RectificationRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.incident_id = $1 ORDER BY r.round DESC LIMIT 1`, [
            params.id,
          ]);
          throw new HttpError(
            409,
            'no_rectification',
            `case ${c.code} has no rectification waiting for its check${checked?.checkedAt ? `: checked (${checked.state}) by ${checked.checkedBy ?? '—'} at ${new Date(checked.checkedAt).toISOString()}` : ''}`,
            checked?.checkedAt
              ? [
                  { path: 'state', message: checked.state },
                  { path: 'by', message: `${checked.checkedBy ?? '—'} rectify_check ${new Date(checked.checkedAt).toISOString()}` },
                ]
              : undefined,
          );
        }
        const photos = await db.query<{ id: number }>('SELECT id FROM incident_attachments WHERE incident_id = $1 AND id = ANY($2::int[])', [
          params.id,
          body.photoIds,
        ]);
        const missing = body.photoIds.filter((p) => !photos.some((x) => x.id === p));
        if (missing.length)
          throw new HttpError(422, 'invalid_photos', `not photos of case ${c.code}: ${missing.join(', ')}`, [
            { path: 'body.photoIds', message: 'not of this case' },
          ]);
        await db.transaction(async (tx) => {
          const updated = await tx.query(
            `UPDATE rectifications SET state = $2, checked_at = now(), checked_by_user = $3, checked_by_worker = $4, check_ref = $5, check_note = $6, photo_ids = $7
              WHERE id = $1 AND state = 'pending' RETURNING id`,
            [pending.id, body.passed ? 'passed' : 'failed', me.userId, me.workerId, body.clientRef, body.note, body.photoIds],
          );
          if (!updated.length) throw new HttpError(409, 'no_rectification', `case ${c.code}: its rectification was checked meanwhile`);
          await recordEvent(tx, params.id, actor, 'rectify_check', c.state, c.state, body.note, { passed: body.passed, photoIds: body.photoIds });
          await audit(tx, {
            userId: me.userId,
            deviceId: me.deviceId,
            action: 'rectify_check',
            entity: 'incident',
            entityId: params.id,
            after: { passed: body.passed },
            ip: req.ip,
          });
        });
        return { ...(await rectificationBy('r.id = $1', [pending.id]))!, repeated: false };
      },
    }),
  ];
}
