// The assessment screen as a leader uses it (R21-R29): picks a month, sees the ranking and the 10 and why,
// drills into a worker's points down to the records, exports the table, and the .xlsx is what the screen shows.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../shared/core/time.ts';
import { DEMO_PASSWORD } from '../helpers/server.ts';
import { loginAs } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser();

describe('the assessment screen', () => {
  it('shows a month’s ranking, drills into a worker’s records and exports the table as shown', async () => {
    const month = shanghaiDay(Date.now()).slice(0, 7);
    // A worker's online score of the month, so that their row and their points differ from the rest.
    const [w] = await e2e.srv.db.query<{ id: number }>('SELECT worker_id AS id FROM grids WHERE worker_id IS NOT NULL ORDER BY id LIMIT 1');
    const [leader] = await e2e.srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'leader'`);
    const [score] = await e2e.srv.db.query<{ id: number }>(
      `INSERT INTO online_scores (worker_id, month, score, by_user_id) VALUES ($1, $2, 97, $3) RETURNING id`,
      [w!.id, month, leader!.id],
    );
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await loginAs(page, e2e.srv.base, 'leader', DEMO_PASSWORD, '/assessment');
    await page.waitForSelector(`[data-testid=ranking] tbody tr[data-worker="${w!.id}"]`, { timeout: 60_000 });
    expect(await page.inputValue('[data-testid=month]')).toBe(month);
    expect(await page.textContent('[data-testid=period]')).toContain('统计期间');
    const row = page.locator(`[data-testid=ranking] tbody tr[data-worker="${w!.id}"]`);
    expect(await row.locator('td').nth(5).textContent()).toBe('97');
    await row.click();
    const online = page.locator('[data-testid=worker-lines] tr[data-part=online]');
    await online.waitFor({ timeout: 15_000 });
    expect(await online.locator('td').first().textContent()).toBe('97');
    expect(await online.locator(`li[data-ref="online_score/${score!.id}"]`).textContent()).toBe(`线上成绩 ${score!.id}`);
    expect(await page.locator('[data-testid=worker-lines] tr').count()).toBe(9); // seven on-site parts, online, bonus
    // Down to the records: the online line's record, with its score.
    await online.click();
    const record = page.locator(`[data-testid=records][data-part=online] tr[data-record="online_score/${score!.id}"]`);
    await record.waitFor({ timeout: 15_000 });
    expect(await record.textContent()).toContain('分数 97');
    writeFileSync(`${ARTIFACTS}/assessment-1440.png`, await page.screenshot({ fullPage: true }));

    const shown = await page
      .locator('[data-testid=ranking] tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(shown.length).toBeGreaterThan(10);
    // The 10 and why (R26, R28): at most 10 named, ranked first; every other row says why not, or is ranked after them.
    const awarded = shown.filter((r) => r[8] === '是');
    expect(awarded.length).toBeLessThanOrEqual(10);
    expect(awarded.map((r) => Number(r[0]))).toEqual(awarded.map((_, i) => i + 1));
    for (const r of shown.filter((x) => x[8] !== '是')) expect(r[9] !== '' || Number(r[0]) > awarded.length, r.join('|')).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    expect(download.suggestedFilename()).toBe(`assessment-${month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(await page.locator('[data-testid=ranking] thead th').allTextContents());
    expect(sheet.rowCount).toBe(shown.length + 1);
    for (let i = 0; i < shown.length; i++) {
      const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1);
      expect(shown[i]!.map((text, k) => [text, String(cells[k] ?? '')]).filter(([a, b]) => a !== b)).toEqual([]);
    }
    // The day's collection ranking (R21): one table per grid class.
    await page.click('[data-tab=day]');
    await page.waitForSelector('[data-testid=class-3]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=day-events] table').count()).toBe(3);
  });
});
