// The schema and the seeded demo town, checked by PostGIS itself on the backend under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert } from '../server/platform/db/bulk.ts';
import { loadMigrations, migrate } from '../server/platform/db/migrate.ts';
import type { Db } from '../server/platform/db/index.ts';
import { isSeeded, seedDemo } from '../server/demo/seed.ts';
import { readDivision } from '../geodata/divisions.ts';
import { readTown } from '../geodata/files.ts';
import { freshDb } from './helpers/db.ts';

let db: Db;
let drop: () => Promise<void>;
const one = async <T = Record<string, number>>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params))[0]!;

beforeAll(async () => {
  ({ db, drop } = await freshDb());
});
afterAll(() => drop());

describe('migrations', () => {
  it('apply on an empty database, once', async () => {
    const all = await loadMigrations();
    expect(all.length).toBeGreaterThan(0);
    expect((await migrate(db)).map((m) => m.version)).toEqual(all.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const recorded = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.map((r) => r.version)).toEqual(all.map((m) => m.version));
  });

  it('give PostGIS with GiST indexes on the geometry', async () => {
    expect((await one<{ v: string }>('SELECT postgis_lib_version() AS v')).v).toMatch(/^3\./);
    const gist = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%' ORDER BY 1`);
    expect(gist.map((g) => g.indexname)).toEqual(expect.arrayContaining(['grids_area_gix', 'households_geom_gix', 'targets_geom_gix', 'roads_geom_gix']));
  });
});

describe('the database layer', () => {
  it('rolls a failed transaction back whole', async () => {
    await db.exec('CREATE TEMP TABLE t_tx (v int NOT NULL)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t_tx VALUES (1)');
        await tx.query('INSERT INTO t_tx VALUES (NULL)');
      }),
    ).rejects.toThrow();
    expect((await one('SELECT count(*)::int AS n FROM t_tx')).n).toBe(0);
  });

  it('bulk-inserts thousands of rows with odd text intact', async () => {
    await db.exec('CREATE TEMP TABLE t_bulk (id int, s text, at timestamptz)');
    const rows = Array.from({ length: 12_345 }, (_, i) => ({ id: i, s: i % 2 ? `引号"与,逗号{${i}}` : null, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }));
    const { inserted: n } = await bulkInsert(
      db,
      't_bulk',
      [
        { name: 'id', type: 'int', value: (r) => r.id },
        { name: 's', type: 'text', value: (r) => r.s },
        { name: 'at', type: 'timestamptz', value: (r) => r.at.toISOString() },
      ],
      rows,
    );
    expect(n).toBe(12_345);
    const back = await one<{ s: string; at: Date }>('SELECT s, at FROM t_bulk WHERE id = 12343');
    expect(back.s).toBe('引号"与,逗号{12343}');
    expect(back.at.toISOString()).toBe('2026-01-01T03:25:43.000Z');
    expect((await one('SELECT count(*)::int AS n FROM t_bulk WHERE s IS NULL')).n).toBe(6173);
  });

  it('gives the same JS types on both backends: numbers for bigint, strings for dates', async () => {
    const r = await one<{ big: number; d: string }>(`SELECT 9007199254740::int8 AS big, date '2026-11-26' AS d`);
    expect(r.big).toBe(9007199254740);
    expect(r.d).toBe('2026-11-26');
  });
});

