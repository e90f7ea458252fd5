// `npm run shots`: screenshots of a running server's pages, as a user sees them (not a test). Set BASE,
// U and P (account), PATHNAME (e.g. '/wall?layers=heat'), SIZES ('1920x1080,3840x2160'), OUT and WAIT.
import { mkdirSync } from 'node:fs';
import { launchBrowser, loginAs } from './browser.ts';
const base = process.env.BASE ?? 'http://127.0.0.1:3100';
const [user, pass, path, sizes] = [
  process.env.U ?? 'wall',
  process.env.P ?? '',
  process.env.PATHNAME ?? '/wall',
  (process.env.SIZES ?? '1920x1080').split(','),
];
const outDir = process.env.OUT ?? 'test/artifacts/shots';
mkdirSync(outDir, { recursive: true });
const browser = await launchBrowser();
for (const s of sizes) {
  const [w, h] = s.split('x').map(Number);
  const page = await browser.newPage({ viewport: { width: w!, height: h! } });
  // What the page itself says went wrong, beside its picture.
  page.on('pageerror', (err) => console.error(`${s} page error: ${err.message}`));
  page.on('console', (m) => m.type() === 'error' && console.error(`${s} console: ${m.text()}`));
  await loginAs(page, base, user, pass, path);
  await page.waitForTimeout(Number(process.env.WAIT ?? 12000));
  await page.screenshot({ path: `${outDir}/${user}${path.replace(/[/?=&,]/g, '_')}-${s}.png` });
  await page.close();
}
await browser.close();
