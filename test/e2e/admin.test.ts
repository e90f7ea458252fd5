// The town import in the administrator's screen (issue 17), as an administrator uses it: a county's zipped
// Shapefile in CGCS2000 Gauss–Krüger zone 39 with two neighbouring grids merged is read, its columns
// prefilled, previewed on the map with its counts and problems, applied after a confirmation — and a wall
// open in another browser shows the new grid without being reloaded. Only an administrator gets the screen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../shared/core/time.ts';
import { epsgDefinition } from '../../shared/town/crs.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from '../helpers/server.ts';
import { ESRI_CGCS2000_GK_ZONE_39, zippedShapefile } from '../helpers/shapefile.ts';
import { loginAs } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser();
const zone39 = proj4('WGS84', epsgDefinition(4527)!);
const CLASSES = ['一级', '二级', '三级'];

/** The names of the grids the page's map draws (the wall's and the admin's grid layers), by code. */
const gridsOnMap = (page: Page, layerId: string) =>
  page.evaluate((id) => {
    const layers = ((window as any).__overlays ?? []).flatMap((o: any) => o._deck?.props.layers ?? []) as { id: string; props: { data: any } }[];
    const features = (layers.find((l) => l.id === id)?.props.data?.features ?? []) as { properties: { code: string; name: string } }[];
    return Object.fromEntries(features.map((f) => [f.properties.code, f.properties.name])) as Record<string, string>;
  }, layerId);

