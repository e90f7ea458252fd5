/** What every part of the server talks to: one interface, two backends (embedded PGlite, PostgreSQL). */
export interface Queryable {
  /** Runs one statement with $1… parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Backend = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly backend: Backend;
  /** Runs fn in one transaction: all of it is applied, or none of it. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
