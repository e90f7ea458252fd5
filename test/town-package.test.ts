// The whole town as one file (issue 17): the export of one instance, brought into an empty one, gives the
// same town — the same counts, codes and roster, geometry within 1 cm — and that town works at once (its
// map layers, its live coverage) without a restart. A package with something wrong is refused with what,
// and the empty instance stays empty; a loaded town is never overwritten.
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import type { FeatureCollection, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFrame } from '../shared/core/frame.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let demo: TestServer;
let empty: TestServer;
let exported: Buffer;

beforeAll(async () => {
  [demo, empty] = await Promise.all([startTestServer(), startTestServer({ seed: false })]);
  const admin = await client(demo.base, 'admin');
  const r = await fetch(`${demo.base}/api/town/export`, { headers: { cookie: admin.cookie } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/zip');
  exported = Buffer.from(await r.arrayBuffer());
}, 120_000);
afterAll(async () => {
  await demo?.close();
  await empty?.close();
});

const load = async (srv: TestServer, body: Uint8Array, query = '') => {
  const admin = await client(srv.base, 'admin');
  const r = await fetch(`${srv.base}/api/town/package${query}`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'content-type': 'application/zip' },
    body: new Uint8Array(body),
  });
  return { status: r.status, body: await r.json() };
};

const files = (zip: Buffer) => unzipSync(new Uint8Array(zip));
const layer = (zip: Buffer, name: string) => JSON.parse(new TextDecoder().decode(files(zip)[`${name}.geojson`])) as FeatureCollection;
const withLayer = (name: string, fc: unknown) => zipSync({ ...files(exported), [`${name}.geojson`]: new TextEncoder().encode(JSON.stringify(fc)) });

async function rosterOf(zip: Buffer): Promise<Record<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  const bytes = files(zip)['名册.xlsx']!;
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  for (const ws of book.worksheets) {
    out[ws.name] = [];
    ws.eachRow((r) => out[ws.name]!.push((r.values as unknown[]).slice(1)));
  }
  return out;
}

function* coords(c: unknown): Generator<Position> {
  if (Array.isArray(c) && typeof c[0] === 'number') yield c as Position;
  else if (Array.isArray(c)) for (const x of c) yield* coords(x);
}

type Counts = Record<'town' | 'grids' | 'villages' | 'targets' | 'households' | 'focus' | 'workers' | 'staffed' | 'cells', number>;
const counts = async (srv: TestServer) =>
  (
    await srv.db.query<Counts>(
      `SELECT (SELECT count(*)::int FROM town) AS town, (SELECT count(*)::int FROM grids) AS grids, (SELECT count(*)::int FROM villages) AS villages,
              (SELECT count(*)::int FROM targets) AS targets, (SELECT count(*)::int FROM households) AS households,
              (SELECT count(*)::int FROM focus_persons) AS focus, (SELECT count(*)::int FROM workers) AS workers,
              (SELECT count(*)::int FROM grids WHERE worker_id IS NOT NULL) AS staffed, (SELECT count(*)::int FROM road_cells) AS cells`,
    )
  )[0];