describe('the administrator’s screen', () => {
  it('imports a Shapefile with two grids merged: previewed, applied, and the wall shows the new grid live', async () => {
    const { srv, browser } = e2e;
    // Two neighbouring grids of one village whose union is one polygon; the second is merged into the first.
    const [pair] = await srv.db.query<{ keep: string; gone: string; keepName: string }>(
      `SELECT a.code AS keep, b.code AS gone, a.name AS "keepName" FROM grids a JOIN grids b ON a.village_id = b.village_id AND a.id < b.id
        WHERE a.valid_to IS NULL AND b.valid_to IS NULL AND ST_Length(ST_Intersection(ST_Boundary(a.area), ST_Boundary(b.area))::geography) > 100
          AND ST_NumGeometries(ST_Union(a.area, b.area)) = 1 AND ST_NumInteriorRings(ST_GeometryN(ST_Union(a.area, b.area), 1)) = 0
        ORDER BY a.id LIMIT 1`,
    );
    const { keep, gone, keepName } = pair!;
    const rows = await srv.db.query<{ code: string; name: string; class: number; ring: [number, number][] }>(
      `SELECT code, CASE WHEN code = $1 THEN name || '（合并）' ELSE name END AS name, class,
              (ST_AsGeoJSON(ST_ExteriorRing(ST_GeometryN(CASE WHEN code = $1 THEN ST_Union(area, (SELECT area FROM grids WHERE code = $2 AND valid_to IS NULL)) ELSE area END, 1)), 9)::json)->'coordinates' AS ring
         FROM grids WHERE valid_to IS NULL AND code <> $2 ORDER BY code`,
      [keep, gone],
    );
    const zip = zippedShapefile(
      'xigang_grids',
      rows.map((r) => ({
        rings: [r.ring.map((c) => zone39.forward(c) as [number, number])],
        fields: { CODE: r.code, NAME: r.name, CLASS: CLASSES[r.class - 1]! },
      })),
      ESRI_CGCS2000_GK_ZONE_39,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'admin-')), '西岗镇网格.zip');
    writeFileSync(file, zip);

    // The wall, in a browser of its own, drawing today's grids.
    const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await wallContext.newPage();
    await loginAs(wall, srv.base, 'wall', DEMO_PASSWORD, '/wall');
    await expect.poll(async () => (await gridsOnMap(wall, 'grids'))[gone], { timeout: 60_000 }).toBeDefined();
    await wall.evaluate(() => {
      (window as any).__notReloaded = true;
    });

    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await adminContext.newPage();
    await loginAs(page, srv.base, 'admin', ADMIN_PASSWORD, '/admin');
    await page.waitForSelector('[data-testid=import-file]', { state: 'attached', timeout: 90_000 });
    await page.setInputFiles('[data-testid=import-file]', file);
    // Read at once: its one layer, its coordinates from the .prj, its columns guessed.
    await page.waitForSelector('[data-testid=import-layer-info]', { timeout: 90_000 });
    expect(await page.textContent('[data-testid=import-layer-info]')).toContain(`${rows.length} 个要素`);
    expect(await page.inputValue('[data-testid=import-codeField]')).toBe('CODE');
    expect(await page.inputValue('[data-testid=import-nameField]')).toBe('NAME');
    expect(await page.inputValue('[data-testid=import-classField]')).toBe('CLASS');
    expect(await page.textContent('[data-testid=import-mapping-source]')).toBe('按字段名推测，请核对');
    expect(await page.inputValue('[data-testid=import-kind]')).toBe('grids');

    await page.waitForFunction(() => (window as any).__map?.loaded(), null, { timeout: 20_000 });
    const townZoom: number = await page.evaluate(() => (window as any).__map.getZoom());
    await page.click('[data-testid=import-preview]');
    await page.waitForSelector('[data-testid=import-moves]', { timeout: 120_000 });
    const count = (k: string) => page.textContent(`[data-testid=import-legend] [data-change=${k}] b`);
    expect([await count('added'), await count('changed'), await count('removed')]).toEqual(['0', '1', '1']);
    // The merged grid and the removed one on the map, in their colours; today's grids faint under them.
    await page.waitForFunction(() => (window as any).__map?.loaded(), null, { timeout: 20_000 });
    expect(Object.keys(await gridsOnMap(page, 'town-changes')).sort()).toEqual([gone, keep].sort());
    // The map shows what changes, closer than the whole town, both grids in view.
    await page.waitForFunction((z) => !(window as any).__map.isMoving() && (window as any).__map.getZoom() > z + 1, townZoom, { timeout: 10_000 });
    const centres = await srv.db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(ST_PointOnSurface(area)) AS lon, ST_Y(ST_PointOnSurface(area)) AS lat FROM grids WHERE code = ANY($1)',
      [[gone, keep]],
    );
    const inView = await page.evaluate((points) => points.map((p) => (window as any).__map.getBounds().contains([p.lon, p.lat])), centres);
    expect(inView).toEqual([true, true]);
    // The problems: at least the removed grid's worker, left without a grid (a warning, R4); errors come first.
    const problems = page.locator('[data-testid=import-problems] li');
    expect(await problems.count()).toBeGreaterThan(0);
    const classes = await problems.evaluateAll((li) => li.map((l) => l.className));
    expect(classes.join(' ')).not.toMatch(/warning.*\berror\b/);
    const left = page.locator('[data-testid=import-problems] li', { hasText: '将没有网格（R4）' }).first();
    expect(await left.textContent()).toContain(gone);
    await left.locator('button').click();
    await expect.poll(() => left.getAttribute('class')).toContain('selected');
    // The map flies to the problem.
    await page.waitForFunction(() => !(window as any).__map.isMoving() && (window as any).__map.getZoom() >= 14.9, null, { timeout: 10_000 });
    await page.waitForTimeout(300);
    writeFileSync(`${ARTIFACTS}/admin-preview-1440.png`, await page.screenshot());

    // Apply: a confirmation that says from which day, then the revision and the list of imports.
    expect(await page.isDisabled('[data-testid=import-apply]')).toBe(false);
    await page.click('[data-testid=import-apply]');
    const confirm = await page.textContent('[data-testid=import-confirm]');
    expect(confirm).toContain(`自今天（${shanghaiDay(Date.now())}）起`);
    expect(confirm).toContain('修改 1、删除 1');
    writeFileSync(`${ARTIFACTS}/admin-confirm-1440.png`, await page.screenshot());
    await page.click('[data-testid=import-confirm-apply]');
    await page.waitForSelector('[data-testid=import-applied]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid=import-applied]')).toContain('西岗镇网格.zip');
    await page.waitForSelector('[data-testid=import-revisions] tr[data-revision]', { timeout: 10_000 });
    const revision = await page.locator('[data-testid=import-revisions] tr[data-revision]').first().locator('td').allTextContents();
    expect(revision.slice(3, 9)).toEqual(['西岗镇网格.zip', 'xigang_grids (grids)', shanghaiDay(Date.now()), '0', '1', '1']);
    expect(revision[2]).not.toBe('—');

    // The wall switched over without a reload: the merged grid under its new name, the absorbed one gone.
    await expect.poll(async () => (await gridsOnMap(wall, 'grids'))[gone], { timeout: 30_000 }).toBeUndefined();
    expect((await gridsOnMap(wall, 'grids'))[keep]).toBe(`${keepName}（合并）`);
    expect(await wall.evaluate(() => (window as any).__notReloaded)).toBe(true);
    // And so did the admin's own map of today's grids.
    await expect.poll(async () => (await gridsOnMap(page, 'current-grids'))[gone], { timeout: 30_000 }).toBeUndefined();
    await page.waitForTimeout(500);
    writeFileSync(`${ARTIFACTS}/admin-applied-1440.png`, await page.screenshot());
    await wall.waitForTimeout(1500);
    writeFileSync(`${ARTIFACTS}/admin-wall-after-1920.png`, await wall.screenshot());

    // The same screen at 1920×1080, the file chosen again: its columns remembered from the import, nothing to change now.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.setInputFiles('[data-testid=import-file]', []);
    await page.waitForSelector('[data-testid=import-layer-info]', { state: 'detached' });
    await page.setInputFiles('[data-testid=import-file]', file);
    await expect
      .poll(() => page.locator('[data-testid=import-mapping-source]').textContent({ timeout: 90_000 }), { timeout: 90_000 })
      .toBe('已按上次同样字段的文件填好');
    await page.click('[data-testid=import-preview]');
    await expect.poll(() => count('changed'), { timeout: 60_000 }).toBe('0');
    expect(await count('removed')).toBe('0');
    expect(await page.isDisabled('[data-testid=import-apply]')).toBe(true);
    await page.waitForTimeout(500);
    writeFileSync(`${ARTIFACTS}/admin-1920.png`, await page.screenshot());
    await wallContext.close();
    await adminContext.close();
  }, 480_000);

  it('tells anyone but an administrator that the screen needs an administrator account', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, e2e.srv.base, 'leader', DEMO_PASSWORD, '/admin');
    await page.waitForSelector('[data-testid=admin-only]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=admin-only]')).toContain('需要管理员账号');
    expect(await page.locator('[data-testid=import-file]').count()).toBe(0);
    await page.close();
  });

  it('shows a refused file’s reason in the page', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, e2e.srv.base, 'admin', ADMIN_PASSWORD, '/admin?tab=import');
    await page.waitForSelector('[data-testid=import-file]', { state: 'attached', timeout: 90_000 });
    const dir = mkdtempSync(join(tmpdir(), 'admin-'));
    writeFileSync(join(dir, 'grids.zip'), 'not a zip at all');
    await page.setInputFiles('[data-testid=import-file]', join(dir, 'grids.zip'));
    await page.waitForSelector('[data-testid=import-error]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=import-error]')).toContain('is not a zip archive');
    writeFileSync(`${ARTIFACTS}/admin-refused-1440.png`, await page.screenshot());
    await page.close();
  });
});
