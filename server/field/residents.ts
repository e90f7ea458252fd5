// 实有人口 (R8): the residents of my grid — searched, added, updated, verified, de-registered (注销), each change
// in the change log (R22). Other roles read them within their scope, ID numbers and phones masked (R40).
import type { z } from 'zod';
import type { Sendable } from '../../shared/core/contract.ts';
import { maskPhone } from '../../shared/core/mask.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import { type Resident, field as contract } from '../../shared/field/contract.ts';
import { maskIdNumber, readsResidentsInClear } from '../../shared/field/records.ts';
import { readIdCard } from '../../shared/town/idcard.ts';
import { placeFilter, placeParams, type Scope } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route, type Principal } from '../platform/http/route.ts';
import { fieldWorker, householdPlace, mustCover, readerScope } from './actor.ts';
import { changesOf, difference, logChange, seenChange, verifyOrDeregister } from './changes.ts';
import { audit } from '../auth/audit.ts';

/** Roles that read basic information: the grid's worker, their squad leader, the town's desks that check it (R22). */
export const RECORD_READERS = ['device', 'worker', 'squad_leader', 'leader', 'admin', 'inspector'] as const;

type ResidentRow = Omit<Sendable<z.infer<typeof Resident>>, 'idNumber' | 'phone'> & { idNumber: string | null; phone: string; gridId: number };
const COLUMNS = `r.id, r.household_id AS "householdId", h.address, h.grid_id AS "gridId", r.name, r.gender, r.birth_year AS "birthYear", r.id_number AS "idNumber",
  r.phone, r.relation, r.status, r.registered_on::text AS "registeredOn", r.deregistered_on::text AS "deregisteredOn", r.verified_at AS "verifiedAt", r.updated_at AS "updatedAt"`;

/** Residents matching `where` (over `r` residents, `h` households, `g` grids) within a scope, as the reader may see them. */
export async function residentRows(q: Queryable, scope: Scope, role: Principal['role'], where: string, params: unknown[], limit = 500) {
  const rows = await q.query<ResidentRow>(
    `SELECT ${COLUMNS} FROM residents r JOIN households h ON h.id = r.household_id JOIN grids g ON g.id = h.grid_id
      WHERE ${placeFilter('g.squad_id', 'g.id', 1)} AND ${where} ORDER BY r.household_id, r.id LIMIT ${limit}`,
    [...placeParams(scope), ...params],
  );
  return rows.map(({ gridId, ...r }) => {
    const clear = readsResidentsInClear(role, scope.gridId === gridId);
    return { ...r, idNumber: r.idNumber && (clear ? r.idNumber : maskIdNumber(r.idNumber)), phone: clear || !r.phone ? r.phone : maskPhone(r.phone) };
  });
}

/** An ID number must be a real one (its check digit) and not another resident's. */
async function checkIdNumber(q: Queryable, idNumber: string | undefined, self: number | null) {
  if (idNumber === undefined) return;
  if (!readIdCard(idNumber))
    throw new HttpError(422, 'invalid_id_number', 'the ID number’s check digit is wrong', [{ path: 'body.idNumber', message: 'not a valid ID number' }]);
  const [other] = await q.query<{ id: number }>('SELECT id FROM residents WHERE id_number = $1 AND id <> coalesce($2::int, -1)', [
    idNumber.toUpperCase(),
    self,
  ]);
  if (other) throw new HttpError(409, 'duplicate_id_number', `another resident (${other.id}) has this ID number`);
}

