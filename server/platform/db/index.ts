import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
export { isDatabaseUnavailable } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable, Backend } from './types.ts';

/** PostgreSQL when a URL is given, else the embedded database in `dataDir`. */
export function openDb(opts: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
