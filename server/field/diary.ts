// 走访 with its diary (走访日记, R14, R17) and the 民情台账: a visit to a household of my grid with the time slot,
// range, people met, problems, handling and notes; a problem marked for the ledger is followed up until done.
// A visit is idempotent by its clientRef (and, as terminals' visits are, by worker, household and time).
import type { z } from 'zod';
import type { Sendable } from '../../shared/core/contract.ts';
import { dayRange, monthDays, shanghaiDay } from '../../shared/core/time.ts';
import { type DiaryVisit, type LedgerItem, field as contract } from '../../shared/field/contract.ts';
import { audit } from '../auth/audit.ts';
import { placeFilter, placeParams, type Scope } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { checkPhoneTime, fieldWorker, householdPlace, mustCover, readerScope } from './actor.ts';

type DiaryRow = Sendable<z.infer<typeof DiaryVisit>>;
const DIARY_COLUMNS = `v.id, v.client_ref AS "clientRef", v.household_id AS "householdId", h.address, v.person_id AS "personId", v.visited_at AS "visitedAt",
  v.time_slot AS "timeSlot", v.patrol_range AS range, v.people, v.handling, v.note,
  coalesce((SELECT jsonb_agg(jsonb_build_object('text', p->>'text', 'ledger', (p->>'ledger')::boolean, 'ledgerId', (p->>'ledgerId')::int)) FROM jsonb_array_elements(v.problems) p), '[]') AS problems,
  CASE WHEN v.verified THEN 'verified' WHEN v.verified IS NULL THEN 'pending' ELSE 'unverified' END AS status`;

/** Visits matching `where` (over `v` visits, `h` households), the latest first. */
export const diaryRows = (q: Queryable, where: string, params: unknown[]) =>
  q.query<DiaryRow>(
    `SELECT ${DIARY_COLUMNS} FROM visits v JOIN households h ON h.id = v.household_id WHERE ${where} ORDER BY v.visited_at DESC, v.id DESC`,
    params,
  );

/** Roles that read the 民情台账: the grid's worker, the squad leader, the leaders and the administrator (R17). */
const LEDGER_READERS = ['device', 'worker', 'squad_leader', 'leader', 'admin'] as const;
const LEDGER_COLUMNS = `l.id, l.grid_id AS "gridId", g.squad_id AS "squadId", l.household_id AS "householdId", h.address, l.visit_id AS "visitId", l.text,
  l.state, l.opened_at AS "openedAt", l.done_at AS "doneAt", w.name AS worker, l.updated_at AS "updatedAt"`;
const LEDGER_FROM = 'ledger_items l JOIN grids g ON g.id = l.grid_id JOIN households h ON h.id = l.household_id LEFT JOIN workers w ON w.id = l.worker_id';

