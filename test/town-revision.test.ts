// A town's grids redrawn through the import (issue 17, R2–R4, R13): applied as a revision from today, the
// record of yesterday keeps yesterday's grids and key targets — even when it is computed again — while
// today's coverage, the map layers and the live engine switch over without a restart, and the screens are
// told. A plan with errors changes nothing. Only an administrator imports.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayRange, shanghaiDay } from '../shared/core/time.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let admin: Awaited<ReturnType<typeof client>>;
const today = shanghaiDay(Date.now());
const yesterday = addDays(today, -1);

/** Two neighbouring grids of one village, each staffed; the second (absorbed) has key targets. */
let keep: { id: number; code: string; name: string; workerId: number };
let absorbed: { id: number; code: string; name: string; workerId: number; target: { id: number; lon: number; lat: number } };

const upload = (path: 'preview' | 'apply', name: string, body: string, query: string, who = admin) =>
  fetch(`${srv.base}/api/town/files/${path}?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/octet-stream' },
    body,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

const MAPPING = '&kind=grids&codeField=code&nameField=name';

/** A GeoJSON file of grids as PostGIS has them, `areas` SQL giving code, name and area. */
async function fileOf(areas: string, params: unknown[] = []) {
  const features = await srv.db.query<{ code: string; name: string; geometry: unknown }>(
    `SELECT code, name, ST_AsGeoJSON(area, 9)::json AS geometry FROM (${areas}) a ORDER BY code`,
    params,
  );
  return JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { code: f.code, name: f.name } })),
  });
}

/** Fixes crossing a point twice on a day (two passes, far enough apart to count, R13), as the worker's terminal sends them. */
async function passTwice(workerId: number, p: { lon: number; lat: number }, times: number[]) {
  const token = (await admin.post('/devices', { uniqueId: `REV-${workerId}-${times[0]}`, workerId })).body.token;
  const fixes = times.flatMap((t) =>
    [-3, -2, -1, 0, 1, 2, 3].map((k) => ({ deviceTime: new Date(t + k * 10_000).toISOString(), lon: p.lon + k * 0.0001, lat: p.lat, accuracy: 5 })),
  );
  const r = await fetch(`${srv.base}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ fixes }),
  });
  expect(r.status).toBe(200);
}

const count = async () =>
  (
    await srv.db.query<{ grids: number; targets: number; cells: number; households: string; revisions: number }>(
      `SELECT (SELECT count(*)::int FROM grids WHERE valid_to IS NULL) AS grids, (SELECT count(*)::int FROM targets WHERE valid_to IS NULL) AS targets,
              (SELECT count(*)::int FROM road_cells WHERE valid_to IS NULL) AS cells,
              (SELECT string_agg(grid_id::text, ',' ORDER BY id) FROM households) AS households, (SELECT count(*)::int FROM town_revisions) AS revisions`,
    )
  )[0]!;

beforeAll(async () => {
  srv = await startTestServer();
  admin = await client(srv.base, 'admin');
  const [pair] = await srv.db.query<{ a: number; b: number }>(
    `SELECT a.id AS a, b.id AS b FROM grids a JOIN grids b ON a.village_id = b.village_id AND a.id < b.id
        AND ST_Length(ST_Intersection(ST_Boundary(a.area), ST_Boundary(b.area))::geography) > 100
      WHERE a.worker_id IS NOT NULL AND b.worker_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM targets t WHERE t.grid_id = b.id AND GeometryType(t.geom) = 'POINT')
        AND EXISTS (SELECT 1 FROM households h WHERE h.grid_id = b.id)
      ORDER BY a.id LIMIT 1`,
  );
  const grid = async (id: number) =>
    (
      await srv.db.query<{ id: number; code: string; name: string; workerId: number }>(
        'SELECT id, code, name, worker_id AS "workerId" FROM grids WHERE id = $1',
        [id],
      )
    )[0]!;
  keep = await grid(pair!.a);
  const [target] = await srv.db.query<{ id: number; lon: number; lat: number }>(
    `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM targets WHERE grid_id = $1 AND GeometryType(geom) = 'POINT' ORDER BY id LIMIT 1`,
    [pair!.b],
  );
  absorbed = { ...(await grid(pair!.b)), target: target! };
});
afterAll(() => srv?.close());

