// `npm run bench:town`: a town moving in (issue 17) — a whole-town package of 500 grids, then 50,000
// households (.xlsx of points) and their 150,000 people (.xlsx), then the grid layer applied again with ten
// pairs of grids redrawn — each through the HTTP import with its validation, on the embedded database
// and (BENCH_DATABASE_URL) PostgreSQL. Baseline, in the same run: a plain bulk insert of the same grids,
// households and people into an empty schema (no files, no checks, no placing in grids).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { xlsx } from '../test/helpers/workbook.ts';
import { zipSync } from 'fflate';
import type { Feature, MultiPolygon } from 'geojson';
import { LocalFrame } from '../shared/core/frame.ts';
import { idCheck } from '../shared/town/idcard.ts';
import { ensureAdmin } from '../server/auth/users.ts';
import { loadConfig } from '../server/platform/config.ts';
import { bulkInsert } from '../server/platform/db/bulk.ts';
import type { Db } from '../server/platform/db/index.ts';
import { migrate } from '../server/platform/db/migrate.ts';
import { openPglite } from '../server/platform/db/pglite.ts';
import { openPostgres } from '../server/platform/db/postgres.ts';
import { createLogger } from '../server/platform/log.ts';
import { startServer } from '../server/server.ts';
import { geom } from '../server/town/load.ts';
import { freshBenchDatabase } from './db.ts';

const [COLS, ROWS] = [25, 20]; // 500 grids of 800 m × 750 m
const [CELL_X, CELL_Y] = [800, 750];
const HOMES_PER_GRID = 100;
const PEOPLE_PER_HOME = 3;
const PASSWORD = 'bench-password';
const frame = new LocalFrame(117.17, 35.05);
const ll = (x: number, y: number) => frame.toLonLat(x - (COLS * CELL_X) / 2, y - (ROWS * CELL_Y) / 2).map((v) => Math.round(v * 1e7) / 1e7);
const rect = (x0: number, y0: number, x1: number, y1: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [[[ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)]]],
});
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

// Villages of 5 × 2 grids, 5 across and 10 down; squads of two village rows.
const villageOf = (c: number, r: number) => Math.floor(r / 2) * 5 + Math.floor(c / 5);
const villageCode = (v: number) => `370481106${String(200 + v).padStart(3, '0')}`;
const gridCode = (c: number, r: number) => `${villageCode(villageOf(c, r))}${String((r % 2) * 5 + (c % 5) + 1).padStart(2, '0')}`;
const squadCode = (v: number) => String(Math.floor(v / 10) + 1).padStart(2, '0');

/** The grids, with `shift` metres moved from each of the first ten pairs of neighbours to the left one. */
function grids(shift = 0): Feature<MultiPolygon>[] {
  const out: Feature<MultiPolygon>[] = [];
  for (let r = 0; r < ROWS; r++)
    for (let c = 0; c < COLS; c++) {
      // Pairs (0,r)+(1,r) for r < 10: the edge between them moves right by `shift`.
      const [dx0, dx1] = r < 10 ? (c === 0 ? [0, shift] : c === 1 ? [shift, 0] : [0, 0]) : [0, 0];
      out.push({
        type: 'Feature',
        geometry: rect(c * CELL_X + dx0, r * CELL_Y, (c + 1) * CELL_X + dx1, (r + 1) * CELL_Y),
        properties: {
          code: gridCode(c, r),
          name: `第${r * COLS + c + 1}网格`,
          class: (r + c) % 3 === 0 ? 1 : 2,
          villageCode: villageCode(villageOf(c, r)),
          squadCode: squadCode(villageOf(c, r)),
        },
      });
    }
  return out;
}

const homes = grids().flatMap((g, k) => {
  const [c, r] = [k % COLS, Math.floor(k / COLS)];
  return Array.from({ length: HOMES_PER_GRID }, (_, i) => ({
    code: `H${String(k * HOMES_PER_GRID + i + 1).padStart(6, '0')}`,
    address: `${g.properties!.name}${i + 1}号`,
    size: PEOPLE_PER_HOME,
    gridCode: g.properties!.code as string,
    lonLat: ll(c * CELL_X + 20 + random() * (CELL_X - 40), r * CELL_Y + 20 + random() * (CELL_Y - 40)),
  }));
});
/** A distinct valid ID number for person n: birth year, month and day and the order digits all step with n. */
function idOf(n: number) {
  const two = (x: number) => String(x).padStart(2, '0');
  const stem = `370481${1940 + (n % 70)}${two(1 + (Math.floor(n / 70) % 12))}${two(1 + (Math.floor(n / 840) % 28))}${String(Math.floor(n / 23_520) % 1000).padStart(3, '0')}`;
  return stem + idCheck(stem);
}
const people = homes.flatMap((h, k) =>
  Array.from({ length: PEOPLE_PER_HOME }, (_, i) => ({
    household: h.code,
    name: `居民${k * PEOPLE_PER_HOME + i + 1}`,
    id: idOf(k * PEOPLE_PER_HOME + i),
    relation: i === 0 ? '户主' : '家庭成员',
  })),
);

