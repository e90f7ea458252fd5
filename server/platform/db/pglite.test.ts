import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.ts';
import { type Db, isDataRefused, openDb } from './index.ts';
import { openPglite, SLOW_STATEMENT_MS, type SlowStatement } from './pglite.ts';

// The embedded database on its own thread (issue 20 #3): the same Db as before, seen from the server's thread.
describe('the embedded database on its own thread', () => {
  let db: Awaited<ReturnType<typeof openPglite>>;
  const checkpointEveryMs = 150;
  const slow: SlowStatement[] = [];
  beforeAll(async () => {
    db = await openPglite(':memory:', { checkpointEveryMs, slowMs: 300, onSlow: (s) => slow.push(s) });
    await db.exec('CREATE TABLE fix (id int PRIMARY KEY, day date NOT NULL)');
  });
  afterAll(() => db.close());

  it('answers statements with their rows, dates kept as the day they name', async () => {
    await db.query('INSERT INTO fix VALUES ($1, $2), ($3, $4)', [1, '2026-12-01', 2, '2026-12-02']);
    expect(await db.query('SELECT id, day FROM fix ORDER BY id')).toEqual([
      { id: 1, day: '2026-12-01' },
      { id: 2, day: '2026-12-02' },
    ]);
  });

  it("passes the database's refusal on with its SQLSTATE, so a user's bad data is still a 4xx", async () => {
    const err = await db.query('INSERT INTO fix VALUES (1, $1)', ['2026-12-03']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('23505');
    expect(isDataRefused(err)).toBe(true);
  });

  it('applies a transaction whole, or none of it when its work throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO fix VALUES (10, $1)', ['2026-12-01']);
        throw new Error('the rest failed');
      }),
    ).rejects.toThrow('the rest failed');
    expect(await db.query('SELECT id FROM fix WHERE id = 10')).toEqual([]);

    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO fix VALUES (11, $1)', ['2026-12-01']);
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM fix'))[0]!.n;
    });
    expect(value).toBe(3);
    expect(await db.query('SELECT id FROM fix WHERE id = 11')).toEqual([{ id: 11 }]);
  });

  it('keeps a statement from outside out of an open transaction: it runs after the commit, and sees it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO fix VALUES (20, $1)', ['2026-12-01']);
      await held;
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM fix WHERE id = 20');
    release();
    await tx;
    expect(await outside).toEqual([{ n: 1 }]);
  });

  it("does not hold the server's event loop while a statement runs", async () => {
    const started = Date.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await db.query('SELECT pg_sleep(0.5)');
    clearInterval(timer);
    // In-thread, the sleep blocked the loop and no tick fired until it was over.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  // What PostgreSQL's log_min_duration_statement would say, which single-user mode cannot (issue 20 #9).
  it('tells what held it past slowMs, naming the statement, and not the quick one that came behind it', async () => {
    slow.length = 0;
    await Promise.all([db.query('SELECT pg_sleep(0.4)'), db.query('SELECT 1 AS queued')]);
    expect(slow).toEqual([{ kind: 'statement', sql: 'SELECT pg_sleep(0.4)', ms: expect.any(Number) }]);
    expect(slow[0]!.ms).toBeGreaterThanOrEqual(400);
  });

  // A statement waiting for the transaction is timed from the transaction's end, not from when it came.
  it('tells of a transaction that held it past slowMs, however short its statements, and not of what waited for it', async () => {
    slow.length = 0;
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1 AS first');
      outside = db.query('SELECT 2 AS outside');
      await new Promise((r) => setTimeout(r, 400));
      await tx.query('SELECT 3');
    });
    await outside;
    expect(slow).toEqual([{ kind: 'transaction', sql: 'SELECT 1 AS first', ms: expect.any(Number), statements: 2 }]);
    expect(slow[0]!.ms).toBeGreaterThanOrEqual(400);
  });

  it('tells of a slow statement in a transaction once, and not of its transaction again', async () => {
    slow.length = 0;
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1 AS first');
      await tx.query('SELECT pg_sleep(0.4)');
    });
    expect(slow).toEqual([{ kind: 'statement', sql: 'SELECT pg_sleep(0.4)', ms: expect.any(Number) }]);
  });

  // Single-user PostgreSQL has no checkpointer: without these its WAL grew without end (issue 20 #9).
  it('checkpoints itself once something was written, and not while nothing is', async () => {
    const checkpoint = async () => (await db.query<{ lsn: string }>('SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()'))[0]!.lsn;
    const wait = () => new Promise((r) => setTimeout(r, checkpointEveryMs * 4));
    await wait();
    const idle = await checkpoint();
    await wait();
    expect(await checkpoint()).toBe(idle);
    await db.query("INSERT INTO fix SELECT g, '2026-12-01' FROM generate_series(100, 5000) g");
    await wait();
    const after = await checkpoint();
    expect(after).not.toBe(idle);
    const [{ newer }] = (await db.query<{ newer: boolean }>('SELECT $1::pg_lsn > $2::pg_lsn AS newer', [after, idle])) as [{ newer: boolean }];
    expect(newer).toBe(true);
    await db.query('DELETE FROM fix WHERE id >= 100');
  });

  it('dumps a data directory that another database starts from', async () => {
    const copy = await openPglite(':memory:', { from: await db.dump() });
    try {
      expect(await copy.query('SELECT id FROM fix ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 11 }, { id: 20 }]);
    } finally {
      await copy.close();
    }
  });
});

