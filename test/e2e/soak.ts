// `npm run soak` (after `npm run build`): the wall for an accelerated day. A server with the demo town, the
// simulator replaying yesterday from 07:30 at 60× (an 8-hour day in 8 minutes, SOAK_MINUTES to change),
// the wall open in Chromium the whole time; the page's JS heap after a garbage collection is printed at
// the start, every minute and at the end, with the live messages it took in. Not a test: a measurement.
import { spawn } from 'node:child_process';
import { addDays, shanghaiDay } from '../../shared/core/time.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startTestServer } from '../helpers/server.ts';
import { launchBrowser, loginAs } from './browser.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 8);
const srv = await startTestServer();
const sim = spawn(
  process.execPath,
  ['--import', 'tsx', 'server/demo/sim/cli.ts', '--url', srv.base, '--day', addDays(shanghaiDay(Date.now()), -1), '--speed', '60'],
  {
    env: { ...process.env, SIM_USER: 'admin', SIM_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let simLine = '';
sim.stdout!.on('data', (b: Buffer) => (simLine = b.toString().trim().split('\n').pop() ?? simLine));
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
try {
  await loginAs(page, srv.base, 'wall', DEMO_PASSWORD, '/wall');
  await page.waitForSelector('.map[data-ready=true]', { timeout: 60_000 });
  await page.evaluate(() => {
    const w = window as any;
    w.__messages = 0;
    w.__socket.onAny(() => w.__messages++);
  });
  const cdp = await page.context().newCDPSession(page);
  const heapMB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return +((await cdp.send('Runtime.getHeapUsage')).usedSize / 1048576).toFixed(1);
  };
  const start = await heapMB();
  console.log(`minute 0: JS heap ${start} MB`);
  let last = start;
  for (let m = 1; m <= MINUTES; m++) {
    await page.waitForTimeout(60_000);
    last = await heapMB();
    const messages = await page.evaluate(() => (window as any).__messages as number);
    const banner = await page.locator('[data-testid=connection]').textContent();
    console.log(`minute ${m}: JS heap ${last} MB, ${messages} live messages so far, connection “${banner}”; simulator: ${simLine}`);
  }
  console.log(
    `\nsoak: ${MINUTES} min at 60× (${MINUTES} hours of the day): JS heap ${start} MB at the start, ${last} MB at the end (${last >= start ? '+' : ''}${(last - start).toFixed(1)} MB)`,
  );
} finally {
  sim.kill();
  await browser.close();
  await srv.close();
}
process.exit(0);
