// 今日 (today): my grid, its key targets and road cells with today's passes from the live coverage engine,
// time on patrol, 合格 or exactly what is missing (R13, R15, R16), and what is due: households this month,
// 帮扶 people this week, 关注 people this half-month (R14), rectification checks whose day has come (R20).
import type { z } from 'zod';
import type { Sendable } from '../../shared/core/contract.ts';
import { dayRange, monthDays, shanghaiDay } from '../../shared/core/time.ts';
import { isQualified } from '../../shared/coverage/tally.ts';
import { type DueHousehold, type DuePerson, field as contract } from '../../shared/field/contract.ts';
import { checkOverdueDays, dueInPeriod, halfMonthOf, missingToday, weekOf } from '../../shared/field/due.ts';
import { focusDue } from '../../shared/visits/cadence.ts';
import type { FocusKind } from '../../shared/visits/rules.ts';
import type { LiveCoverage } from '../coverage/engine.ts';
import type { CoverageService } from '../coverage/service.ts';
import type { Platform } from '../platform/capability.ts';
import { route } from '../platform/http/route.ts';
import { distanceFrom, fieldWorker, nearestFirst } from './actor.ts';
import { shanghaiDate } from '../visits/routes.ts';

export function todayRoutes({ db }: Platform, live: LiveCoverage, days: CoverageService) {
  return [
    route(contract.today, {
      summary:
        '今日: my grid, today’s passes (live), patrol time, 合格 or what is missing (R13-R16), households, 帮扶/关注 people and rectification checks due (R14, R20)',
      access: ['device', 'worker'],
      async handler({ query, user, device }) {
        const me = await fieldWorker(db, user, device);
        const day = shanghaiDay(Date.now());
        const away = distanceFrom(live.frame, query);
        const [grid] = await db.query<{ id: number; code: string; name: string; class: number; squadId: number; villageId: number; area: never }>(
          `SELECT id, code, name, class, squad_id AS "squadId", village_id AS "villageId", ST_AsGeoJSON(area)::json AS area FROM grids WHERE id = $1`,
          [me.gridId],
        );
        const items = await days.dayItems(day, { squadId: null, gridId: me.gridId });
        const where = new Map(
          (
            await db.query<{ layer: string; id: number; lat: number; lon: number }>(
              `SELECT 'targets' AS layer, id, ST_Y(ST_PointOnSurface(geom)) AS lat, ST_X(ST_PointOnSurface(geom)) AS lon FROM targets WHERE grid_id = $1
               UNION ALL
               SELECT 'cells', id, ST_Y(ST_LineInterpolatePoint(geom, 0.5)), ST_X(ST_LineInterpolatePoint(geom, 0.5)) FROM road_cells WHERE grid_id = $1`,
              [me.gridId],
            )
          ).map((r) => [`${r.layer}:${r.id}`, { lat: r.lat, lon: r.lon }]),
        );
        const placed = (layer: string, id: number) => {
          const p = where.get(`${layer}:${id}`)!;
          return { ...p, distanceM: away(p) };
        };
        const targets = items.targets.map((t) => ({
          targetId: t.id,
          name: t.name,
          kind: t.kind,
          passes: t.passes,
          requiredPasses: t.requiredPasses,
          status: t.status,
          passTimes: t.passTimes,
          ...placed('targets', t.id),
        }));
        const cells = items.cells.map((c) => ({
          cellId: c.id,
          roadId: c.roadId,
          road: c.road,
          class: c.class,
          seq: c.seq,
          lengthM: c.lengthM,
          passes: c.passes,
          requiredPasses: c.requiredPasses,
          status: c.status,
          passTimes: c.passTimes,
          ...placed('cells', c.id),
        }));
        const counts = live.gridCounts(me.gridId, day);
        const { minPatrolMs } = live.rules;

        // Households (R14): a visit this month counts unless the track has shown it was not made (R23).
        const { first, next } = monthDays(day.slice(0, 7));
        const homes = await db.query<Sendable<Omit<z.infer<typeof DueHousehold>, 'distanceM'>> & { visited: boolean }>(
          `SELECT h.id AS "householdId", h.code, h.address, h.size, ST_Y(h.geom) AS lat, ST_X(h.geom) AS lon,
                  (SELECT max(${shanghaiDate('v.visited_at')})::text FROM visits v WHERE v.household_id = h.id AND v.verified IS NOT FALSE) AS "lastVisit",
                  EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.verified IS NOT FALSE AND v.visited_at >= $2 AND v.visited_at < $3) AS visited
             FROM households h WHERE h.grid_id = $1 AND h.status = 'registered' ORDER BY h.id`,
          [me.gridId, dayRange(first).start, dayRange(next).start],
        );
        const due = nearestFirst(homes.filter((h) => !h.visited).map(({ visited: _v, ...h }) => ({ ...h, distanceM: away(h) })));

        // 帮扶 every week, 关注 every half month (R14): personal data of my own grid only (R10, R40).
        const people = await db.query<Omit<z.infer<typeof DuePerson>, 'dueOn' | 'overdueDays' | 'distanceM'> & { registeredOn: string }>(
          `SELECT f.id AS "personId", f.household_id AS "householdId", h.address, f.name, f.kind, f.category, f.registered_on::text AS "registeredOn",
                  ST_Y(h.geom) AS lat, ST_X(h.geom) AS lon,
                  (SELECT max(${shanghaiDate('v.visited_at')})::text FROM visits v WHERE v.person_id = f.id AND v.verified IS NOT FALSE) AS "lastVisit"
             FROM focus_persons f JOIN households h ON h.id = f.household_id WHERE h.grid_id = $1 AND f.registered_on <= $2::date ORDER BY f.id`,
          [me.gridId, day],
        );
        const persons = nearestFirst(
          people
            .map(({ registeredOn, ...p }) => ({ ...p, ...focusDue(p.kind as FocusKind, registeredOn, p.lastVisit, day), distanceM: away(p) }))
            .filter((p) => dueInPeriod(p.kind as FocusKind, p.dueOn, day)),
        );

        // 整改核查 (R20): a pending rectification of a case of mine is a task from its deadline on.
        const checks = await db.query<{
          rectificationId: number;
          incidentId: number;
          code: string;
          category: string;
          responsibleParty: string;
          deadline: string;
          lat: number;
          lon: number;
        }>(
          `SELECT r.id AS "rectificationId", i.id AS "incidentId", i.code, c.name AS category, r.responsible_party AS "responsibleParty",
                  r.deadline::text AS deadline, ST_Y(i.geom) AS lat, ST_X(i.geom) AS lon
             FROM rectifications r JOIN incidents i ON i.id = r.incident_id JOIN incident_categories c ON c.code = i.category_code
            WHERE r.state = 'pending' AND r.deadline <= $3::date AND (i.grid_id = $1 OR i.assignee_worker_id = $2 OR i.reporter_worker_id = $2)
            ORDER BY r.deadline, r.id`,
          [me.gridId, me.workerId, day],
        );
        const [{ reported, open, ledgerOpen }] = (await db.query<{ reported: number; open: boolean; ledgerOpen: number }>(
          `SELECT (SELECT count(*)::int FROM patrol_reports WHERE worker_id = $1 AND started_at >= $3 AND started_at < $4) AS reported,
                  EXISTS (SELECT 1 FROM patrol_reports WHERE worker_id = $1 AND ended_at IS NULL) AS open,
                  (SELECT count(*)::int FROM ledger_items WHERE grid_id = $2 AND state <> 'done') AS "ledgerOpen"`,
          [me.workerId, me.gridId, dayRange(day).start, dayRange(day).end],
        )) as [{ reported: number; open: boolean; ledgerOpen: number }];
        return {
          date: day,
          week: weekOf(day),
          halfMonth: halfMonthOf(day),
          worker: { id: me.workerId, name: me.name },
          grid: grid!,
          patrolMinutes: Math.round(counts.patrolMs / 60_000),
          minPatrolMinutes: Math.round(minPatrolMs / 60_000),
          qualified: isQualified(counts, minPatrolMs),
          missing: missingToday(counts, minPatrolMs, targets, cells),
          patrols: { reported, open },
          targets: nearestFirst(targets),
          cells: nearestFirst(cells),
          households: { total: homes.length, visited: homes.length - due.length, due },
          persons,
          rectifications: checks.map((r) => ({
            ...r,
            overdueDays: checkOverdueDays(r.deadline, day),
            distanceM: away(r),
          })),
          ledgerOpen,
        };
      },
    }),
  ];
}