// Its PostGIS comes from a bundle without raster, topology and the geocoder (issue 20 #8: each start
// compiled their 31 MB of WASM for nothing); what the project runs still works, projections included.
// Opened as the server opens it (`openDb`), with the server's logger.
describe("the embedded database's PostGIS", () => {
  let db: Db;
  const warned: { o: object; m: string }[] = [];
  beforeAll(async () => {
    db = await openDb({ dataDir: ':memory:', log: { warn: (o: object, m: string) => void warned.push({ o, m }) } as Pick<Logger, 'warn'> });
    await db.exec('CREATE EXTENSION postgis');
  });
  afterAll(() => db.close());

  it('logs a statement that held it SLOW_STATEMENT_MS or more as a warning, naming it', async () => {
    warned.length = 0;
    await db.query('SELECT 1 AS quick');
    expect(warned).toEqual([]);
    await db.query(`SELECT pg_sleep(${SLOW_STATEMENT_MS / 1000})`);
    expect(warned).toEqual([
      { o: { slow: { kind: 'statement', sql: `SELECT pg_sleep(${SLOW_STATEMENT_MS / 1000})`, ms: expect.any(Number) } }, m: expect.stringContaining('held') },
    ]);
  });

  it('offers PostGIS alone, from the slim bundle kept beside the package', async () => {
    const offered = await db.query<{ name: string }>("SELECT name FROM pg_available_extensions WHERE name LIKE 'postgis%' ORDER BY name");
    expect(offered.map((e) => e.name)).toEqual(['postgis']);
    const cache = fileURLToPath(new URL('../../../node_modules/.cache/grid-patrol/', import.meta.url));
    expect(readdirSync(cache).filter((f) => /^postgis-[\d.]+-slim-[0-9a-f]{8}\.tar\.gz$/.test(f))).toHaveLength(1);
  });

  it('measures and projects (CGCS2000 / 3-degree Gauss-Kruger zone 39, through proj.db)', async () => {
    const [row] = await db.query<{ m: number; x: number; y: number }>(
      `SELECT round(ST_Distance(ST_MakePoint(117.1, 35.1)::geography, ST_MakePoint(117.1, 35.2)::geography)) AS m,
              round(ST_X(p)) AS x, round(ST_Y(p)) AS y
         FROM ST_Transform(ST_SetSRID(ST_MakePoint(117.1, 35.1), 4490), 4527) AS p`,
    );
    expect(row!.m).toBeGreaterThan(11_080);
    expect(row!.m).toBeLessThan(11_100);
    // Zone 39's false easting carries the zone number; the point is 9 km east of its meridian, 117 degrees.
    expect(row!.x).toBeGreaterThan(39_505_000);
    expect(row!.x).toBeLessThan(39_515_000);
    expect(row!.y).toBeGreaterThan(3_880_000);
    expect(row!.y).toBeLessThan(3_900_000);
  });
});
