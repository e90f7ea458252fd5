// The organisation tabs of /admin as an administrator uses them (issue 17): a grid's worker handed over in
// the screen — the R4 conflict (the new worker holds another grid) explained and resolved by releasing that
// grid in the same step — and the grid's history showing it; a refused form keeping what was typed.
// Needs the /admin shell (branch admin) with ORG_TABS in its tabs, reading ?tab=.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../shared/core/time.ts';
import { ADMIN_PASSWORD } from '../helpers/server.ts';
import { loginAs } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser();

describe('the organisation tabs of /admin', () => {
  it('hands a grid worker over, explaining the R4 conflict, and shows it in the grid history', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, e2e.srv.base, 'admin', ADMIN_PASSWORD, '/admin?tab=grids');
    // Two staffed grids of the second squad: the first one's worker is replaced by the second one's.
    const [a, b] = await e2e.srv.db.query<{ id: number; code: string; workerId: number; worker: string }>(
      `SELECT g.id, g.code, g.worker_id AS "workerId", w.name AS worker FROM grids g JOIN workers w ON w.id = g.worker_id
        WHERE g.squad_id = 2 AND g.valid_to IS NULL ORDER BY g.code LIMIT 2`,
    );
    await page.click('.org-list button[data-squad="2"]', { timeout: 60_000 });
    await page.click(`[data-testid=grids] tr[data-grid="${a!.id}"]`);
    const history = page.locator('[data-testid=grid-history] li');
    await expect.poll(() => history.count(), { timeout: 15_000 }).toBe(1);
    expect(await history.first().textContent()).toContain(a!.worker);

    await page.selectOption('[data-testid=handover] select[name=workerId]', String(b!.workerId));
    await page.click('[data-testid=handover] button[type=submit]');
    // One grid per worker (R4): the server refuses, the screen says why and offers to release the other grid.
    const refusal = page.locator('[data-testid=handover] [data-testid=form-error]');
    await expect.poll(() => refusal.textContent(), { timeout: 10_000 }).toContain(`该网格员已负责网格 ${b!.code}`);
    expect(await page.inputValue('[data-testid=handover] select[name=workerId]')).toBe(String(b!.workerId)); // nothing lost
    writeFileSync(`${ARTIFACTS}/admin-org-conflict.png`, await page.screenshot());
    await page.click('[data-testid=release-and-handover]');

    const today = shanghaiDay(Date.now());
    await expect.poll(() => history.count(), { timeout: 10_000 }).toBe(2);
    expect(await history.nth(0).textContent()).toContain(`${b!.worker} ${today} 起至今`);
    expect(await history.nth(1).textContent()).toContain(`至 ${addDays(today, -1)}`);
    expect(await history.nth(1).textContent()).toContain(a!.worker);
    expect(await refusal.count()).toBe(0);
    // The table says it too: the grid has its new worker, the other grid none.
    await expect.poll(() => page.textContent(`[data-testid=grids] tr[data-grid="${a!.id}"]`)).toContain(b!.worker);
    expect(await page.textContent(`[data-testid=grids] tr[data-grid="${b!.id}"]`)).toContain('无网格员');
    const [held] = await e2e.srv.db.query<{ workerId: number | null }>('SELECT worker_id AS "workerId" FROM grids WHERE id = $1', [a!.id]);
    expect(held!.workerId).toBe(b!.workerId);
    writeFileSync(`${ARTIFACTS}/admin-org-grids.png`, await page.screenshot());
    await page.close();
  });

  it('shows the server field problems beside a refused form and keeps what was typed', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, e2e.srv.base, 'admin', ADMIN_PASSWORD, '/admin?tab=workers');
    const form = page.locator('[data-testid=hire]');
    await form.locator('input[name=name]').fill('李新', { timeout: 60_000 });
    await form.locator('input[name=phone]').fill('not a phone');
    await form.locator('select[name=squadId]').selectOption('3');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.field-error').allTextContents(), { timeout: 10_000 }).toEqual(['a phone number']);
    expect(await form.locator('[data-testid=form-error]').textContent()).toContain('输入有误');
    expect(await form.locator('input[name=name]').inputValue()).toBe('李新');
    await form.locator('input[name=phone]').fill('13800000001');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-testid=worker-panel]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid=worker-panel] h2')).toContain('李新');
    const [w] = await e2e.srv.db.query<{ squadId: number }>(`SELECT squad_id AS "squadId" FROM workers WHERE name = '李新'`);
    expect(w!.squadId).toBe(3);
    await page.close();
  });

  it('moves a village to another squad with its grids, and the list follows it there', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, e2e.srv.base, 'admin', ADMIN_PASSWORD, '/admin?tab=grids');
    const [v] = await e2e.srv.db.query<{ id: number; grids: number }>(
      `SELECT v.id, count(g.id)::int AS grids FROM villages v JOIN grids g ON g.village_id = v.id AND g.valid_to IS NULL
        WHERE v.squad_id = 4 GROUP BY v.id ORDER BY v.code LIMIT 1`,
    );
    await page.click('.org-list button[data-squad="4"]', { timeout: 60_000 });
    await page.click(`[data-testid=grids] tr[data-village="${v!.id}"]`);
    await page.selectOption('[data-testid=village-form] select[name=squadId]', '5');
    expect(await page.textContent('[data-testid=village-form]')).toContain(`${v!.grids} 个网格`);
    await page.click('[data-testid=village-form] button[type=submit]');
    await expect.poll(() => page.getAttribute('.org-list button[data-squad="5"]', 'class'), { timeout: 10_000 }).toBe('selected');
    await page.waitForSelector(`[data-testid=grids] tr[data-village="${v!.id}"]`, { timeout: 10_000 });
    const moved = await e2e.srv.db.query<{ squadId: number }>('SELECT DISTINCT squad_id AS "squadId" FROM grids WHERE village_id = $1 AND valid_to IS NULL', [
      v!.id,
    ]);
    expect(moved).toEqual([{ squadId: 5 }]);
    await page.close();
  });
});
