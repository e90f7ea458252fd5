// The demo's past: a town that has been running for a while has visits behind it. For the demo only,
// this month's household visits before today and each person of interest's last visit are written as
// already verified records (note '演示历史'), so the leader view shows a month in progress on day one;
// today's visits come from the simulator and are verified against its tracks like any others.
import { createRng } from '../../geodata/random.ts';
import { addDays, dayRange, shanghaiDay } from '../../shared/core/time.ts';
import { FOCUS_KINDS, type FocusKind } from '../../shared/visits/rules.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';

export const DEMO_HISTORY_NOTE = '演示历史';

export async function seedVisitHistory(tx: Queryable, seed: string, now: number) {
  const rng = createRng(`${seed}:history`);
  const today = shanghaiDay(now);
  const dayOfMonth = Number(today.slice(8, 10));
  const at = (day: string) => new Date(dayRange(day).start.getTime() + rng.range(8.5, 17) * 3_600_000);
  const visits: { household: number; person: number | null; worker: number; at: Date }[] = [];

  // Persons of interest: registered weeks ago, last visited within about a cadence (some are now overdue).
  const persons = await tx.query<{ id: number; kind: FocusKind; household: number; worker: number }>(
    `SELECT f.id, f.kind, f.household_id AS household, g.worker_id AS worker
       FROM focus_persons f JOIN households h ON h.id = f.household_id JOIN grids g ON g.id = h.grid_id WHERE g.worker_id IS NOT NULL ORDER BY f.id`,
  );
  const registered: { id: number; on: string }[] = [];
  for (const p of persons) {
    registered.push({ id: p.id, on: addDays(today, -rng.int(30, 180)) });
    visits.push({ household: p.household, person: p.id, worker: p.worker, at: at(addDays(today, -rng.int(1, FOCUS_KINDS[p.kind].everyDays + 4))) });
  }
  await tx.query(`UPDATE focus_persons f SET registered_on = u.d FROM unnest($1::int[], $2::date[]) AS u(id, d) WHERE f.id = u.id`, [
    registered.map((r) => r.id),
    registered.map((r) => r.on),
  ]);

  // Households: this month so far, at the pace of a brigade that visits 95 % of homes a month (R14).
  if (dayOfMonth > 1) {
    const homes = await tx.query<{ id: number; worker: number }>(
      `SELECT h.id, g.worker_id AS worker FROM households h JOIN grids g ON g.id = h.grid_id WHERE g.worker_id IS NOT NULL ORDER BY h.id`,
    );
    const share = Math.min(0.95, ((dayOfMonth - 1) / 30) * 0.95 * rng.range(0.9, 1.1));
    for (const h of homes)
      if (rng.chance(share))
        visits.push({ household: h.id, person: null, worker: h.worker, at: at(`${today.slice(0, 8)}${String(rng.int(1, dayOfMonth - 1)).padStart(2, '0')}`) });
  }
  await bulkInsert(
    tx,
    'visits',
    [
      { name: 'household_id', type: 'int', value: (v) => v.household },
      { name: 'person_id', type: 'int', value: (v) => v.person },
      { name: 'worker_id', type: 'int', value: (v) => v.worker },
      { name: 'visited_at', type: 'timestamptz', value: (v) => v.at },
      { name: 'note', type: 'text', value: () => DEMO_HISTORY_NOTE },
      { name: 'verified', type: 'bool', value: () => true },
      { name: 'checked_at', type: 'timestamptz', value: (v) => v.at },
    ],
    visits,
    { suffix: 'ON CONFLICT DO NOTHING' },
  );
  return visits.length;
}
