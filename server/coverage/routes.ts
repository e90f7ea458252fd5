import { z } from 'zod';
import { passStatus } from '../../shared/coverage.ts';
import { ROLES } from '../../shared/constants.ts';
import { SquadQuery } from '../../shared/schemas.ts';
import { addDays, dayRange, isDay, shanghaiDay } from '../../shared/time.ts';
import { scopeFor, type Scope } from '../auth/scope.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/route.ts';
import { recordDay } from './batch.ts';
import { H3_RESOLUTION, blindSpots, heatCells } from './heatmap.ts';

const Day = z.string().refine(isDay, 'a day YYYY-MM-DD');
const DateQuery = z.strictObject({ date: Day.optional() });
const HeatQuery = SquadQuery.extend({ from: Day, to: Day }).refine((q) => q.from <= q.to, { message: 'from is after to', path: ['to'] });
const BlindQuery = SquadQuery.extend({ days: z.coerce.number().int().min(1).max(90).default(7) });

export function coverageRoutes({ db, coverage }: AppDeps) {
  /** Today from the live engine; an earlier day from its recorded batch, computed on first asking. */
  async function passesOf(day: string): Promise<{ source: 'live' | 'batch'; passes: Map<number, number[]> }> {
    const today = shanghaiDay(Date.now());
    if (day > today) throw new HttpError(400, 'invalid_request', `${day} has not come yet`);
    if (day === today) return { source: 'live', passes: coverage.engine.passesOn(day) };
    const rows = await db.query<{ id: number; times: number[] }>('SELECT target_id AS id, pass_times AS times FROM target_passes WHERE day = $1', [day]);
    if (rows.length) return { source: 'batch', passes: new Map(rows.map((r) => [r.id, r.times])) };
    return { source: 'batch', passes: await recordDay(db, day, coverage.frame, coverage.engine.rules) };
  }

  /** Every target in scope with its passes on a day. */
  async function targetCoverage(day: string, scope: Scope) {
    const { source, passes } = await passesOf(day);
    const targets = await db.query<{ id: number; gridId: number; squadId: number; name: string; kind: string; requiredPasses: number }>(
      `SELECT t.id, t.grid_id AS "gridId", g.squad_id AS "squadId", t.name, t.kind, t.required_passes AS "requiredPasses"
         FROM targets t JOIN grids g ON g.id = t.grid_id
        WHERE ($1::int IS NULL OR g.squad_id = $1) AND ($2::int IS NULL OR g.id = $2) ORDER BY t.id`,
      [scope.squadId, scope.gridId],
    );
    return {
      date: day,
      source,
      targets: targets.map((t) => {
        const times = passes.get(t.id) ?? [];
        return { targetId: t.id, gridId: t.gridId, squadId: t.squadId, name: t.name, kind: t.kind, requiredPasses: t.requiredPasses, passes: times.length, status: passStatus(times.length, t.requiredPasses), passTimes: times.map((ms) => new Date(ms).toISOString()) };
      }),
    };
  }

  return [
    route({
      method: 'get',
      path: '/coverage/summary',
      summary: 'Key-target 双巡 completion on a day for the town, each squad and each grid (R13, R32)',
      access: ROLES,
      query: DateQuery,
      async handler({ query, user }) {
        const { date, source, targets } = await targetCoverage(query.date ?? shanghaiDay(Date.now()), scopeFor(user));
        const tally = (of: typeof targets) => {
          const complete = of.filter((t) => t.status === 'complete').length;
          const partial = of.filter((t) => t.status === 'partial').length;
          return { targets: of.length, complete, partial, missed: of.length - complete - partial, completion: of.length ? complete / of.length : null };
        };
        const groups = (key: 'squadId' | 'gridId') => {
          const by = new Map<number, typeof targets>();
          for (const t of targets) by.set(t[key], [...(by.get(t[key]) ?? []), t]);
          return [...by].sort((a, b) => a[0] - b[0]).map(([id, of]) => ({ [key]: id, ...tally(of) }));
        };
        return { date, source, town: tally(targets), squads: groups('squadId'), grids: groups('gridId') };
      },
    }),
    route({
      method: 'get',
      path: '/heatmap',
      summary: 'Patrol density: clean fixes per H3 cell (resolution 9) over Asia/Shanghai days from..to inclusive, with the last visit',
      access: ROLES,
      query: HeatQuery,
      async handler({ query, user }) {
        if (dayRange(query.to).start.getTime() - dayRange(query.from).start.getTime() > 31 * 86_400_000) throw new HttpError(400, 'invalid_request', 'at most 31 days at once');
        const cells = await heatCells(db, dayRange(query.from).start, dayRange(query.to).end, scopeFor(user, query.squad));
        return { from: query.from, to: query.to, resolution: H3_RESOLUTION, cells };
      },
    }),
    route({
      method: 'get',
      path: '/coverage/blind-spots',
      summary: 'H3 cells inside grids that no track touched in the last N days (default 7): where nobody goes',
      access: ROLES,
      query: BlindQuery,
      async handler({ query, user }) {
        const now = new Date();
        const from = dayRange(addDays(shanghaiDay(now), 1 - query.days)).start;
        return { ...(await blindSpots(db, from, now, scopeFor(user, query.squad))), days: query.days, resolution: H3_RESOLUTION };
      },
    }),
    route({
      method: 'get',
      path: '/coverage/targets',
      summary: 'Key targets’ patrol passes on an Asia/Shanghai day (一日双巡, R13): missed, partial or complete',
      access: ROLES,
      query: DateQuery,
      async handler({ query, user }) {
        return targetCoverage(query.date ?? shanghaiDay(Date.now()), scopeFor(user));
      },
    }),
  ];
}
