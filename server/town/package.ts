// A whole town as one file (issue 17): a zip of its GeoJSON layers (WGS84, the shape of shared/town/layers.ts)
// with its households, and an .xlsx roster of its brigade — workers with their grids, departments (R6),
// staff, the 帮扶/关注 people (R10, sensitive: the export is an administrator's and audited). The export of
// one instance brought into an empty one gives the same town; a town can also prepare its own data in
// this shape. Nothing here is partial: a package loads into an empty town in one transaction or not at all.
import type ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import type { Feature, FeatureCollection } from 'geojson';
import { LAYER_NAMES, type TownLayers } from '../../shared/town/layers.ts';
import { malformedGeometry } from '../../shared/town/validate.ts';
import { cutRoadCells } from '../coverage/roadCells.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';
import { excel } from '../platform/excel.ts';
import { HttpError } from '../platform/http/errors.ts';
import { geom, idCol, loadTown, withIds } from './load.ts';
import { current } from './validity.ts';

/** Millimetres: a round trip keeps geometry well within a centimetre. */
const DIGITS = 9;
const ROSTER = '名册.xlsx';
const HOUSEHOLDS = 'households';

/** The roster's sheets and their columns, as a brigade's office writes them. */
const SHEETS = {
  workers: { name: '网格员', columns: ['姓名', '手机', '中队编码', '网格编码', '入职日期', '状态'] },
  departments: { name: '成员单位', columns: ['编码', '名称', '人数'] },
  sections: { name: '三组一队', columns: ['编码', '名称', '职责', '岗位数'] },
  staff: { name: '工作人员', columns: ['姓名', '手机', '职务', '组编码', '中队编码'] },
  focus: { name: '帮扶关注人员', columns: ['户序号', '类型', '类别', '姓名', '性别', '出生年份', '手机', '登记日期', '备注'] },
  brigade: { name: '大队', columns: ['名称', '依托单位'] },
} as const;

const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

/** Rows of SQL as features: each row's `geometry` (GeoJSON) and the rest its properties. */
async function layer(q: Queryable, sql: string): Promise<FeatureCollection> {
  const rows = await q.query<{ geometry: Feature['geometry'] } & Record<string, unknown>>(sql);
  return fc(rows.map(({ geometry, ...properties }) => ({ type: 'Feature', geometry, properties })));
}

const g = (col: string) => `ST_AsGeoJSON(${col}, ${DIGITS})::json AS geometry`;

/** The town as it is now, as a zip. */
export async function exportTown(q: Queryable): Promise<Buffer> {
  const layers: Record<string, FeatureCollection> = {
    boundary: await layer(q, `SELECT ${g('boundary')}, code, name FROM town`),
    squads: await layer(q, `SELECT ${g('area')}, code, name, branch FROM squads ORDER BY code`),
    villages: await layer(
      q,
      `SELECT ${g('v.area')}, v.code, v.name, v.kind, s.code AS "squadCode",
              (SELECT count(*)::int FROM households h JOIN grids g ON g.id = h.grid_id WHERE g.village_id = v.id) AS households,
              json_build_array(ST_X(v.centre), ST_Y(v.centre)) AS centre
         FROM villages v JOIN squads s ON s.id = v.squad_id ORDER BY v.code`,
    ),
    grids: await layer(
      q,
      `SELECT ${g('g.area')}, g.code, g.name, g.class, v.code AS "villageCode", s.code AS "squadCode"
         FROM grids g JOIN villages v ON v.id = g.village_id JOIN squads s ON s.id = g.squad_id WHERE ${current('g')} ORDER BY g.code`,
    ),
    roads: await layer(q, `SELECT ${g('geom')}, name, class, NULL AS "villageCode" FROM roads r WHERE ${current('r')} ORDER BY id`),
    targets: await layer(
      q,
      `SELECT ${g('t.geom')}, t.name, t.kind, g.code AS "gridCode", t.radius_m::float8 AS "radiusM", t.required_passes AS "requiredPasses"
         FROM targets t JOIN grids g ON g.id = t.grid_id WHERE ${current('t')} ORDER BY t.id`,
    ),
    context: await layer(q, `SELECT ${g('geom')}, kind, name FROM context_features ORDER BY id`),
    [HOUSEHOLDS]: await layer(
      q,
      `SELECT ${g('h.geom')}, row_number() OVER (ORDER BY h.id)::int AS no, h.address, h.size, g.code AS "gridCode"
         FROM households h JOIN grids g ON g.id = h.grid_id ORDER BY h.id`,
    ),
  };
  const files: Record<string, Uint8Array> = {};
  for (const [name, collection] of Object.entries(layers)) files[`${name}.geojson`] = new TextEncoder().encode(JSON.stringify(collection));
  files[ROSTER] = new Uint8Array(await roster(q));
  return Buffer.from(zipSync(files, { level: 6 }));
}

