// Positions are written a round at a time (group commit): while one INSERT is on its way, the rows of
// every terminal that arrive gather, and go together in the next. A phone sends one fix a request (Traccar
// Client), so at a city's rate a statement a request would be the whole cost (issue 20); each caller is
// still answered only once its rows are committed, so a terminal never deletes a fix that is not stored.
import type { Queryable } from '../platform/db/index.ts';
import type { TableStatistics } from '../platform/db/statistics.ts';
import { appendPositions, dayTable, type PositionRow, positionKey } from './store.ts';

interface Waiting {
  rows: readonly PositionRow[];
  since: number;
  resolve: (stored: Set<number>) => void;
  reject: (err: unknown) => void;
}

export class PositionWriter {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * `rounds`: INSERTs on their way at once (one on the embedded database, which runs one statement at a
   * time; a few on PostgreSQL, whose pool has connections to spare). `gatherMs`: how long the first row of a
   * round waits for others (a statement costs far more than a row). `maxRows`: rows of one statement.
   * `statistics`: told of the rows each day's table took, where no autovacuum would see them.
   */
  constructor(
    private readonly db: Queryable,
    private readonly rounds = 1,
    private readonly gatherMs = 0,
    private readonly maxRows = 5000,
    private readonly statistics: TableStatistics | null = null,
  ) {}

  /** Stores one terminal's rows; resolves with the fix times stored (the others were there already). */
  append(rows: readonly PositionRow[]): Promise<Set<number>> {
    if (!rows.length) return Promise.resolve(new Set());
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, since: Date.now(), resolve, reject });
      this.next();
    });
  }

  /**
   * A round starts once its first row has waited `gatherMs`, and at the soonest once the requests already read
   * off the sockets have added their rows (setImmediate runs after the poll phase): a round started at once
   * would hold one row, and the requests behind it would each wait for their own statement.
   */
  private next() {
    if (this.scheduled || this.inFlight >= this.rounds || !this.waiting.length) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      this.start();
    };
    const wait = this.waiting[0]!.since + this.gatherMs - Date.now();
    if (wait > 0) setTimeout(go, wait);
    else setImmediate(go);
  }

  private start() {
    if (this.inFlight >= this.rounds || !this.waiting.length) return;
    const round: Waiting[] = [];
    let n = 0;
    while (this.waiting.length && (n === 0 || n + this.waiting[0]!.rows.length <= this.maxRows)) {
      const w = this.waiting.shift()!;
      round.push(w);
      n += w.rows.length;
    }
    this.inFlight++;
    appendPositions(
      this.db,
      round.flatMap((w) => w.rows),
    )
      .then(
        (stored) => {
          for (const w of round)
            w.resolve(new Set(w.rows.filter((r) => stored.has(positionKey(r.deviceId, r.fix.fixTime))).map((r) => r.fix.fixTime.getTime())));
          if (this.statistics) this.count(round);
        },
        (err) => {
          for (const w of round) w.reject(err);
        },
      )
      .finally(() => {
        this.inFlight--;
        this.next();
      });
    this.next();
  }

  private count(round: Waiting[]) {
    const byTable = new Map<string, number>();
    for (const w of round)
      for (const r of w.rows) {
        const table = dayTable(r.fix.fixTime);
        byTable.set(table, (byTable.get(table) ?? 0) + 1);
      }
    for (const [table, n] of byTable) this.statistics!.changed(table, n);
  }
}
