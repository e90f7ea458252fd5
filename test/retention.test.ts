// Raw positions by day (issue #9): day tables are made ahead, waiting fixes move into a day's table when
// it is made, and pruning a day past the retention keeps its coverage record and its rollup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFrame } from '../shared/core/frame.ts';
import { addDays, dayRange, shanghaiDay } from '../shared/core/time.ts';
import { ensurePositionDays, prunePositions } from '../server/tracking/retention.ts';
import { client, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let worker: { id: number; gridId: number; lon: number; lat: number };
let token = '';
const today = shanghaiDay(Date.now());

const dayTables = async () =>
  (
    await srv.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'positions'::regclass ORDER BY 1`,
    )
  ).map((r) => r.name);
const tableOf = (day: string) => `positions_${day.replaceAll('-', '')}`;

/** 20 fixes 12 m apart, 10 s apart, from 09:00 of the day (Shanghai). */
function walk(day: string) {
  const t0 = dayRange(day).start.getTime() + 9 * 3_600_000;
  const around = new LocalFrame(worker.lon, worker.lat);
  return Array.from({ length: 20 }, (_, i) => {
    const [lon, lat] = around.toLonLat(i * 12, 0);
    return { deviceTime: new Date(t0 + i * 10_000).toISOString(), lat, lon, accuracy: 5 };
  });
}

async function send(fixes: object[]) {
  const r = await fetch(`${srv.base}/api/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ fixes }),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { accepted: number; rejected: { reason: string }[] };
}

beforeAll(async () => {
  srv = await startTestServer();
  const [w] = await srv.db.query<typeof worker>(
    `SELECT g.worker_id AS id, g.id AS "gridId", ST_X(ST_PointOnSurface(g.area)) AS lon, ST_Y(ST_PointOnSurface(g.area)) AS lat FROM grids g WHERE g.worker_id IS NOT NULL ORDER BY g.id LIMIT 1`,
  );
  worker = w!;
  token = (await (await client(srv.base, 'admin')).post('/devices', { uniqueId: 'KEEP-1', workerId: worker.id })).body.token;
});
afterAll(() => srv?.close());