export function residentRoutes({ db }: Platform) {
  const role = (user: Principal | undefined) => user?.role ?? 'worker';
  async function detail(scope: Scope, reader: Principal['role'], id: number) {
    const [r] = await residentRows(db, scope, reader, 'r.id = $3', [id]);
    if (!r) throw new HttpError(404, 'not_found', `no resident ${id} in your scope`);
    return { ...r, changes: await changesOf(db, 'resident', id) };
  }
  /** A resident of the worker's own grid, for a change: 404 when none, 403 when of another grid. */
  async function ownResident(gridId: number, squadId: number, id: number) {
    const [r] = await db.query<{
      householdId: number;
      name: string;
      gender: string | null;
      birthYear: number | null;
      idNumber: string | null;
      phone: string;
      relation: string;
      status: string;
    }>(
      `SELECT household_id AS "householdId", name, gender, birth_year AS "birthYear", id_number AS "idNumber", phone, relation, status FROM residents WHERE id = $1`,
      [id],
    );
    if (!r) throw new HttpError(404, 'not_found', `no resident ${id}`);
    mustCover({ squadId: null, gridId }, { ...(await householdPlace(db, r.householdId)), squadId }, `resident ${id}`);
    return r;
  }

  return [
    route(contract.residents, {
      summary:
        '实有人口 (R8) in scope: my grid (worker), my squad (squad leader), the town (leader, admin, inspector); ID numbers and phones masked outside the grid (R40)',
      access: RECORD_READERS,
      async handler({ query, user, device }) {
        const scope = await readerScope(db, user, device);
        if (query.household !== undefined) mustCover(scope, await householdPlace(db, query.household), `household ${query.household}`);
        const rows = await residentRows(
          db,
          scope,
          role(user),
          `($3::int IS NULL OR r.household_id = $3) AND ($4::text IS NULL OR r.name LIKE '%' || $4 || '%' OR r.id_number = upper($4))
           AND ($5 = 'all' OR r.status = $5)`,
          [query.household ?? null, query.q ?? null, query.status],
          query.limit,
        );
        return { residents: rows };
      },
    }),
    route(contract.resident, {
      summary: 'One resident in scope with the changes of their record (R8, R22)',
      access: RECORD_READERS,
      async handler({ params, user, device }) {
        const scope = await readerScope(db, user, device);
        const [r] = await db.query<{ householdId: number }>('SELECT household_id AS "householdId" FROM residents WHERE id = $1', [params.id]);
        if (!r) throw new HttpError(404, 'not_found', `no resident ${params.id}`);
        mustCover(scope, await householdPlace(db, r.householdId), `resident ${params.id}`);
        return detail(scope, role(user), params.id);
      },
    }),
    route(contract.addResident, {
      summary: '新增 a resident of a household of my grid (R8); the same clientRef again answers the same record',
      access: ['device', 'worker'],
      async handler({ body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const own: Scope = { squadId: null, gridId: me.gridId };
        const seen = await seenChange(db, me, body.clientRef);
        if (seen) return { ...(await detail(own, 'worker', seen.entityId)), repeated: true };
        mustCover(own, await householdPlace(db, body.householdId), `household ${body.householdId}`);
        await checkIdNumber(db, body.idNumber, null);
        const id = await db.transaction(async (tx) => {
          const [r] = await tx.query<{ id: number }>(
            `INSERT INTO residents (household_id, name, gender, birth_year, id_number, phone, relation, registered_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
            [
              body.householdId,
              body.name,
              body.gender ?? null,
              body.birthYear ?? null,
              body.idNumber?.toUpperCase() ?? null,
              body.phone ?? '',
              body.relation ?? '',
              shanghaiDay(Date.now()),
            ],
          );
          const { clientRef: _c, ...after } = body;
          await logChange(tx, me, { entity: 'resident', entityId: r!.id, action: 'add', before: null, after, clientRef: body.clientRef });
          await audit(tx, { userId: me.userId, deviceId: me.deviceId, action: 'create', entity: 'resident', entityId: r!.id, ip: req.ip });
          return r!.id;
        });
        return { ...(await detail(own, 'worker', id)), repeated: false };
      },
    }),
    route(contract.changeResident, {
      summary: '更新 / 核实 / 注销 a resident of my grid (R8), kept with who and when; a replayed clientRef changes nothing',
      access: ['device', 'worker'],
      async handler({ params, body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const own: Scope = { squadId: null, gridId: me.gridId };
        const seen = await seenChange(db, me, body.clientRef);
        if (seen) {
          if (seen.entity !== 'resident' || seen.entityId !== params.id)
            throw new HttpError(409, 'client_ref_reused', `clientRef ${body.clientRef} was used for another record`);
          return { ...(await detail(own, 'worker', params.id)), repeated: true };
        }
        const prev = await ownResident(me.gridId, me.squadId, params.id);
        if (prev.status === 'deregistered' && body.action !== 'verify')
          throw new HttpError(409, 'deregistered', `resident ${params.id} is de-registered: the record takes no more changes`);
        await db.transaction(async (tx) => {
          if (body.action === 'update') {
            const { action: _a, clientRef: _c, note, ...fields } = body;
            if (fields.householdId !== undefined) mustCover(own, await householdPlace(tx, fields.householdId), `household ${fields.householdId}`);
            await checkIdNumber(tx, fields.idNumber, params.id);
            const { before, after } = difference(prev as Record<string, unknown>, { ...fields, idNumber: fields.idNumber?.toUpperCase() });
            if (!Object.keys(after).length) throw new HttpError(422, 'nothing_to_change', 'the update changes no field');
            await tx.query(
              `UPDATE residents SET household_id = coalesce($2, household_id), name = coalesce($3, name), gender = coalesce($4, gender),
                      birth_year = coalesce($5, birth_year), id_number = coalesce($6, id_number), phone = coalesce($7, phone), relation = coalesce($8, relation),
                      updated_at = now() WHERE id = $1`,
              [
                params.id,
                fields.householdId ?? null,
                fields.name ?? null,
                fields.gender ?? null,
                fields.birthYear ?? null,
                fields.idNumber?.toUpperCase() ?? null,
                fields.phone ?? null,
                fields.relation ?? null,
              ],
            );
            await logChange(tx, me, { entity: 'resident', entityId: params.id, action: 'update', before, after, note, clientRef: body.clientRef });
          } else await verifyOrDeregister(tx, me, 'resident', params.id, body, prev.status);
          await audit(tx, { userId: me.userId, deviceId: me.deviceId, action: body.action, entity: 'resident', entityId: params.id, ip: req.ip });
        });
        return { ...(await detail(own, 'worker', params.id)), repeated: false };
      },
    }),
  ];
}
