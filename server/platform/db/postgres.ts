import pg from 'pg';
import type { Db, Queryable } from './types.ts';

// Give both backends the same JS types: counts and ids as numbers, dates as 'YYYY-MM-DD'.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    if (oid === pg.types.builtins.DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
};

// Connection refused or reset, the server shutting down or starting, the connection broken.
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** The database cannot be reached right now (restarting, network): the caller should try again later. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return (
    !!e &&
    ((e.code !== undefined && UNAVAILABLE.has(e.code)) ||
      /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message ?? ''))
  );
}

/** PostgreSQL + PostGIS through a `pg` pool, for a town that outgrows one process or a city. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  // A bounded wait for a connection: during an outage requests fail fast (503) instead of piling up.
  const pool = new pg.Pool({ connectionString: url, max, types: typeParsers, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it and the next query reports any outage.
  });
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await c.query(sql, params ? [...params] : undefined);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  await pool.query('SELECT 1');
  return {
    backend: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