const fc = (features: Feature[]) => JSON.stringify({ type: 'FeatureCollection', features });
const enc = (s: string) => new TextEncoder().encode(s);
function townPackage(): Uint8Array {
  const villages: Feature[] = Array.from({ length: 50 }, (_, v) => {
    const [vc, vr] = [v % 5, Math.floor(v / 5)];
    const area = rect(vc * 5 * CELL_X, vr * 2 * CELL_Y, (vc + 1) * 5 * CELL_X, (vr + 1) * 2 * CELL_Y);
    return {
      type: 'Feature',
      geometry: area,
      properties: {
        code: villageCode(v),
        name: `测试${v + 1}村`,
        kind: '村',
        squadCode: squadCode(v),
        households: 1000,
        centre: ll((vc + 0.5) * 5 * CELL_X, (vr + 1) * CELL_Y),
      },
    };
  });
  const squads: Feature[] = Array.from({ length: 5 }, (_, s) => ({
    type: 'Feature',
    geometry: rect(0, s * 4 * CELL_Y, COLS * CELL_X, (s + 1) * 4 * CELL_Y),
    properties: { code: squadCode(s * 10), name: `第${s + 1}中队`, branch: `第${s + 1}党总支` },
  }));
  const roads: Feature[] = [0.25, 0.5, 0.75].flatMap((f) => [
    {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [ll(0, f * ROWS * CELL_Y + 7), ll(COLS * CELL_X, f * ROWS * CELL_Y + 7)] },
      properties: { name: `东西路${f}`, class: 'main', villageCode: null },
    },
    {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [ll(f * COLS * CELL_X + 7, 0), ll(f * COLS * CELL_X + 7, ROWS * CELL_Y)] },
      properties: { name: `南北路${f}`, class: 'central', villageCode: null },
    },
  ]);
  return zipSync({
    'boundary.geojson': enc(fc([{ type: 'Feature', geometry: rect(0, 0, COLS * CELL_X, ROWS * CELL_Y), properties: { code: '370481106', name: '测试镇' } }])),
    'squads.geojson': enc(fc(squads)),
    'villages.geojson': enc(fc(villages)),
    'grids.geojson': enc(fc(grids())),
    'roads.geojson': enc(fc(roads)),
  });
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await f();
  return [Math.round(performance.now() - t0) / 1000, out];
}

async function baseline(db: Db) {
  await migrate(db);
  return timed(() =>
    db.transaction(async (tx) => {
      await tx.query(`INSERT INTO town (code, name, boundary) VALUES ('370481106', '测试镇', ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))`, [
        JSON.stringify(rect(0, 0, COLS * CELL_X, ROWS * CELL_Y)),
      ]);
      await tx.query(`INSERT INTO squads (code, name, branch, area) VALUES ('01', '一', '一', ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))`, [
        JSON.stringify(rect(0, 0, COLS * CELL_X, ROWS * CELL_Y)),
      ]);
      await tx.query(
        `INSERT INTO villages (code, name, kind, squad_id, area, centre) VALUES ('370481106200', '村', '村', 1, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ST_SetSRID(ST_MakePoint(117.17, 35.05), 4326))`,
        [JSON.stringify(rect(0, 0, COLS * CELL_X, ROWS * CELL_Y))],
      );
      const g = grids();
      await bulkInsert(
        tx,
        'grids',
        [
          { name: 'id', type: 'int', value: (x: { i: number; f: Feature }) => x.i + 1 },
          { name: 'code', type: 'text', value: (x) => x.f.properties!.code },
          { name: 'name', type: 'text', value: (x) => x.f.properties!.name },
          { name: 'class', type: 'int', value: (x) => x.f.properties!.class },
          { name: 'squad_id', type: 'int', value: () => 1 },
          { name: 'village_id', type: 'int', value: () => 1 },
          { name: 'area', ...geom(), value: (x) => JSON.stringify(x.f.geometry) },
        ],
        g.map((f, i) => ({ f, i })),
      );
      const gridId = new Map(g.map((f, i) => [f.properties!.code as string, i + 1]));
      await bulkInsert(
        tx,
        'households',
        [
          { name: 'id', type: 'int', value: (x: { h: (typeof homes)[number]; i: number }) => x.i + 1 },
          { name: 'code', type: 'text', value: (x) => x.h.code },
          { name: 'address', type: 'text', value: (x) => x.h.address },
          { name: 'size', type: 'int', value: (x) => x.h.size },
          { name: 'grid_id', type: 'int', value: (x) => gridId.get(x.h.gridCode) },
          { name: 'geom', ...geom(), value: (x) => JSON.stringify({ type: 'Point', coordinates: x.h.lonLat }) },
        ],
        homes.map((h, i) => ({ h, i })),
      );
      await bulkInsert(
        tx,
        'residents',
        [
          { name: 'household_id', type: 'int', value: (p: { p: (typeof people)[number]; i: number }) => Math.floor(p.i / PEOPLE_PER_HOME) + 1 },
          { name: 'name', type: 'text', value: (p) => p.p.name },
          { name: 'id_number', type: 'text', value: (p) => p.p.id },
          { name: 'relation', type: 'text', value: (p) => p.p.relation },
        ],
        people.map((p, i) => ({ p, i })),
      );
    }),
  );
}

