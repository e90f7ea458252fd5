import { BRIGADE_ROLES } from '../../shared/core/roles.ts';
import { countCoverage, coverageFigures } from '../../shared/coverage/tally.ts';
import { maskName } from '../../shared/core/mask.ts';
import { coverage as contract } from '../../shared/coverage/contract.ts';
import { addDays, dayRange, shanghaiDay } from '../../shared/core/time.ts';
import { scopeFor, seesNames, type Scope } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import type { LiveCoverage } from './engine.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { coverageService } from './service.ts';
import { audit } from '../auth/audit.ts';
import { workersAwayOn } from '../org/staffing.ts';
import { H3_RESOLUTION, blindSpots, heatCells } from './heatmap.ts';

export function coverageRoutes({ db }: Platform, coverage: LiveCoverage) {
  const service = coverageService(db, coverage);
  const dayOf = (q: { date?: string }) => q.date ?? shanghaiDay(Date.now());

  /** The day's unqualified workers (R15, R16) with what they left undone; names masked unless `names`. */
  async function unqualified(day: string, scope: Scope, names: boolean) {
    const [summary, items] = [await service.daySummary(day, scope), await service.dayItems(day, scope)];
    // Someone on leave or gone that day is not named (R16).
    const away = await workersAwayOn(db, day);
    const workers = summary.grids
      .filter((g) => g.workerId !== null && !g.qualified && !away.has(g.workerId))
      .map((g) => ({
        workerId: g.workerId,
        worker: names ? g.worker : g.worker && maskName(g.worker),
        gridId: g.gridId,
        gridCode: g.code,
        gridName: g.name,
        squadId: g.squadId,
        targets: g.targets,
        complete: g.complete,
        completion: g.completion,
        roadDouble: g.roadDouble,
        patrolMinutes: g.patrolMinutes,
        cellsLeft: g.cells - g.cellsComplete,
        targetsLeft: items.targets
          .filter((t) => t.gridId === g.gridId && t.status !== 'complete')
          .map((t) => ({ targetId: t.id, name: t.name, passes: t.passes, requiredPasses: t.requiredPasses })),
      }))
      .sort((a, b) => (a.completion ?? 1) + (a.roadDouble ?? 1) - ((b.completion ?? 1) + (b.roadDouble ?? 1)) || a.gridId - b.gridId);
    return { date: day, source: summary.source, workers: summary.town.workers, qualified: summary.town.qualified, unqualified: workers };
  }

  return [
    route(contract.summary, {
      summary:
        'Coverage on a day for the town, each squad and each grid: key-target 双巡 completion, main-road double and single coverage, each worker qualified or not (R13, R15, R32)',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const summary = await service.daySummary(dayOf(query), scopeFor(user, query.squad));
        return seesNames(user.role) ? summary : { ...summary, grids: summary.grids.map((g) => ({ ...g, worker: g.worker && maskName(g.worker) })) };
      },
    }),
    route(contract.heatmap, {
      summary: 'Patrol density: clean fixes per H3 cell (resolution 9) over Asia/Shanghai days from..to inclusive, with the last visit',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        if (dayRange(query.to).start.getTime() - dayRange(query.from).start.getTime() > 31 * 86_400_000)
          throw new HttpError(400, 'invalid_request', 'at most 31 days at once');
        const cells = await heatCells(db, dayRange(query.from).start, dayRange(query.to).end, scopeFor(user, query.squad));
        return { from: query.from, to: query.to, resolution: H3_RESOLUTION, cells };
      },
    }),
    route(contract.blindSpots, {
      summary: 'H3 cells inside grids that no track touched in the last N days (default 7): where nobody goes',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const now = new Date();
        const from = dayRange(addDays(shanghaiDay(now), 1 - query.days)).start;
        return { ...(await blindSpots(db, from, now, scopeFor(user, query.squad))), days: query.days, resolution: H3_RESOLUTION };
      },
    }),
    route(contract.targets, {
      summary: 'Key targets’ patrol passes on an Asia/Shanghai day (一日双巡, R13): missed, partial or complete',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const { date, source, targets } = await service.dayItems(dayOf(query), scopeFor(user, query.squad));
        return { date, source, targets: targets.map(({ id, ...t }) => ({ targetId: id, ...t })) };
      },
    }),
    route(contract.roads, {
      summary: 'Main-road and central-street cells (about 50 m, R13) and their passes on a day, with each road’s double and single coverage',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const { date, source, cells } = await service.dayItems(dayOf(query), scopeFor(user, query.squad));
        const roads = new Map<number, { roadId: number; road: string; class: string; cells: typeof cells }>();
        for (const c of cells)
          (roads.get(c.roadId) ?? roads.set(c.roadId, { roadId: c.roadId, road: c.road, class: c.class, cells: [] }).get(c.roadId)!).cells.push(c);
        return {
          date,
          source,
          roads: [...roads.values()].map(({ cells: of, ...r }) => {
            const { roadM, roadCompleteM, roadOnceM, roadDouble, roadSingle, cells: n, cellsComplete } = coverageFigures(countCoverage([], of));
            return { ...r, cells: n, cellsComplete, roadM, roadCompleteM, roadOnceM, roadDouble, roadSingle };
          }),
          cells: cells.map(({ id, road: _road, class: _class, ...c }) => ({ cellId: id, ...c })),
        };
      },
    }),
    route(contract.notice, {
      summary: 'The day’s town-wide notice (通报, R16): workers not qualified (R15), with what they left undone, and whether it was published',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const day = dayOf(query);
        const notice = await unqualified(day, scopeFor(user, query.squad), seesNames(user.role));
        const [published] = await db.query<{ publishedAt: Date; by: string; note: string }>(
          `SELECT n.published_at AS "publishedAt", u.display_name AS by, n.note FROM coverage_notices n JOIN users u ON u.id = n.published_by WHERE n.day = $1`,
          [day],
        );
        return { ...notice, published: published ? { at: published.publishedAt.toISOString(), by: published.by, note: published.note } : null };
      },
    }),
    route(contract.publish, {
      summary: 'A leader publishes a finished day’s notice (全镇通报, R16): the unqualified workers as they stand, kept as published',
      access: ['admin', 'leader'],
      async handler({ body, user, req }) {
        await service.checkDay(body.date);
        if (body.date === shanghaiDay(Date.now())) throw new HttpError(409, 'day_not_over', 'a day is published once it is over');
        if ((await db.query('SELECT 1 FROM coverage_notices WHERE day = $1', [body.date])).length)
          throw new HttpError(409, 'already_published', `the notice of ${body.date} is already published`);
        const notice = await unqualified(body.date, { squadId: null, gridId: null }, true);
        const workers = notice.unqualified.map(({ targetsLeft: _t, ...w }) => w);
        await db.transaction(async (tx) => {
          await tx.query('INSERT INTO coverage_notices (day, published_by, workers, note) VALUES ($1, $2, $3, $4)', [
            body.date,
            user.userId,
            JSON.stringify(workers),
            body.note ?? '',
          ]);
          await audit(tx, {
            userId: user.userId,
            action: 'publish',
            entity: 'coverage_notice',
            entityId: body.date,
            after: { workers: workers.length },
            ip: req.ip,
          });
        });
        return { date: body.date, published: workers.length };
      },
    }),
    route(contract.history, {
      summary: 'Daily coverage over the last N days (default 30) per squad and grid: the leader view’s trend; finished days from their record',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        return service.history(query.days, scopeFor(user, query.squad));
      },
    }),
    route(contract.record, {
      summary: 'Recomputes a finished day in PostGIS and records it as authoritative (the nightly job does this for yesterday)',
      access: ['admin'],
      async handler({ body, user, req }) {
        await service.checkDay(body.date);
        if (body.date === shanghaiDay(Date.now())) throw new HttpError(409, 'day_not_over', 'today is not over yet; it is recorded after midnight');
        await service.recordCoverageDay(body.date);
        await audit(db, { userId: user.userId, action: 'record', entity: 'coverage_day', entityId: body.date, ip: req.ip });
        return service.daySummary(body.date, { squadId: null, gridId: null });
      },
    }),
  ];
}
