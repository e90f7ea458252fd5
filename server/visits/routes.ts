// Household visits (R14): terminals record them, the track verifies them (R23), leaders see monthly
// household coverage and the persons of interest whose visit is overdue.
import { BRIGADE_ROLES } from '../../shared/core/roles.ts';
import { maskName } from '../../shared/core/mask.ts';
import type { z } from 'zod';
import type { Sendable } from '../../shared/core/contract.ts';
import { type Visit, visits as contract } from '../../shared/visits/contract.ts';
import { dayRange, monthDays, shanghaiDay } from '../../shared/core/time.ts';
import { focusDue } from '../../shared/visits/cadence.ts';
import type { FocusKind } from '../../shared/visits/rules.ts';
import { placeFilter, placeParams, scopeFor, seesNames } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { checkVisits } from './verify.ts';
import { audit } from '../auth/audit.ts';

const SCOPED = placeFilter('g.squad_id', 'g.id', 1);
/** The Asia/Shanghai day of a timestamptz column, without relying on the server's time-zone data. */
export const shanghaiDate = (col: string) => `((${col} + interval '8 hours') AT TIME ZONE 'UTC')::date`;

/** Visits can be recorded on a terminal offline and sent later, but not from the future nor from long ago. */
export const MAX_AHEAD_MS = 5 * 60_000;
export const MAX_AGE_DAYS = 35;

const monthRange = (month: string) => {
  const { first, next } = monthDays(month);
  return { start: dayRange(first).start, end: dayRange(next).start };
};

