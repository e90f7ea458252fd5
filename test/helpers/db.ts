import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite } from '../../server/platform/db/pglite.ts';
import { openPostgres } from '../../server/platform/db/postgres.ts';
import type { Db } from '../../server/platform/db/index.ts';

/**
 * A fresh, empty database for one test file: embedded PGlite in memory, or — when TEST_DATABASE_URL is
 * set — a new database on that PostgreSQL server (with PostGIS available), dropped again by `drop()`.
 */
export async function freshDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const db = await openPglite(':memory:');
    return { db, drop: () => db.close() };
  }
  const name = `gp_test_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  return {
    db,
    drop: async () => {
      await db.close();
      await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
