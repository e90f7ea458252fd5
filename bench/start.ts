// `npm run bench:start`: how long the server takes to answer (issue 20 #8), on the embedded database with the
// demo town, the client already built: a first start on an empty data directory (migrations, the demo town
// and its day seeded), then restarts on the same directory. Each start is timed from the process's spawn to
// the first 200 from /api/health; beside it, a bare `node --import tsx` of an empty script (the floor).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { startServer, stopServer } from './server.ts';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
const dataDir = `/tmp/gp-bench-start-${process.pid}`;
const port = 18199;
rmSync(dataDir, { recursive: true, force: true });

async function timedStart(): Promise<number> {
  const t0 = performance.now();
  const child = await startServer({ DATA_DIR: dataDir }, port); // the simulator off: it starts after the server answers
  const ms = performance.now() - t0;
  await stopServer(child);
  return Math.round(ms);
}

async function floor(): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['--import', 'tsx', '-e', ''], { stdio: 'ignore' }).once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`exit ${code}`)),
    ),
  );
  return Math.round(performance.now() - t0);
}

const bare = await floor();
console.log(`floor: node --import tsx of nothing ${bare} ms`);
const first = await timedStart();
console.log(`first start (empty data directory: migrations, demo town): ${first} ms`);
const restarts: number[] = [];
for (let i = 0; i < RESTARTS; i++) {
  restarts.push(await timedStart());
  console.log(`restart ${i + 1}: ${restarts.at(-1)} ms`);
}
rmSync(dataDir, { recursive: true, force: true });
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/start.json',
  `${JSON.stringify({ date: new Date().toISOString(), floorMs: bare, firstMs: first, restartsMs: restarts }, null, 2)}\n`,
);
process.exit(0);
