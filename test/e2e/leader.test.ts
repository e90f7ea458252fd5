// The leader's view as a leader uses it (R32): the town and squads at a glance, a drill-down to a worker
// with missed targets, the squad table exported to Excel holding what the page shows; desktop and phone.
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../shared/core/time.ts';
import { DEMO_PASSWORD } from '../helpers/server.ts';
import { loginAs } from './browser.ts';
import { colourDistance, decodePng } from './pixels.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser();

describe('the leader view', () => {
  it('drills down from a squad to a worker with missed targets, and exports the squad table as it shows', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await loginAs(page, e2e.srv.base, 'leader', DEMO_PASSWORD, '/leader');
    await page.waitForSelector('[data-testid=squads] tbody tr[data-squad="3"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid=squads] tbody tr').count()).toBe(10); // the town and nine squads
    await page.click('[data-testid=squads] tbody tr[data-squad="3"]');
    const gridRows = page.locator('[data-testid=grids] tbody tr');
    await expect.poll(() => gridRows.count()).toBeGreaterThan(3);
    // A grid that has key targets: nobody patrolled in this test, so all of them are missed.
    const [withTargets] = await e2e.srv.db.query<{ id: number }>(
      'SELECT g.id FROM grids g WHERE g.squad_id = 3 AND EXISTS (SELECT 1 FROM targets t WHERE t.grid_id = g.id) ORDER BY g.id LIMIT 1',
    );
    await page.click(`[data-testid=grids] tbody tr[data-grid="${withTargets!.id}"]`);
    await page.waitForSelector('[data-testid=worker-targets] li', { timeout: 15_000 });
    const targets = await page.locator('[data-testid=worker-targets] li').allTextContents();
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((t) => t.endsWith('0/2 巡'))).toBe(true);
    expect(await page.locator('[data-testid=worker-targets] li.missed').count()).toBe(targets.length);
    expect(await page.textContent('[data-testid=worker]')).toContain('未完成');
    writeFileSync(`${ARTIFACTS}/leader-1440.png`, await page.screenshot({ fullPage: true }));

    const shown = await page
      .locator('[data-testid=squads] tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    expect(download.suggestedFilename()).toMatch(/^巡查考核_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...(await page.locator('[data-testid=squads] thead th').allTextContents())]);
    for (let i = 0; i < shown.length; i++) {
      const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1);
      expect(cells[0]).toBe(shown[i]![0]);
      // Percentages are numbers in the sheet, shown rounded on the page.
      cells.forEach((v, k) => {
        const text = shown[i]![k]!;
        if (text.endsWith('%')) expect(`${Math.round(Number(v) * 100)}%`).toBe(text);
        else if (text === '—') expect(v ?? null).toBeNull();
        else expect(String(v)).toBe(text);
      });
    }
    // The map as shown, as a PNG: once the map is still, the download is the picture on the page (the
    // basemap and the coverage colours over it), pixel for pixel within rounding.
    await page.waitForFunction(
      () => {
        const m = (window as any).__map;
        return m?.loaded() && !m.isMoving();
      },
      null,
      { timeout: 20_000 },
    );
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-map]')]);
    expect(png.suggestedFilename()).toMatch(/^巡查地图_\d{4}-\d{2}-\d{2}\.png$/);
    const exported = decodePng(readFileSync(await png.path()));
    const onScreen = decodePng(await page.locator('.map').screenshot());
    // The canvas is the map box in whole pixels; a screenshot of the box rounds its fractional edges out.
    expect(Math.abs(exported.width - onScreen.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(exported.height - onScreen.height)).toBeLessThanOrEqual(1);
    const [w, h] = [Math.min(exported.width, onScreen.width), Math.min(exported.height, onScreen.height)];
    let differs = 0;
    const colours = new Set<string>();
    for (let y = 5; y < h; y += 10)
      for (let x = 5; x < w; x += 10) {
        if (colourDistance(exported.at(x, y), onScreen.at(x, y)) > 24) differs++;
        colours.add(onScreen.at(x, y).join(','));
      }
    const samples = Math.ceil((h - 5) / 10) * Math.ceil((w - 5) / 10);
    expect(colours.size).toBeGreaterThan(20); // a drawn map, not a blank
    expect(differs / samples).toBeLessThan(0.02);

    // The trend over 7 days, then yesterday's notice published (R16).
    await page.click('[data-testid=trend-days]');
    await expect.poll(() => page.textContent('.leader-trend h2')).toContain('近7日');
    expect(await page.locator('[data-testid=publish]').count()).toBe(0); // today is not over
    await page.fill('.leader-header input[type=date]', addDays(shanghaiDay(Date.now()), -1));
    await page.waitForSelector('[data-testid=publish]', { timeout: 15_000 });
    await expect.poll(() => page.locator('[data-testid=notice] li').count(), { timeout: 10_000 }).toBeGreaterThan(10);
    await page.click('[data-testid=publish]');
    await expect.poll(() => page.textContent('[data-testid=notice] h2'), { timeout: 10_000 }).toContain('通报');
    expect(await page.locator('[data-testid=publish]').count()).toBe(0);
    writeFileSync(`${ARTIFACTS}/leader-notice.png`, await page.screenshot({ fullPage: true }));
    await page.close();
  });

  it('reads on a phone and refuses a duty officer', async () => {
    const phone = await e2e.browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
    await loginAs(phone, e2e.srv.base, 'squad02', DEMO_PASSWORD, '/leader');
    await phone.waitForSelector('[data-testid=squads] tbody tr', { timeout: 60_000 });
    // A squad leader sees the total of their own squad and that squad only.
    expect(await phone.locator('[data-testid=squads] tbody tr').count()).toBe(2);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    writeFileSync(`${ARTIFACTS}/leader-375.png`, await phone.screenshot({ fullPage: true }));
    await phone.close();
    const duty = await e2e.browser.newPage();
    await loginAs(duty, e2e.srv.base, 'duty', DEMO_PASSWORD, '/leader');
    await expect.poll(() => duty.textContent('body'), { timeout: 10_000 }).toContain('仅供领导');
    await duty.close();
  });
});