describe('a whole town exported and brought into an empty instance (issue 17)', () => {
  it('refuses a package with something wrong, saying what, and the instance stays empty', async () => {
    const grids = layer(exported, 'grids');
    const strayGrid = {
      ...grids,
      features: [{ ...grids.features[0]!, properties: { ...grids.features[0]!.properties, villageCode: '999' } }, ...grids.features.slice(1)],
    };
    const garbled = {
      ...grids,
      features: [{ ...grids.features[0]!, geometry: { type: 'MultiPolygon', coordinates: [[[[117.1, 35]]]] } }, ...grids.features.slice(1)],
    };
    const noGrids = files(exported);
    delete noGrids['grids.geojson'];
    const book = new ExcelJS.Workbook();
    book.addWorksheet('网格员').addRow(['姓名', '电话']);
    const badRoster = zipSync({ ...files(exported), '名册.xlsx': new Uint8Array(await book.xlsx.writeBuffer()) });
    const cases: [string, Uint8Array, string][] = [
      ['not a zip', new TextEncoder().encode('PK? no'), 'not_a_zip'],
      ['no grids layer', zipSync(noGrids), 'missing_layer'],
      ['a grid of a village not in the package', withLayer('grids', strayGrid), 'unknown_code'],
      ['a ring of one position', withLayer('grids', garbled), 'invalid_geometry'],
      ['not a FeatureCollection', withLayer('villages', { type: 'Feature' }), 'invalid_geojson'],
      ['a roster sheet without its columns', badRoster, 'bad_roster'],
    ];
    for (const [what, body, error] of cases) {
      const r = await load(empty, body);
      expect(r.status, what).toBe(422);
      expect(r.body.error, what).toBe(error);
      expect(r.body.message, what).toBeTruthy();
    }
    // The first-start wizard says which town it expects: a package of another is refused.
    expect(await load(empty, exported, '?code=370481107')).toMatchObject({ status: 422, body: { error: 'wrong_town' } });
    expect(await counts(empty)).toMatchObject({ town: 0, grids: 0, households: 0, workers: 0 });
    expect((await (await client(empty.base)).get('/site')).body.town).toBeNull(); // the screens say no town is loaded
  });

  it('gives the same town: counts, codes, roster, and geometry within 1 cm; and it works at once', async () => {
    const r = await load(empty, exported, '?code=370481106');
    expect(r.status).toBe(200);
    expect((await (await client(empty.base)).get('/site')).body.town).toEqual({ code: '370481106', name: '西岗镇' });
    const want = await counts(demo);
    expect(await counts(empty)).toEqual(want);
    expect(r.body).toMatchObject({ grids: want!.grids, households: want!.households, workers: want!.workers, roadCells: want!.cells });

    const admin = await client(empty.base, 'admin');
    const again = await fetch(`${empty.base}/api/town/export`, { headers: { cookie: admin.cookie } });
    const round = Buffer.from(await again.arrayBuffer());
    for (const name of ['boundary', 'squads', 'villages', 'grids', 'roads', 'targets', 'context', 'households']) {
      const [a, b] = [layer(exported, name), layer(round, name)];
      expect(b.features.length, name).toBe(a.features.length);
      expect(
        b.features.map((f) => f.properties),
        name,
      ).toEqual(a.features.map((f) => f.properties));
      let worst = 0;
      a.features.forEach((f, i) => {
        const [pa, pb] = [
          [...coords((f.geometry as { coordinates: unknown }).coordinates)],
          [...coords((b.features[i]!.geometry as { coordinates: unknown }).coordinates)],
        ];
        expect(pb.length, `${name} ${i}`).toBe(pa.length);
        const frame = new LocalFrame(pa[0]![0]!, pa[0]![1]!);
        pa.forEach((p, k) => {
          const [x, y] = frame.toLocal(pb[k]![0]!, pb[k]![1]!);
          const [x0, y0] = frame.toLocal(p[0]!, p[1]!);
          worst = Math.max(worst, Math.hypot(x - x0, y - y0));
        });
      });
      expect(worst, name).toBeLessThan(0.01);
    }
    expect(await rosterOf(round)).toEqual(await rosterOf(exported));

    // The town works without a restart: its layers on the map, its key targets and road cells in the live engine.
    expect((await admin.get('/geo/grids')).body.features).toHaveLength(want!.grids);
    const live = empty.running.coverage.live;
    expect(live.items.targets.size).toBe(demo.running.coverage.live.items.targets.size);
    expect(live.items.cells.size).toBe(demo.running.coverage.live.items.cells.size);
    expect(live.frame).toEqual(demo.running.coverage.live.frame);
    const summary = (await admin.get('/coverage/summary')).body;
    expect(summary.grids).toHaveLength(want!.grids);
    expect(summary.town.workers).toBe(want!.staffed);

    // A loaded town is not overwritten by another package.
    expect(await load(empty, exported)).toMatchObject({ status: 409, body: { error: 'town_exists' } });
  });

  it('exports for administrators only, and the export is audited (it holds personal data, R40)', async () => {
    for (const who of ['leader', 'duty', 'inspector', 'squad01', 'worker', 'wall']) {
      const c = await client(demo.base, who);
      const r = await fetch(`${demo.base}/api/town/export`, { headers: { cookie: c.cookie } });
      expect(r.status, who).toBe(403);
      expect((await r.json()).error).toBe('forbidden');
    }
    const audit = (await (await client(demo.base, 'admin')).get('/audit?entity=town')).body;
    expect(audit.entries.some((e: { action: string }) => e.action === 'export')).toBe(true);
  });
});
