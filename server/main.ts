// `npm start`: opens the database (embedded unless DATABASE_URL), migrates, seeds the demo town when
// empty, and serves the API and the built client on one port.
import { ensureAdmin } from './auth/users.ts';
import { loadConfig } from './platform/config.ts';
import { openDb } from './platform/db/index.ts';
import { migrate } from './platform/db/migrate.ts';
import { checkAnswers } from './platform/http/route.ts';
import { createLogger } from './platform/log.ts';
import { isSeeded, seedDemo } from './demo/seed.ts';
import { startServer } from './server.ts';
import { startLocalSimulator } from './demo/sim/local.ts';

const started = Date.now();
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
checkAnswers(config.CHECK_ANSWERS, log);
const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const applied = await migrate(db);
log.info({ backend: db.backend, migrations: applied.map((m) => `${m.version}_${m.name}`) }, 'database ready');

// Printed to stdout once, never stored in clear: whoever started the server reads them here.
const admin = await ensureAdmin(db, config.ADMIN_PASSWORD);
if (admin?.generated) console.log(`\n  首次启动 first start — admin password: ${admin.password}\n`);
if (config.SEED_DEMO && !(await isSeeded(db))) {
  const seeded = await seedDemo(db, { seed: config.DEMO_SEED, demoPassword: config.DEMO_PASSWORD, history: Date.now() });
  log.info({ households: seeded.households, pastVisits: seeded.visits }, 'demo town of Xigang seeded');
  if (!config.DEMO_PASSWORD)
    console.log(
      ['  demo accounts (printed once):', ...seeded.accounts.map((a) => `    ${a.username.padEnd(10)} ${a.role.padEnd(13)} ${a.password}`), ''].join('\n'),
    );
}

const running = await startServer({ db, config, log });
// Demo mode: the patrol simulator drives the doors like real terminals (`npm start -- --no-sim` turns it off).
if (config.SEED_DEMO && !process.argv.includes('--no-sim')) await startLocalSimulator(running.deps, `http://127.0.0.1:${running.port}`);
log.info({ ms: Date.now() - started, osmandPort: config.OSMAND_PORT ?? null }, `${config.TITLE} ready: open http://localhost:${running.port}/wall`);

const shutdown = () => {
  running
    .close()
    .then(() => db.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
