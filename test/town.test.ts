// The town import's first step (issue 17): a town's file read and previewed through the real route — a
// zipped Shapefile in CGCS2000 Gauss–Krüger zone 39 with a GBK table, the same grids as GeoJSON drawn in
// GCJ-02 — converted to WGS84 within 0.5 m of the generator's truth; bad files refused with what is wrong,
// and nothing changed.
import { readFileSync } from 'node:fs';
import gcoord from 'gcoord';
import ExcelJS from 'exceljs';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import iconv from 'iconv-lite';
import proj4 from 'proj4';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFrame } from '../shared/core/frame.ts';
import { bboxOf, epsgDefinition } from '../shared/town/crs.ts';
import { problemInChinese } from '../shared/town/problemText.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';
import { ESRI_CGCS2000_GK_ZONE_39, type ShapeRecord, zippedShapefile } from './helpers/shapefile.ts';

let srv: TestServer;
let admin: Awaited<ReturnType<typeof client>>;
const grids = (JSON.parse(readFileSync('geodata/xigang/grids.geojson', 'utf8')) as FeatureCollection<Polygon | MultiPolygon>).features.slice(0, 6);
const outer = (g: Polygon | MultiPolygon) => (g.type === 'MultiPolygon' ? g.coordinates[0]! : g.coordinates);
const truth = bboxOf(grids.flatMap((g) => outer(g.geometry).flat() as [number, number][]))!;
const zone39 = proj4('WGS84', epsgDefinition(4527)!);
const cm117 = proj4('WGS84', epsgDefinition(4548)!);
const records = (p: proj4.Converter): ShapeRecord[] =>
  grids.map((g) => ({
    rings: outer(g.geometry).map((r) => r.map((c) => p.forward(c as [number, number]) as [number, number])),
    fields: { CODE: String(g.properties!.code), NAME: String(g.properties!.name), CLASS: '二级' },
  }));

/** How far apart two boxes are at their worst corner, in metres. */
const boxApart = (a: number[], b: number[]) => {
  const f = new LocalFrame(b[0]!, b[1]!);
  const [x0, y0] = f.toLocal(a[0]!, a[1]!);
  const [x1, y1] = f.toLocal(a[2]!, a[3]!);
  const [u1, v1] = f.toLocal(b[2]!, b[3]!);
  return Math.max(Math.hypot(x0, y0), Math.hypot(x1 - u1, y1 - v1));
};

