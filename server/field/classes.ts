// The report screen's class picker (上报事件, R18): "the classes a worker reports most, first" — this worker's
// own reports of each active class over the last days, then the town's, then the code. Only counts come
// back (no case, no person): the worker's own figures and the town's totals (R40).
import { REPORT_CLASS_DAYS, field as contract } from '../../shared/field/contract.ts';
import type { Platform } from '../platform/capability.ts';
import { route } from '../platform/http/route.ts';
import { fieldWorker } from './actor.ts';

export function classRoutes({ db }: Platform) {
  return [
    route(contract.reportClasses, {
      summary: `上报事件 (R18): the active incident classes, those I reported most in the last ${REPORT_CLASS_DAYS} days first, then those the town reported most`,
      access: ['device', 'worker'],
      async handler({ user, device }) {
        const me = await fieldWorker(db, user, device);
        const classes = await db.query<{ code: string; mine: number; town: number }>(
          `SELECT c.code, count(i.id) FILTER (WHERE i.reporter_worker_id = $1)::int AS mine, count(i.id)::int AS town
             FROM incident_categories c
             LEFT JOIN incidents i ON i.category_code = c.code AND i.created_at > now() - make_interval(days => $2)
            WHERE c.active
            GROUP BY c.code ORDER BY mine DESC, town DESC, c.code`,
          [me.workerId, REPORT_CLASS_DAYS],
        );
        return { days: REPORT_CLASS_DAYS, classes };
      },
    }),
  ];
}
