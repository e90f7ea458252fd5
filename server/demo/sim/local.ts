// The simulator inside `npm start` (demo mode): town data from the database, terminals registered
// through the device service, fixes sent over HTTP to the server's own doors.
import type { FeatureCollection, LineString, MultiPolygon } from 'geojson';
import type { Queryable } from '../../platform/db/index.ts';
import type { Running } from '../../server.ts';
import { GRIDS, ROADS, TARGETS } from '../../geo/sql.ts';
import { registerDevice, rotateDeviceToken } from '../../tracking/devices.ts';
import { startDutyOfficer } from '../dutyOfficer.ts';
import { DEFAULT_SESSIONS, Simulator, httpTransport, type SimTerminal } from './simulator.ts';
import type { SimHousehold } from './plan.ts';
import { buildSimGrids, type SimWorkerRef } from './town.ts';

/** The town as the simulator sees it, from the database. */
export async function loadSimTown(db: Queryable) {
  const fc = async <T>(sql: string, params: unknown[] = []) => (await db.query<{ fc: T }>(sql, params))[0]!.fc;
  const households = new Map<number, SimHousehold[]>();
  // A sample of each grid's households to pass by on patrol, and every household of a person of interest.
  for (const h of await db.query<{ id: number; grid: number; lon: number; lat: number; personId: number | null }>(
    `SELECT h.id, h.grid_id AS grid, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat, min(f.id) AS "personId"
       FROM households h LEFT JOIN focus_persons f ON f.household_id = h.id
      WHERE h.id % 25 = 0 OR f.id IS NOT NULL GROUP BY h.id ORDER BY h.id`,
  ))
    (households.get(h.grid) ?? households.set(h.grid, []).get(h.grid)!).push({
      id: h.id,
      at: [h.lon, h.lat],
      ...(h.personId !== null ? { personId: h.personId } : {}),
    });
  return buildSimGrids(
    await fc<FeatureCollection<MultiPolygon, { code: string; workerId: number | null }>>(GRIDS, [null, null]),
    await fc<FeatureCollection>(TARGETS, [null, null]),
    await fc<FeatureCollection<LineString, { class: string }>>(ROADS),
    households,
  );
}

/** The simulator's terminals are ordinary registered devices; their tokens are renewed at each start. */
export async function simTerminals(db: Queryable, workers: SimWorkerRef[]): Promise<SimTerminal[]> {
  const terminals: SimTerminal[] = [];
  for (const w of workers) {
    const uniqueId = `SIM-${w.gridCode}`;
    const [existing] = await db.query<{ id: number }>('SELECT id FROM devices WHERE unique_id = $1', [uniqueId]);
    const token = existing ? await rotateDeviceToken(db, existing.id) : (await registerDevice(db, uniqueId, w.workerId)).token;
    terminals.push({ workerId: w.workerId, gridId: w.gridId, uniqueId, token });
  }
  return terminals;
}

export async function startLocalSimulator(running: Running, base: string): Promise<Simulator> {
  const { db, config, log } = running.deps.platform;
  const town = await loadSimTown(db);
  const terminals = await simTerminals(db, town.workers);
  running.deps.platform.devicesChanged(); // their old tokens stop working here too
  const sim = new Simulator(terminals, town.grids, httpTransport(base), { seed: config.DEMO_SEED, sessions: DEFAULT_SESSIONS, demo: true, osmandShare: 0.3 });
  const started = Date.now();
  void sim.backfill().then((n) => {
    log.info({ fixes: n, ms: Date.now() - started, terminals: terminals.length }, 'simulator: today so far sent');
    sim.start();
  });
  startDutyOfficer(running.deps.platform, running.incidents, config.DEMO_SEED);
  return sim;
}
