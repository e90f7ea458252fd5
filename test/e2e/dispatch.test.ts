// The dispatch console as a duty officer uses it (R31), with the wall watching (R30): a call taken on the
// map, registered, dispatched to the suggested worker, handled by that worker's terminal, verified, fed
// back and closed — the wall's pin changing at each step; and two officers on one case.
import { pngOf } from '../helpers/images.ts';
import { writeFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, client } from '../helpers/server.ts';
import { colourAt, loginAs, mapPoint } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';
import { colourDistance, type RGB } from './pixels.ts';

const e2e = serverAndBrowser();

const project = mapPoint;
const pixel = colourAt;
const NEW: RGB = [64, 196, 255];
const WORKING: RGB = [255, 214, 10];
const HANDLED: RGB = [52, 199, 89];

describe('the dispatch console', () => {
  it('takes a call to closure with the suggested worker, and the wall follows every step', async () => {
    const admin = await client(e2e.srv.base, 'admin');
    const grid = (await admin.get('/geo/grids')).body.features[20];
    const place = turf.pointOnFeature(grid).geometry.coordinates as [number, number];
    const workerId = grid.properties.workerId;
    const { token } = (await admin.post('/devices', { uniqueId: 'E2E-DISPATCH', workerId })).body;
    // The grid's worker is on patrol 300 m north of where the call will be placed.
    const now = Date.now();
    const fixes = [0, 1, 2].map((i) => ({
      deviceTime: new Date(now - (3 - i) * 10_000).toISOString(),
      lat: place[1] + 0.0027 + i * 0.00003,
      lon: place[0],
      accuracy: 5,
      speed: 1.2,
    }));
    expect(
      (
        await fetch(`${e2e.srv.base}/api/positions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ fixes }),
        })
      ).status,
    ).toBe(200);

    const wall = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(wall, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await wall.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    const officer = await e2e.browser.newPage({ viewport: { width: 1600, height: 900 } });
    await loginAs(officer, e2e.srv.base, 'duty', DEMO_PASSWORD, '/dispatch');
    await officer.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    await expect.poll(() => officer.textContent('.conn'), { timeout: 15_000 }).toBe('实时');

    // A call: the place from a click on the map, the class, what happened, who called.
    await officer.click('[data-testid=take-call]');
    await officer.waitForTimeout(800); // the map settles
    const [x, y] = await project(officer, place);
    await officer.mouse.click(x, y);
    await expect.poll(() => officer.textContent('[data-testid=call-place]')).toContain('位置');
    await officer.selectOption('[data-testid=new-call] select[name=categoryCode]', '1205');
    await officer.fill('[data-testid=new-call] textarea[name=description]', '路口井盖缺失，有行人跌落风险');
    await officer.fill('[data-testid=new-call] input[name=callerName]', '李女士');
    await officer.fill('[data-testid=new-call] input[name=callerPhone]', '13905370002');
    await officer.click('[data-testid=new-call] button[type=submit]');
    await expect.poll(() => officer.textContent('[data-testid=case-state]'), { timeout: 5000 }).toContain('待立案');
    expect(await officer.textContent('[data-testid=case]')).toContain('李女士 13905370002');
    const id = Number(await officer.getAttribute('.queue li.selected', 'data-id'));
    const created = (await (await client(e2e.srv.base, 'leader')).get(`/incidents/${id}`)).body;
    const at = [created.lon, created.lat];
    expect(turf.distance(at, place, { units: 'meters' })).toBeLessThan(30); // where the officer clicked
    await expect.poll(async () => colourDistance(await pixel(wall, at), NEW), { timeout: 8000 }).toBeLessThan(60);

    await officer.click('[data-action=register]');
    await expect.poll(() => officer.textContent('[data-testid=case-state]')).toContain('已立案');
    await officer.click('[data-action=dispatch]');
    const first = officer.locator('[data-testid=dispatch-choices] button').first();
    expect(await first.getAttribute('data-worker')).toBe(String(workerId)); // its own grid's worker, suggested first
    expect(await first.textContent()).toContain('本网格');
    await first.click();
    await expect.poll(() => officer.textContent('[data-testid=case-state]')).toContain('已派遣');
    await expect.poll(async () => colourDistance(await pixel(wall, at), WORKING), { timeout: 8000 }).toBeLessThan(60);

    // The worker's terminal accepts and handles it.
    const terminal = async (body: object) => {
      const { version } = (await (await client(e2e.srv.base, 'leader')).get(`/incidents/${id}`)).body;
      const r = await fetch(`${e2e.srv.base}/api/incidents/${id}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...body, version }),
      });
      expect(r.status).toBe(200);
    };
    await terminal({ action: 'accept' });
    await terminal({ action: 'handle', result: '已补装井盖' });
    await expect.poll(() => officer.textContent('[data-testid=case-state]'), { timeout: 8000 }).toContain('待核查');
    await expect.poll(async () => colourDistance(await pixel(wall, at), HANDLED), { timeout: 8000 }).toBeLessThan(60);

    await officer.click('[data-action=verify]');
    await expect.poll(() => officer.textContent('[data-testid=case-state]')).toContain('待反馈');
    await officer.click('[data-action=feedback]');
    await officer.fill('[data-testid=form-feedback] textarea[name=content]', '已电话告知处理结果');
    await officer.click('[data-testid=form-feedback] button[type=submit]');
    await expect.poll(() => officer.textContent('[data-testid=case-state]')).toContain('待结案');
    await officer.click('[data-action=close]');
    await expect.poll(() => officer.textContent('[data-testid=case-state]')).toContain('已结案');
    expect(await officer.locator('[data-testid=actions] button').count()).toBe(0);
    const timeline = await officer.locator('[data-testid=timeline] li b').allTextContents();
    expect(timeline).toEqual(['新上报', '立案', '派遣', '接单', '处置完毕', '核查通过', '反馈', '结案']);
    // Closed: the pin is gone from the wall.
    await expect.poll(async () => colourDistance(await pixel(wall, at), HANDLED), { timeout: 8000 }).toBeGreaterThan(60);
    writeFileSync(`${ARTIFACTS}/dispatch-closed.png`, await officer.screenshot());
    await wall.close();
    await officer.close();
  });

  it('places a call by its village when the caller cannot say where on the map, with a photo attached', async () => {
    const officer = await e2e.browser.newPage({ viewport: { width: 1600, height: 900 } });
    await loginAs(officer, e2e.srv.base, 'duty', DEMO_PASSWORD, '/dispatch');
    await officer.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    await officer.click('[data-testid=take-call]');
    const village = (await (await client(e2e.srv.base, 'duty')).get('/geo/villages')).body.features[5];
    await officer.selectOption('[data-testid=call-village]', { label: village.properties.name });
    await expect.poll(() => officer.textContent('[data-testid=call-place]')).toContain(village.properties.centre[1].toFixed(5));
    await officer.selectOption('[data-testid=new-call] select[name=categoryCode]', '0201');
    await officer.fill('[data-testid=new-call] textarea[name=description]', '村委会公告栏被贴满小广告');
    const png = pngOf(8, 6);
    await officer.setInputFiles('[data-testid=new-call] input[type=file]', { name: 'scene.png', mimeType: 'image/png', buffer: png });
    await officer.click('[data-testid=new-call] button[type=submit]');
    await expect.poll(() => officer.textContent('[data-testid=case-state]'), { timeout: 8000 }).toContain('待立案');
    const id = Number(await officer.getAttribute('.queue li.selected', 'data-id'));
    const saved = (await (await client(e2e.srv.base, 'duty')).get(`/incidents/${id}`)).body;
    expect(saved.place.village).toBe(village.properties.name);
    expect(saved.photos).toHaveLength(1);
    await officer.close();
  });

  it('refuses the second of two officers acting on one case, says so, and shows the truth', async () => {
    const duty = await client(e2e.srv.base, 'duty');
    const grid = (await duty.get('/geo/grids')).body.features[60];
    const [lon, lat] = turf.pointOnFeature(grid).geometry.coordinates;
    const id = (await duty.post('/incidents', { categoryCode: '0502', lat, lon, description: '车辆堵塞消防通道' })).body.id;
    const pages = await Promise.all(
      [0, 1].map(async () => {
        const p = await e2e.browser.newPage({ viewport: { width: 1600, height: 900 } });
        await loginAs(p, e2e.srv.base, 'duty', DEMO_PASSWORD, '/dispatch');
        await p.waitForSelector(`.queue li[data-id="${id}"]`, { timeout: 30_000 });
        await p.click(`.queue li[data-id="${id}"]`);
        await expect.poll(() => p.textContent('[data-testid=case-state]')).toContain('待立案');
        return p;
      }),
    );
    const [a, b] = pages as [Page, Page];
    // B's live connection drops, so its screen still offers what A is about to do.
    await b.evaluate(() => (window as any).__socket.disconnect());
    await a.click('[data-action=register]');
    await expect.poll(() => a.textContent('[data-testid=case-state]')).toContain('已立案');
    expect(await b.textContent('[data-testid=case-state]')).toContain('待立案');
    await b.click('[data-action=register]');
    await expect.poll(() => b.textContent('[role=alert]'), { timeout: 5000 }).toContain('操作未执行：其他人已先处理了此事件');
    await expect.poll(() => b.textContent('[data-testid=case-state]'), { timeout: 5000 }).toContain('已立案'); // the truth
    expect((await duty.get(`/incidents/${id}`)).body).toMatchObject({ state: 'registered', version: 2 });
    expect((await duty.get(`/incidents/${id}`)).body.timeline.filter((e: any) => e.action === 'register')).toHaveLength(1);
    const b2 = b;
    writeFileSync(`${ARTIFACTS}/dispatch-conflict.png`, await b2.screenshot());
    for (const p of pages) await p.close();
  });
});
