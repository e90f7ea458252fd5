import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
export { isDatabaseUnavailable } from './postgres.ts';
import type { Logger } from '../log.ts';
import type { Db } from './types.ts';

export type { Db, Queryable, Backend } from './types.ts';

/**
 * The database refused the data itself (SQLSTATE class 22 data exception, 23 integrity constraint, or
 * PostGIS's XX000 on a geometry it cannot parse): when the data came from a user's file, that is a 4xx.
 */
export function isDataRefused(err: unknown): err is Error {
  const code = (err as { code?: string } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23') || code === 'XX000');
}

/**
 * PostgreSQL when a URL is given, else the embedded database in `dataDir`, which logs what held it a second
 * or more (PostgreSQL's own `log_min_duration_statement` does that there).
 */
export function openDb(opts: { databaseUrl?: string; dataDir: string; log?: Pick<Logger, 'warn'> }): Promise<Db> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl)
    : openPglite(opts.dataDir, { onSlow: (slow) => opts.log?.warn({ slow }, 'the embedded database was held by one statement or transaction') });
}
