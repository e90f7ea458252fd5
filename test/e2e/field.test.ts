// The grid worker's field app (/field, issue 18) on a phone (393×851, touch): a worker logs in and sees
// today's tasks, goes offline, reports an incident with a photo, records two visits (R14, R17) and updates
// a household (R8), reloads while still offline (the service worker opens the app, the queue is still in
// IndexedDB), goes online: everything arrives exactly once, the wall's incidents and the leader's household
// figures show it. A write the server refuses stays in the queue marked failed with the reason. No request
// leaves for the internet. Screenshots at 360×740 and 414×896 without horizontal scroll.
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { client, DEMO_PASSWORD } from '../helpers/server.ts';
import { loginAs } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser();

/** A small PNG as a camera would hand it over: the app shrinks it to a JPEG before queuing it. */
function photo(): Buffer {
  const png = new PNG({ width: 640, height: 480 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(i / 4) % 256, 120, 60, 255], i);
  return PNG.sync.write(png);
}

interface Place {
  gridId: number;
  households: { id: number; address: string; lon: number; lat: number }[];
}

/** The demo worker's grid and three of its households, nearest the first. */
async function workerPlace(): Promise<Place> {
  const [me] = await e2e.srv.db.query<{ gridId: number }>(
    `SELECT g.id AS "gridId" FROM users u JOIN grids g ON g.worker_id = u.worker_id WHERE u.username = 'worker' LIMIT 1`,
  );
  const households = await e2e.srv.db.query<{ id: number; address: string; lon: number; lat: number }>(
    `SELECT id, address, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM households WHERE grid_id = $1 ORDER BY id LIMIT 3`,
    [me!.gridId],
  );
  return { gridId: me!.gridId, households };
}

/** A phone: 393×851, touch, geolocation at a place; every request it makes is recorded. */
async function phone(at: { lon: number; lat: number }, viewport = { width: 393, height: 851 }) {
  const context = await e2e.browser.newContext({
    viewport,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    permissions: ['geolocation'],
    geolocation: { latitude: at.lat, longitude: at.lon, accuracy: 8 },
    locale: 'zh-CN',
  });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  return { context, requests };
}

const status = (page: Page) => page.textContent('[data-testid=field-status]');
const tab = (page: Page, name: string) => page.click(`.field-tabs [data-tab=${name}]`);

async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined, null, {
    timeout: 30_000,
  });
}

async function recordVisit(page: Page, h: { id: number }, note: string) {
  await tab(page, 'visit');
  await page.click(`[data-testid=households] [data-household="${h.id}"]`);
  await page.waitForSelector('[data-testid=visit-form]');
  await page.fill('input[name=people]', '户主');
  await page.click('text=＋ 添加问题');
  await page.fill('.field-problem textarea', `${note}：路灯不亮`);
  await page.check('.field-problem input[type=checkbox]');
  await page.fill('textarea[name=handling]', '已登记，联系供电所');
  await page.click('[data-testid=visit-save]');
  await page.waitForSelector('.field-toast');
}