describe('the seeded demo town', () => {
  beforeAll(async () => {
    expect(await isSeeded(db)).toBe(false);
    await seedDemo(db, { seed: 'xigang-2023-09-14', demoPassword: 'demo-password' });
  });

  it('holds the organisation: 9 squads, the 70 村居 of the code list, 11 departments, one worker per grid (R3, R4, R6)', async () => {
    expect(await isSeeded(db)).toBe(true);
    expect((await one('SELECT count(*)::int AS n FROM squads')).n).toBe(9);
    const villages = await db.query<{ code: string }>('SELECT code FROM villages ORDER BY code');
    expect(villages.map((v) => v.code)).toEqual((await readDivision()).committees.map((c) => c.code));
    expect(villages).toHaveLength(70);
    expect((await one('SELECT count(*)::int AS n FROM departments')).n).toBe(11);
    expect((await one('SELECT count(*)::int AS n FROM grids WHERE worker_id IS NULL')).n).toBe(0);
    const g = await one('SELECT count(*)::int AS grids, count(DISTINCT worker_id)::int AS workers FROM grids');
    expect(g.workers).toBe(g.grids);
    expect((await one(`SELECT count(*)::int AS n FROM staff WHERE position = 'squad_leader'`)).n).toBe(9);
  });

  it('stores valid geometry', async () => {
    for (const [table, col] of [
      ['grids', 'area'],
      ['villages', 'area'],
      ['squads', 'area'],
      ['targets', 'geom'],
      ['roads', 'geom'],
    ])
      expect((await one(`SELECT count(*)::int AS n FROM ${table} WHERE NOT ST_IsValid(${col})`)).n, table).toBe(0);
  });

  it('tiles the town: grid union area = boundary area within 0.1 %, pairwise overlaps ≈ 0', async () => {
    const r = await one<{ town: number; grids: number; overlap: number }>(`
      SELECT (SELECT ST_Area(boundary::geography) FROM town) AS town,
             (SELECT ST_Area(ST_Union(area)::geography) FROM grids) AS grids,
             (SELECT coalesce(sum(ST_Area(ST_Intersection(a.area, b.area)::geography)), 0)
                FROM grids a JOIN grids b ON a.id < b.id AND ST_Intersects(a.area, b.area)) AS overlap`);
    expect(Math.abs(r.grids - r.town) / r.town).toBeLessThan(0.001);
    expect(r.overlap).toBeLessThan(10); // m², over 80 km²
  });

  it('puts each household inside exactly one grid, the one recorded', async () => {
    const r = await one(`
      SELECT count(*)::int AS households,
             count(*) FILTER (WHERE n <> 1 OR own = 0)::int AS wrong
        FROM (SELECT h.id, count(g.id) AS n, count(g.id) FILTER (WHERE g.id = h.grid_id) AS own
                FROM households h LEFT JOIN grids g ON ST_Covers(g.area, h.geom) GROUP BY h.id) x`);
    const town = await readTown();
    expect(r.households).toBe(town.villages.features.reduce((n, v) => n + v.properties.households, 0));
    expect(r.wrong).toBe(0);
  });

  it('keeps every grid inside its squad and its village', async () => {
    const r = await one(`
      SELECT count(*) FILTER (WHERE ST_Area(ST_Difference(g.area, s.area)::geography) > 1)::int AS out_of_squad,
             count(*) FILTER (WHERE ST_Area(ST_Difference(g.area, v.area)::geography) > 1)::int AS out_of_village,
             count(*) FILTER (WHERE v.squad_id <> g.squad_id)::int AS mismatched
        FROM grids g JOIN squads s ON s.id = g.squad_id JOIN villages v ON v.id = g.village_id`);
    expect(r).toEqual({ out_of_squad: 0, out_of_village: 0, mismatched: 0 });
  });

  it('seeds one account per role, with hashed passwords only', async () => {
    const roles = await db.query<{ role: string; n: number }>(`SELECT role, count(*)::int AS n FROM users GROUP BY role ORDER BY role`);
    expect(Object.fromEntries(roles.map((r) => [r.role, r.n]))).toEqual({
      department: 1,
      duty: 1,
      inspector: 1,
      leader: 1,
      squad_leader: 9,
      wall: 1,
      worker: 1,
    });
    expect((await one(`SELECT count(*)::int AS n FROM users WHERE password_hash NOT LIKE 'scrypt$%'`)).n).toBe(0);
  });

  it('refuses a second worker for a grid (R4)', async () => {
    await expect(db.query('UPDATE grids SET worker_id = (SELECT worker_id FROM grids WHERE id = 1) WHERE id = 2')).rejects.toThrow(/unique|duplicate/i);
  });
});
