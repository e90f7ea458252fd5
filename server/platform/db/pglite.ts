import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './types.ts';

// Dates stay 'YYYY-MM-DD' strings on both backends: a JS Date would shift them by the host's zone.
const parsers = { [types.DATE]: (v: string) => v };

/**
 * The embedded database: PostgreSQL compiled to WASM, with PostGIS, kept in `dataDir` (or in memory).
 * `from`: a data directory written by `dump()` to start from (the tests start from one migrated and seeded copy).
 */
export async function openPglite(dataDir: string, from?: Blob): Promise<Db & { dump(): Promise<Blob> }> {
  // PGlite makes its own directory but not the ones above it (./data on a fresh clone).
  if (dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true });
  // The one-object form: PGlite(dataDir, undefined) would silently drop the extension.
  const pg = new PGlite({
    dataDir: dataDir === ':memory:' ? undefined : dataDir,
    extensions: { postgis },
    parsers,
    ...(from ? { loadDataDir: from } : {}),
  });
  await pg.waitReady;
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<T>(sql, params ? [...params] : undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    backend: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
    dump: () => pg.dumpDataDir('none'),
  };
}
