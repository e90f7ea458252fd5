// `npm run bench`: every benchmark in turn, each in its own process, then BENCHMARKS.md from their results.
// The PostgreSQL figures and the city need BENCH_DATABASE_URL.
import { spawnSync } from 'node:child_process';

const benches = ['ingest', 'phones', 'coverage', 'incidents', 'fanout', 'town', ...(process.env.BENCH_DATABASE_URL ? ['city'] : [])];
if (!process.env.BENCH_DATABASE_URL) console.log('(set BENCH_DATABASE_URL=postgres://… for PostgreSQL and the city day)');
for (const b of benches) {
  console.log(`\n==> bench:${b}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${b}.ts`], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench:${b} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}
spawnSync(process.execPath, ['--import', 'tsx', 'bench/report.ts'], { stdio: 'inherit' });