export function diaryRoutes({ db }: Platform) {
  async function ledgerDetail(scope: Scope, id: number) {
    const [item] = await db.query<Sendable<z.infer<typeof LedgerItem>>>(`SELECT ${LEDGER_COLUMNS} FROM ${LEDGER_FROM} WHERE l.id = $1`, [id]);
    if (!item) throw new HttpError(404, 'not_found', `no ledger item ${id}`);
    mustCover(scope, item, `ledger item ${id}`);
    const history = await db.query<{ id: number; state: 'open' | 'following' | 'done'; note: string; by: string | null; at: Date }>(
      `SELECT e.id, e.state, e.note, coalesce(w.name, u.display_name) AS by, e.at FROM ledger_events e
         LEFT JOIN workers w ON w.id = e.worker_id LEFT JOIN users u ON u.id = e.user_id WHERE e.item_id = $1 ORDER BY e.id`,
      [id],
    );
    return { ...item, history };
  }

  return [
    route(contract.visit, {
      summary:
        '走访 (R14, R17): a visit with its diary to a household of my grid; ledger-marked problems open 民情台账 items; a replayed clientRef is stored once',
      access: ['device', 'worker'],
      async handler({ body, user, device, req }) {
        const me = await fieldWorker(db, user, device);
        const replay = async () => {
          const [v] = await diaryRows(db, 'v.worker_id = $1 AND v.client_ref = $2', [me.workerId, body.clientRef]);
          return v && { ...v, repeated: true, ledgerIds: v.problems.flatMap((p) => (p.ledgerId === null ? [] : [p.ledgerId])) };
        };
        const seen = await replay();
        if (seen) return seen;
        checkPhoneTime(body.visitedAt, 'body.visitedAt');
        mustCover({ squadId: null, gridId: me.gridId }, await householdPlace(db, body.householdId), `household ${body.householdId}`);
        if (body.personId !== undefined) {
          const [p] = await db.query('SELECT 1 FROM focus_persons WHERE id = $1 AND household_id = $2', [body.personId, body.householdId]);
          if (!p)
            throw new HttpError(422, 'invalid_visit', `person ${body.personId} does not live in household ${body.householdId}`, [
              { path: 'body.personId', message: 'not of this household' },
            ]);
        }
        const stored = await db.transaction(async (tx) => {
          const [v] = await tx.query<{ id: number }>(
            `INSERT INTO visits (household_id, person_id, worker_id, device_id, visited_at, note, client_ref, time_slot, patrol_range, people, handling)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
            [
              body.householdId,
              body.personId ?? null,
              me.workerId,
              me.deviceId,
              body.visitedAt,
              body.note ?? '',
              body.clientRef,
              body.timeSlot,
              body.range ?? '',
              body.people ?? '',
              body.handling ?? '',
            ],
          );
          if (!v) return null; // the same visit (worker, household, time) under another clientRef, or this one sent twice at once
          const problems: { text: string; ledger: boolean; ledgerId: number | null }[] = [];
          for (const p of body.problems) {
            let ledgerId: number | null = null;
            if (p.ledger) {
              const [l] = await tx.query<{ id: number }>(
                `INSERT INTO ledger_items (visit_id, household_id, grid_id, worker_id, text, opened_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
                [v.id, body.householdId, me.gridId, me.workerId, p.text, body.visitedAt],
              );
              ledgerId = l!.id;
              await tx.query(`INSERT INTO ledger_events (item_id, state, note, user_id, device_id, worker_id, at) VALUES ($1, 'open', $2, $3, $4, $5, $6)`, [
                ledgerId,
                p.text,
                me.userId,
                me.deviceId,
                me.workerId,
                body.visitedAt,
              ]);
            }
            problems.push({ text: p.text, ledger: p.ledger, ledgerId });
          }
          await tx.query('UPDATE visits SET problems = $2::jsonb WHERE id = $1', [v.id, JSON.stringify(problems)]);
          await audit(tx, { userId: me.userId, deviceId: me.deviceId, action: 'create', entity: 'visit', entityId: v.id, ip: req.ip });
          return v.id;
        });
        if (stored === null) {
          const again = await replay();
          if (again) return again;
          throw new HttpError(409, 'duplicate_visit', `a visit to household ${body.householdId} at ${body.visitedAt} is already recorded`);
        }
        const [v] = await diaryRows(db, 'v.id = $1', [stored]);
        return { ...v!, repeated: false, ledgerIds: v!.problems.flatMap((p) => (p.ledgerId === null ? [] : [p.ledgerId])) };
      },
    }),
    route(contract.diary, {
      summary: 'My visit diary (R17) of a month, or of one household of my grid, the latest first',
      access: ['device', 'worker'],
      async handler({ query, user, device }) {
        const me = await fieldWorker(db, user, device);
        const month = query.month ?? shanghaiDay(Date.now()).slice(0, 7);
        const { first, next } = monthDays(month);
        if (query.household !== undefined)
          mustCover({ squadId: null, gridId: me.gridId }, await householdPlace(db, query.household), `household ${query.household}`);
        const visits = await diaryRows(db, 'v.worker_id = $1 AND v.visited_at >= $2 AND v.visited_at < $3 AND ($4::int IS NULL OR v.household_id = $4)', [
          me.workerId,
          dayRange(first).start,
          dayRange(next).start,
          query.household ?? null,
        ]);
        return { month, visits };
      },
    }),
    route(contract.ledger, {
      summary: '民情台账 (R17) in scope: my grid (worker), my squad (squad leader), the town (leader, admin); unfinished first',
      access: LEDGER_READERS,
      async handler({ query, user, device }) {
        const scope = await readerScope(db, user, device, query.squad);
        const items = await db.query<Sendable<z.infer<typeof LedgerItem>>>(
          `SELECT ${LEDGER_COLUMNS} FROM ${LEDGER_FROM}
            WHERE ${placeFilter('g.squad_id', 'g.id', 1)} AND ($3::text IS NULL OR ($3 = 'unfinished' AND l.state <> 'done') OR l.state = $3)
            ORDER BY (l.state = 'done'), l.updated_at DESC, l.id DESC LIMIT 500`,
          [...placeParams(scope), query.state ?? null],
        );
        return { items };
      },
    }),
    route(contract.ledgerItem, {
      summary: 'One 民情台账 item in scope with its history',
      access: LEDGER_READERS,
      async handler({ params, user, device }) {
        return ledgerDetail(await readerScope(db, user, device), params.id);
      },
    }),
    route(contract.followUp, {
      summary: 'A follow-up (跟进) of a 民情台账 item by its grid’s worker or the squad leader; `done` ends it; a replayed clientRef changes nothing',
      access: ['device', 'worker', 'squad_leader', 'admin'],
      async handler({ params, body, user, device, req }) {
        const worker = user?.role === 'worker' || !user ? await fieldWorker(db, user, device) : null;
        const scope = worker ? { squadId: null, gridId: worker.gridId } : await readerScope(db, user, device);
        const [seen] = await db.query('SELECT 1 FROM ledger_events WHERE item_id = $1 AND client_ref = $2', [params.id, body.clientRef]);
        if (seen) return { ...(await ledgerDetail(scope, params.id)), repeated: true };
        const item = await ledgerDetail(scope, params.id);
        if (item.state === 'done') throw new HttpError(409, 'ledger_done', `ledger item ${params.id} is done: it takes no more follow-ups`);
        await db.transaction(async (tx) => {
          await tx.query(`INSERT INTO ledger_events (item_id, state, note, user_id, device_id, worker_id, client_ref) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
            params.id,
            body.state,
            body.note,
            worker ? worker.userId : user!.userId,
            worker?.deviceId ?? null,
            worker?.workerId ?? null,
            body.clientRef,
          ]);
          await tx.query(`UPDATE ledger_items SET state = $2, done_at = CASE WHEN $2 = 'done' THEN now() END, updated_at = now() WHERE id = $1`, [
            params.id,
            body.state,
          ]);
          await audit(tx, {
            userId: worker ? worker.userId : user!.userId,
            deviceId: worker?.deviceId ?? null,
            action: 'follow_up',
            entity: 'ledger_item',
            entityId: params.id,
            after: { state: body.state },
            ip: req.ip,
          });
        });
        return { ...(await ledgerDetail(scope, params.id)), repeated: false };
      },
    }),
  ];
}
