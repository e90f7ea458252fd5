// `npx tsx bench/field.ts` (after `npm run build`): the field app's first load on a throttled phone profile
// beside the wall's — Chromium with CPU ×4 slowdown and DevTools' "Fast 3G" (562.5 ms RTT, 1.44 Mbit/s
// down, 675 kbit/s up) set through CDP, a cold cache and no service worker yet (a phone's first visit).
// Measured: the JavaScript on the wire (gzip, CDP's encodedDataLength of every script response of the
// page) up to the page being usable — /field: today's verdict shown; /wall: its map drawn — and the time
// from navigation to then; and the time to interactive as Lighthouse defines it, on the main thread: from
// navigation to the end of the last long task (> 50 ms) before a 5 s window with none, and not before the
// page is usable (a page never quiet for 5 s within 60 s is reported as such). The field app's budget
// (issue 18) is 350 kB of JavaScript on first load.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs } from '../test/e2e/browser.ts';
import { DEMO_PASSWORD, startTestServer } from '../test/helpers/server.ts';

const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const BUDGET_KB = 350;
/** Lighthouse's quiet window, and how long after the page is usable it is looked for. */
const QUIET_MS = 5_000;
const WATCH_MS = 60_000;

/** Long tasks and the first contentful paint, recorded from the page's first script on (times from navigation). */
const OBSERVE = () => {
  const w = window as unknown as { __long: [number, number][]; __fcp: number | null };
  w.__long = [];
  w.__fcp = null;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) w.__long.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') w.__fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
};

/** Time to interactive: the end of the last long task before the first quiet window after `from`; null if none came. */
export function interactiveAt(long: [number, number][], from: number, until: number): number | null {
  let t = from;
  for (const [start, end] of [...long].sort((a, b) => a[0] - b[0])) {
    if (end <= t) continue;
    if (start - t >= QUIET_MS) return t;
    t = Math.max(t, end);
  }
  return until - t >= QUIET_MS ? t : null;
}

async function firstLoad(browser: Browser, base: string, user: string, path: string, ready: string, viewport: { width: number; height: number }) {
  const login = await browser.newPage({ viewport });
  await loginAs(login, base, user, DEMO_PASSWORD, path);
  const context = await browser.newContext({ viewport, storageState: await login.context().storageState(), serviceWorkers: 'block' });
  await login.close();
  const page = await context.newPage();
  await page.addInitScript(OBSERVE);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const scripts = new Set<string>();
  let jsBytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script' || /\.m?js(\?|$)/.test(e.response.url)) scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (scripts.has(e.requestId)) jsBytes += e.encodedDataLength;
  });
  const t0 = Date.now();
  await page.goto(`${base}${path}`);
  await page.waitForSelector(ready, { timeout: 300_000 });
  const ms = Date.now() - t0;
  const jsKB = Math.round(jsBytes / 1024);
  const files = scripts.size;
  // Then the main thread is watched until it has been quiet for 5 s (or a minute has gone by).
  const usableAt = await page.evaluate(() => performance.now());
  let tti: number | null = null;
  for (const end = usableAt + WATCH_MS; ; ) {
    await page.waitForTimeout(1_000);
    const { long, now } = await page.evaluate(() => ({ long: (window as unknown as { __long: [number, number][] }).__long, now: performance.now() }));
    tti = interactiveAt(long, usableAt, now);
    if (tti !== null || now >= end) break;
  }
  const { long, fcp } = await page.evaluate(() => {
    const w = window as unknown as { __long: [number, number][]; __fcp: number | null };
    return { long: w.__long, fcp: w.__fcp };
  });
  await context.close();
  return {
    ms,
    jsKB,
    scripts: files,
    fcpMs: fcp === null ? null : Math.round(fcp),
    ttiMs: tti === null ? null : Math.round(tti),
    longTasks: long.length,
    /** When each long task began and how long it took (ms from navigation), for whoever looks at what delays it. */
    longTaskList: long.map(([a, b]) => [Math.round(a), Math.round(b - a)]),
    longTaskMs: Math.round(long.reduce((n, [a, b]) => n + b - a, 0)),
  };
}

const srv = await startTestServer();
const browser = await launchBrowser();
try {
  const field = await firstLoad(browser, srv.base, 'worker', '/field', '[data-testid=verdict]', { width: 393, height: 851 });
  // BENCH_FIELD_ONLY=1: the field app alone (while working on it); the figures for BENCHMARKS.md come with the wall's.
  const wall = process.env.BENCH_FIELD_ONLY
    ? field
    : await firstLoad(browser, srv.base, 'wall', '/wall', '.map[data-ready=true]', { width: 1920, height: 1080 });
  const out = { date: new Date().toISOString(), profile: 'CPU x4, Fast 3G, cold cache', budgetKB: BUDGET_KB, field, wall };
  const tti = (r: typeof field) => (r.ttiMs === null ? `not quiet for ${QUIET_MS / 1000} s within ${WATCH_MS / 1000} s` : `${r.ttiMs} ms`);
  console.log(
    `/field: ${field.jsKB} kB of JavaScript (gzip, ${field.scripts} files), FCP ${field.fcpMs} ms, usable after ${field.ms} ms, interactive ${tti(field)}, ${field.longTasks} long tasks (${field.longTaskMs} ms) (budget ${BUDGET_KB} kB)`,
  );
  console.log(
    `/wall:  ${wall.jsKB} kB of JavaScript (gzip, ${wall.scripts} files), FCP ${wall.fcpMs} ms, map drawn after ${wall.ms} ms, interactive ${tti(wall)}, ${wall.longTasks} long tasks (${wall.longTaskMs} ms)`,
  );
  if (!process.env.BENCH_FIELD_ONLY) {
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/field.json', `${JSON.stringify(out, null, 2)}\n`);
  }
  if (field.jsKB > BUDGET_KB) process.exitCode = 1;
} finally {
  await browser.close();
  await srv.close();
}
