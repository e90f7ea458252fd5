// 实有房屋 (R8) and the households a worker visits (R14): my grid's households nearby or searched, one with
// its residents, 帮扶/关注 persons, visits and changes; added, updated, verified, de-registered on the spot.
import type { z } from 'zod';
import type { Sendable } from '../../shared/core/contract.ts';
import { dayRange, monthDays, shanghaiDay } from '../../shared/core/time.ts';
import { type HouseholdRow, field as contract } from '../../shared/field/contract.ts';
import { focusDue } from '../../shared/visits/cadence.ts';
import type { FocusKind } from '../../shared/visits/rules.ts';
import { audit } from '../auth/audit.ts';
import type { Scope } from '../auth/scope.ts';
import type { LiveCoverage } from '../coverage/engine.ts';
import type { Platform } from '../platform/capability.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route, type Principal } from '../platform/http/route.ts';
import { shanghaiDate } from '../visits/routes.ts';
import { distanceFrom, fieldWorker, householdPlace, mustCover, nearestFirst, readerScope, type FieldWorker } from './actor.ts';
import { changesOf, difference, logChange, seenChange, verifyOrDeregister } from './changes.ts';
import { diaryRows } from './diary.ts';
import { RECORD_READERS, residentRows } from './residents.ts';

type Row = Omit<Sendable<z.infer<typeof HouseholdRow>>, 'distanceM'>;
/** A household `h` with its counts; `$2` and `$3` bound the month (R14). */
const COLUMNS = `h.id, h.code, h.address, h.size, h.status, ST_Y(h.geom) AS lat, ST_X(h.geom) AS lon, h.verified_at AS "verifiedAt",
  (SELECT count(*)::int FROM residents r WHERE r.household_id = h.id AND r.status = 'registered') AS residents,
  (SELECT max(${shanghaiDate('v.visited_at')})::text FROM visits v WHERE v.household_id = h.id) AS "lastVisit",
  EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.verified IS NOT FALSE AND v.visited_at >= $2 AND v.visited_at < $3) AS "visitedThisMonth"`;
const thisMonth = () => {
  const { first, next } = monthDays(shanghaiDay(Date.now()).slice(0, 7));
  return [dayRange(first).start, dayRange(next).start];
};

