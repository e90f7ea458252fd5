// The embedded database has no autovacuum: nothing ever ANALYZEs its tables, so its planner goes on
// believing they are empty. On the day's positions it then finds one terminal's last fix by walking the
// time index backwards past every fix of the day (issue 20: 4-18 ms a new phone at 27,000 fixes, growing with
// the day, where the terminal's own index takes 0.2 ms). What the server writes is counted here instead, and
// a table is analyzed after as many changed rows as PostgreSQL's autovacuum waits for.
import type { Db, Queryable } from './types.ts';

/** PostgreSQL's defaults (autovacuum_analyze_threshold, autovacuum_analyze_scale_factor). */
export const ANALYZE_AFTER = { rows: 50, share: 0.1 } as const;

/**
 * The statistics target of these ANALYZEs: it samples 300 rows a unit, 3,000 here against the default's
 * 30,000. The planner asks the day's positions only how many there are and how one terminal's, one
 * worker's or one hour's compare to the rest, which a few thousand rows tell; and on the embedded database
 * every write waits behind an ANALYZE (issue 20: 100–200 ms each at 8,000 fixes/s, every few seconds).
 */
export const ANALYZE_TARGET = 10;

interface Counted {
  changed: number;
  /** Rows at the last ANALYZE (pg_class.reltuples); null until read. */
  rows: number | null;
}

export class TableStatistics {
  private readonly tables = new Map<string, Counted>();
  private running: Promise<void> | null = null;

  /**
   * `columns`: the columns whose statistics the planner uses, when not all: sampling the others costs the
   * embedded database, which runs one statement at a time, its writes meanwhile (a geometry column's
   * statistics tripled an ANALYZE of 300,000 positions there, 140–180 ms to 410–440 ms).
   */
  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown, table: string) => void = () => {},
    private readonly columns: readonly string[] | null = null,
  ) {}

  /** `n` rows of `table` were written; it is analyzed in the background once enough have changed. */
  changed(table: string, n: number) {
    const t = this.tables.get(table) ?? this.tables.set(table, { changed: 0, rows: null }).get(table)!;
    t.changed += n;
    if (!this.running && (t.rows === null || due(t))) this.running = this.analyze(table, t).finally(() => (this.running = null));
  }

  /** Resolves once the ANALYZE under way, if any, is done (tests, shutdown). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  // One ANALYZE at a time: the embedded database runs one statement at a time anyway.
  private async analyze(table: string, t: Counted) {
    try {
      if (t.rows === null) t.rows = await reltuples(this.db, table);
      if (t.rows === null) return void this.tables.delete(table); // no such table (a day without its own)
      if (!due(t)) return;
      const changed = t.changed;
      const columns = this.columns ? ` (${this.columns.map(quoteIdent).join(', ')})` : '';
      await this.db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL default_statistics_target = ${ANALYZE_TARGET}`);
        await tx.exec(`ANALYZE ${quoteIdent(table)}${columns}`);
      });
      t.changed -= changed;
      t.rows = (await reltuples(this.db, table)) ?? 0;
    } catch (err) {
      this.onError(err, table);
    }
  }
}

const due = (t: Counted) => t.rows !== null && t.changed >= ANALYZE_AFTER.rows + ANALYZE_AFTER.share * t.rows;

async function reltuples(q: Queryable, table: string): Promise<number | null> {
  const [r] = await q.query<{ rows: number }>('SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = to_regclass($1)', [table]);
  return r ? r.rows : null;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
