// Raw positions over time (issue #9): a table per Asia/Shanghai day (migration 008), made a week back and two
// days ahead; each finished day rolled up per terminal (position_days); days past the retention dropped
// whole — only once their coverage is recorded and their rollup made, so the history survives.
import { addDays, dayRange } from '../../shared/core/time.ts';
import type { Db, Queryable } from '../platform/db/index.ts';

// Any constant: one node at a time makes or drops day tables.
const LOCK_KEY = 7080481107;
/** Days made ahead and behind: fixes up to MAX_FIX_AGE_H (7 days) old are accepted. */
const BEHIND = 8;
const AHEAD = 2;

export async function ensurePositionDays(db: Db, today: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const made: string[] = [];
    for (let k = -BEHIND; k <= AHEAD; k++) {
      const day = addDays(today, k);
      const [r] = await tx.query<{ made: boolean }>('SELECT ensure_positions_day($1::date) AS made', [day]);
      if (r!.made) made.push(day);
    }
    return made;
  });
}

/** Each terminal's figures for a day: fixes, clean ones, refusals by reason, distance between clean fixes. */
export async function rollUpPositions(q: Queryable, day: string): Promise<number> {
  const { start, end } = dayRange(day);
  const rows = await q.query<{ device_id: number }>(
    `WITH p AS (SELECT * FROM positions WHERE fix_time >= $2 AND fix_time < $3),
     d AS (SELECT device_id, (array_agg(worker_id ORDER BY fix_time DESC))[1] AS worker_id, count(*)::int AS fixes,
                  min(fix_time) AS first_fix, max(fix_time) AS last_fix FROM p GROUP BY device_id),
     v AS (SELECT device_id, jsonb_object_agg(verdict, n) AS verdicts FROM (SELECT device_id, verdict, count(*)::int AS n FROM p GROUP BY 1, 2) x GROUP BY 1),
     k AS (SELECT device_id, count(*)::int AS kept, coalesce(sum(step), 0) AS distance_m
             FROM (SELECT device_id, ST_Distance(geom::geography, (lag(geom) OVER (PARTITION BY device_id ORDER BY fix_time))::geography) AS step
                     FROM p WHERE verdict = 'ok') s GROUP BY 1)
     INSERT INTO position_days (day, device_id, worker_id, fixes, kept, verdicts, distance_m, first_fix, last_fix)
     SELECT $1::date, d.device_id, d.worker_id, d.fixes, coalesce(k.kept, 0), v.verdicts, coalesce(k.distance_m, 0), d.first_fix, d.last_fix
       FROM d JOIN v USING (device_id) LEFT JOIN k USING (device_id)
     ON CONFLICT (day, device_id) DO UPDATE SET worker_id = excluded.worker_id, fixes = excluded.fixes, kept = excluded.kept, verdicts = excluded.verdicts,
       distance_m = excluded.distance_m, first_fix = excluded.first_fix, last_fix = excluded.last_fix, computed_at = now()
     RETURNING device_id`,
    [day, start, end],
  );
  return rows.length;
}

/**
 * Drops the day tables older than `retentionDays` before today, after `keep(day)` has recorded what must
 * outlive them (coverage, rollup), and deletes waiting fixes that old. Returns the days dropped.
 */
export async function prunePositions(db: Db, today: string, retentionDays: number, keep: (day: string) => Promise<void>): Promise<string[]> {
  if (retentionDays <= 0) return [];
  const cutoff = addDays(today, -retentionDays);
  const parts = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'positions'::regclass AND c.relname ~ '^positions_[0-9]{8}$' ORDER BY 1`,
  );
  const dropped: string[] = [];
  for (const { name } of parts) {
    const day = `${name.slice(10, 14)}-${name.slice(14, 16)}-${name.slice(16, 18)}`;
    if (day >= cutoff) break;
    await keep(day);
    await rollUpPositions(db, day);
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      await keepRefusedKeys(tx, name, 'true');
      await tx.exec(`DROP TABLE IF EXISTS ${name}`);
    });
    dropped.push(day);
  }
  await db.transaction(async (tx) => {
    await keepRefusedKeys(tx, 'positions_default', 'fix_time < $1', [dayRange(cutoff).start]);
    await tx.query('DELETE FROM positions_default WHERE fix_time < $1', [dayRange(cutoff).start]);
    await tx.query('DELETE FROM refused_keys WHERE fix_time < $1', [dayRange(addDays(cutoff, -REFUSED_KEYS_DAYS)).start]);
  });
  return dropped;
}

/** A phone may send a refused fix again long after (its queue, a reinstall): its key outlives its row this long. */
const REFUSED_KEYS_DAYS = 400;

/** Keeps the keys of the refused fixes about to be deleted, so that the same fix sent again is a duplicate. */
async function keepRefusedKeys(q: Queryable, table: string, where: string, params: unknown[] = []) {
  await q.query(
    `INSERT INTO refused_keys (device_id, fix_time) SELECT device_id, fix_time FROM ${table} WHERE verdict <> 'ok' AND ${where} ON CONFLICT DO NOTHING`,
    params,
  );
}