describe('a grid redrawn by an import (issue 17)', () => {
  it('is previewed with what would be added, changed and removed, and changes nothing', async () => {
    const before = await count();
    // The whole layer, with the absorbed grid merged into its neighbour.
    const merged = await fileOf(
      `SELECT code, name, CASE WHEN id = $1 THEN ST_Multi(ST_Union(area, (SELECT area FROM grids WHERE id = $2))) ELSE area END AS area
         FROM grids WHERE valid_to IS NULL AND id <> $2`,
      [keep.id, absorbed.id],
    );
    const r = await upload('preview', '网格.geojson', merged, MAPPING);
    expect(r.status).toBe(200);
    const plan = r.body.plan;
    expect(plan.counts).toMatchObject({ added: 0, changed: 1, removed: 1 });
    expect(plan.counts.unchanged).toBe(before.grids - 2);
    expect(plan.changes.features.map((f: any) => [f.properties.code, f.properties.change]).sort()).toEqual(
      [
        [keep.code, 'changed'],
        [absorbed.code, 'removed'],
      ].sort(),
    );
    expect(plan.blocked).toBe(false);
    // The absorbed grid's worker is left without a grid, which is said, with the grid's place (R4).
    const left = plan.problems.find((p: any) => p.label.startsWith(absorbed.code));
    expect(left).toMatchObject({ severity: 'warning' });
    expect(left.message).toContain('left without a grid');
    expect(left.at).toHaveLength(2);
    expect(plan.moves.households).toBeGreaterThan(0);
    expect(plan.moves.targets).toBeGreaterThan(0);
    // The columns look like a grid layer's: the preview offers that mapping, not yet remembered.
    expect(r.body.layers[0].mapping).toEqual({ kind: 'grids', codeField: 'code', nameField: 'name', remembered: false });
    expect(await count()).toEqual(before);
  });

  it('keeps yesterday’s record and switches today over, live and on the map, without a restart', async () => {
    const y = dayRange(yesterday).start.getTime();
    await passTwice(absorbed.workerId, absorbed.target, [y + 8 * 3_600_000, y + 15 * 3_600_000]);
    // Today: one pass by the absorbed grid's worker just now (and after midnight, Asia/Shanghai, in the first
    // minutes of a day: five minutes ago was yesterday).
    await passTwice(absorbed.workerId, absorbed.target, [Math.max(Date.now() - 5 * 60_000, dayRange(today).start.getTime() + 40_000)]);
    const leader = await client(srv.base, 'leader');
    const yesterdayBefore = (await leader.get(`/coverage/summary?date=${yesterday}`)).body;
    const was = yesterdayBefore.grids.find((g: any) => g.gridId === absorbed.id);
    expect(was.complete).toBeGreaterThanOrEqual(1);
    const todayBefore = (await leader.get('/coverage/summary')).body;
    const keptBefore = todayBefore.grids.find((g: any) => g.gridId === keep.id);
    const absorbedToday = todayBefore.grids.find((g: any) => g.gridId === absorbed.id);

    const wall = await client(srv.base, 'wall');
    const socket = io(srv.base, { transports: ['websocket'], extraHeaders: { cookie: wall.cookie }, reconnection: false });
    const told = new Promise((resolve) => socket.on('town:changed', resolve));
    await new Promise((resolve) => socket.on('live:snapshot', resolve));

    const merged = await fileOf(
      `SELECT code, name || '（合并）' AS name, ST_Multi(ST_Union(area, (SELECT area FROM grids WHERE id = $2))) AS area FROM grids WHERE id = $1`,
      [keep.id, absorbed.id],
    );
    // The file holds the one grid redrawn; the absorbed grid is removed because the whole layer is not sent… so say so: part=true keeps the rest.
    const partial = await upload('apply', '合并.geojson', merged, `${MAPPING}&part=true`);
    // The absorbed grid is still in the town, so the merged grid overlaps it: an error, and nothing changes.
    expect(partial.status).toBe(422);
    expect(partial.body.error).toBe('import_blocked');
    expect(partial.body.details.some((p: any) => p.message.includes(absorbed.code))).toBe(true);

    const whole = await fileOf(
      `SELECT code, CASE WHEN id = $1 THEN name || '（合并）' ELSE name END AS name,
              CASE WHEN id = $1 THEN ST_Multi(ST_Union(area, (SELECT area FROM grids WHERE id = $2))) ELSE area END AS area
         FROM grids WHERE valid_to IS NULL AND id <> $2`,
      [keep.id, absorbed.id],
    );
    const applied = await upload('apply', '西岗镇网格.geojson', whole, MAPPING);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ effectiveOn: today, file: '西岗镇网格.geojson', by: expect.any(String) });
    expect(applied.body.counts).toMatchObject({ added: 0, changed: 1, removed: 1 });
    expect(applied.body.counts.roadCells).toBeGreaterThanOrEqual(0);
    await told;
    socket.close();

    // Yesterday: the same record, the absorbed grid and its passes in it — and again when computed anew.
    // A grid's name is a label of the same grid and is not dated: yesterday shows the merged grid's new name.
    const unnamed = (summary: any) => ({ ...summary, grids: summary.grids.map(({ name: _name, ...g }: any) => g) });
    expect(unnamed((await leader.get(`/coverage/summary?date=${yesterday}`)).body)).toEqual(unnamed(yesterdayBefore));
    expect((await admin.post('/coverage/record', { date: yesterday })).status).toBe(200);
    const recomputed = (await leader.get(`/coverage/summary?date=${yesterday}`)).body;
    expect(unnamed(recomputed).grids).toEqual(unnamed(yesterdayBefore).grids);

    // Today: one grid fewer; the merged grid holds both grids' key targets, the absorbed one's pass counted (the live engine rebuilt).
    const todayAfter = (await leader.get('/coverage/summary')).body;
    expect(todayAfter.grids.find((g: any) => g.gridId === absorbed.id)).toBeUndefined();
    const merged2 = todayAfter.grids.find((g: any) => g.gridId === keep.id);
    expect(merged2.name).toBe(`${keep.name}（合并）`);
    expect(merged2.targets).toBe(keptBefore.targets + absorbedToday.targets);
    expect(merged2.partial + merged2.complete).toBeGreaterThanOrEqual(keptBefore.partial + keptBefore.complete + 1);
    const targets = (await leader.get('/coverage/targets')).body;
    expect(targets.targets.filter((t: any) => t.gridId === absorbed.id)).toEqual([]);

    // The map's layers: the absorbed grid gone, its key target and households now the merged grid's; its worker without a grid.
    const grids = (await leader.get('/geo/grids')).body.features;
    expect(grids.find((f: any) => f.id === absorbed.id)).toBeUndefined();
    expect(grids.find((f: any) => f.id === keep.id).properties.name).toBe(`${keep.name}（合并）`);
    const moved = await srv.db.query<{ grid_id: number; valid_to: string | null }>(
      `SELECT grid_id, valid_to::text FROM targets WHERE name = (SELECT name FROM targets WHERE id = $1) AND geom = (SELECT geom FROM targets WHERE id = $1) ORDER BY id`,
      [absorbed.target.id],
    );
    expect(moved).toEqual([
      { grid_id: absorbed.id, valid_to: today },
      { grid_id: keep.id, valid_to: null },
    ]);
    const [h] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM households WHERE grid_id = $1', [absorbed.id]);
    expect(h!.n).toBe(0);
    const [w] = await srv.db.query<{ worker_id: number | null }>('SELECT worker_id FROM grids WHERE id = $1', [absorbed.id]);
    expect(w!.worker_id).toBeNull();
    const [shape] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_shapes WHERE grid_id = $1 AND valid_to = $2', [keep.id, today]);
    expect(shape!.n).toBe(1);

    // The revision and its audit entry.
    const revisions = (await admin.get('/town/revisions')).body;
    expect(revisions[0]).toEqual(applied.body);
    const audit = (await admin.get('/audit?entity=town_revision')).body;
    expect(JSON.stringify(audit)).toContain('西岗镇网格.geojson');
  });

  it('remembers the field mapping for the next file of the same shape', async () => {
    const again = await fileOf('SELECT code, name, area FROM grids WHERE valid_to IS NULL');
    const r = await upload('preview', 'again.geojson', again, '');
    expect(r.body.layers[0].mapping).toEqual({ kind: 'grids', codeField: 'code', nameField: 'name', remembered: true });
    expect(r.body.plan).toBeUndefined();
  });

  it('refuses a plan with errors and changes nothing: a layer of a few grids would leave households in no grid', async () => {
    const before = await count();
    const few = await fileOf('SELECT code, name, area FROM grids WHERE valid_to IS NULL ORDER BY id LIMIT 5');
    const r = await upload('apply', 'few.geojson', few, MAPPING);
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('import_blocked');
    expect(r.body.details.some((p: any) => p.severity === 'error' && /households? of the grids redrawn or removed would lie in no grid/.test(p.message))).toBe(
      true,
    );
    // A column that the layer does not have, a layer it does not hold.
    expect((await upload('apply', 'few.geojson', few, '&kind=grids&codeField=编码&nameField=name')).body.error).toBe('unknown_column');
    expect((await upload('apply', 'few.geojson', few, `${MAPPING}&layer=道路`)).body.error).toBe('unknown_layer');
    expect((await upload('apply', 'few.geojson', few, '&kind=grids')).status).toBe(400);
    expect(await count()).toEqual(before);
  });

  it('is for administrators only', async () => {
    const few = await fileOf('SELECT code, name, area FROM grids WHERE valid_to IS NULL ORDER BY id LIMIT 1');
    for (const who of ['leader', 'duty', 'squad01', 'worker']) {
      const c = await client(srv.base, who);
      expect((await upload('apply', 'g.geojson', few, `${MAPPING}&part=true`, c)).status, who).toBe(403);
      expect((await c.get('/town/revisions')).status, who).toBe(403);
    }
  });
});
