import { ensureAdmin } from '../../server/auth/users.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { migrate } from '../../server/platform/db/migrate.ts';
import type { Db } from '../../server/platform/db/index.ts';
import { createLogger } from '../../server/platform/log.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { startServer, type Running } from '../../server/server.ts';
import { freshDb, runTemplates, type Template } from './db.ts';

export const ADMIN_PASSWORD = 'admin-test-password';
export const DEMO_PASSWORD = 'demo-test-password';

export interface TestServer {
  base: string;
  db: Db;
  running: Running;
  close: () => Promise<void>;
}

/** What a test server's database starts as: migrated with the admin account, and the demo town for 'demo'. */
export async function prepareDb(db: Db, template: Template) {
  await migrate(db);
  await ensureAdmin(db, ADMIN_PASSWORD);
  if (template === 'demo') await seedDemo(db, { seed: 'xigang-2023-09-14', demoPassword: DEMO_PASSWORD });
}

/**
 * The real server on a free port over a fresh database, migrated and seeded with the demo town (a copy of the
 * run's template when the suite made one: the same database, without migrating and seeding again per file).
 */
export async function startTestServer(opts: { seed?: boolean; env?: Record<string, string>; db?: Db } = {}): Promise<TestServer> {
  const template: Template = opts.seed === false ? 'migrated' : 'demo';
  const made = runTemplates()[template];
  // On another server's database: a second node, or the same server started again; that server drops it.
  const { db, drop } = opts.db ? { db: opts.db, drop: async () => {} } : await freshDb(made);
  if (!made && !opts.db) await prepareDb(db, template);
  // Every answer is checked against its contract: a route answering off its schema fails the suite with a 500.
  const config = loadConfig({ LOG_LEVEL: 'silent', CLIENT_DIR: './dist', PORT: '0', HOST: '127.0.0.1', CHECK_ANSWERS: 'true', ...opts.env });
  // A server's own errors (a 500's cause) go to the test's output; the rest of its log stays quiet.
  const running = await startServer({ db, config, log: createLogger(process.env.TEST_LOG_LEVEL ?? 'error') });
  return {
    base: `http://127.0.0.1:${running.port}`,
    db,
    running,
    close: async () => {
      await running.close();
      await drop();
    },
  };
}

/** A logged-in HTTP client: keeps the session cookie like a browser. */
export async function client(base: string, username?: string, password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) {
  let cookie = '';
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  };
  if (username) {
    const r = await call('POST', '/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    get cookie() {
      return cookie;
    },
  };
}