async function bench(label: string, db: Db, files: { pkg: Uint8Array; homes: Uint8Array; people: Uint8Array; redrawn: Uint8Array }) {
  await migrate(db);
  await ensureAdmin(db, PASSWORD);
  const running = await startServer({
    db,
    config: loadConfig({ LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false' }),
    log: createLogger('silent'),
  });
  const base = `http://127.0.0.1:${running.port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const post = async (path: string, body: Uint8Array) => {
    const r = await fetch(`${base}/api${path}`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(body),
    });
    const json = (await r.json()) as { counts?: unknown };
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(json).slice(0, 400)}`);
    return json;
  };
  const [pkg] = await timed(() => post('/town/package', files.pkg));
  const [households, h] = await timed(() =>
    post('/town/files/apply?name=homes.xlsx&kind=households&addressField=地址&codeField=房屋编码&sizeField=人口', files.homes),
  );
  const [residents, p] = await timed(() =>
    post('/town/files/apply?name=people.xlsx&kind=people&householdField=户编码&nameField=姓名&idField=身份证号&relationField=与户主关系', files.people),
  );
  const [redraw, g] = await timed(() => post('/town/files/apply?name=grids.geojson&kind=grids&codeField=code&nameField=name&classField=class', files.redrawn));
  await running.close();
  const result = {
    label,
    packageS: pkg,
    householdsS: households,
    peopleS: residents,
    redrawS: redraw,
    totalS: Math.round((pkg + households + residents + redraw) * 1000) / 1000,
    counts: { households: h.counts, people: p.counts, redraw: g.counts },
  };
  console.log(label, JSON.stringify(result));
  return result;
}

const [tFiles, files] = await timed(async () => ({
  pkg: townPackage(),
  homes: await xlsx(
    ['房屋编码', '地址', '人口', '经度', '纬度'],
    homes.map((h) => [h.code, h.address, h.size, ...h.lonLat]),
  ),
  people: await xlsx(
    ['户编码', '姓名', '身份证号', '与户主关系'],
    people.map((p) => [p.household, p.name, p.id, p.relation]),
  ),
  redrawn: enc(fc(grids(100))),
}));
console.log(`files made in ${tFiles} s: package ${files.pkg.length} B, households ${files.homes.length} B, people ${files.people.length} B`);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  grids: COLS * ROWS,
  households: homes.length,
  people: people.length,
};
{
  const db = await openPglite(':memory:');
  results.pgliteBaselineS = (await baseline(db))[0];
  await db.close();
}
{
  const db = await openPglite(':memory:');
  results.pglite = await bench('pglite', db, files);
  await db.close();
}
if (process.env.BENCH_DATABASE_URL) {
  const b = await openPostgres(await freshBenchDatabase(process.env.BENCH_DATABASE_URL, 'bench_town_base'));
  results.postgresBaselineS = (await baseline(b))[0];
  await b.close();
  const db = await openPostgres(await freshBenchDatabase(process.env.BENCH_DATABASE_URL, 'bench_town'));
  results.postgres = await bench('postgres', db, files);
  await db.close();
} else console.log('postgres: set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL too');
console.log(JSON.stringify(results, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/town.json', `${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
