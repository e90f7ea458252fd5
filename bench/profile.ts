// `npm run bench:profile [-- osmandQuery|osmandJson|native]`: where a terminal request's CPU goes (issue 20).
// Starts the server under `node --cpu-prof`, loads one door with phones sending one fix a request, stops it,
// and prints the server's CPU time per request and the share of its self time by where the code lives
// (PGlite, pg, Express, the project's own folders, the rest), with the heaviest functions.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freshBenchDatabase } from './db.ts';
import { doorRequest, DOORS, type Door, fixSource, registerTerminals } from './terminals.ts';
import { adminCookie, startServer, stopServer } from './server.ts';

const door = (process.argv[2] ?? 'osmandQuery') as Door;
if (!DOORS.includes(door)) throw new Error(`door: one of ${DOORS.join(', ')}`);
const SECONDS = Number(process.env.BENCH_PHASE_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 300);
const port = 18195;
// BENCH_BEFORE=<door>: that door's load first, on its own terminals (what a server has been through matters).
const before = process.env.BENCH_BEFORE as Door | undefined;
if (before && !DOORS.includes(before)) throw new Error(`BENCH_BEFORE: one of ${DOORS.join(', ')}`);
const dir = `/tmp/gp-profile-${process.pid}`;
const url = process.env.BENCH_DATABASE_URL;
const env: Record<string, string> = url ? { DATABASE_URL: await freshBenchDatabase(url, 'gp_bench_profile') } : { DATA_DIR: `${dir}/data` };

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Where a function lives, for the shares: a package, a folder of the project, or the engine. */
function placeOf(file: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  const own = /\/(server|shared)\/([^/]+)\//.exec(file);
  if (own) return `${own[1]}/${own[2]}`;
  if (file.startsWith('node:')) return 'node';
  return file ? 'other' : '(engine: GC, idle, native)';
}

const child = await startServer(env, port, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
const base = `http://127.0.0.1:${port}`;
let requests = 0;
let cpuMs = 0;
// The profile's timestamps are the monotonic clock's (µs), as process.hrtime is: the load's window in them.
let window: [number, number] = [0, 0];
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
try {
  const cookie = await adminCookie(base);
  if (before) {
    const earlier = await registerTerminals(base, cookie, before, DEVICES);
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ setupRequest: doorRequest(before, fixSource(earlier.ids), earlier.tokens) }],
    });
    console.log(`before: ${before} ${Math.round(r['2xx'] / r.duration)} stored/s over ${SECONDS} s`);
  }
  const { ids, tokens } = await registerTerminals(base, cookie, door, DEVICES);
  const next = fixSource(ids);
  await autocannon({ url: base, connections: CONNECTIONS, duration: 3, requests: [{ setupRequest: doorRequest(door, next, tokens) }] });
  const cpu0 = cpuOf(child.pid!);
  window = [nowUs(), 0];
  const r = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests: [{ setupRequest: doorRequest(door, next, tokens) }] });
  window[1] = nowUs();
  cpuMs = cpuOf(child.pid!) - cpu0;
  requests = r['2xx'];
  console.log(`${door} on ${url ? 'PostgreSQL' : 'PGlite'}: ${Math.round(r['2xx'] / r.duration)} stored/s over ${SECONDS} s, p99 ${r.latency.p99} ms`);
} finally {
  await stopServer(child);
}

/** CPU time (user + system, ms) of a process and the processes below it so far. */
function cpuOf(pid: number): number {
  let ms = 0;
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      const stat = readFileSync(`/proc/${tree[i]}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
      tree.push(...readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {}
  }
  return ms;
}

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] };
// Only the samples taken under the load: not the start (migrations, the town) nor the registrations.
const hitsOf = new Map<number, number>();
let t = profile.startTime;
for (const [i, id] of profile.samples.entries()) {
  t += profile.timeDeltas[i]!;
  if (t >= window[0] && t <= window[1]) hitsOf.set(id, (hitsOf.get(id) ?? 0) + 1);
}
const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let busy = 0;
for (const n of profile.nodes) {
  const hits = hitsOf.get(n.id) ?? 0;
  if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') continue;
  busy += hits;
  const place = placeOf(n.callFrame.url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + hits);
  const name = `${n.callFrame.functionName || '(anonymous)'} ${place}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
}
console.log(`server CPU under the load: ${(cpuMs / Math.max(1, requests)).toFixed(3)} ms a request (${Math.round(cpuMs)} ms for ${requests})`);
const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${((100 * v) / busy).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
console.log(`self time by place:\n${top(byPlace, 15)}\nheaviest functions:\n${top(byFunction, 25)}`);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
