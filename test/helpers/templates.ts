// Vitest's global setup: the databases every test file starts from, made once per run. A file copies one
// (PGlite: its data directory loaded from a dump; PostgreSQL: CREATE DATABASE … TEMPLATE) in about a third of
// the time that opening, migrating and seeding took per file.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../server/platform/db/pglite.ts';
import { openPostgres } from '../../server/platform/db/postgres.ts';
import { databaseUrl, onServer, TEMPLATES_ENV, type Template } from './db.ts';
import { prepareDb } from './server.ts';

const TEMPLATES: Template[] = ['migrated', 'demo'];

export default async function setup() {
  const admin = process.env.TEST_DATABASE_URL;
  const made: Record<string, string> = {};
  let teardown: () => Promise<void>;
  if (!admin) {
    const dir = await mkdtemp(join(tmpdir(), 'gp-templates-'));
    const db = await openPglite(':memory:');
    // 'demo' is 'migrated' plus the seed: one database, dumped after each step.
    for (const t of TEMPLATES) {
      await prepareDb(db, t);
      made[t] = join(dir, `${t}.tar`);
      await writeFile(made[t], Buffer.from(await (await db.dump()).arrayBuffer()));
    }
    await db.close();
    teardown = () => rm(dir, { recursive: true, force: true });
  } else {
    const run = randomBytes(4).toString('hex');
    let previous: string | undefined;
    for (const t of TEMPLATES) {
      const name = `gp_template_${run}_${t}`;
      await onServer(admin, `CREATE DATABASE ${name}${previous ? ` TEMPLATE ${previous}` : ''}`);
      const db = await openPostgres(databaseUrl(admin, name));
      await prepareDb(db, t);
      await db.close(); // a template with a connection open cannot be copied
      made[t] = previous = name;
    }
    teardown = async () => {
      for (const name of Object.values(made)) await onServer(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  }
  process.env[TEMPLATES_ENV] = JSON.stringify(made);
  return teardown;
}
