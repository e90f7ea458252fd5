// The town's other layers brought in one at a time (issue 17, R3, R4, R6, R13): villages and squads
// (boundaries), roads (main roads and central streets re-cut into road cells, dated so that past days keep
// theirs), the workers' roster and the member departments (tables). Each through the real preview/apply
// routes: every problem named with its feature, a blocked file changing nothing, an applied one switching
// the live layers over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../shared/core/time.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';
import { xlsx } from './helpers/workbook.ts';
import { problemInChinese } from '../shared/town/problemText.ts';

let srv: TestServer;
let admin: Awaited<ReturnType<typeof client>>;
const today = shanghaiDay(Date.now());

const upload = (path: 'preview' | 'apply', name: string, body: string | Uint8Array, query: string, who = admin) =>
  fetch(`${srv.base}/api/town/files/${path}?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/octet-stream' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

type Row = { geometry: unknown } & Record<string, unknown>;
const collection = (rows: Row[]) =>
  JSON.stringify({ type: 'FeatureCollection', features: rows.map(({ geometry, ...properties }) => ({ type: 'Feature', geometry, properties })) });
const rowsOf = (sql: string, params: unknown[] = []) => srv.db.query<Row>(sql, params);
/** Messages the screen could not say in Chinese (shared/town/problemText.ts). */
const untranslated = (plan: { problems: { message: string }[] }) => plan.problems.map((p) => p.message).filter((m) => problemInChinese(m) === m);
const messages = (plan: { problems: { label: string; message: string; severity: string }[] }) =>
  plan.problems.map((p) => `${p.severity} ${p.label}: ${p.message}`);

beforeAll(async () => {
  srv = await startTestServer();
  admin = await client(srv.base, 'admin');
});
afterAll(() => srv?.close());

describe('villages and squads brought in (issue 17, R3)', () => {
  const VILLAGES = '&kind=villages&codeField=code&nameField=name&squadField=squad&kindField=kind';
  const villages = () =>
    rowsOf(
      `SELECT ST_AsGeoJSON(v.area, 9)::json AS geometry, v.code, v.name, v.kind, s.code AS squad FROM villages v JOIN squads s ON s.id = v.squad_id ORDER BY v.code`,
    );

  it('names each village with what is wrong: codes malformed or twice, a kind, a squad, a village outside the town, one with grids left out', async () => {
    const all = await villages();
    const [a, b, c, d] = all;
    const [box] = await srv.db.query<{ e: number; n: number }>('SELECT ST_XMax(boundary) AS e, ST_YMax(boundary) AS n FROM town');
    const off = {
      type: 'Polygon',
      coordinates: [
        [
          [box!.e + 0.01, box!.n - 0.01],
          [box!.e + 0.02, box!.n - 0.01],
          [box!.e + 0.02, box!.n],
          [box!.e + 0.01, box!.n],
          [box!.e + 0.01, box!.n - 0.01],
        ],
      ],
    };
    const file = collection([
      { ...a!, name: '改名村' },
      { ...b!, code: a!.code }, // a code twice
      { ...c!, code: '3704811062' }, // not 12 digits
      { ...d!, kind: '镇', squad: '99' }, // neither 村 nor 居; no such squad
      { geometry: off, code: '370481106999', name: '镇外村', kind: '村', squad: '01' },
    ]);
    const r = await upload('preview', 'villages.geojson', file, VILLAGES);
    expect(r.status).toBe(200);
    const said = messages(r.body.plan);
    expect(said).toContainEqual(`error ${a!.code} ${b!.name}: its code ${a!.code} is also that of feature 1`);
    expect(said).toContainEqual(
      `error 3704811062 ${c!.name}: its code (code) "3704811062" is not 12 digits (统计用区划代码: the town’s 9 and the committee’s 3)`,
    );
    expect(said).toContainEqual(`error ${d!.code} ${d!.name}: its kind (kind) "镇" is neither 村 nor 社区/居`);
    expect(said).toContainEqual(`error ${d!.code} ${d!.name}: its squad (squad) "99" is not a squad’s code or name`);
    expect(said).toContainEqual('error 370481106999 镇外村: it lies outside the town');
    // The whole layer (no part=true) leaves out villages that have grids.
    const e = all[4]!;
    expect(said.find((m) => m.startsWith(`error ${e.code} ${e.name}: it is not in the file but`))).toMatch(/grids lie in it/);
    expect(r.body.plan.blocked).toBe(true);
    expect(untranslated(r.body.plan)).toEqual([]);
    expect((await upload('apply', 'villages.geojson', file, VILLAGES)).status).toBe(422);
    expect(await villages()).toEqual(all);
  });

  it('moves a village to another squad with its grids and their workers, renamed, from part of the layer', async () => {
    const [v] = await rowsOf(
      `SELECT ST_AsGeoJSON(v.area, 9)::json AS geometry, v.code, v.name, v.kind, v.id, v.squad_id AS "squadId" FROM villages v
        WHERE EXISTS (SELECT 1 FROM grids g WHERE g.village_id = v.id AND g.worker_id IS NOT NULL) ORDER BY v.code LIMIT 1`,
    );
    const [other] = await srv.db.query<{ id: number; code: string }>('SELECT id, code FROM squads WHERE id <> $1 ORDER BY code LIMIT 1', [v!.squadId]);
    const { id, squadId, ...row } = v!;
    const file = collection([{ ...row, name: `${v!.name}新`, squad: other!.code }]);
    const p = await upload('preview', 'village.geojson', file, `${VILLAGES}&part=true`);
    expect(p.status).toBe(200);
    expect(p.body.plan.problems.filter((x: { severity: string }) => x.severity === 'error')).toEqual([]);
    expect(p.body.plan.counts).toEqual({ added: 0, changed: 1, removed: 0, unchanged: 0 });
    expect(p.body.plan.moves.villages).toBe(1);
    expect(p.body.plan.changes.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { code: v!.code, name: `${v!.name}新`, change: 'changed' },
    ]);

    const a = await upload('apply', 'village.geojson', file, `${VILLAGES}&part=true`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ layer: 'village (villages)', effectiveOn: today, counts: { changed: 1 } });
    const [after] = await srv.db.query<{ name: string; squadId: number; gridSquads: number[]; workerSquads: number[] }>(
      `SELECT v.name, v.squad_id AS "squadId", array_agg(DISTINCT g.squad_id) AS "gridSquads", array_agg(DISTINCT w.squad_id) FILTER (WHERE w.id IS NOT NULL) AS "workerSquads"
         FROM villages v JOIN grids g ON g.village_id = v.id LEFT JOIN workers w ON w.id = g.worker_id WHERE v.id = $1 GROUP BY v.id`,
      [id],
    );
    expect(after).toEqual({ name: `${v!.name}新`, squadId: other!.id, gridSquads: [other!.id], workerSquads: [other!.id] });
    // The map's villages follow without a restart.
    const geo = (await admin.get('/geo/villages')).body;
    expect(geo.features.find((f: { properties: { code: string } }) => f.properties.code === v!.code).properties).toMatchObject({ name: `${v!.name}新` });
  });

  it('renames a squad from the whole squad layer; a squad code not of two digits and two squads on one ground are errors', async () => {
    const squads = await rowsOf('SELECT ST_AsGeoJSON(area, 9)::json AS geometry, code, name, branch FROM squads ORDER BY code');
    const QUERY = '&kind=squads&codeField=code&nameField=name&branchField=branch';
    const bad = collection([{ ...squads[0]!, code: '1' }, { ...squads[1]!, geometry: squads[2]!.geometry }, ...squads.slice(2)]);
    const r = await upload('preview', 'squads.geojson', bad, QUERY);
    expect(r.body).toHaveProperty('plan');
    const said = messages(r.body.plan);
    expect(said).toContainEqual(`error 1 ${squads[0]!.name}: its code (code) "1" is not 2 digits (01, 02…: the order of the rotating chair, R5)`);
    expect(said.find((m) => m.startsWith(`error ${squads[2]!.code} ${squads[2]!.name}: it overlaps feature 2`))).toBeDefined();
    expect(r.body.plan.blocked).toBe(true);
    expect(untranslated(r.body.plan)).toEqual([]);

    const good = collection([{ ...squads[0]!, name: '新名巡查中队', branch: '新名党总支' }, ...squads.slice(1)]);
    const p = await upload('preview', 'squads.geojson', good, QUERY);
    expect(p.body.plan.problems.filter((x: { severity: string }) => x.severity === 'error')).toEqual([]);
    expect(p.body.plan.counts).toMatchObject({ added: 0, changed: 1, removed: 0 });
    expect((await upload('apply', 'squads.geojson', good, QUERY)).status).toBe(200);
    expect(await srv.db.query('SELECT name, branch FROM squads WHERE code = $1', [squads[0]!.code])).toEqual([{ name: '新名巡查中队', branch: '新名党总支' }]);
  });
});

describe('roads brought in (issue 17, R13)', () => {
  const QUERY = '&kind=roads&nameField=name&classField=class';
  const roads = () => rowsOf(`SELECT id, ST_AsGeoJSON(geom, 9)::json AS geometry, name, class FROM roads WHERE valid_to IS NULL ORDER BY id`);
  const strip = (r: Row) => ({ geometry: r.geometry, name: r.name, class: r.class });

  it('names a road with what is wrong: a class, not a line, outside the town, crossing no grid, the same road twice', async () => {
    const all = await roads();
    const [box] = await srv.db.query<{ e: number; n: number }>('SELECT ST_XMax(boundary) AS e, ST_YMax(boundary) AS n FROM town');
    const file = collection([
      ...all.map(strip),
      { ...strip(all[0]!), class: '高速' },
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [117, 35],
              [117.01, 35],
              [117.01, 35.01],
              [117, 35],
            ],
          ],
        },
        name: '面路',
        class: 'main',
      },
      {
        geometry: {
          type: 'LineString',
          coordinates: [
            [box!.e + 0.01, box!.n - 0.005],
            [box!.e + 0.02, box!.n - 0.005],
          ],
        },
        name: '镇外路',
        class: 'main',
      },
      strip(all[1]!),
    ]);
    const r = await upload('preview', 'roads.geojson', file, QUERY);
    expect(r.status).toBe(200);
    const said = messages(r.body.plan);
    const n = all.length;
    expect(said).toContainEqual(`error ${all[0]!.name}: its class (class) "高速" is not 主干道 (main), 中心街道 (central) or 村内道路/其他 (other)`);
    expect(said).toContainEqual('error 面路: it is a Polygon, not a line');
    expect(said).toContainEqual('error 镇外路: it lies outside the town');
    expect(said).toContainEqual('error 镇外路: it crosses no grid: patrols must cover it, and nobody would (R13)');
    expect(said).toContainEqual(`error ${all[1]!.name}: it is the same road as feature 2`);
    expect(r.body.plan.problems.find((p: { message: string }) => p.message.startsWith('it is the same road')).feature).toBe(n + 4);
    expect(r.body.plan.blocked).toBe(true);
    expect(untranslated(r.body.plan)).toEqual([]);
    expect((await upload('apply', 'roads.geojson', file, QUERY)).status).toBe(422);
    expect((await roads()).length).toBe(n);
  });

  it('redraws a main road and removes another: their cells retired today, the new road cut from today, the map switching over', async () => {
    const all = await roads();
    const patrolled = all.filter((r) => r.class === 'main' || r.class === 'central');
    const [moved, gone] = patrolled as [Row, Row];
    const line = moved.geometry as { coordinates: [number, number][] };
    const shifted = { type: 'LineString', coordinates: line.coordinates.map(([x, y]) => [x, y + 0.0003]) };
    const file = collection(all.filter((r) => r.id !== gone.id).map((r) => (r.id === moved.id ? { ...strip(r), geometry: shifted } : strip(r))));
    const [cellsBefore] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM road_cells WHERE valid_to IS NULL AND road_id = ANY($1::int[])', [
      [moved.id, gone.id],
    ]);
    const p = await upload('preview', 'roads.geojson', file, QUERY);
    expect(p.body.plan.problems.filter((x: { severity: string }) => x.severity === 'error')).toEqual([]);
    expect(p.body.plan.counts).toEqual({ added: 0, changed: 1, removed: 1, unchanged: all.length - 2 });
    expect(p.body.plan.moves.roadCells).toBe(cellsBefore!.n);
    expect(p.body.plan.changes.features.map((f: { properties: { change: string } }) => f.properties.change).sort()).toEqual(['changed', 'removed']);

    const a = await upload('apply', 'roads.geojson', file, QUERY);
    expect(a.status).toBe(200);
    expect(a.body.counts.roadCells).toBeGreaterThan(0);
    // The old rows hold until today: yesterday's cells (and passes) keep them.
    expect(await srv.db.query('SELECT valid_to::text AS "to" FROM roads WHERE id = ANY($1::int[]) ORDER BY id', [[moved.id, gone.id]])).toEqual([
      { to: today },
      { to: today },
    ]);
    expect(await srv.db.query('SELECT DISTINCT valid_to::text AS "to" FROM road_cells WHERE road_id = ANY($1::int[])', [[moved.id, gone.id]])).toEqual([
      { to: today },
    ]);
    const [now] = await srv.db.query<{ id: number; cells: number; from: string }>(
      `SELECT r.id, r.valid_from::text AS from, (SELECT count(*)::int FROM road_cells c WHERE c.road_id = r.id AND c.valid_to IS NULL AND c.valid_from = $2) AS cells
         FROM roads r WHERE r.name = $1 AND r.valid_to IS NULL`,
      [moved.name, today],
    );
    expect(now).toMatchObject({ from: today });
    expect(now!.cells).toBe(a.body.counts.roadCells);
    const geoRoads = (await admin.get('/geo/roads')).body.features as { id: number }[];
    expect(geoRoads.length).toBe(all.length - 1);
    const cells = (await admin.get('/geo/road-cells')).body.features as { properties: { roadId: number } }[];
    expect(cells.some((c) => c.properties.roadId === now!.id)).toBe(true);
    expect(cells.some((c) => c.properties.roadId === gone.id || c.properties.roadId === moved.id)).toBe(false);
  });
});

describe('the workers’ roster and the member departments as tables (issue 17, R4, R6)', () => {
  const WORKERS = '&kind=workers&nameField=姓名&phoneField=电话&squadField=中队&gridField=网格&hiredField=入职日期';
  const HEAD = ['姓名', '电话', '中队', '网格', '入职日期'];

  it('names each bad row with what is wrong, and changes nothing', async () => {
    const [g1, g2] = await srv.db.query<{ code: string; squad: string }>(
      'SELECT g.code, s.code AS squad FROM grids g JOIN squads s ON s.id = g.squad_id WHERE g.valid_to IS NULL ORDER BY g.code LIMIT 2',
    );
    const [far] = await srv.db.query<{ code: string }>(
      'SELECT g.code FROM grids g JOIN squads s ON s.id = g.squad_id WHERE s.code <> $1 AND g.valid_to IS NULL LIMIT 1',
      [g1!.squad],
    );
    const [holder] = await srv.db.query<{ name: string; phone: string; grid: string; squadId: number }>(
      `SELECT w.name, w.phone, g.code AS grid, g.squad_id AS "squadId" FROM workers w JOIN grids g ON g.worker_id = w.id ORDER BY w.id LIMIT 1`,
    );
    const [other] = await srv.db.query<{ code: string }>('SELECT code FROM squads WHERE id <> $1 ORDER BY code LIMIT 1', [holder!.squadId]);
    const file = await xlsx(HEAD, [
      ['甲', '139000000', g1!.squad, g1!.code, '2024-03-01'],
      ['乙', 'abc', g1!.squad, '', ''],
      ['丙', '13900000002', '中队X', '', ''],
      ['丁', '13900000003', g1!.squad, '99999999999999', ''],
      ['戊', '13900000004', g1!.squad, g1!.code, ''],
      ['己', '13900000005', g1!.squad, far!.code, ''],
      ['庚', '13900000006', g2!.squad, '', '2999-01-01'],
      [holder!.name, holder!.phone, other!.code, '', ''],
    ]);
    const r = await upload('preview', '名册.xlsx', file, WORKERS);
    expect(r.status).toBe(200);
    expect(messages(r.body.plan).filter((m) => m.startsWith('error'))).toEqual([
      'error 乙: its phone (电话) "abc" is not a phone number',
      'error 丙: its squad (中队) "中队X" is not a squad’s code or name',
      'error 丁: its grid 99999999999999 is not a grid of the town',
      `error 戊: its grid ${g1!.code} is also that of row 1: one worker a grid (R4)`,
      `error 己: its grid ${far!.code} is not of its squad "${g1!.squad}": a worker patrols a grid of their squad (R3, R4)`,
      'error 庚: its hiring day (入职日期) "2999-01-01" is not a day up to today',
      `error ${holder!.name}: it holds grid ${holder!.grid} of its old squad: give it a grid of its new squad, or hand that grid over first (R3, R4)`,
    ]);
    expect(untranslated(r.body.plan)).toEqual([]);
    const before = await srv.db.query('SELECT count(*)::int AS n FROM workers');
    expect((await upload('apply', '名册.xlsx', file, WORKERS)).status).toBe(422);
    expect(await srv.db.query('SELECT count(*)::int AS n FROM workers')).toEqual(before);
  });

  it('hires a worker onto a grid from today, releasing its holder (R4), and updates one matched by phone', async () => {
    const [g] = await srv.db.query<{ id: number; code: string; squad: string; workerId: number }>(
      `SELECT g.id, g.code, s.code AS squad, g.worker_id AS "workerId" FROM grids g JOIN squads s ON s.id = g.squad_id
        WHERE g.valid_to IS NULL AND g.worker_id IS NOT NULL ORDER BY g.code DESC LIMIT 1`,
    );
    const [known] = await srv.db.query<{ id: number; phone: string; squad: string }>(
      `SELECT w.id, w.phone, s.code AS squad FROM workers w JOIN squads s ON s.id = w.squad_id WHERE w.id <> $1 AND w.status = 'active' ORDER BY w.id LIMIT 1`,
      [g!.workerId],
    );
    const file = await xlsx(HEAD, [
      ['新员工', '13912345678', g!.squad, g!.code, '2024-03-01'],
      ['改名员工', known!.phone, known!.squad, '', ''],
    ]);
    const p = await upload('preview', '名册.xlsx', file, WORKERS);
    expect(p.body.plan.blocked).toBe(false);
    expect(p.body.plan.counts).toEqual({ added: 1, changed: 1, removed: 0, unchanged: 0 });
    expect(messages(p.body.plan)).toContainEqual(
      expect.stringMatching(new RegExp(`^warning ${g!.code}: grid ${g!.code} passes from .+ to this worker from today \\(R4\\)$`)),
    );
    const a = await upload('apply', '名册.xlsx', file, WORKERS);
    expect(a.status).toBe(200);
    const [hired] = await srv.db.query<{ id: number; hiredOn: string }>(`SELECT id, hired_on::text AS "hiredOn" FROM workers WHERE phone = '13912345678'`);
    expect(hired!.hiredOn).toBe('2024-03-01');
    expect(await srv.db.query('SELECT worker_id AS "workerId" FROM grids WHERE id = $1', [g!.id])).toEqual([{ workerId: hired!.id }]);
    expect(
      await srv.db.query(
        'SELECT worker_id AS "workerId", from_day::text AS "from", to_day::text AS "to" FROM grid_assignments WHERE grid_id = $1 AND (to_day IS NULL OR to_day = $2) ORDER BY id',
        [g!.id, today],
      ),
    ).toEqual([expect.objectContaining({ workerId: g!.workerId, to: today }), { workerId: hired!.id, from: today, to: null }]);
    expect(await srv.db.query('SELECT name FROM workers WHERE id = $1', [known!.id])).toEqual([{ name: '改名员工' }]);
    // The live coverage names the grid's new worker without a restart.
    const coverage = (await admin.get(`/coverage/summary?date=${today}`)).body;
    expect(coverage.grids.find((x: { gridId: number }) => x.gridId === g!.id)).toMatchObject({ workerId: hired!.id });
  });

  it('brings in departments with headcount and contact from a CSV; bad rows named (R6)', async () => {
    const QUERY = '&kind=departments&codeField=code&nameField=name&headcountField=headcount&contactField=contact&phoneField=phone';
    const [d] = await srv.db.query<{ code: string; name: string }>('SELECT code, name FROM departments ORDER BY id LIMIT 1');
    const bad = 'code,name,headcount,contact,phone\nBad Code,某单位,3,,\nnewdept,水务站,-1,,\nnewdept2,,2,,\n';
    const r = await upload('preview', '成员单位.csv', bad, QUERY);
    expect(r.status).toBe(200);
    expect(messages(r.body.plan)).toEqual([
      'error 某单位: its code (code) "Bad Code" is not 2–32 characters of a–z, 0–9 and _ beginning with a letter',
      'error 水务站: its headcount (headcount) "-1" is not a whole number from 0 to 1000',
      'error newdept2: it has no name (name)',
    ]);
    expect(untranslated(r.body.plan)).toEqual([]);
    const good = `code,name,headcount,contact,phone\nnewdept,水务站,4,张三,13800000001\n${d!.code},${d!.name},9,李四,13800000002\n`;
    const p = await upload('preview', '成员单位.csv', good, QUERY);
    expect(p.body.plan.counts).toEqual({ added: 1, changed: 1, removed: 0, unchanged: 0 });
    expect((await upload('apply', '成员单位.csv', good, QUERY)).status).toBe(200);
    expect(
      await srv.db.query(
        'SELECT code, headcount, contact_name AS "contactName", contact_phone AS "contactPhone" FROM departments WHERE code = ANY($1) ORDER BY code',
        [['newdept', d!.code]],
      ),
    ).toEqual(
      [
        { code: 'newdept', headcount: 4, contactName: '张三', contactPhone: '13800000001' },
        { code: d!.code, headcount: 9, contactName: '李四', contactPhone: '13800000002' },
      ].sort((x, y) => x.code.localeCompare(y.code)),
    );
  });

  it('lets only an administrator bring in a layer', async () => {
    const leader = await client(srv.base, 'squad01');
    const r = await upload('preview', '成员单位.csv', 'code,name\nx1,某\n', '&kind=departments&codeField=code&nameField=name', leader);
    expect(r.status).toBe(403);
  });
});
