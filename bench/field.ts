// `npx tsx bench/field.ts` (after `npm run build`): the field app's first load on a throttled phone profile
// beside the wall's — Chromium with CPU ×4 slowdown and DevTools' "Fast 3G" (562.5 ms RTT, 1.44 Mbit/s
// down, 675 kbit/s up) set through CDP, a cold cache and no service worker yet (a phone's first visit).
// Measured: the JavaScript on the wire (gzip, CDP's encodedDataLength of every script response of the
// page) up to the page being usable — /field: today's verdict shown; /wall: its map drawn — and the time
// from navigation to then. The field app's budget (issue 18) is 350 kB of JavaScript on first load.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs } from '../test/e2e/browser.ts';
import { DEMO_PASSWORD, startTestServer } from '../test/helpers/server.ts';

const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const BUDGET_KB = 350;

async function firstLoad(browser: Browser, base: string, user: string, path: string, ready: string, viewport: { width: number; height: number }) {
  const login = await browser.newPage({ viewport });
  await loginAs(login, base, user, DEMO_PASSWORD, path);
  const context = await browser.newContext({ viewport, storageState: await login.context().storageState(), serviceWorkers: 'block' });
  await login.close();
  const page = await context.newPage();
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
  await context.close();
  return { ms, jsKB: Math.round(jsBytes / 1024), scripts: scripts.size };
}

const srv = await startTestServer();
const browser = await launchBrowser();
try {
  const field = await firstLoad(browser, srv.base, 'worker', '/field', '[data-testid=verdict]', { width: 393, height: 851 });
  const wall = await firstLoad(browser, srv.base, 'wall', '/wall', '.map[data-ready=true]', { width: 1920, height: 1080 });
  const out = { date: new Date().toISOString(), profile: 'CPU x4, Fast 3G, cold cache', budgetKB: BUDGET_KB, field, wall };
  console.log(`/field: ${field.jsKB} kB of JavaScript (gzip, ${field.scripts} files), usable after ${field.ms} ms (budget ${BUDGET_KB} kB)`);
  console.log(`/wall:  ${wall.jsKB} kB of JavaScript (gzip, ${wall.scripts} files), map drawn after ${wall.ms} ms`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/field.json', `${JSON.stringify(out, null, 2)}\n`);
  if (field.jsKB > BUDGET_KB) process.exitCode = 1;
} finally {
  await browser.close();
  await srv.close();
}
