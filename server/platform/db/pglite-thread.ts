/**
 * The embedded database's own thread. PGlite runs PostgreSQL compiled to WASM synchronously: on the
 * server's thread every statement holds the event loop, so phones' requests and the wall's deltas wait
 * behind it (issue 20 #3). Here it runs beside the event loop; `pglite.ts` is the other end of the port.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import type { SlowStatement, ThreadNote, ThreadReply, ThreadRequest, ThreadStart } from './pglite.ts';
import { slimPostgis } from './postgis-bundle.ts';

// Dates stay 'YYYY-MM-DD' strings on both backends: a JS Date would shift them by the host's zone.
const parsers = { [types.DATE]: (v: string) => v };

const port = parentPort!;
const start = workerData as ThreadStart;
const post = (reply: ThreadReply | ThreadNote, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

/**
 * When the database last finished something. It runs one thing at a time, in turn, so a statement that came
 * while another ran started when that one finished: its own time is from the later of the two.
 */
let free = performance.now();
const sqlOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 300);
function timed<T>(sql: string, work: Promise<T>, inside?: Open): Promise<T> {
  const came = performance.now();
  return work.finally(() => {
    const now = performance.now();
    const ms = now - Math.max(came, free);
    free = now;
    if (ms < start.slowMs) return;
    held({ kind: 'statement', sql: sqlOf(sql), ms: Math.round(ms) });
    if (inside) inside.toldMs += ms;
  });
}
const held = (slow: SlowStatement) => post({ slow });

/** An error as data: its message and PostgreSQL's fields (code, detail, constraint…) survive the port. */
function errorData(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const fields: Record<string, unknown> = { message: err.message, name: err.name };
  for (const [key, value] of Object.entries(err)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
    fields[key] = value;
  }
  return fields;
}

/** A transaction the server's thread holds open: its statements run on `tx` until it says commit or roll back. */
interface Open {
  tx: Transaction;
  end(commit: boolean): void;
  /** When the database began it, its first statement and how many it ran: for SLOW_STATEMENT_MS. */
  began: number;
  first?: string;
  statements: number;
  /** Of its time, what its statements held the database for that was told already: not told twice. */
  toldMs: number;
}
const ROLLBACK = Symbol('rollback');

async function main() {
  // The one-object form: PGlite(dataDir, undefined) would silently drop the extension.
  const pg = new PGlite({
    dataDir: start.dataDir,
    extensions: { postgis: slimPostgis },
    parsers,
    ...(start.from ? { loadDataDir: new Blob([start.from]) } : {}),
  });
  await pg.waitReady;
  const open = new Map<number, Open>();
  const ends = new Map<number, Promise<void>>(); // each open transaction's outcome, by its begin's id
  const on = (id?: number) => (id === undefined ? pg : open.get(id)?.tx);

  port.on('message', (req: ThreadRequest) => {
    const answer = (work: Promise<unknown>) =>
      work.then(
        (value) => post({ id: req.id, ok: true, value }),
        (err) => post({ id: req.id, ok: false, error: errorData(err) }),
      );
    switch (req.op) {
      case 'query':
      case 'exec': {
        const q = on(req.tx);
        if (!q) return void post({ id: req.id, ok: false, error: { message: 'the transaction is no longer open' } });
        const t = req.tx === undefined ? undefined : open.get(req.tx);
        if (t) {
          t.statements++;
          t.first ??= req.sql;
        }
        const work = req.op === 'query' ? q.query(req.sql, req.params).then((res) => res.rows) : q.exec(req.sql).then(() => null);
        return void answer(timed(req.sql, work, t));
      }
      case 'begin': {
        let begun = false;
        const run = pg.transaction(
          (tx) =>
            new Promise<void>((resolve, reject) => {
              open.set(req.id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)), began: performance.now(), statements: 0, toldMs: 0 });
              begun = true;
              post({ id: req.id, ok: true, value: req.id });
            }),
        );
        // BEGIN itself failed: the caller is still waiting for its answer.
        run.catch((err) => begun || post({ id: req.id, ok: false, error: errorData(err) }));
        ends.set(req.id, run);
        return;
      }
      case 'end': {
        const t = open.get(req.tx);
        const run = ends.get(req.tx);
        open.delete(req.tx);
        ends.delete(req.tx);
        if (!t || !run) return void post({ id: req.id, ok: false, error: { message: 'the transaction is no longer open' } });
        t.end(req.commit);
        const ended = run.catch((err) => (err === ROLLBACK ? null : Promise.reject(err)));
        return void answer(
          ended.finally(() => {
            free = performance.now();
            const ms = free - t.began;
            if (ms - t.toldMs >= start.slowMs) held({ kind: 'transaction', sql: sqlOf(t.first ?? ''), ms: Math.round(ms), statements: t.statements });
          }),
        );
      }
      case 'dump':
        return void pg
          .dumpDataDir('none')
          .then((blob) => blob.arrayBuffer())
          .then(
            (buf) => post({ id: req.id, ok: true, value: buf }, [buf]),
            (err) => post({ id: req.id, ok: false, error: errorData(err) }),
          );
      case 'close':
        return void answer(pg.close());
    }
  });
  checkpointer(pg);
  post({ id: 0, ok: true, value: 'ready' });
}

/**
 * What PostgreSQL's checkpointer does, which single-user mode lacks (see CHECKPOINT_EVERY_MS): a CHECKPOINT
 * when something was written since the last one. It waits in PGlite's queue like any statement.
 */
function checkpointer(pg: PGlite) {
  const lsn = async () => (await pg.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]!.lsn;
  let done: string | null = null;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || pg.closed) return;
    busy = true;
    try {
      if ((await lsn()) !== done) {
        await timed('CHECKPOINT', pg.exec('CHECKPOINT'));
        done = await lsn();
      }
    } catch {
      // Closing, or the database gone: the next turn tries again, and the close checkpoints anyway.
    } finally {
      busy = false;
    }
  }, start.checkpointEveryMs);
  timer.unref();
}

main().catch((err) => post({ id: 0, ok: false, error: errorData(err) }));
