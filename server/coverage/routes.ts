import { z } from 'zod';
import { passStatus } from '../../shared/coverage.ts';
import { ROLES } from '../../shared/constants.ts';
import { isDay, shanghaiDay } from '../../shared/time.ts';
import { scopeFor } from '../auth/scope.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/route.ts';
import { recordDay } from './batch.ts';

const DateQuery = z.strictObject({ date: z.string().refine(isDay, 'a day YYYY-MM-DD').optional() });

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

  return [
    route({
      method: 'get',
      path: '/coverage/targets',
      summary: 'Key targets’ patrol passes on an Asia/Shanghai day (一日双巡, R13): missed, partial or complete',
      access: ROLES,
      query: DateQuery,
      async handler({ query, user }) {
        const day = query.date ?? shanghaiDay(Date.now());
        const scope = scopeFor(user);
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
      },
    }),
  ];
}
