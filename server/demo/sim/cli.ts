// `npm run sim -- [--url http://localhost:8080] [--day YYYY-MM-DD --speed 60] [--workers N]`
// The simulator against a running server, through its public API only: logs in as an administrator
// (SIM_USER / SIM_PASSWORD, default admin / ADMIN_PASSWORD) to register the terminals, then reports.
// Without --day it plays today in real time; with a past --day it replays that day from 07:30 at --speed.
import type { FeatureCollection, LineString, MultiPolygon } from 'geojson';
import { parseArgs } from 'node:util';
import { dayRange, isDay, shanghaiDay } from '../../../shared/core/time.ts';
import { DEFAULT_SESSIONS, Simulator, httpTransport, type SimTerminal } from './simulator.ts';
import { buildSimGrids } from './town.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:8080' },
    day: { type: 'string' },
    speed: { type: 'string', default: '1' },
    workers: { type: 'string' },
    seed: { type: 'string', default: 'xigang-2023-09-14' },
  },
});
const base = values.url.replace(/\/$/, '');
const speed = Number(values.speed);
if (!(speed >= 1 && speed <= 3600)) throw new Error('--speed is 1 to 3600');
if (values.day && (!isDay(values.day) || values.day >= shanghaiDay(Date.now()))) throw new Error('--day is a past day YYYY-MM-DD');

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: process.env.SIM_USER ?? 'admin', password: process.env.SIM_PASSWORD ?? process.env.ADMIN_PASSWORD }),
});
if (!login.ok) throw new Error(`login failed (${login.status}): set SIM_USER / SIM_PASSWORD to an administrator`);
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const r = await fetch(`${base}/api${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...init.headers } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<T>;
};

const town = buildSimGrids(
  await api<FeatureCollection<MultiPolygon, { code: string; workerId: number | null }>>('/geo/grids'),
  await api<FeatureCollection>('/geo/targets'),
  await api<FeatureCollection<LineString, { class: string }>>('/geo/roads'),
  new Map(),
);
const { devices } = await api<{ devices: { id: number; uniqueId: string }[] }>('/devices');
const known = new Map(devices.map((d) => [d.uniqueId, d.id]));
const terminals: SimTerminal[] = [];
for (const w of town.workers.slice(0, values.workers ? Number(values.workers) : undefined)) {
  const uniqueId = `SIM-${w.gridCode}`;
  const id = known.get(uniqueId);
  const token = id
    ? (await api<{ token: string }>(`/devices/${id}/token`, { method: 'POST' })).token
    : (await api<{ token: string }>('/devices', { method: 'POST', body: JSON.stringify({ uniqueId, workerId: w.workerId }) })).token;
  terminals.push({ workerId: w.workerId, gridId: w.gridId, uniqueId, token });
}

const t0 = Date.now();
const from = values.day ? dayRange(values.day).start.getTime() + 7.5 * 3_600_000 : t0;
const clock = () => Math.min(Date.now(), from + (Date.now() - t0) * speed);
const sim = new Simulator(
  terminals,
  town.grids,
  httpTransport(base),
  { seed: values.seed, sessions: DEFAULT_SESSIONS, demo: !values.day, osmandShare: 0.3 },
  clock,
  from,
);
if (!values.day) console.log(`sent ${await sim.backfill()} fixes of today so far`);
sim.start();
setInterval(
  () =>
    console.log(
      `${new Date(clock()).toISOString()} sent ${sim.stats.sent} fixes (native ${sim.stats.native}, osmand ${sim.stats.osmand} requests, ${sim.stats.errors} errors)`,
    ),
  10_000,
);