const preview = (name: string, body: Uint8Array | string, query = '', type = 'application/octet-stream', who = admin) =>
  fetch(`${srv.base}/api/town/files/preview?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': type },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

beforeAll(async () => {
  srv = await startTestServer();
  admin = await client(srv.base, 'admin');
});
afterAll(() => srv?.close());

describe('a town’s file, previewed (issue 17)', () => {
  it('reads a zipped Shapefile in CGCS2000 zone 39 with a GBK table, to within 0.5 m of the truth', async () => {
    const r = await preview('网格.zip', zippedShapefile('grids', records(zone39), ESRI_CGCS2000_GK_ZONE_39));
    expect(r.status).toBe(200);
    const [layer] = r.body.layers;
    expect(layer).toMatchObject({ name: 'grids', features: grids.length, fields: ['CODE', 'NAME', 'CLASS'], crs: '.prj of grids' });
    expect(layer.sample[0]).toEqual({ CODE: grids[0]!.properties!.code, NAME: grids[0]!.properties!.name, CLASS: '二级' });
    expect(boxApart(layer.bbox, truth)).toBeLessThan(0.5);
  });

  it('checks a layer read as grids, with the columns mapped, and names each feature with what is wrong (R2–R4)', async () => {
    // Part of the town's grids (part=true: the others are kept), as they are but for their class.
    const good = await preview(
      'grids.zip',
      zippedShapefile('grids', records(zone39), ESRI_CGCS2000_GK_ZONE_39),
      '&kind=grids&codeField=CODE&nameField=NAME&classField=CLASS&part=true',
    );
    expect(good.status).toBe(200);
    expect(good.body.plan.problems).toEqual([]);
    expect(good.body.plan.counts).toMatchObject({ added: 0, removed: 0 });
    expect(good.body.plan.counts.changed + good.body.plan.counts.unchanged).toBe(grids.length);
    const broken = records(zone39);
    broken[1]!.fields.CODE = broken[0]!.fields.CODE!; // a code twice
    broken[2]!.fields.CLASS = '五级';
    broken[3]!.rings = broken[0]!.rings; // drawn over the first grid
    const r = await preview(
      'grids.zip',
      zippedShapefile('grids', broken, ESRI_CGCS2000_GK_ZONE_39),
      '&kind=grids&codeField=CODE&nameField=NAME&classField=CLASS&part=true',
    );
    expect(r.status).toBe(200);
    expect(r.body.plan.blocked).toBe(true);
    expect(r.body.plan.problems.map((p: { message: string }) => p.message).filter((m: string) => problemInChinese(m) === m)).toEqual([]);
    // Each feature's own problems; the ground no longer covered (feature 0: the town's) comes first.
    const problems = (r.body.plan.problems as { feature: number; label: string; message: string; severity: string; at?: number[] }[]).filter(
      (p) => p.feature > 0 && p.severity === 'error',
    );
    expect(problems.map((p) => p.feature)).toEqual([2, 3, 4]);
    expect(problems.every((p) => p.at?.length === 2)).toBe(true);
    expect(problems[0]!.message).toBe(`its code ${broken[0]!.fields.CODE} is also that of feature 1`);
    expect(problems[1]!.message).toContain('"五级" is not 一级, 二级 or 三级');
    expect(problems[2]!.message).toMatch(/^it overlaps feature 1 .* by \d+ m²$/);
    expect(problems[2]!.label).toBe(`${broken[3]!.fields.CODE} ${broken[3]!.fields.NAME}`);
    // Checking as grids needs the mapping.
    expect((await preview('grids.zip', zippedShapefile('grids', records(zone39), ESRI_CGCS2000_GK_ZONE_39), '&kind=grids')).status).toBe(400);
  });

  it('reads a zone from the eastings when there is no .prj, and asks for the system when they do not say', async () => {
    const prefixed = await preview('grids.zip', zippedShapefile('grids', records(zone39), null));
    expect(prefixed.status).toBe(200);
    expect(prefixed.body.layers[0].crs).toMatch(/EPSG:4527 \(no \.prj/);
    expect(boxApart(prefixed.body.layers[0].bbox, truth)).toBeLessThan(0.5);
    const plain = zippedShapefile('grids', records(cm117), null);
    const asked = await preview('grids.zip', plain);
    expect(asked).toMatchObject({ status: 422, body: { error: 'crs_needed' } });
    const told = await preview('grids.zip', plain, '&crs=EPSG:4548');
    expect(told.status).toBe(200);
    expect(boxApart(told.body.layers[0].bbox, truth)).toBeLessThan(0.5);
  });

  it('takes the offset off grids drawn on a Chinese web map (GCJ-02), when told', async () => {
    const drawn: FeatureCollection = {
      type: 'FeatureCollection',
      features: grids.map((g) => ({
        ...g,
        geometry: {
          type: 'Polygon',
          coordinates: outer(g.geometry).map((r) => r.map((c) => gcoord.transform(c as [number, number], gcoord.WGS84, gcoord.GCJ02))),
        },
      })),
    };
    const told = await preview('grids.geojson', JSON.stringify(drawn), '&crs=gcj02');
    expect(told.status).toBe(200);
    expect(told.body.layers[0]).toMatchObject({ features: grids.length, crs: 'gcj02' });
    expect(boxApart(told.body.layers[0].bbox, truth)).toBeLessThan(0.5);
    const untold = await preview('grids.geojson', JSON.stringify(drawn));
    expect(boxApart(untold.body.layers[0].bbox, truth)).toBeGreaterThan(200); // the offset a user would see
  });

  it('reads KML (as Google Earth and 奥维 export it), its placemarks’ names and data as fields', async () => {
    const placemarks = grids
      .map((g) => {
        const ring = outer(g.geometry)[0]!
          .map((c) => `${c[0]},${c[1]}`)
          .join(' ');
        return `<Placemark><name>${g.properties!.name}</name><ExtendedData><Data name="code"><value>${g.properties!.code}</value></Data></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
      })
      .join('');
    const r = await preview(
      '网格.kml',
      `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemarks}</Document></kml>`,
    );
    expect(r.status).toBe(200);
    expect(r.body.layers[0]).toMatchObject({ name: '网格', features: grids.length, geometryTypes: { Polygon: grids.length }, crs: 'WGS84 (KML)' });
    expect(r.body.layers[0].fields).toEqual(expect.arrayContaining(['name', 'code']));
    expect(r.body.layers[0].sample[0]).toMatchObject({ name: grids[0]!.properties!.name, code: String(grids[0]!.properties!.code) });
    expect(boxApart(r.body.layers[0].bbox, truth)).toBeLessThan(0.5);
    // The same as KMZ (a zip of doc.kml), as Google Earth saves it.
    const kmz = zipSync({
      'doc.kml': new TextEncoder().encode(
        `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemarks}</Document></kml>`,
      ),
    });
    const z = await preview('网格.kmz', kmz);
    expect(z.status).toBe(200);
    expect(z.body.layers[0]).toMatchObject({ features: grids.length, geometryTypes: { Polygon: grids.length } });
    expect(boxApart(z.body.layers[0].bbox, truth)).toBeLessThan(0.5);
  });

  it('reads shapes written as WKT in a table column, as ArcGIS and QGIS export a layer', async () => {
    const wkt = (g: Polygon | MultiPolygon) =>
      `POLYGON((${outer(g)[0]!
        .map((c) => `${c[0]} ${c[1]}`)
        .join(',')}))`;
    const csv = ['网格编码,网格名称,WKT', ...grids.map((g) => `${g.properties!.code},${g.properties!.name},"${wkt(g.geometry)}"`)].join('\r\n');
    const r = await preview('网格.csv', csv);
    expect(r.status).toBe(200);
    expect(r.body.layers[0]).toMatchObject({
      features: grids.length,
      geometryTypes: { Polygon: grids.length },
      crs: 'WGS84 (WKT in WKT)',
      fields: ['网格编码', '网格名称'],
    });
    expect(r.body.layers[0].mapping).toMatchObject({ kind: 'grids', codeField: '网格编码', nameField: '网格名称' });
    expect(boxApart(r.body.layers[0].bbox, truth)).toBeLessThan(0.5);
  });

  it('reads a table of points with longitude and latitude columns, as .xlsx and as a GBK CSV saved by Excel', async () => {
    const targets = (JSON.parse(readFileSync('geodata/xigang/targets.geojson', 'utf8')) as FeatureCollection<Point>).features.slice(0, 8);
    const head = ['名称', '类别', '网格编码', '经度', '纬度'];
    const rows = targets.map((t) => [t.properties!.name, t.properties!.kind, t.properties!.gridCode, ...t.geometry.coordinates]);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('重点目标');
    sheet.addRow(head);
    for (const r of rows) sheet.addRow(r);
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    const csv = iconv.encode([head, ...rows].map((r) => r.join(',')).join('\r\n'), 'gbk');
    const truthBox = bboxOf(targets.map((t) => t.geometry.coordinates as [number, number]))!;
    for (const [name, body] of [
      ['重点目标.xlsx', xlsx],
      ['重点目标.csv', csv],
    ] as const) {
      const r = await preview(name, body);
      expect(r.status, name).toBe(200);
      const [layer] = r.body.layers;
      expect(layer, name).toMatchObject({
        features: targets.length,
        geometryTypes: { Point: targets.length },
        fields: ['名称', '类别', '网格编码'],
        crs: 'WGS84 (columns 经度, 纬度)',
      });
      expect(layer.sample[0], name).toEqual({
        名称: targets[0]!.properties!.name,
        类别: targets[0]!.properties!.kind,
        网格编码: targets[0]!.properties!.gridCode,
      });
      expect(boxApart(layer.bbox, truthBox), name).toBeLessThan(0.01);
    }
    // The wrong columns, or a row whose coordinates cannot be read: named, nothing taken.
    // A table without coordinates is read as rows (people have no points of their own), but not as households.
    const table = await preview('户.csv', '地址,人口\r\n东王庄村1号,3');
    expect(table.status).toBe(200);
    expect(table.body.layers[0]).toMatchObject({ features: 1, bbox: null, geometryTypes: { none: 1 }, crs: 'none (a table without coordinates)' });
    const wrong = await preview('户.csv', '地址,人口\r\n东王庄村1号,3', '&kind=households&addressField=地址');
    expect(wrong).toMatchObject({ status: 422, body: { error: 'no_coordinates' } });
    const bad = await preview('户.csv', '地址,经度,纬度\r\n一号,117.08,35.04\r\n二号,东边,35.05');
    expect(bad).toMatchObject({ status: 422, body: { error: 'bad_coordinates' } });
    expect(bad.body.message).toContain('row 3');
    expect((await preview('户.xlsx', 'not a workbook')).body.error).toBe('invalid_table');
  });

  it('refuses what it cannot read, with what is wrong, and changes nothing', async () => {
    const before = await srv.db.query<{ n: number }>('SELECT (SELECT count(*) FROM grids) + (SELECT count(*) FROM town) AS n');
    const shp = zippedShapefile('grids', records(zone39), ESRI_CGCS2000_GK_ZONE_39);
    const noShp = Buffer.from(zipSync({ 'readme.txt': new TextEncoder().encode('网格图') }));
    const noDbf = Buffer.from(zipSync({ 'grids.shp': new Uint8Array(100), 'grids.shx': new Uint8Array(100) }));
    const cases: [string, Uint8Array | string, string, number, string][] = [
      ['grids.zip', noShp, '', 422, 'no_shapefile'],
      ['grids.zip', noDbf, '', 422, 'no_dbf'],
      ['grids.zip', Buffer.from('not a zip at all'), '', 422, 'not_a_zip'],
      ['grids.geojson', '{"type":"Feature","geometry":null,"properties":{}}', '', 422, 'invalid_geojson'],
      ['grids.geojson', '{"type":', '', 422, 'invalid_geojson'],
      ['grids.kml', '<kml><Document>', '', 422, 'invalid_kml'],
      ['grids.kml', '<gpx></gpx>', '', 422, 'invalid_kml'],
      ['grids.kmz', 'PK', '', 422, 'not_a_zip'],
      ['grids.kmz', noShp, '', 422, 'invalid_kml'],
      ['grids.gpx', '<gpx></gpx>', '', 415, 'unsupported_file'],
      ['grids.csv', 'WKT,name\r\nPOLYGON((117 35,117.1 35,117 35.1)),x', '', 422, 'bad_wkt'],
      ['grids.zip', zippedShapefile('grids', records(zone39), null), '&crs=EPSG:4526', 422, 'not_near_town'], // zone 38: 300 km west
      ['grids.zip', shp, '&crs=EPSG:9999', 422, 'unknown_crs'],
      ['grids.zip', shp, '&crs=mars', 400, 'invalid_request'],
      ['grids.zip', Buffer.alloc(51 * 1024 * 1024), '', 413, 'payload_too_large'],
    ];
    for (const [name, body, query, status, error] of cases) {
      const r = await preview(name, body, query);
      expect(r.status, `${name}${query} ${error}`).toBe(status);
      expect(r.body.error, `${name}${query}`).toBe(error);
      expect(r.body.message, `${name}${query}`).toBeTruthy();
    }
    expect((await preview('grids.geojson', '{"type":"FeatureCollection","features":[]}', '', 'application/json')).status).toBe(415); // not sent as the file
    expect((await preview('grids.zip', shp, '', 'application/octet-stream', await client(srv.base, 'leader'))).status).toBe(403);
    const after = await srv.db.query<{ n: number }>('SELECT (SELECT count(*) FROM grids) + (SELECT count(*) FROM town) AS n');
    expect(after).toEqual(before);
  });
});