async function roster(q: Queryable): Promise<ArrayBuffer> {
  const book = new (await excel()).Workbook();
  const sheet = (key: keyof typeof SHEETS, rows: unknown[][]) => {
    const s = book.addWorksheet(SHEETS[key].name);
    s.addRow([...SHEETS[key].columns]);
    s.getRow(1).font = { bold: true };
    for (const r of rows) s.addRow(r);
    s.columns.forEach((c) => {
      c.width = 14;
    });
  };
  const rows = async (sql: string) => (await q.query<Record<string, unknown>>(sql)).map((r) => Object.values(r));
  // Codes and phones as text: Excel would turn 14 digits into 3.7E+13.
  sheet(
    'workers',
    await rows(`SELECT w.name, w.phone, s.code, g.code AS grid, w.hired_on::text, w.status
                  FROM workers w JOIN squads s ON s.id = w.squad_id LEFT JOIN grids g ON g.worker_id = w.id ORDER BY w.id`),
  );
  sheet('departments', await rows('SELECT code, name, headcount FROM departments ORDER BY id'));
  sheet('sections', await rows('SELECT code, name, duty, posts FROM sections ORDER BY id'));
  sheet(
    'staff',
    await rows(`SELECT st.name, st.phone, st.position, se.code AS section, sq.code AS squad
                  FROM staff st LEFT JOIN sections se ON se.id = st.section_id LEFT JOIN squads sq ON sq.id = st.squad_id ORDER BY st.id`),
  );
  sheet(
    'focus',
    await rows(`WITH homes AS (SELECT id, row_number() OVER (ORDER BY id)::int AS no FROM households)
                SELECT h.no, f.kind, f.category, f.name, f.gender, f.birth_year, f.phone, f.registered_on::text, f.note
                  FROM focus_persons f JOIN homes h ON h.id = f.household_id ORDER BY f.id`),
  );
  sheet('brigade', await rows('SELECT name, host FROM brigade'));
  for (const ws of book.worksheets)
    ws.eachRow((r) =>
      r.eachCell((c) => {
        if (typeof c.value === 'string') c.numFmt = '@';
      }),
    );
  return book.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}

const refuse = (code: string, message: string) => new HttpError(422, code, message);

/** A sheet's rows by its header's column names; a missing sheet is none, a sheet without its columns is refused. */
type SheetRow<K extends keyof typeof SHEETS> = Record<(typeof SHEETS)[K]['columns'][number], string>;

function sheetRows<K extends keyof typeof SHEETS>(book: ExcelJS.Workbook, key: K): SheetRow<K>[] {
  const { name, columns } = SHEETS[key];
  const ws = book.getWorksheet(name);
  if (!ws) return [];
  const head = ((ws.getRow(1).values as unknown[]) ?? []).slice(1).map((v) => String(v ?? '').trim());
  const missing = columns.filter((c) => !head.includes(c));
  if (missing.length) throw refuse('bad_roster', `${ROSTER}, sheet ${name}: no column ${missing.join(', ')} (it has ${head.join(', ') || 'none'})`);
  const out: SheetRow<K>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cells = (row.values as unknown[]).slice(1);
    const text = (v: unknown) => (v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());
    out.push(Object.fromEntries(head.map((h, i) => [h, text(cells[i])])) as SheetRow<K>);
  });
  return out;
}

export interface PackageCounts {
  grids: number;
  villages: number;
  squads: number;
  targets: number;
  roads: number;
  households: number;
  workers: number;
  roadCells: number;
}

