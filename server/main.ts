// `npm start`: opens the database (embedded unless DATABASE_URL), migrates, seeds the demo town when
// empty, and serves the API and the built client on one port.
import { loadConfig } from './platform/config.ts';
import { openDb } from './platform/db/index.ts';
import { createLogger } from './platform/log.ts';

const started = Date.now();
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
// The embedded database boots on its own thread (PostGIS's WASM takes seconds) while this one loads the
// server's modules: a restart waits for the longer of the two, not their sum (issue 20 #8).
const opening = openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, log });
const [{ ensureAdmin }, { migrate }, { isSeeded, seedDemo }, { startServer }, { startLocalSimulator }] = await Promise.all([
  import('./auth/users.ts'),
  import('./platform/db/migrate.ts'),
  import('./demo/seed.ts'),
  import('./server.ts'),
  import('./demo/sim/local.ts'),
]);
const db = await opening;
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
if (config.SEED_DEMO && !process.argv.includes('--no-sim')) await startLocalSimulator(running, `http://127.0.0.1:${running.port}`);
log.info({ ms: Date.now() - started, osmandPort: config.OSMAND_PORT ?? null }, `${config.TITLE} ready: open http://localhost:${running.port}/wall`);

const shutdown = () => {
  running
    .close()
    .then(() => db.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
