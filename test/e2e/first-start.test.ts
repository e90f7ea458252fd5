// A first start without the demo (SEED_DEMO=false, issue 17), as the town's administrator meets it: the wall
// says plainly that no town is loaded; /admin asks the town's name and code, then its package; once it is
// loaded the wall, open all along, shows the town without being reloaded.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../helpers/server.ts';
import { loginAs } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser({ seed: false });

/** A package of the demo town's layers (no households, no roster), as a town could prepare its own. */
function demoPackage(): string {
  const layers = ['boundary', 'squads', 'villages', 'grids', 'roads', 'targets', 'context'];
  const zip = zipSync(Object.fromEntries(layers.map((l) => [`${l}.geojson`, new Uint8Array(readFileSync(`geodata/xigang/${l}.geojson`))])));
  const path = join(mkdtempSync(join(tmpdir(), 'first-town-')), '西岗镇.zip');
  writeFileSync(path, zip);
  return path;
}

describe('a first start without the demo', () => {
  it('says no town is loaded, brings one in through the wizard, and the wall shows it live', async () => {
    const { srv, browser } = e2e;
    const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const errors: string[] = [];
    wall.on('pageerror', (e) => errors.push(e.message));
    await loginAs(wall, srv.base, 'admin', ADMIN_PASSWORD, '/wall');
    await wall.getByTestId('no-town').waitFor();
    expect(errors).toEqual([]);
    expect(await wall.getByTestId('no-town').textContent()).toContain('尚未导入镇街数据');
    await wall.screenshot({ path: `${ARTIFACTS}/first-start-wall-empty-1920.png` });

    const admin = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await loginAs(admin, srv.base, 'admin', ADMIN_PASSWORD, '/admin');
    await admin.getByTestId('first-town').waitFor();
    await admin.fill('input[placeholder="西岗镇"]', '西岗镇');
    await admin.fill('input[placeholder="370481106"]', '37048');
    expect(await admin.getByTestId('first-town').textContent()).toContain('区划代码为9位数字');
    await admin.fill('input[placeholder="370481106"]', '370481106');
    await admin.setInputFiles('input[type=file]', demoPackage());
    await admin.screenshot({ path: `${ARTIFACTS}/first-start-wizard-1440.png` });
    await admin.getByRole('button', { name: '导入本镇' }).click();
    await admin.getByTestId('first-town-done').waitFor({ timeout: 120_000 });
    const [g] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM grids');
    expect(g!.n).toBeGreaterThan(100);
    expect(await admin.getByTestId('first-town-done').textContent()).toContain(`网格 ${g!.n} 个`);

    // The wall, never reloaded, drops its notice and draws the town's grids.
    await wall.getByTestId('no-town').waitFor({ state: 'detached', timeout: 60_000 });
    // A new map for the town (its basemap is drawn from the town's layers), with every grid in its grid layer.
    const gridsDrawn = () =>
      wall.evaluate(() => {
        const layers = ((window as any).__overlays ?? []).flatMap((o: any) => o._deck?.props.layers ?? []) as { id: string; props: { data: any } }[];
        return layers.find((l) => l.id === 'grids')?.props.data?.features?.length ?? 0;
      });
    await expect.poll(gridsDrawn, { timeout: 60_000 }).toBe(g!.n);
    await wall.locator('.map[data-ready=true]').waitFor({ timeout: 60_000 });
    await wall.waitForTimeout(3000);
    await wall.screenshot({ path: `${ARTIFACTS}/first-start-wall-loaded-1920.png` });
    expect(errors).toEqual([]);
    // On to the tabs once the town is there.
    await admin.getByRole('button', { name: '进入系统管理' }).click();
    await admin.locator('[data-tab=import]').waitFor();
  }, 300_000);
});