describe('positions by day', () => {
  it('has a table for each day from a week back to two days ahead, and a default for the rest', async () => {
    await ensurePositionDays(srv.db, today);
    const tables = await dayTables();
    for (let k = -8; k <= 2; k++) expect(tables).toContain(tableOf(addDays(today, k)));
    expect(tables).toContain('positions_default');
    expect(tables).not.toContain(tableOf(addDays(today, 3)));
    expect(await ensurePositionDays(srv.db, today)).toEqual([]); // made once
  });

  it('keeps a fix of a day without a table (too old) and moves it into the day’s table when that is made', async () => {
    const old = addDays(today, -20);
    const r = await send(walk(old).slice(0, 1));
    expect(r.rejected.map((x) => x.reason)).toEqual(['too_old']);
    const [inDefault] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions_default WHERE fix_time >= $1 AND fix_time < $2`, [
      dayRange(old).start,
      dayRange(old).end,
    ]);
    expect(inDefault!.n).toBe(1);
    await srv.db.query('SELECT ensure_positions_day($1::date)', [old]);
    const [moved] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tableOf(old)}`);
    const [left] = await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions_default WHERE fix_time >= $1 AND fix_time < $2`, [
      dayRange(old).start,
      dayRange(old).end,
    ]);
    expect([moved!.n, left!.n]).toEqual([1, 0]);
    // Still one fix to the API: a retry is a duplicate, not a second row.
    expect((await send(walk(old).slice(0, 1))).accepted).toBe(0);
    const [all] = await srv.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM positions WHERE device_id = (SELECT id FROM devices WHERE unique_id = 'KEEP-1')`,
    );
    expect(all!.n).toBe(1);
  });

  it('prunes a day past the retention: its raw track goes, its coverage record and its rollup stay', async () => {
    const gone = addDays(today, -5);
    const kept = addDays(today, -1);
    expect((await send(walk(gone))).accepted).toBe(20);
    expect((await send(walk(kept))).accepted).toBe(20);
    const leader = await client(srv.base, 'leader');
    const admin = await client(srv.base, 'admin');
    expect((await admin.post('/coverage/record', { date: gone })).status).toBe(200);
    const figures = async () =>
      (await leader.get('/coverage/history?days=7')).body.grids
        .find((g: { gridId: number }) => g.gridId === worker.gridId)
        .days.find((d: { day: string }) => d.day === gone);
    const before = await figures();
    expect(before.patrolMinutes).toBe(3);
    expect((await leader.get(`/tracks?worker=${worker.id}&date=${gone}`)).body.features.length).toBe(1);

    const recorded: string[] = [];
    const dropped = await prunePositions(srv.db, today, 3, async (day) => void recorded.push(day));
    expect(dropped).toContain(gone);
    expect(dropped).not.toContain(kept);
    expect(recorded).toContain(gone);
    expect(await dayTables()).not.toContain(tableOf(gone));

    expect((await leader.get(`/tracks?worker=${worker.id}&date=${gone}`)).body.features).toEqual([]);
    expect((await leader.get(`/tracks?worker=${worker.id}&date=${kept}`)).body.features.length).toBe(1);
    expect(await figures()).toEqual(before);
    const days = await (await client(srv.base, 'admin')).get(`/tracking/days?date=${gone}`);
    expect(days.status).toBe(200);
    const mine = days.body.terminals.find((t: { uniqueId: string }) => t.uniqueId === 'KEEP-1');
    expect(mine).toMatchObject({ workerId: worker.id, fixes: 20, kept: 20, verdicts: { ok: 20 } });
    expect(mine.distanceM).toBeGreaterThan(19 * 12 * 0.98);
    expect(mine.distanceM).toBeLessThan(19 * 12 * 1.02);
  });

  it('recognises a refused fix sent again after retention deleted it: its key is kept, not its row (issue 16 #12)', async () => {
    const old = addDays(today, -45);
    const [fix, other] = walk(old).slice(0, 2);
    const first = await send([fix!]);
    expect(first.rejected.map((x) => x.reason)).toEqual(['too_old']);
    const rows = async () =>
      (
        await srv.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM positions WHERE device_id = (SELECT id FROM devices WHERE unique_id = 'KEEP-1') AND fix_time >= $1 AND fix_time < $2`,
          [dayRange(old).start, dayRange(old).end],
        )
      )[0]!.n;
    expect(await rows()).toBe(1);
    await prunePositions(srv.db, today, 31, async () => undefined);
    expect(await rows()).toBe(0); // the row is gone
    const again = await send([fix!]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await rows()).toBe(0);
    // Another fix of that day was never refused before: it is a new refusal.
    expect((await send([other!])).rejected.map((x) => x.reason)).toEqual(['too_old']);
    expect(await rows()).toBe(1);
  });

  it('gives every worker’s track of a day, thinned to a vertex a minute, in scope (the wall’s 今日轨迹)', async () => {
    const kept = addDays(today, -1);
    const leader = await client(srv.base, 'leader');
    const r = await leader.get(`/tracks/day?date=${kept}`);
    expect(r.status).toBe(200);
    const mine = r.body.tracks.find((t: { workerId: number }) => t.workerId === worker.id);
    // 20 fixes 10 s apart: 0, 60, 120 and 180 s are kept.
    expect(mine.paths.length).toBe(1);
    expect(mine.paths[0].length).toBe(4);
    expect(mine.paths[0][0]).toEqual([walk(kept)[0]!.lon, walk(kept)[0]!.lat]);
    const [own] = await srv.db.query<{ code: string; other: string }>(
      `SELECT s.code, (SELECT code FROM squads WHERE id <> s.id ORDER BY id LIMIT 1) AS other FROM workers w JOIN squads s ON s.id = w.squad_id WHERE w.id = $1`,
      [worker.id],
    );
    const ownLeader = await client(srv.base, `squad${own!.code}`);
    expect((await ownLeader.get(`/tracks/day?date=${kept}`)).body.tracks.some((t: { workerId: number }) => t.workerId === worker.id)).toBe(true);
    const otherLeader = await client(srv.base, `squad${own!.other}`);
    expect((await otherLeader.get(`/tracks/day?date=${kept}`)).body.tracks.some((t: { workerId: number }) => t.workerId === worker.id)).toBe(false);
    for (const q of ['', '?date=2026-02-30', '?date=today', `?date=${kept}&worker=1`]) expect((await leader.get(`/tracks/day${q}`)).status).toBe(400);
  });

  it('refuses a bad day for the rollup, and hides names from the wall', async () => {
    const leader = await client(srv.base, 'leader');
    for (const q of ['', '?date=2026-13-01', '?date=yesterday', '?date=2026-11-01&x=1']) expect((await leader.get(`/tracking/days${q}`)).status).toBe(400);
    const wall = await client(srv.base, 'wall');
    const r = await wall.get(`/tracking/days?date=${addDays(today, -5)}`);
    const mine = r.body.terminals.find((t: { workerId: number }) => t.workerId === worker.id);
    expect(mine.worker).toMatch(/\*/);
  });

  it('never shows a terminal’s OsmAnd id, its only credential on that door, but to an administrator (R7)', async () => {
    const date = addDays(today, -5);
    for (const who of ['wall', 'leader', 'squad01', 'squad02']) {
      const r = await (await client(srv.base, who)).get(`/tracking/days?date=${date}`);
      expect(r.status, who).toBe(200);
      expect(JSON.stringify(r.body), who).not.toContain('KEEP-1');
      for (const t of r.body.terminals) expect(t, who).not.toHaveProperty('uniqueId');
    }
    const admin = (await (await client(srv.base, 'admin')).get(`/tracking/days?date=${date}`)).body.terminals;
    expect(admin.find((t: { workerId: number }) => t.workerId === worker.id).uniqueId).toBe('KEEP-1');
  });
});
