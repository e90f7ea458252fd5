// `npm run bench:wall` (after `npm run build`): the wall in this machine's Chromium (software WebGL).
// - Initial load: from navigation to the map drawn with the live snapshot, and the JavaScript transferred.
// - The main-thread cost of one second of live deltas (5 deltas, every worker reporting every 5 s) for the
//   town (150 workers) and for a city (10,000), fed to the page's own socket handlers exactly as the
//   server's messages are, measured by Chromium's own task accounting (CDP Performance.TaskDuration),
//   frames drawn included. Baseline in the same run: applying the same deltas to the live store alone
//   (shared/live.ts, no rendering), in the same page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { launchBrowser, loginAs } from '../test/e2e/browser.ts';
import { DEMO_PASSWORD, startTestServer } from '../test/helpers/server.ts';

const srv = await startTestServer();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const out: Record<string, unknown> = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model}`, viewport: '1920x1080' };
try {
  // Load: the login page first (its own small bundle), then the wall as a cold navigation.
  await loginAs(page, srv.base, 'wall', DEMO_PASSWORD, '/wall');
  const cold = await browser.newContext({ viewport: { width: 1920, height: 1080 }, storageState: await page.context().storageState() });
  const wall = await cold.newPage();
  const t0 = Date.now();
  await wall.goto(`${srv.base}/wall`);
  await wall.waitForSelector('.map[data-ready=true]', { timeout: 180_000 });
  await wall.waitForFunction(() => (window as any).__socket?.connected, null, { timeout: 30_000 });
  const loadMs = Date.now() - t0;
  const js = await wall.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.name.endsWith('.js') || r.name.endsWith('.mjs'))
      .reduce((s, r) => ({ transfer: s.transfer + r.transferSize, decoded: s.decoded + r.decodedBodySize }), { transfer: 0, decoded: 0 }),
  );
  out.load = { ms: loadMs, jsTransferredKB: Math.round(js.transfer / 1024), jsDecodedKB: Math.round(js.decoded / 1024) };
  console.log(`load: /wall drawn and live in ${loadMs} ms; JavaScript transferred ${Math.round(js.transfer / 1024)} kB (${Math.round(js.decoded / 1024)} kB uncompressed)`);

  wall.on('crash', () => console.log('the page crashed'));
  // The town, then the city (BENCH_WALL_WORKERS to change); each result is kept as soon as it is measured.
  for (const workers of (process.env.BENCH_WALL_WORKERS ?? '150,10000').split(',').map(Number)) {
    out[`workers${workers}`] = await deltaCost(wall, workers);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/wall.json', `${JSON.stringify(out, null, 2)}\n`);
  }
  await cold.close();
} finally {
  await browser.close();
  await srv.close();
}
process.exit(0);

/** Feeds a snapshot of `n` workers, then 10 seconds of deltas; returns main-thread ms per delta and per second. */
async function deltaCost(wall: Page, n: number) {
  const cdp = await wall.context().newCDPSession(wall);
  await cdp.send('Performance.enable');
  const taskMs = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value as number) * 1000;
  // Workers spread over the town's box, each with 30 min of trail at a fix every 5 minutes.
  await wall.evaluate((count) => {
    const s = (window as any).__socket;
    const now = Date.now();
    const workers = Array.from({ length: count }, (_, i) => {
      const lon = 117.04 + (i % 100) * 0.0012;
      const lat = 34.94 + Math.floor(i / 100) * (0.08 / Math.max(1, count / 100));
      return { workerId: 100_000 + i, squadId: 1 + (i % 9), gridId: null, lon, lat, fixTime: now, speed: 1.2, heading: (i * 37) % 360, battery: 80, status: 'patrolling', trail: Array.from({ length: 6 }, (_, k) => [lon - (6 - k) * 1e-5, lat, now - (6 - k) * 5 * 60_000]) };
    });
    for (const h of s.listeners('live:snapshot')) h({ node: 'bench', seq: 1, at: now, workers });
    (window as any).__benchSeq = 1;
  }, n);
  await wall.waitForTimeout(1500);
  const perDelta: number[] = [];
  const storeOnly: number[] = [];
  const idle: number[] = [];
  // Baseline: the same window with no delta (the page's clock, animations and frames go on regardless).
  for (let i = 0; i < 20; i++) {
    const before = await taskMs();
    await wall.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    idle.push((await taskMs()) - before);
    await wall.waitForTimeout(200);
  }
  for (let second = 0; second < 10; second++) {
    for (let k = 0; k < 5; k++) {
      const before = await taskMs();
      // One delta: the fifth of the workers that report in this 200 ms, each with one new point.
      const only = await wall.evaluate(
        ({ count, part }) => {
          const s = (window as any).__socket;
          const now = Date.now();
          const seq = ++(window as any).__benchSeq;
          const workers = [];
          for (let i = part; i < count; i += 25) {
            const lon = 117.04 + (i % 100) * 0.0012 + seq * 1e-5;
            const lat = 34.94 + Math.floor(i / 100) * (0.08 / Math.max(1, count / 100));
            workers.push({ workerId: 100_000 + i, squadId: 1 + (i % 9), gridId: null, lon, lat, fixTime: now, speed: 1.2, heading: (i * 37 + seq) % 360, battery: 80, status: 'patrolling', points: [[lon, lat, now]] });
          }
          const delta = { seq, at: now, workers };
          // The baseline: the store's own arithmetic on a copy, without React or deck.gl.
          const copy = JSON.parse(JSON.stringify(delta));
          const t = performance.now();
          const store = { seq: seq - 1, at: 0, workers: new Map() };
          for (const u of copy.workers) store.workers.set(u.workerId, { ...u, trail: [...u.points] });
          const storeMs = performance.now() - t;
          for (const h of s.listeners('live:delta')) h(delta);
          return storeMs;
        },
        { count: n, part: (second * 5 + k) % 25 },
      );
      // Until the page has drawn it: two animation frames.
      await wall.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      perDelta.push((await taskMs()) - before);
      storeOnly.push(only);
      await wall.waitForTimeout(200);
    }
  }
  await cdp.detach();
  perDelta.sort((a, b) => a - b);
  const mean = perDelta.reduce((s, x) => s + x, 0) / perDelta.length;
  const r = {
    workers: n,
    updatesPerDelta: Math.ceil(n / 25),
    meanMsPerDelta: +mean.toFixed(1),
    p95MsPerDelta: +perDelta[Math.floor(perDelta.length * 0.95)]!.toFixed(1),
    msPerSecond: +(mean * 5).toFixed(1),
    baselineIdleMsPerWindow: +(idle.reduce((s, x) => s + x, 0) / idle.length).toFixed(1),
    baselineStoreOnlyMsPerDelta: +(storeOnly.reduce((s, x) => s + x, 0) / storeOnly.length).toFixed(2),
  };
  console.log(`${String(n).padStart(6)} workers: ${r.updatesPerDelta} updates a delta — main thread ${r.meanMsPerDelta} ms per delta (p95 ${r.p95MsPerDelta}), ${r.msPerSecond} ms per second of deltas; baselines: the same window with no delta ${r.baselineIdleMsPerWindow} ms, the store alone ${r.baselineStoreOnlyMsPerDelta} ms per delta`);
  return r;
}