export function householdRoutes({ db }: Platform, live: LiveCoverage) {
  async function detail(scope: Scope, role: Principal['role'], id: number) {
    const place = await householdPlace(db, id);
    mustCover(scope, place, `household ${id}`);
    const [h] = await db.query<Row & { gridId: number; deregisteredOn: string | null }>(
      `SELECT ${COLUMNS}, h.grid_id AS "gridId", h.deregistered_on::text AS "deregisteredOn" FROM households h WHERE h.id = $1`,
      [id, ...thisMonth()],
    );
    const day = shanghaiDay(Date.now());
    // 帮扶/关注 persons are sensitive (R10): read only within the reader's own scope, checked above (R40).
    const focus = await db.query<{ id: number; name: string; kind: FocusKind; category: string; registeredOn: string; lastVisit: string | null }>(
      `SELECT f.id, f.name, f.kind, f.category, f.registered_on::text AS "registeredOn",
              (SELECT max(${shanghaiDate('v.visited_at')})::text FROM visits v WHERE v.person_id = f.id AND v.verified IS NOT FALSE) AS "lastVisit"
         FROM focus_persons f WHERE f.household_id = $1 ORDER BY f.id`,
      [id],
    );
    return {
      ...h!,
      residentList: await residentRows(db, scope, role, 'r.household_id = $3', [id]),
      focusPersons: focus.map((f) => ({ ...f, ...focusDue(f.kind, f.registeredOn, f.lastVisit, day) })),
      visits: (await diaryRows(db, 'v.household_id = $1', [id])).slice(0, 50),
      changes: await changesOf(db, 'household', id),
    };
  }
  const own = (me: FieldWorker): Scope => ({ squadId: null, gridId: me.gridId });

  /** A household's position must lie in the worker's grid (R4). */
  async function checkInGrid(q: Queryable, me: FieldWorker, lat: number, lon: number) {
    const [inside] = await q.query('SELECT 1 FROM grids WHERE id = $1 AND ST_Covers(area, ST_SetSRID(ST_MakePoint($2, $3), 4326))', [me.gridId, lon, lat]);
    if (!inside) throw new HttpError(422, 'outside_grid', 'the position is not in your grid', [{ path: 'body.lat', message: 'outside the grid' }]);
  }

  return [
    route(contract.households, {
      summary: 'The households of my grid (R14): nearby (lat/lon, nearest first) or searched by address, code or a resident’s name',
      access: ['device', 'worker'],
      async handler({ query, user, device }) {
        const me = await fieldWorker(db, user, device);
        const rows = await db.query<Row>(
          `SELECT ${COLUMNS} FROM households h WHERE h.grid_id = $1 AND ($4 = 'all' OR h.status = $4)
              AND ($5::text IS NULL OR h.address LIKE '%' || $5 || '%' OR h.code = $5
                   OR EXISTS (SELECT 1 FROM residents r WHERE r.household_id = h.id AND r.name LIKE '%' || $5 || '%'))
            ORDER BY h.id`,
          [me.gridId, ...thisMonth(), query.status, query.q ?? null],
        );
        const away = distanceFrom(live.frame, query);
        return { households: nearestFirst(rows.map((h) => ({ ...h, distanceM: away(h) }))).slice(0, query.limit) };
      },
    }),
    route(contract.household, {
      summary: 'One household in scope with its residents, 帮扶/关注 persons (R10, R14), visits and changes; another grid’s is 403 to a worker',
      access: RECORD_READERS,
      async handler({ params, user, device }) {
        return detail(await readerScope(db, user, device), user?.role ?? 'worker', params.id);
      },
    }),
    route(contract.addHousehold, {
      summary: '新增 a household (实有房屋, R8) in my grid; the same clientRef again answers the same record',
      access: ['device', 'worker'],
      async handler({ body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const seen = await seenChange(db, me, body.clientRef);
        if (seen) return { ...(await detail(own(me), 'worker', seen.entityId)), repeated: true };
        await checkInGrid(db, me, body.lat, body.lon);
        if (body.code) {
          const [taken] = await db.query('SELECT 1 FROM households WHERE code = $1', [body.code]);
          if (taken) throw new HttpError(409, 'duplicate_code', `a household has the code ${body.code}`);
        }
        const id = await db.transaction(async (tx) => {
          const [h] = await tx.query<{ id: number }>(
            `INSERT INTO households (code, address, size, grid_id, geom) VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)) RETURNING id`,
            [body.code ?? null, body.address, body.size, me.gridId, body.lon, body.lat],
          );
          const { clientRef: _c, ...after } = body;
          await logChange(tx, me, { entity: 'household', entityId: h!.id, action: 'add', before: null, after, clientRef: body.clientRef });
          await audit(tx, { userId: me.userId, deviceId: me.deviceId, action: 'create', entity: 'household', entityId: h!.id, ip: req.ip });
          return h!.id;
        });
        return { ...(await detail(own(me), 'worker', id)), repeated: false };
      },
    }),
    route(contract.changeHousehold, {
      summary: '更新 / 核实 / 注销 a household of my grid (R8), kept with who and when; a replayed clientRef changes nothing',
      access: ['device', 'worker'],
      async handler({ params, body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const seen = await seenChange(db, me, body.clientRef);
        if (seen) {
          if (seen.entity !== 'household' || seen.entityId !== params.id)
            throw new HttpError(409, 'client_ref_reused', `clientRef ${body.clientRef} was used for another record`);
          return { ...(await detail(own(me), 'worker', params.id)), repeated: true };
        }
        mustCover(own(me), await householdPlace(db, params.id), `household ${params.id}`);
        const [prev] = await db.query<{ address: string; size: number; lat: number; lon: number; status: string }>(
          'SELECT address, size, ST_Y(geom) AS lat, ST_X(geom) AS lon, status FROM households WHERE id = $1',
          [params.id],
        );
        if (prev!.status === 'deregistered' && body.action !== 'verify')
          throw new HttpError(409, 'deregistered', `household ${params.id} is de-registered: the record takes no more changes`);
        await db.transaction(async (tx) => {
          if (body.action === 'update') {
            const { action: _a, clientRef: _c, note, ...fields } = body;
            if ((fields.lat === undefined) !== (fields.lon === undefined))
              throw new HttpError(422, 'invalid_request', 'give both lat and lon, or neither', [{ path: 'body.lat', message: 'both or neither' }]);
            if (fields.lat !== undefined) await checkInGrid(tx, me, fields.lat, fields.lon!);
            const { before, after } = difference(prev as Record<string, unknown>, fields);
            if (!Object.keys(after).length) throw new HttpError(422, 'nothing_to_change', 'the update changes no field');
            await tx.query(
              `UPDATE households SET address = coalesce($2, address), size = coalesce($3, size),
                      geom = CASE WHEN $4::float8 IS NULL THEN geom ELSE ST_SetSRID(ST_MakePoint($4, $5), 4326) END WHERE id = $1`,
              [params.id, fields.address ?? null, fields.size ?? null, fields.lon ?? null, fields.lat ?? null],
            );
            await logChange(tx, me, { entity: 'household', entityId: params.id, action: 'update', before, after, note, clientRef: body.clientRef });
          } else await verifyOrDeregister(tx, me, 'household', params.id, body, prev!.status);
          await audit(tx, { userId: me.userId, deviceId: me.deviceId, action: body.action, entity: 'household', entityId: params.id, ip: req.ip });
        });
        return { ...(await detail(own(me), 'worker', params.id)), repeated: false };
      },
    }),
  ];
}
