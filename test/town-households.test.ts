// Households (实有房屋, points) and their people (实有人口, a table) brought in through the import (issue 17, R8,
// R14): each household placed in the grid its point lies in, matched by code or address; each person in
// their household, matched by ID number; problems named by row, errors blocking; applying the same file
// again changes nothing.
import { xlsx } from './helpers/workbook.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheck } from '../shared/town/idcard.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let admin: Awaited<ReturnType<typeof client>>;

const upload = (path: 'preview' | 'apply', name: string, body: Uint8Array, query: string, who = admin) =>
  fetch(`${srv.base}/api/town/files/${path}?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

const id = (stem: string) => stem + idCheck(stem);
/** Two grids' inner points, a household of the town, and a point in the town's box outside every grid. */
let inA: { lon: number; lat: number; grid: number };
let inB: { lon: number; lat: number; grid: number };
let existing: { id: number; address: string; grid: number };
let outside: { lon: number; lat: number };

beforeAll(async () => {
  srv = await startTestServer();
  admin = await client(srv.base, 'admin');
  const grids = await srv.db.query<{ grid: number; lon: number; lat: number }>(
    'SELECT id AS grid, ST_X(ST_PointOnSurface(area)) AS lon, ST_Y(ST_PointOnSurface(area)) AS lat FROM grids ORDER BY id LIMIT 2',
  );
  [inA, inB] = [grids[0]!, grids[1]!];
  [existing] = (await srv.db.query<{ id: number; address: string; grid: number }>(
    `SELECT id, address, grid_id AS grid FROM households WHERE grid_id <> $1 AND address NOT IN (SELECT address FROM households GROUP BY address HAVING count(*) > 1)
      ORDER BY id LIMIT 1`,
    [inA.grid],
  )) as [typeof existing];
  [outside] = (await srv.db.query<{ lon: number; lat: number }>(
    `SELECT ST_XMin(e) - 0.003 AS lon, (ST_YMin(e) + ST_YMax(e)) / 2 AS lat FROM (SELECT ST_Extent(boundary)::geometry AS e FROM town) t`,
  )) as [typeof outside];
});
afterAll(() => srv?.close());

const HOMES = ['房屋编码', '地址', '人口', '经度', '纬度'];
const homes = () => [
  ['H001', '测试村1号', 3, inA.lon, inA.lat],
  ['H002', '测试村2号', 2, inA.lon + 0.00005, inA.lat],
  ['', existing.address, 5, inB.lon, inB.lat], // an existing household, moved into another grid
];

describe('households and people brought in (issue 17, R8)', () => {
  it('previews households: added, changed, with the row outside every grid an error, and changes nothing', async () => {
    const before = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM households');
    const file = await xlsx(HOMES, [...homes(), ['H004', '镇外1号', 1, outside.lon, outside.lat], ['H001', '重复', 1, inA.lon, inA.lat]]);
    const r = await upload('preview', '实有房屋.xlsx', file, '');
    expect(r.status).toBe(200);
    expect(r.body.layers[0].mapping).toEqual({ kind: 'households', addressField: '地址', codeField: '房屋编码', sizeField: '人口', remembered: false });
    const q = '&kind=households&addressField=地址&codeField=房屋编码&sizeField=人口';
    const previewed = await upload('preview', '实有房屋.xlsx', file, q);
    expect(previewed.status, JSON.stringify(previewed.body)).toBe(200);
    const plan = previewed.body.plan;
    expect(plan).toMatchObject({ kind: 'households', blocked: true, counts: { added: 3, changed: 1, removed: 0 } });
    const errors = plan.problems.filter((p: any) => p.severity === 'error');
    expect(errors.map((p: any) => [p.feature, p.label])).toEqual([
      [4, '镇外1号'],
      [5, '重复'],
    ]);
    expect(errors[0].message).toBe('it lies in no grid of the town');
    expect(errors[1].message).toContain('code H001 is also that of row 1');
    expect(plan.problems.some((p: any) => p.severity === 'warning' && /households of the town are not in the file: they are kept/.test(p.message))).toBe(true);
    expect((await upload('apply', '实有房屋.xlsx', file, q)).body.error).toBe('import_blocked');
    expect(await srv.db.query('SELECT count(*)::int AS n FROM households')).toEqual(before);
  });

  it('applies households, each in the grid its point lies in; the same file again changes nothing', async () => {
    const q = '&kind=households&addressField=地址&codeField=房屋编码&sizeField=人口';
    const file = await xlsx(HOMES, homes());
    const r = await upload('apply', '实有房屋.xlsx', file, q);
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ added: 2, changed: 1, removed: 0 });
    const rows = await srv.db.query<{ code: string | null; address: string; size: number; grid: number }>(
      `SELECT code, address, size, grid_id AS grid FROM households WHERE code IN ('H001', 'H002') OR id = $1 ORDER BY code NULLS LAST`,
      [existing.id],
    );
    expect(rows).toEqual([
      { code: 'H001', address: '测试村1号', size: 3, grid: inA.grid },
      { code: 'H002', address: '测试村2号', size: 2, grid: inA.grid },
      { code: null, address: existing.address, size: 5, grid: inB.grid },
    ]);
    const again = await upload('apply', '实有房屋.xlsx', file, q);
    expect(again.body.counts).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
  });

  it('brings in people by household code or address, reading gender and birth from the ID number; bad rows named', async () => {
    const head = ['户编码', '姓名', '性别', '身份证号', '与户主关系'];
    const good = [
      ['H001', '张伟', '', id('37048119800101001'), '户主'],
      ['H001', '李娜', '女', id('37048119820202002'), '配偶'],
      [existing.address, '王强', '男', '', '户主'],
    ];
    const bad = [
      ['H999', '赵敏', '女', id('37048119900303004'), '户主'], // no such household
      ['H002', '孙丽', '女', id('37048119800101001'), '户主'], // the ID of 张伟
      ['H002', '周杰', '男', '370481198001010000', '户主'], // a wrong check character: a warning
    ];
    const q = '&kind=people&householdField=户编码&nameField=姓名&genderField=性别&idField=身份证号&relationField=与户主关系';
    const blocked = await upload('apply', '实有人口.xlsx', await xlsx(head, [...good, ...bad]), q);
    expect(blocked.status).toBe(422);
    expect(blocked.body.details.map((p: any) => p.feature)).toEqual([4, 5]);
    const preview = (await upload('preview', '实有人口.xlsx', await xlsx(head, [...good, ...bad]), q)).body.plan;
    expect(preview.problems.find((p: any) => p.feature === 6)).toMatchObject({ severity: 'warning', label: '周杰' });

    const r = await upload('apply', '实有人口.xlsx', await xlsx(head, [...good, bad[2]!]), q);
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ added: 4, changed: 0 });
    const people = await srv.db.query<{ name: string; gender: string | null; birth_year: number | null; code: string | null }>(
      `SELECT r.name, r.gender, r.birth_year, h.code FROM residents r JOIN households h ON h.id = r.household_id ORDER BY r.id`,
    );
    expect(people).toEqual([
      { name: '张伟', gender: '男', birth_year: 1980, code: 'H001' },
      { name: '李娜', gender: '女', birth_year: 1982, code: 'H001' },
      { name: '王强', gender: '男', birth_year: null, code: null },
      { name: '周杰', gender: '男', birth_year: null, code: 'H002' },
    ]);
    // Applied again, nothing is stored twice.
    const again = await upload('apply', '实有人口.xlsx', await xlsx(head, [...good, bad[2]!]), q);
    expect(again.body.counts).toMatchObject({ added: 0, changed: 0, unchanged: 4 });
    expect(await srv.db.query('SELECT count(*)::int AS n FROM residents')).toEqual([{ n: 4 }]);
  });

  it('refuses bad input with what is wrong: a gender that is neither, no name column, and only for administrators', async () => {
    const head = ['户编码', '姓名', '性别'];
    const q = '&kind=people&householdField=户编码&nameField=姓名&genderField=性别';
    const r = await upload('preview', 'p.xlsx', await xlsx(head, [['H001', '钱七', '未知']]), q);
    expect(r.body.plan.problems[0]).toMatchObject({ feature: 1, severity: 'error', message: 'its gender (性别) "未知" is not 男 or 女' });
    expect((await upload('preview', 'p.xlsx', await xlsx(head, []), '&kind=people&householdField=户编码')).status).toBe(400);
    for (const who of ['leader', 'squad01', 'worker']) {
      const c = await client(srv.base, who);
      expect((await upload('apply', 'p.xlsx', await xlsx(head, [['H001', '钱七', '男']]), q, c)).status, who).toBe(403);
    }
  });

  it('brings in key targets as a whole layer: a moved one made anew from today, a missing one retired, the live engine following (R13)', async () => {
    const targets = await srv.db.query<{ id: number; name: string; kind: string; geometry: { type: string; coordinates: number[] } }>(
      `SELECT id, name, kind, ST_AsGeoJSON(geom, 9)::json AS geometry FROM targets WHERE valid_to IS NULL AND GeometryType(geom) = 'POINT' ORDER BY id`,
    );
    const all = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM targets WHERE valid_to IS NULL');
    const polygons = all[0]!.n - targets.length;
    const [moved, dropped] = [targets[0]!, targets[1]!];
    const label = (kind: string) => ({ school: '学校' })[kind] ?? kind; // a county writes the label, or the id
    const features = [
      ...targets
        .filter((t) => t.id !== dropped.id)
        .map((t) => ({
          type: 'Feature',
          geometry: t.id === moved.id ? { type: 'Point', coordinates: [t.geometry.coordinates[0]! + 0.0005, t.geometry.coordinates[1]!] } : t.geometry,
          properties: { 名称: t.name, 类型: label(t.kind) },
        })),
      { type: 'Feature', geometry: { type: 'Point', coordinates: [inA.lon, inA.lat] }, properties: { 名称: '新建幼儿园', 类型: '幼儿园', 巡查半径: 45 } },
    ];
    const file = (extra: unknown[] = []) => new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [...features, ...extra] }));
    const q = '&kind=targets&nameField=名称&kindField=类型&radiusField=巡查半径&part=false';
    const bad = await upload(
      'preview',
      '重点目标.geojson',
      file([{ type: 'Feature', geometry: { type: 'Point', coordinates: [inA.lon, inA.lat] }, properties: { 名称: '网吧', 类型: '网吧' } }]),
      q,
    );
    expect(bad.body.plan.blocked).toBe(true);
    const wrongKind = bad.body.plan.problems.find((p: any) => p.label === '网吧');
    expect(wrongKind).toMatchObject({ severity: 'error', feature: features.length + 1 });
    expect(wrongKind.message).toContain('is not one of 学校');

    const r = await upload('apply', '重点目标.geojson', file(), q);
    expect(r.status).toBe(200);
    // The polygons are not in the file either: the whole layer is what the file holds.
    expect(r.body.counts).toEqual(expect.objectContaining({ added: 1, changed: 1, removed: 1 + polygons, unchanged: targets.length - 2 }));
    const rows = await srv.db.query<{ name: string; valid_to: string | null; radius: number }>(
      `SELECT name, valid_to::text, radius_m::float8 AS radius FROM targets WHERE name IN ($1, $2, '新建幼儿园') ORDER BY id`,
      [moved.name, dropped.name],
    );
    expect(rows.filter((t) => t.name === moved.name).map((t) => t.valid_to)).toEqual([expect.any(String), null]);
    expect(rows.filter((t) => t.name === dropped.name).every((t) => t.valid_to !== null)).toBe(true);
    expect(rows.find((t) => t.name === '新建幼儿园')).toMatchObject({ valid_to: null, radius: 45 });
    const [now] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM targets WHERE valid_to IS NULL');
    expect(now!.n).toBe(targets.length);
    expect(srv.running.coverage.live.items.targets.size).toBe(now!.n);
  });
});
