import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db, Queryable } from './types.ts';

/** What the server's thread sends the database's thread (`pglite-thread.ts`). `tx`: inside that open transaction. */
export type ThreadRequest = { id: number } & (
  | { op: 'query'; sql: string; params?: unknown[]; tx?: number }
  | { op: 'exec'; sql: string; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'dump' }
  | { op: 'close' }
);
/** Its answer to request `id` (id 0: the database is ready, or could not be opened; a begin's value: the transaction's id). */
export type ThreadReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: Record<string, unknown> });
/** Unasked: something held the database's one thread for SLOW_STATEMENT_MS or more. */
export interface ThreadNote {
  slow: SlowStatement;
}
export interface SlowStatement {
  /** A statement, or a transaction from its begin to its end (every other statement waits behind it). */
  kind: 'statement' | 'transaction';
  /** The statement, or the transaction's first, cut to 300 characters. */
  sql: string;
  /** How long it held the thread: from its start, not from when it came (a statement may queue behind another). */
  ms: number;
  /** A transaction's statements. */
  statements?: number;
}
export interface ThreadStart {
  dataDir?: string;
  from?: ArrayBuffer;
  checkpointEveryMs: number;
  slowMs: number;
}

/**
 * How often the embedded database is checkpointed. PGlite is PostgreSQL in single-user mode, which has no
 * checkpointer: nothing ever checkpoints until it is closed, so its WAL grows without end (issue 20: 240 MB
 * in 45 s of 6,000 fixes/s; about 4.5 GB an hour at a city's 2,000 fixes/s) and a restart after a crash
 * would replay all of it. Often, so that each one writes few pages: the thread does nothing else meanwhile
 * (49–79 ms every 15 s at 6,000 fixes/s, with the WAL flat at 128 MB).
 */
export const CHECKPOINT_EVERY_MS = 30_000;

/**
 * What PostgreSQL's `log_min_duration_statement` would log, which the embedded database cannot: a statement
 * or transaction that held its one thread this long made every phone's write wait behind it. A run of a
 * city's phones had minutes with p99 1.9–6.0 s that no one could pin on a statement (issue 20 #9).
 */
export const SLOW_STATEMENT_MS = 1000;

export interface PgliteOptions {
  /** A data directory written by `dump()` to start from (the tests start from one migrated and seeded copy). */
  from?: Blob;
  checkpointEveryMs?: number;
  slowMs?: number;
  onSlow?(s: SlowStatement): void;
}

// The thread's file is TypeScript like the rest; it loads through tsx's require (Node 20 applies no
// --import loader hooks inside a worker, and PGlite ships a CommonJS build too).
const require = createRequire(import.meta.url);
const threadFile = fileURLToPath(new URL('./pglite-thread.ts', import.meta.url));
const boot = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).require(${JSON.stringify(threadFile)}, ${JSON.stringify(threadFile)})`;

/** The database's error again on this side, with PostgreSQL's fields (code…) that isDataRefused reads. */
function rebuilt(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message)), fields);
}

/**
 * The embedded database: PostgreSQL compiled to WASM, with PostGIS, kept in `dataDir` (or in memory).
 * It runs on a thread of its own, so its statements do not hold the server's event loop.
 */
export async function openPglite(dataDir: string, opts: PgliteOptions = {}): Promise<Db & { dump(): Promise<Blob> }> {
  // PGlite makes its own directory but not the ones above it (./data on a fresh clone).
  if (dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true });
  const start: ThreadStart = {
    dataDir: dataDir === ':memory:' ? undefined : dataDir,
    from: opts.from ? await opts.from.arrayBuffer() : undefined,
    checkpointEveryMs: opts.checkpointEveryMs ?? CHECKPOINT_EVERY_MS,
    slowMs: opts.slowMs ?? SLOW_STATEMENT_MS,
  };
  const worker = new Worker(boot, {
    eval: true,
    workerData: start,
    transferList: start.from ? [start.from] : [],
  });
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 1;
  let gone: Error | undefined;
  // The thread keeps the process alive only while a statement is on its way (a CLI's last await, not an idle server).
  const hold = () => (waiting.size ? worker.ref() : worker.unref());

  const ready = new Promise<void>((resolve, reject) => waiting.set(0, { resolve: () => resolve(), reject }));
  worker.on('message', (reply: ThreadReply | ThreadNote) => {
    if ('slow' in reply) return opts.onSlow?.(reply.slow);
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    hold();
    if (reply.ok) w.resolve(reply.value);
    else w.reject(rebuilt(reply.error));
  });
  const fail = (err: Error) => {
    gone = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the embedded database's thread stopped (exit code ${code})`)));

  function call(req: DistributiveOmit<ThreadRequest, 'id'>): Promise<unknown> {
    if (gone) return Promise.reject(gone);
    const id = next++;
    const answer = new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    hold();
    worker.postMessage({ ...req, id });
    return answer;
  }
  await ready;

  const queryable = (tx?: number): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      return (await call({ op: 'query', sql, params: params ? [...params] : undefined, tx })) as T[];
    },
    async exec(sql: string) {
      await call({ op: 'exec', sql, tx });
    },
  });
  return {
    backend: 'pglite',
    ...queryable(),
    async transaction(fn) {
      const id = (await call({ op: 'begin' })) as number;
      let value: Awaited<ReturnType<typeof fn>>;
      try {
        value = await fn(queryable(id));
      } catch (err) {
        // The statement's own error is the one to report, not a failure to roll back after it.
        await call({ op: 'end', tx: id, commit: false }).catch(() => undefined);
        throw err;
      }
      await call({ op: 'end', tx: id, commit: true });
      return value;
    },
    async close() {
      if (gone) return;
      await call({ op: 'close' });
      await worker.terminate();
    },
    dump: async () => new Blob([(await call({ op: 'dump' })) as ArrayBuffer]),
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