describe('the field app on a phone', () => {
  it('works offline: reports, visits and a record change queue, survive a reload and arrive exactly once', async () => {
    const place = await workerPlace();
    const [home, second, third] = place.households;
    const { context, requests } = await phone(home!);
    const page = await context.newPage();
    const leader = await client(e2e.srv.base, 'leader');
    const before = (await leader.get('/coverage/households')).body.grids.find((g: { gridId: number }) => g.gridId === place.gridId);

    await loginAs(page, e2e.srv.base, 'worker', DEMO_PASSWORD, '/field');
    // Today: the verdict, what is missing, the households due, nearest first.
    await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=verdict]')).toMatch(/今日尚未合格|今日合格/);
    await expect.poll(() => page.locator('[data-testid=due-households] li').count()).toBeGreaterThan(0);
    expect(await status(page)).toContain('在线');
    await controlled(page);
    // The lists the worker will need offline, seen once online (the service worker keeps the last answer).
    await tab(page, 'visit');
    await page.waitForSelector(`[data-testid=households] [data-household="${second!.id}"]`, { timeout: 20_000 });
    await page.click(`[data-testid=households] [data-household="${home!.id}"]`);
    await page.waitForSelector('[data-testid=visit-form] .field-hint');
    await page.click('[data-testid=visit-form] .field-link');
    await tab(page, 'records');
    await page.click(`[data-testid=households] [data-household="${third!.id}"]`);
    await page.waitForSelector('[data-testid=household-record] .field-actions');
    await page.click('[data-testid=household-record] .field-link');
    await tab(page, 'report');
    await page.waitForSelector('select[name=category] option:nth-child(2)', { state: 'attached' });

    await context.setOffline(true);
    // 上报: a class, a photo from the "camera", the GPS place, a description.
    await page.selectOption('select[name=category]', { index: 1 });
    await page.setInputFiles('[data-testid=photo-input]', { name: 'IMG_0001.png', mimeType: 'image/png', buffer: photo() });
    await page.waitForSelector('.field-photos img');
    await page.fill('textarea[name=description]', '路边堆放建筑垃圾，影响通行');
    await page.click('[data-testid=report-submit]');
    await page.waitForSelector('[data-testid=cases]');
    await expect.poll(() => status(page)).toContain('离线 · 2 条待上传');

    await recordVisit(page, home!, '第一户');
    await recordVisit(page, second!, '第二户');
    // 基础信息: the third household's size updated.
    await tab(page, 'records');
    await page.click(`[data-testid=households] [data-household="${third!.id}"]`);
    await page.click('[data-testid=household-record] .field-actions button:has-text("更新")');
    await page.fill('[data-testid=household-change] input[name=size]', '7');
    await page.fill('[data-testid=household-change] textarea[name=note]', '新添一口人');
    await page.click('[data-testid=household-change-save]');
    await page.waitForSelector('.field-toast');
    await expect.poll(() => status(page)).toContain('离线 · 5 条待上传');
    writeFileSync(`${ARTIFACTS}/field-offline-393.png`, await page.screenshot());

    // Reloaded with no network: the service worker opens the app, IndexedDB still holds the queue.
    await page.reload();
    await page.waitForSelector('[data-testid=field-status]', { timeout: 20_000 });
    expect(await status(page)).toContain('离线 · 5 条待上传');
    await page.click('[data-testid=field-status]');
    expect(await page.locator('[data-testid=queue] li').count()).toBe(5);
    expect(await page.locator('[data-testid=queue] li[data-kind=photo]').textContent()).toContain('等待“上报事件”先上传');
    writeFileSync(`${ARTIFACTS}/field-queue-393.png`, await page.screenshot());
    await page.click('.field-close');
    // A second page opened offline opens too (after its first visit the app needs no network).
    const again = await context.newPage();
    await again.goto(`${e2e.srv.base}/field`);
    await again.waitForSelector('[data-testid=field-status]', { timeout: 20_000 });
    await again.close();

    // Back online: everything goes by itself.
    await context.setOffline(false);
    await expect.poll(() => status(page), { timeout: 60_000, interval: 500 }).toBe('在线');

    // Exactly once: one incident with one photo, two visits with their diary, one change of the household.
    const incidents = await e2e.srv.db.query<{ id: number; code: string; photos: number }>(
      `SELECT i.id, i.code, (SELECT count(*) FROM incident_attachments a WHERE a.incident_id = i.id)::int AS photos
         FROM incidents i WHERE i.description = '路边堆放建筑垃圾，影响通行'`,
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.photos).toBe(1);
    const [jpeg] = await e2e.srv.db.query<{ mime: string }>('SELECT mime FROM incident_attachments WHERE incident_id = $1', [incidents[0]!.id]);
    expect(jpeg!.mime).toBe('image/jpeg'); // shrunk on the phone: canvas → JPEG
    const visits = await e2e.srv.db.query<{ householdId: number }>(
      `SELECT household_id AS "householdId" FROM visits WHERE household_id = ANY($1::int[]) AND visited_at > now() - interval '1 hour' ORDER BY household_id`,
      [[home!.id, second!.id]],
    );
    expect(visits.map((v) => v.householdId)).toEqual([home!.id, second!.id].sort((a, b) => a - b));
    const [size] = await e2e.srv.db.query<{ size: number }>('SELECT size FROM households WHERE id = $1', [third!.id]);
    expect(size!.size).toBe(7);
    // The diary's problems went into the 民情台账 (R17), one item per visit.
    const worker = await client(e2e.srv.base, 'worker');
    const ledger = (await worker.get('/field/ledger')).body.items.filter((i: { text: string }) => /第[一二]户：路灯不亮/.test(i.text));
    expect(ledger).toHaveLength(2);

    // The wall shows the new pin; the leader view counts the visits.
    const wall = await client(e2e.srv.base, 'wall');
    const pins = (await wall.get('/incidents?open=true&pageSize=500')).body.incidents as { id: number }[];
    expect(pins.some((p) => p.id === incidents[0]!.id)).toBe(true);
    const after = (await leader.get('/coverage/households')).body.grids.find((g: { gridId: number }) => g.gridId === place.gridId);
    expect(after.visits).toBe(before.visits + 2);

    // No request left for the internet.
    const foreign = requests.filter((u) => !u.startsWith(e2e.srv.base) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('keeps a write the server refuses, marked failed with the reason', async () => {
    const place = await workerPlace();
    const [, , , ...rest] = place.households;
    const [h] = rest.length ? rest : place.households;
    const { context } = await phone(h!);
    const page = await context.newPage();
    await loginAs(page, e2e.srv.base, 'worker', DEMO_PASSWORD, '/field');
    await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
    await controlled(page);
    await tab(page, 'visit');
    await page.waitForSelector(`[data-testid=households] [data-household="${h!.id}"]`, { timeout: 20_000 });
    await context.setOffline(true);
    await recordVisit(page, h!, '移出');
    // While the phone was offline the household was moved to another grid: the visit is no longer the worker's.
    const [other] = await e2e.srv.db.query<{ id: number }>('SELECT id FROM grids WHERE id <> $1 ORDER BY id LIMIT 1', [place.gridId]);
    await e2e.srv.db.query('UPDATE households SET grid_id = $1 WHERE id = $2', [other!.id, h!.id]);
    await context.setOffline(false);
    await expect.poll(() => status(page), { timeout: 30_000, interval: 500 }).toContain('1 条未上传成功');
    await page.click('[data-testid=field-status]');
    const entry = page.locator('[data-testid=queue] li[data-state=failed]');
    expect(await entry.count()).toBe(1);
    expect((await entry.locator('[data-testid=queue-reason]').textContent())?.length).toBeGreaterThan(5);
    writeFileSync(`${ARTIFACTS}/field-failed-393.png`, await page.screenshot());
    // Reloaded, it is still there: nothing is dropped without the worker's word.
    await page.reload();
    await page.waitForSelector('[data-testid=field-status]');
    await expect.poll(() => status(page)).toContain('1 条未上传成功');
    await context.close();
  });

  it('我的事件 and 巡查上报: accept, handle with a photo, 督促整改 and 整改核查, 核查; a conflict explained; a patrol with content and result (R15, R18, R20)', async () => {
    const place = await workerPlace();
    const home = place.households[0]!;
    const [w] = await e2e.srv.db.query<{ workerId: number }>(`SELECT worker_id AS "workerId" FROM users WHERE username = 'worker'`);
    const duty = await client(e2e.srv.base, 'duty');
    const urban = await client(e2e.srv.base, 'urban');
    const inspector = await client(e2e.srv.base, 'inspector');
    const worker = await client(e2e.srv.base, 'worker');
    const departmentId = (await urban.get('/auth/me')).body.departmentId;
    const act = async (who: typeof duty, id: number, body: object) => {
      const r = await who.post(`/incidents/${id}/actions`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.version as number;
    };
    // A: given to the worker by the duty officer. B, C: found by the worker, handled by 城管, for the worker to 核查.
    const a = (await duty.post('/incidents', { categoryCode: '0101', lat: home.lat, lon: home.lon, description: '案A 路边违建' })).body;
    await act(duty, a.id, { action: 'dispatch', workerId: w!.workerId, version: await act(duty, a.id, { action: 'register', version: a.version }) });
    const handledByUrban = async (description: string, clientRef: string) => {
      const c = (await worker.post('/incidents', { categoryCode: '0101', lat: home.lat, lon: home.lon, description, clientRef })).body;
      let v = await act(duty, c.id, { action: 'register', version: c.version });
      v = await act(duty, c.id, { action: 'dispatch', version: v, departmentId });
      v = await act(urban, c.id, { action: 'accept', version: v });
      return { id: c.id as number, version: await act(urban, c.id, { action: 'handle', version: v, result: '已拆除' }) };
    };
    const b = await handledByUrban('案B 待核查', 'e2e-b');
    const c = await handledByUrban('案C 冲突', 'e2e-c');
    const state = async (id: number) => (await e2e.srv.db.query<{ state: string }>('SELECT state FROM incidents WHERE id = $1', [id]))[0]!.state;

    const { context } = await phone(home);
    const page = await context.newPage();
    await loginAs(page, e2e.srv.base, 'worker', DEMO_PASSWORD, '/field');
    await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
    const card = (id: number) => `[data-testid=cases] [data-case="${id}"]`;
    await tab(page, 'cases');
    await page.waitForSelector(`${card(c.id)} [data-action=verify]`, { timeout: 20_000 });

    // The conflict: the inspector verifies C while the phone still shows it handled; the worker's 核查 comes too late.
    await act(inspector, c.id, { action: 'verify', version: c.version });
    await page.click(`${card(c.id)} [data-action=verify]`);
    await page.click(`${card(c.id)} [data-testid=case-submit]`);
    const conflict = page.locator(`${card(c.id)} [data-testid=case-conflict]`);
    await conflict.waitFor({ timeout: 20_000 });
    const inspectorName = (await inspector.get('/auth/me')).body.displayName;
    expect(await conflict.textContent()).toMatch(new RegExp(`未执行.*${inspectorName}.*现为“待反馈”`));
    expect(await e2e.srv.db.query(`SELECT id FROM incident_events WHERE incident_id = $1 AND action = 'verify'`, [c.id])).toHaveLength(1);
    await page.click(`${card(c.id)} [data-testid=case-conflict] button`);
    expect(await page.textContent('[data-testid=queue] li[data-state=conflict] [data-testid=queue-conflict]')).toContain(inspectorName);
    writeFileSync(`${ARTIFACTS}/field-conflict-393.png`, await page.screenshot());
    page.once('dialog', (d) => void d.accept()); // 放弃 asks first: nothing typed is dropped without the worker's word
    await page.click('[data-testid=queue] li[data-state=conflict] button.danger');
    await page.waitForSelector('[data-testid=queue] li[data-state=conflict]', { state: 'detached' });
    await page.click('.field-close');

    // B: 核查 by the worker who found it.
    await page.click(`${card(b.id)} [data-action=verify]`);
    await page.click(`${card(b.id)} [data-testid=case-submit]`);
    await expect.poll(() => state(b.id), { timeout: 20_000 }).toBe('verified');

    // A: accept, then handle with a photo and the result.
    await page.click(`${card(a.id)} [data-action=accept]`);
    await page.click(`${card(a.id)} [data-testid=case-submit]`);
    await page.waitForSelector(`${card(a.id)} [data-action=handle]`, { timeout: 20_000 });
    expect(await state(a.id)).toBe('in_progress');
    await page.click(`${card(a.id)} [data-action=handle]`);
    await page.fill(`${card(a.id)} textarea[name=text]`, '已督促当事人拆除');
    await page.setInputFiles(`${card(a.id)} [data-testid=photo-input]`, { name: 'IMG_0002.png', mimeType: 'image/png', buffer: photo() });
    await page.waitForSelector(`${card(a.id)} .field-photos img`);
    await page.click(`${card(a.id)} [data-testid=case-submit]`);
    await expect.poll(() => state(a.id), { timeout: 20_000 }).toBe('handled');
    const [handled] = await e2e.srv.db.query<{ note: string; photos: number; refs: number }>(
      `SELECT (SELECT note FROM incident_events WHERE incident_id = $1 AND action = 'handle') AS note,
              (SELECT count(*) FROM incident_attachments WHERE incident_id = $1)::int AS photos,
              (SELECT count(*) FROM field_case_actions WHERE incident_id = $1)::int AS refs`,
      [a.id],
    );
    expect(handled).toEqual({ note: '已督促当事人拆除', photos: 1, refs: 2 });

    // 督促整改 on A: the responsible party and the deadline; then 整改核查, passed.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.click(`${card(a.id)} [data-action=rectify]`);
    await page.fill(`${card(a.id)} input[name=party]`, '张三（房主）');
    await page.fill(`${card(a.id)} input[name=deadline]`, today);
    await page.click(`${card(a.id)} [data-testid=case-submit]`);
    await page.waitForSelector(`${card(a.id)} [data-action=check]`, { timeout: 20_000 });
    await page.click(`${card(a.id)} [data-action=check]`);
    await page.fill(`${card(a.id)} textarea[name=text]`, '违建已拆除，现场复核');
    await page.click(`${card(a.id)} [data-testid=case-submit]`);
    const rect = async () =>
      (
        await e2e.srv.db.query<{ party: string; deadline: string; state: string; note: string }>(
          'SELECT responsible_party AS party, deadline::text AS deadline, state, check_note AS note FROM rectifications WHERE incident_id = $1',
          [a.id],
        )
      )[0];
    await expect.poll(async () => (await rect())?.state, { timeout: 20_000 }).toBe('passed');
    expect(await rect()).toEqual({ party: '张三（房主）', deadline: today, state: 'passed', note: '违建已拆除，现场复核' });

    // 巡查上报: started and ended on the phone, with content and result (R15).
    await tab(page, 'today');
    await page.click('[data-testid=patrol] button.field-primary');
    await page.waitForSelector('[data-testid=patrol] textarea', { timeout: 20_000 });
    await expect
      .poll(async () => (await e2e.srv.db.query('SELECT id FROM patrol_reports WHERE worker_id = $1', [w!.workerId])).length, { timeout: 20_000 })
      .toBe(1);
    const textareas = page.locator('[data-testid=patrol] textarea');
    await textareas.nth(0).fill('主干道及学校周边');
    await textareas.nth(1).fill('发现违建一处，已上报');
    await page.click('[data-testid=patrol] button.field-primary');
    const patrol = async () =>
      (
        await e2e.srv.db.query<{ content: string; result: string; ended: boolean }>(
          'SELECT content, result, ended_at IS NOT NULL AS ended FROM patrol_reports WHERE worker_id = $1 ORDER BY id DESC LIMIT 1',
          [w!.workerId],
        )
      )[0];
    await expect.poll(async () => (await patrol())?.ended, { timeout: 20_000 }).toBe(true);
    expect(await patrol()).toEqual({ content: '主干道及学校周边', result: '发现违建一处，已上报', ended: true });
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('在线');
    await context.close();
  });

  it('installs: a valid manifest for /field, and the service worker controls /field only', async () => {
    const { home } = { home: (await workerPlace()).households[0]! };
    const { context } = await phone(home);
    const page = await context.newPage();
    await loginAs(page, e2e.srv.base, 'worker', DEMO_PASSWORD, '/field');
    await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]')!;
      const m = await (await fetch(link.href)).json();
      const icons = await Promise.all(
        m.icons.map(async (i: { src: string; sizes: string }) => {
          const r = await fetch(i.src);
          return { sizes: i.sizes, ok: r.ok, type: r.headers.get('content-type') };
        }),
      );
      return { ...m, icons };
    });
    expect(manifest).toMatchObject({ start_url: '/field', scope: '/field', display: 'standalone', lang: 'zh-CN' });
    expect(manifest.name).toContain('网格');
    expect(manifest.icons).toEqual([
      { sizes: '192x192', ok: true, type: 'image/png' },
      { sizes: '512x512', ok: true, type: 'image/png' },
    ]);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${e2e.srv.base}/field`);
    // Its cached answers are the worker's (R40): logging out drops them, so the next person to open the
    // app on this phone offline sees none of the worker's lists.
    const cached = () => page.evaluate(async () => (await caches.keys()).includes('field-api'));
    await page.reload();
    await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
    expect(await cached()).toBe(true);
    await page.click('.field-me');
    await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: '退出', exact: true }).click()]);
    expect(await cached()).toBe(false);
    // The other screens stay out of its reach: the wall's page is not controlled.
    await page.goto(`${e2e.srv.base}/wall`);
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    await context.close();
  });

  it('fits 360 and 414 px wide phones: nothing scrolls sideways', async () => {
    const home = (await workerPlace()).households[0]!;
    for (const viewport of [
      { width: 360, height: 740 },
      { width: 414, height: 896 },
    ]) {
      const { context } = await phone(home, viewport);
      const page = await context.newPage();
      await loginAs(page, e2e.srv.base, 'worker', DEMO_PASSWORD, '/field');
      await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
      await shoot(context, page, viewport.width, 'today');
      await page.click('[data-testid=toggle-map]');
      await page.waitForSelector('.field-map[data-ready=true]', { timeout: 30_000 });
      await shoot(context, page, viewport.width, 'today-map');
      await page.click('[data-testid=toggle-map]');
      for (const name of ['visit', 'report', 'cases', 'records']) {
        await tab(page, name);
        await page.waitForTimeout(800);
        await shoot(context, page, viewport.width, name);
      }
      await tab(page, 'visit');
      await page.click('[data-testid=households] li:first-child button');
      await page.waitForSelector('[data-testid=visit-form]');
      await shoot(context, page, viewport.width, 'visit-form');
      await page.click('.field-me');
      await page.waitForTimeout(800);
      await shoot(context, page, viewport.width, 'me');
      await context.close();
    }
  });
});

/** Screenshots of every tab looked at (issue 18), also under /tmp/field-shots: nothing scrolls sideways. */
const SHOTS = '/tmp/field-shots';
async function shoot(_context: BrowserContext, page: Page, width: number, name: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
  expect(innerWidth).toBe(width);
  expect(scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(innerWidth);
  const png = await page.screenshot({ fullPage: true });
  writeFileSync(`${ARTIFACTS}/field-${name}-${width}.png`, png);
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(`${SHOTS}/${name}-${width}.png`, png);
}
