// 巡查上报 (R15): a patrol is reported with the time and place of its start and end (from the phone), what
// was patrolled and the result; the same clientRef sent again answers the same patrol.
import { dayRange, shanghaiDay } from '../../shared/core/time.ts';
import { field as contract } from '../../shared/field/contract.ts';
import { audit } from '../auth/audit.ts';
import type { Platform } from '../platform/capability.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { checkPhoneTime, fieldWorker } from './actor.ts';

const COLUMNS = `id, client_ref AS "clientRef", grid_id AS "gridId", started_at AS "startedAt", ST_Y(start_geom) AS "startLat", ST_X(start_geom) AS "startLon",
  ended_at AS "endedAt", ST_Y(end_geom) AS "endLat", ST_X(end_geom) AS "endLon", content, result,
  CASE WHEN ended_at IS NULL THEN NULL ELSE round(extract(epoch FROM ended_at - started_at) / 60)::int END AS minutes`;

interface PatrolRow {
  id: number;
  clientRef: string;
  gridId: number;
  startedAt: Date;
  startLat: number;
  startLon: number;
  endedAt: Date | null;
  endLat: number | null;
  endLon: number | null;
  content: string;
  result: string;
  minutes: number | null;
}

const patrolOf = async (q: Queryable, workerId: number, clientRef: string) =>
  (await q.query<PatrolRow>(`SELECT ${COLUMNS} FROM patrol_reports WHERE worker_id = $1 AND client_ref = $2`, [workerId, clientRef]))[0];

export function patrolRoutes({ db }: Platform) {
  return [
    route(contract.startPatrol, {
      summary: '巡查上报 (R15): starts a patrol at the phone’s time and place; the same clientRef again answers the same patrol',
      access: ['device', 'worker'],
      async handler({ body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        checkPhoneTime(body.at, 'body.at');
        const [row] = await db.query<{ id: number }>(
          `INSERT INTO patrol_reports (worker_id, grid_id, client_ref, started_at, start_geom, content, user_id, device_id)
           VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9) ON CONFLICT (worker_id, client_ref) DO NOTHING RETURNING id`,
          [me.workerId, me.gridId, body.clientRef, body.at, body.lon, body.lat, body.content ?? '', me.userId, me.deviceId],
        );
        if (row) await audit(db, { userId: me.userId, deviceId: me.deviceId, action: 'start', entity: 'patrol_report', entityId: row.id, ip: req.ip });
        return { ...(await patrolOf(db, me.workerId, body.clientRef))!, repeated: !row };
      },
    }),
    route(contract.endPatrol, {
      summary: '巡查上报 (R15): ends the patrol started with that clientRef, with its content and result; ending it again changes nothing',
      access: ['device', 'worker'],
      async handler({ body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        checkPhoneTime(body.at, 'body.at');
        const started = await patrolOf(db, me.workerId, body.clientRef);
        if (!started) throw new HttpError(404, 'not_found', `no patrol ${body.clientRef} was started`);
        if (started.endedAt) return { ...started, repeated: true };
        if (Date.parse(body.at) < started.startedAt.getTime())
          throw new HttpError(422, 'invalid_time', 'a patrol cannot end before it started', [{ path: 'body.at', message: 'is before the start' }]);
        await db.query(
          `UPDATE patrol_reports SET ended_at = $2, end_geom = ST_SetSRID(ST_MakePoint($3, $4), 4326), content = $5, result = $6 WHERE id = $1 AND ended_at IS NULL`,
          [started.id, body.at, body.lon, body.lat, body.content, body.result],
        );
        await audit(db, { userId: me.userId, deviceId: me.deviceId, action: 'end', entity: 'patrol_report', entityId: started.id, ip: req.ip });
        return { ...(await patrolOf(db, me.workerId, body.clientRef))!, repeated: false };
      },
    }),
    route(contract.patrols, {
      summary: 'My patrol reports of a day (today unless said), the latest first',
      access: ['device', 'worker'],
      async handler({ query, user, device }) {
        const me = await fieldWorker(db, user, device);
        const date = query.date ?? shanghaiDay(Date.now());
        const { start, end } = dayRange(date);
        const patrols = await db.query<PatrolRow>(
          `SELECT ${COLUMNS} FROM patrol_reports WHERE worker_id = $1 AND started_at >= $2 AND started_at < $3 ORDER BY started_at DESC, id DESC`,
          [me.workerId, start, end],
        );
        return { date, patrols };
      },
    }),
  ];
}
