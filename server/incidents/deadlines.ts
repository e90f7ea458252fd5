// The deadline sweep (R20): a case turns amber at 80 % of its time and red past it, marked once each with
// an event of its timeline and sent live.
import type { IncidentSummary } from '../../shared/incidents/machine.ts';
import type { Db } from '../platform/db/index.ts';
import type { Job } from '../platform/jobs.ts';
import { SYSTEM } from './access.ts';
import { COLUMNS, loadIncident, recordEvent, type Row } from './store.ts';

export function deadlineSweep(db: Db) {
  /** Open cases past 80 % of their time or past their deadline, marked once each with an event. */
  async function sweepDeadlines(now = Date.now()): Promise<Row[]> {
    const due = await db.query<Row & { warnedAt: Date | null; overdueAt: Date | null }>(
      `SELECT ${COLUMNS}, i.warned_at AS "warnedAt", i.overdue_at AS "overdueAt" FROM incidents i
        WHERE i.deadline IS NOT NULL AND i.state IN ('dispatched', 'in_progress', 'registered')
          AND ((i.overdue_at IS NULL AND i.deadline < $1) OR (i.warned_at IS NULL AND $1 >= i.dispatched_at + (i.deadline - i.dispatched_at) * 0.8))`,
      [new Date(now)],
    );
    const changed: Row[] = [];
    for (const r of due) {
      const overdue = r.overdueAt === null && r.deadline!.getTime() < now;
      // Conditional, so that of several server nodes sweeping at once only one announces it.
      const won = await db.transaction(async (tx) => {
        const hit = await tx.query(
          `UPDATE incidents SET ${overdue ? 'overdue_at' : 'warned_at'} = $2, warned_at = coalesce(warned_at, $2), updated_at = now(), version = version + 1
            WHERE id = $1 AND ${overdue ? 'overdue_at' : 'warned_at'} IS NULL RETURNING id`,
          [r.id, new Date(now)],
        );
        if (hit.length) await recordEvent(tx, r.id, SYSTEM, overdue ? 'overdue' : 'warning', r.state, r.state);
        return hit.length > 0;
      });
      if (won) changed.push(await loadIncident(db, r.id, SYSTEM));
    }
    return changed;
  }

  return sweepDeadlines;
}

/** Checks deadlines every `everyMs` and sends each case that changed colour live. */
export function deadlineJob(
  sweepDeadlines: () => Promise<Row[]>,
  summary: (r: Row) => IncidentSummary,
  feed: { publish(event: string, i: IncidentSummary): unknown },
  log: { error(o: object, m: string): void },
  everyMs = 30_000,
): Job {
  return {
    name: 'incidents: deadlines',
    everyMs,
    run: () =>
      sweepDeadlines()
        .then((changed) => {
          for (const r of changed) {
            const s = summary(r);
            feed.publish(s.urgency === 'overdue' ? 'overdue' : 'warning', s);
          }
        })
        .catch((err) => log.error({ err }, 'incidents: deadline check failed')),
  };
}
