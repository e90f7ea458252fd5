import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_RE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
// Any constant: serialises migrators when several server nodes start at once on one PostgreSQL.
const LOCK_KEY = 7080481106;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => FILE_RE.test(f)).sort();
  return Promise.all(
    files.map(async (f) => {
      const [, version, name] = FILE_RE.exec(f)!;
      return { version: Number(version), name: name!, sql: await readFile(dir + f, 'utf8') };
    }),
  );
}

/** Applies the numbered SQL migrations not yet recorded, each in its own transaction. Returns those applied. */
export async function migrate(db: Db, migrations?: Migration[]): Promise<Migration[]> {
  const all = migrations ?? (await loadMigrations());
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: Migration[] = [];
  for (const m of all) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m);
  }
  return applied;
}