export function visitRoutes({ db, log }: Platform) {
  return [
    route(contract.record, {
      summary: 'A terminal records household visits (入户走访, R14); verified later against its track (R23). Re-sent visits are recorded once.',
      access: 'device',
      async handler({ body, device }) {
        if (device.workerId === null) throw new HttpError(409, 'device_unassigned', 'this terminal is not assigned to a worker');
        const now = Date.now();
        const problems: { path: string; message: string }[] = [];
        body.visits.forEach((v, i) => {
          const t = Date.parse(v.visitedAt);
          if (t > now + MAX_AHEAD_MS) problems.push({ path: `body.visits.${i}.visitedAt`, message: 'is in the future' });
          if (t < now - MAX_AGE_DAYS * 86_400_000) problems.push({ path: `body.visits.${i}.visitedAt`, message: `is more than ${MAX_AGE_DAYS} days old` });
        });
        const ids = [...new Set(body.visits.map((v) => v.householdId))];
        const homes = new Map(
          (
            await db.query<{ id: number; gridId: number; persons: number[] }>(
              `SELECT h.id, h.grid_id AS "gridId", coalesce(array_agg(f.id) FILTER (WHERE f.id IS NOT NULL), '{}') AS persons
               FROM households h LEFT JOIN focus_persons f ON f.household_id = h.id WHERE h.id = ANY($1::int[]) GROUP BY h.id`,
              [ids],
            )
          ).map((h) => [h.id, h]),
        );
        const [own] = await db.query<{ gridId: number | null }>('SELECT id AS "gridId" FROM grids WHERE worker_id = $1', [device.workerId]);
        body.visits.forEach((v, i) => {
          const home = homes.get(v.householdId);
          if (!home) problems.push({ path: `body.visits.${i}.householdId`, message: `no household ${v.householdId}` });
          else if (home.gridId !== own?.gridId)
            problems.push({ path: `body.visits.${i}.householdId`, message: `household ${v.householdId} is not in this worker's grid` });
          else if (v.personId !== undefined && !home.persons.includes(v.personId))
            problems.push({ path: `body.visits.${i}.personId`, message: `person ${v.personId} does not live in household ${v.householdId}` });
        });
        if (problems.length) throw new HttpError(422, 'invalid_visits', 'no visit was recorded', problems);
        const rows = await db.query<{ id: number; householdId: number; visitedAt: Date }>(
          `INSERT INTO visits (household_id, person_id, worker_id, device_id, visited_at, note)
           SELECT h, p, $1, $2, t, n FROM unnest($3::int[], $4::int[], $5::timestamptz[], $6::text[]) AS u(h, p, t, n)
           ON CONFLICT (worker_id, household_id, visited_at) DO NOTHING
           RETURNING id, household_id AS "householdId", visited_at AS "visitedAt"`,
          [
            device.workerId,
            device.id,
            body.visits.map((v) => v.householdId),
            body.visits.map((v) => v.personId ?? null),
            body.visits.map((v) => v.visitedAt),
            body.visits.map((v) => v.note ?? ''),
          ],
        );
        log.debug({ device: device.id, recorded: rows.length }, 'visits recorded');
        return { recorded: rows.length, duplicates: body.visits.length - rows.length, visits: rows };
      },
    }),
    route(contract.list, {
      summary: 'Visits of a month, newest first: verified, unverified (the track was not there, R23) or pending; scoped',
      access: ['admin', 'leader', 'duty', 'squad_leader', 'inspector', 'worker'],
      async handler({ query, user }) {
        await checkVisits(db);
        const scope = scopeFor(user, query.squad);
        const { start, end } = monthRange(query.month ?? shanghaiDay(Date.now()).slice(0, 7));
        const rows = await db.query<Sendable<z.infer<typeof Visit>>>(
          `SELECT v.id, v.household_id AS "householdId", h.address, v.person_id AS "personId", v.worker_id AS "workerId", w.name AS worker,
                  g.id AS "gridId", g.squad_id AS "squadId", v.visited_at AS "visitedAt", v.note,
                  CASE WHEN v.verified THEN 'verified' WHEN v.verified IS NULL THEN 'pending' ELSE 'unverified' END AS status
             FROM visits v JOIN households h ON h.id = v.household_id JOIN grids g ON g.id = h.grid_id JOIN workers w ON w.id = v.worker_id
            WHERE ${SCOPED} AND v.visited_at >= $3 AND v.visited_at < $4 AND ($5::int IS NULL OR g.id = $5)
              AND ($6::text IS NULL OR $6 = CASE WHEN v.verified THEN 'verified' WHEN v.verified IS NULL THEN 'pending' ELSE 'unverified' END)
            ORDER BY v.visited_at DESC, v.id DESC LIMIT $7`,
          [...placeParams(scope), start, end, query.grid ?? null, query.status ?? null, query.limit],
        );
        return { visits: rows };
      },
    }),
    route(contract.households, {
      summary:
        'Monthly household coverage (R14): households with a verified visit this month / households, per grid, squad and town; unverified visits counted apart (R23)',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        await checkVisits(db);
        const scope = scopeFor(user, query.squad);
        const month = query.month ?? shanghaiDay(Date.now()).slice(0, 7);
        if (month > shanghaiDay(Date.now()).slice(0, 7)) throw new HttpError(400, 'invalid_request', `${month} has not come yet`);
        const { start, end } = monthRange(month);
        const grids = await db.query<{
          gridId: number;
          squadId: number;
          households: number;
          verified: number;
          unverifiedOnly: number;
          pendingOnly: number;
          visits: number;
          verifiedVisits: number;
          unverifiedVisits: number;
          pendingVisits: number;
        }>(
          `WITH per_home AS (
             SELECT household_id, count(*) AS n, count(*) FILTER (WHERE verified) AS ok, count(*) FILTER (WHERE NOT verified) AS bad,
                    count(*) FILTER (WHERE verified IS NULL) AS pending
               FROM visits WHERE visited_at >= $3 AND visited_at < $4 GROUP BY household_id)
           SELECT g.id AS "gridId", g.squad_id AS "squadId", count(h.id)::int AS households,
                  count(*) FILTER (WHERE v.ok > 0)::int AS verified,
                  count(*) FILTER (WHERE v.ok = 0 AND v.pending = 0)::int AS "unverifiedOnly",
                  count(*) FILTER (WHERE v.ok = 0 AND v.pending > 0)::int AS "pendingOnly",
                  coalesce(sum(v.n), 0)::int AS visits, coalesce(sum(v.ok), 0)::int AS "verifiedVisits",
                  coalesce(sum(v.bad), 0)::int AS "unverifiedVisits", coalesce(sum(v.pending), 0)::int AS "pendingVisits"
             FROM grids g JOIN households h ON h.grid_id = g.id AND h.status = 'registered' -- a de-registered one is no longer visited (R8)
             LEFT JOIN per_home v ON v.household_id = h.id
            WHERE ${SCOPED} GROUP BY g.id ORDER BY g.id`,
          [...placeParams(scope), start, end],
        );
        type Counts = Omit<(typeof grids)[number], 'gridId' | 'squadId'>;
        const sum = (rows: Counts[]): Counts => {
          const out: Counts = {
            households: 0,
            verified: 0,
            unverifiedOnly: 0,
            pendingOnly: 0,
            visits: 0,
            verifiedVisits: 0,
            unverifiedVisits: 0,
            pendingVisits: 0,
          };
          for (const r of rows) for (const k of Object.keys(out) as (keyof Counts)[]) out[k] += r[k];
          return out;
        };
        const figures = <T extends Counts>(c: T) => ({ ...c, coverage: c.households ? Math.round((c.verified / c.households) * 10_000) / 10_000 : null });
        const squadIds = [...new Set(grids.map((g) => g.squadId))].sort((a, b) => a - b);
        return {
          month,
          town: figures(sum(grids)),
          squads: squadIds.map((squadId) => ({ squadId, ...figures(sum(grids.filter((g) => g.squadId === squadId))) })),
          grids: grids.map(figures),
        };
      },
    }),
    route(contract.focusOverdue, {
      summary: 'Persons of interest whose visit is overdue on a day (帮扶 every 7 days, 关注 every 15, R14), most overdue first; names masked for the wall',
      access: BRIGADE_ROLES,
      async handler({ query, user, req }) {
        await checkVisits(db);
        const scope = scopeFor(user, query.squad);
        const day = query.date ?? shanghaiDay(Date.now());
        if (day > shanghaiDay(Date.now())) throw new HttpError(400, 'invalid_request', `${day} has not come yet`);
        const rows = await db.query<{
          personId: number;
          name: string;
          kind: FocusKind;
          category: string;
          registeredOn: string;
          lastVisit: string | null;
          householdId: number;
          gridId: number;
          squadId: number;
          workerId: number | null;
          worker: string | null;
        }>(
          `SELECT f.id AS "personId", f.name, f.kind, f.category, f.registered_on AS "registeredOn", f.household_id AS "householdId",
                  g.id AS "gridId", g.squad_id AS "squadId", g.worker_id AS "workerId", w.name AS worker,
                  (SELECT max(${shanghaiDate('v.visited_at')}) FROM visits v
                    WHERE v.person_id = f.id AND v.verified AND v.visited_at < $3) AS "lastVisit"
             FROM focus_persons f JOIN households h ON h.id = f.household_id JOIN grids g ON g.id = h.grid_id
             LEFT JOIN workers w ON w.id = g.worker_id
            WHERE ${SCOPED} AND f.registered_on <= $4::date ORDER BY f.id`,
          [...placeParams(scope), dayRange(day).end, day],
        );
        const full = seesNames(user.role);
        // Reading names of persons of interest is itself recorded (R40).
        if (full)
          await audit(db, {
            userId: user.userId,
            action: 'read',
            entity: 'focus_persons',
            after: { date: day, persons: rows.length, squad: scope.squadId, grid: scope.gridId },
            ip: req.ip,
          });
        const judged = rows.map((r) => ({ ...r, ...focusDue(r.kind, r.registeredOn, r.lastVisit, day) }));
        const overdue = judged
          .filter((r) => r.overdueDays > 0)
          .sort((a, b) => b.overdueDays - a.overdueDays || a.personId - b.personId)
          // The wall learns only where visits are late: not who (nor which household), nor whether a person
          // is 帮扶 or 关注, which tells who is in a high-risk group (SECURITY.md).
          .map(({ name, category, worker, kind, householdId, personId, registeredOn, lastVisit, ...r }) =>
            full ? { ...r, personId, householdId, kind, registeredOn, lastVisit, name, worker, category } : { ...r, worker: worker && maskName(worker) },
          );
        const count = (kind: FocusKind) => ({
          persons: judged.filter((r) => r.kind === kind).length,
          overdue: judged.filter((r) => r.kind === kind && r.overdueDays > 0).length,
        });
        return { date: day, assist: count('assist'), concern: count('concern'), overdue };
      },
    }),
  ];
}
