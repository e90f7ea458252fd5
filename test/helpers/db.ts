import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openPglite } from '../../server/platform/db/pglite.ts';
import { openPostgres } from '../../server/platform/db/postgres.ts';
import type { Db } from '../../server/platform/db/index.ts';

/** A database made ready once for the whole run (test/helpers/templates.ts): migrated, with or without the demo. */
export type Template = 'migrated' | 'demo';

/** Where the run's templates are: a PGlite dump file or a PostgreSQL database name, per template. */
export const TEMPLATES_ENV = 'GP_TEST_TEMPLATES';

/** Runs one statement on the PostgreSQL server of TEST_DATABASE_URL, outside any test database. */
export async function onServer(admin: string, sql: string) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export function databaseUrl(admin: string, name: string) {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The run's templates, when the suite made them (not for scripts run outside vitest, e.g. the soak). */
export function runTemplates(): Partial<Record<Template, string>> {
  const raw = process.env[TEMPLATES_ENV];
  return raw ? JSON.parse(raw) : {};
}

/**
 * A fresh database for one test file: embedded PGlite in memory, or — when TEST_DATABASE_URL is set — a new
 * database on that PostgreSQL server (with PostGIS available), dropped again by `drop()`. `from`: start as a
 * copy of the run's template (a PGlite dump loaded, or CREATE DATABASE … TEMPLATE) instead of empty.
 */
export async function freshDb(from?: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const db = await openPglite(':memory:', from ? { from: new Blob([await readFile(from)]) } : {});
    return { db, drop: () => db.close() };
  }
  const name = `gp_test_${randomBytes(5).toString('hex')}`;
  await onServer(admin, `CREATE DATABASE ${name}${from ? ` TEMPLATE ${from}` : ''}`);
  const db = await openPostgres(databaseUrl(admin, name));
  return {
    db,
    drop: async () => {
      await db.close();
      await onServer(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
