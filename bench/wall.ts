// `npm run bench:wall` (after `npm run build`): the wall in this machine's Chromium (software WebGL).
// - Initial load: from navigation to the map drawn with the live snapshot, and the JavaScript transferred.
// - The main-thread cost of one second of live deltas (5 deltas, every worker reporting every 5 s) for the
//   town (150 workers) and for a city (10,000), fed to the page's own socket handlers exactly as the
//   server's messages are, measured by Chromium's own task accounting (CDP Performance.TaskDuration) over
//   ten seconds of deltas in two-second spans, the redraws they cause included, less the page's time in
//   idle spans taken in turn with them. Baselines in the same run: the idle page, a redraw of the unchanged
//   layers, and the same deltas applied to a bare store (no rendering). Also: redraws a second, long tasks.
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
  await wall.goto(`${srv.base}/wall${process.env.BENCH_WALL_QUERY ?? ''}`);
  await wall.waitForSelector('.map[data-ready=true]', { timeout: 180_000 });
  await wall.waitForFunction(() => (window as any).__socket?.connected, null, { timeout: 30_000 });
  const loadMs = Date.now() - t0;
  const js = await wall.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.name.endsWith('.js') || r.name.endsWith('.mjs'))
      .reduce((s, r) => ({ transfer: s.transfer + r.transferSize, decoded: s.decoded + r.decodedBodySize }), { transfer: 0, decoded: 0 }),
  );
  out.load = { ms: loadMs, jsTransferredKB: Math.round(js.transfer / 1024), jsDecodedKB: Math.round(js.decoded / 1024) };
  console.log(
    `load: /wall drawn and live in ${loadMs} ms; JavaScript transferred ${Math.round(js.transfer / 1024)} kB (${Math.round(js.decoded / 1024)} kB uncompressed)`,
  );

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

/**
 * Feeds a snapshot of `n` workers, then 10 seconds of deltas (5 a second); returns the main thread's time
 * over those seconds less its time over 10 idle seconds, per second and per delta. The whole span is
 * counted, so work the page puts off (it redraws a city at most once a second) is counted too.
 */