/** Loads a package into an empty town: every layer and the roster, in `tx`. */
export async function importTown(tx: Queryable, bytes: Buffer, expectedCode?: string): Promise<PackageCounts> {
  const [town] = await tx.query<{ name: string }>('SELECT name FROM town');
  if (town)
    throw new HttpError(
      409,
      'town_exists',
      `${town.name} is loaded: a whole town comes into an empty instance only (a grid layer is applied with /town/files/apply)`,
    );
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(bytes));
  } catch {
    throw refuse('not_a_zip', 'a town package is a zip of GeoJSON layers and 名册.xlsx');
  }
  const read = (name: string, required: boolean): FeatureCollection => {
    const entry = Object.keys(files).find((f) => f.replace(/^.*\//, '') === `${name}.geojson`);
    if (!entry) {
      if (required) throw refuse('missing_layer', `the package has no ${name}.geojson (it needs ${['boundary', 'squads', 'villages', 'grids'].join(', ')})`);
      return fc([]);
    }
    let json: FeatureCollection;
    try {
      json = JSON.parse(new TextDecoder().decode(files[entry]));
    } catch {
      throw refuse('invalid_geojson', `${entry} is not JSON`);
    }
    if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw refuse('invalid_geojson', `${entry} is not a GeoJSON FeatureCollection`);
    return json;
  };
  const layers = Object.fromEntries(LAYER_NAMES.map((n) => [n, read(n, ['boundary', 'squads', 'villages', 'grids'].includes(n))])) as unknown as TownLayers;
  for (const [name, collection] of Object.entries(layers) as [string, FeatureCollection][])
    collection.features.forEach((f, i) => {
      const wrong = malformedGeometry(f.geometry);
      if (wrong) throw refuse('invalid_geometry', `${name}.geojson, feature ${i + 1} (${String(f.properties?.code ?? f.properties?.name ?? '')}): ${wrong}`);
    });
  if (layers.boundary.features.length !== 1) throw refuse('invalid_layer', 'boundary.geojson holds the town’s one boundary');
  const { code, name } = (layers.boundary.features[0]!.properties ?? {}) as { code?: unknown; name?: unknown };
  if (expectedCode !== undefined && String(code) !== expectedCode)
    throw refuse('wrong_town', `the package is for ${String(name)} (${String(code)}), not the town ${expectedCode}`);
  const households = read(HOUSEHOLDS, false).features;
  const badHome = households.findIndex((h) => h.geometry?.type !== 'Point' || malformedGeometry(h.geometry));
  if (badHome >= 0) throw refuse('invalid_geometry', `${HOUSEHOLDS}.geojson, feature ${badHome + 1}: a household is a point`);
  const book = new (await excel()).Workbook();
  const rosterEntry = Object.keys(files).find((f) => f.replace(/^.*\//, '') === ROSTER);
  if (rosterEntry)
    try {
      await book.xlsx.load(
        files[rosterEntry]!.buffer.slice(files[rosterEntry]!.byteOffset, files[rosterEntry]!.byteOffset + files[rosterEntry]!.byteLength) as ArrayBuffer,
      );
    } catch {
      throw refuse('bad_roster', `${ROSTER} is not an Excel workbook`);
    }

  // Codes that must be found: each village's squad, each grid's village and squad, each target's and household's grid.
  const codes = (f: FeatureCollection) => new Set(f.features.map((x) => String(x.properties?.code)));
  const [squadCodes, villageCodes, gridCodes] = [codes(layers.squads), codes(layers.villages), codes(layers.grids)];
  const unknown = (what: string, features: Feature[], key: string, known: Set<string>) => {
    const bad = features.find((x) => !known.has(String(x.properties?.[key])));
    if (bad)
      throw refuse(
        'unknown_code',
        `${what} ${String(bad.properties?.name ?? bad.properties?.address ?? '')}: ${key} ${String(bad.properties?.[key])} is not in the package`,
      );
  };
  unknown('village', layers.villages.features, 'squadCode', squadCodes);
  unknown('grid', layers.grids.features, 'villageCode', villageCodes);
  unknown('grid', layers.grids.features, 'squadCode', squadCodes);
  unknown('key target', layers.targets.features, 'gridCode', gridCodes);
  unknown('household', households, 'gridCode', gridCodes);

  const { squadId, gridId } = await loadTown(tx, layers);
  const brigade = sheetRows(book, 'brigade')[0];
  const townName = String(layers.boundary.features[0]!.properties?.name ?? '');
  await tx.query('INSERT INTO brigade (name, host) VALUES ($1, $2)', [
    brigade?.名称 || `${townName}巡查大队`,
    brigade?.依托单位 || `${townName}社会治理综合服务中心`,
  ]);
  const sections = withIds(sheetRows(book, 'sections'));
  await bulkInsert(
    tx,
    'sections',
    [
      idCol(),
      { name: 'code', type: 'text', value: (s) => s.编码 },
      { name: 'name', type: 'text', value: (s) => s.名称 },
      { name: 'duty', type: 'text', value: (s) => s.职责 },
      { name: 'posts', type: 'int', value: (s) => Number(s.岗位数) || 0 },
    ],
    sections,
  );
  await bulkInsert(
    tx,
    'departments',
    [
      { name: 'code', type: 'text', value: (d) => d.编码 },
      { name: 'name', type: 'text', value: (d) => d.名称 },
      { name: 'headcount', type: 'int', value: (d) => Number(d.人数) || 0 },
    ],
    sheetRows(book, 'departments'),
  );
  const sectionId = new Map(sections.map((s) => [s.编码, s.id]));
  await bulkInsert(
    tx,
    'staff',
    [
      { name: 'name', type: 'text', value: (s) => s.姓名 },
      { name: 'phone', type: 'text', value: (s) => s.手机 },
      { name: 'position', type: 'text', value: (s) => s.职务 },
      { name: 'section_id', type: 'int', value: (s) => (s.组编码 ? sectionId.get(s.组编码) : null) },
      { name: 'squad_id', type: 'int', value: (s) => (s.中队编码 ? squadId.get(s.中队编码) : null) },
    ],
    sheetRows(book, 'staff'),
  );

  const workers = withIds(sheetRows(book, 'workers'));
  for (const w of workers) {
    if (!squadId.has(w.中队编码)) throw refuse('unknown_code', `worker ${w.姓名}: squad ${w.中队编码} is not in the package`);
    if (w.网格编码 && !gridId.has(w.网格编码)) throw refuse('unknown_code', `worker ${w.姓名}: grid ${w.网格编码} is not in the package`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(w.入职日期)) throw refuse('bad_roster', `worker ${w.姓名}: 入职日期 ${w.入职日期} is not a date (YYYY-MM-DD)`);
  }
  const held = new Map<string, string>();
  for (const w of workers.filter((x) => x.网格编码)) {
    if (held.has(w.网格编码)) throw refuse('two_workers', `grid ${w.网格编码} is given to ${held.get(w.网格编码)} and ${w.姓名}: one worker a grid (R4)`);
    held.set(w.网格编码, w.姓名);
  }
  await bulkInsert(
    tx,
    'workers',
    [
      idCol(),
      { name: 'name', type: 'text', value: (w) => w.姓名 },
      { name: 'phone', type: 'text', value: (w) => w.手机 },
      { name: 'squad_id', type: 'int', value: (w) => squadId.get(w.中队编码) },
      { name: 'hired_on', type: 'date', value: (w) => w.入职日期 },
      { name: 'status', type: 'text', value: (w) => w.状态 || 'active' },
    ],
    workers,
  );
  const staffed = workers.filter((w) => w.网格编码);
  await tx.query('UPDATE grids g SET worker_id = x.w FROM unnest($1::int[], $2::int[]) AS x(g, w) WHERE g.id = x.g', [
    staffed.map((w) => gridId.get(w.网格编码)),
    staffed.map((w) => w.id),
  ]);

  const homes = households.map((h, i) => ({ h, id: i + 1, no: String(h.properties?.no ?? i + 1) }));
  await bulkInsert(
    tx,
    'households',
    [
      { name: 'id', type: 'int', value: (r) => r.id },
      { name: 'address', type: 'text', value: (r) => String(r.h.properties?.address ?? '') },
      { name: 'grid_id', type: 'int', value: (r) => gridId.get(String(r.h.properties?.gridCode)) },
      { name: 'size', type: 'int', value: (r) => Number(r.h.properties?.size) || 1 },
      { name: 'geom', ...geom(), value: (r) => JSON.stringify(r.h.geometry) },
    ],
    homes,
  );
  const homeOf = new Map(homes.map((r) => [r.no, r.id]));
  const focus = sheetRows(book, 'focus');
  const stray = focus.find((f) => !homeOf.has(f.户序号));
  if (stray) throw refuse('unknown_code', `${SHEETS.focus.name}: ${stray.姓名}’s household ${stray.户序号} is not in ${HOUSEHOLDS}.geojson`);
  await bulkInsert(
    tx,
    'focus_persons',
    [
      { name: 'household_id', type: 'int', value: (f) => homeOf.get(f.户序号) },
      { name: 'kind', type: 'text', value: (f) => f.类型 },
      { name: 'category', type: 'text', value: (f) => f.类别 },
      { name: 'name', type: 'text', value: (f) => f.姓名 },
      { name: 'gender', type: 'text', value: (f) => f.性别 },
      { name: 'birth_year', type: 'int', value: (f) => Number(f.出生年份) },
      { name: 'phone', type: 'text', value: (f) => f.手机 },
      { name: 'registered_on', type: 'date', value: (f) => f.登记日期 },
      { name: 'note', type: 'text', value: (f) => f.备注 },
    ],
    focus,
  );
  for (const t of ['workers', 'households', 'sections'])
    await tx.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), greatest((SELECT max(id) FROM ${t}), 1))`);
  const roadCells = await cutRoadCells(tx, null, '2000-01-01');
  return {
    grids: layers.grids.features.length,
    villages: layers.villages.features.length,
    squads: layers.squads.features.length,
    targets: layers.targets.features.length,
    roads: layers.roads.features.length,
    households: homes.length,
    workers: workers.length,
    roadCells,
  };
}