async function deltaCost(wall: Page, n: number) {
  const cdp = await wall.context().newCDPSession(wall);
  await cdp.send('Performance.enable');
  const taskMs = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value as number) * 1000;
  // Frames the workers' overlay draws, counted by deck.gl's own after-render hook.
  // (As a string: tsx would wrap a named callback in a helper the page does not have.)
  await wall.evaluate('window.__frames = 0; window.__overlays.at(-1).setProps({ onAfterRender: () => window.__frames++ })');
  const frames = () => wall.evaluate(() => (window as any).__frames as number);
  const settle = () => wall.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 1200)));
  // Workers spread over the town's box, each with 30 min of trail at a fix every 5 minutes.
  await wall.evaluate((count) => {
    const s = (window as any).__socket;
    const now = Date.now();
    const workers = Array.from({ length: count }, (_, i) => {
      const lon = 117.04 + (i % 100) * 0.0012;
      const lat = 34.94 + Math.floor(i / 100) * (0.08 / Math.max(1, count / 100));
      return {
        workerId: 100_000 + i,
        squadId: 1 + (i % 9),
        gridId: null,
        lon,
        lat,
        fixTime: now,
        speed: 1.2,
        heading: (i * 37) % 360,
        battery: 80,
        status: 'patrolling',
        trail: Array.from({ length: 6 }, (_, k) => [lon - (6 - k) * 1e-5, lat, now - (6 - k) * 5 * 60_000]),
      };
    });
    for (const h of s.listeners('live:snapshot')) h({ node: 'bench', seq: 1, at: now, workers });
    (window as any).__benchSeq = 1;
  }, n);
  await settle();
  // Two-second spans, idle and with deltas in turn, so that the page's slow drifts fall on both alike.
  const SPANS = 5;
  const SPAN_S = 2;
  // Baseline: deck.gl drawing the same layers again with nothing changed (the cost of a frame itself).
  const redraw: number[] = [];
  for (let i = 0; i < 10; i++) {
    const b = await taskMs();
    await wall.evaluate(() => {
      for (const o of (window as any).__overlays) o._deck.redraw('bench');
      return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
    redraw.push((await taskMs()) - b);
    await wall.waitForTimeout(200);
  }
  // BENCH_WALL_PROFILE=1: a CPU profile of the deltas, its heaviest functions printed, to see where the time goes.
  const profile = process.env.BENCH_WALL_PROFILE === '1';
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  await wall.evaluate(() => {
    const w = window as any;
    w.__longTasks = [];
    new PerformanceObserver((l) => w.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  const storeOnly: number[] = [];
  let idleMs = 0;
  let idleFrames = 0;
  let idleSpanMs = 0;
  let busyMs = 0;
  let busySpanMs = 0;
  let redrawn = 0;
  for (let span = 0; span < SPANS; span++) {
    let before = await taskMs();
    let framesBefore = await frames();
    let spanStart = Date.now();
    await wall.waitForTimeout(SPAN_S * 1000);
    idleMs += (await taskMs()) - before;
    idleSpanMs += Date.now() - spanStart;
    idleFrames += (await frames()) - framesBefore;
    before = await taskMs();
    framesBefore = await frames();
    spanStart = Date.now();
    const t0 = spanStart;
    for (let k = 0; k < SPAN_S * 5; k++) {
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
            workers.push({
              workerId: 100_000 + i,
              squadId: 1 + (i % 9),
              gridId: null,
              lon,
              lat,
              fixTime: now,
              speed: 1.2,
              heading: (i * 37 + seq) % 360,
              battery: 80,
              status: 'patrolling',
              points: [[lon, lat, now]],
            });
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
        { count: n, part: (span * SPAN_S * 5 + k) % 25 },
      );
      storeOnly.push(only);
      await wall.waitForTimeout(Math.max(0, t0 + (k + 1) * 200 - Date.now()));
    }
    // The span ends when the page has drawn what it was given (a city's redraw may come a second later).
    await settle();
    busyMs += (await taskMs()) - before;
    busySpanMs += Date.now() - spanStart;
    redrawn += (await frames()) - framesBefore;
    // An idle span with the same settling.
    before = await taskMs();
    spanStart = Date.now();
    await settle();
    idleMs += (await taskMs()) - before;
    idleSpanMs += Date.now() - spanStart;
  }
  const SECONDS = SPANS * SPAN_S;
  const longTasks: number[] = await wall.evaluate(() => (window as any).__longTasks);
  if (profile) printHeaviest((await cdp.send('Profiler.stop')).profile, n);
  await cdp.detach();
  // The main thread's time over the busy spans less what it spends idle in as long; per second of deltas.
  const idlePerMs = idleMs / idleSpanMs;
  const msPerSecond = (busyMs - idlePerMs * busySpanMs) / SECONDS;
  const r = {
    workers: n,
    updatesPerDelta: Math.ceil(n / 25),
    msPerSecond: +msPerSecond.toFixed(1),
    msPerDelta: +(msPerSecond / 5).toFixed(1),
    redrawsPerSecond: +(redrawn / SECONDS).toFixed(1),
    longTasks: longTasks.length,
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
    baselineIdleMsPerSecond: +(idlePerMs * 1000).toFixed(1),
    baselineIdleRedrawsPerSecond: +((idleFrames * 1000) / idleSpanMs).toFixed(1),
    baselineRedrawMs: +(redraw.reduce((s, x) => s + x, 0) / redraw.length).toFixed(1),
    baselineStoreOnlyMsPerDelta: +(storeOnly.reduce((s, x) => s + x, 0) / storeOnly.length).toFixed(2),
  };
  console.log(
    `${String(n).padStart(6)} workers: ${r.updatesPerDelta} updates a delta, 5 deltas a second — main thread ${r.msPerSecond} ms per second of deltas, ` +
      `${r.msPerDelta} ms per delta; the workers redrawn ${r.redrawsPerSecond} times a second; tasks over 50 ms: ${r.longTasks} (longest ${r.longestTaskMs} ms); ` +
      `baselines: idle ${r.baselineIdleMsPerSecond} ms a second (${r.baselineIdleRedrawsPerSecond} redraws), a redraw of the unchanged layers ${r.baselineRedrawMs} ms, the store alone ${r.baselineStoreOnlyMsPerDelta} ms per delta`,
  );
  return r;
}

/** The functions with the most self time in a CPU profile, as "ms  function  file:line". */
function printHeaviest(
  p: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] },
  n: number,
) {
  const byNode = new Map(p.nodes.map((x) => [x.id, x.callFrame]));
  const self = new Map<string, number>();
  p.samples?.forEach((id, i) => {
    const f = byNode.get(id)!;
    const key = `${f.functionName || '(anonymous)'}  ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas?.[i] ?? 0) / 1000);
  });
  console.log(`profile, ${n} workers — self time, ms:`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
}
