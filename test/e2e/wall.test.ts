// The wall as a person sees it: logged in through the form, drawn in Chromium (software WebGL), offline.
import { writeFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { squadColor } from '../../client/geo/squadColors.ts';
import { dayRange, shanghaiDay } from '../../shared/core/time.ts';
import { DEMO_PASSWORD, client } from '../helpers/server.ts';
import { colourAt, loginAs, mapPoint } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';
import { blend, colourDistance, decodePng, type RGB } from './pixels.ts';

const TOWN_FILL: RGB = [0x0d, 0x1d, 0x33];
const e2e = serverAndBrowser();

describe.each([
  [1920, 1080],
  [3840, 2160],
])('the wall at %i×%i', (width, height) => {
  it('draws the grid polygons of Xigang, legible, with no outside request, scrollbar or overlap', async () => {
    const page = await e2e.browser.newPage({ viewport: { width, height } });
    const outside: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(e2e.srv.base) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
    });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    // deck.gl draws on the next frames after maplibre's load; wait until the grid tint is on screen.
    const grids = (await (await client(e2e.srv.base, 'wall')).get('/geo/grids')).body;
    // Every grid's inner point: a few fall on a road, a label or a pin (the town seat's streets are dense), most on the grid's tint.
    const probes = grids.features.map((f: any) => ({ at: turf.pointOnFeature(f).geometry.coordinates, squadId: f.properties.squadId }));
    let hits = 0;
    let shot: Buffer = Buffer.alloc(0);
    for (let attempt = 0; attempt < 20 && hits < probes.length * 0.7; attempt++) {
      await page.waitForTimeout(1000);
      shot = await page.screenshot();
      const png = decodePng(shot);
      const points = await Promise.all(probes.map((p: any) => mapPoint(page, p.at)));
      // A probe hits when the pixel is the squad's colour blended on the town fill, not bare basemap.
      hits = probes.filter((p: any, i: number) => {
        const [x, y] = points[i]!;
        const want = blend(squadColor(p.squadId), 70 / 255, TOWN_FILL);
        return colourDistance(png.at(x, y), want) < 60 && colourDistance(png.at(x, y), TOWN_FILL) > 20;
      }).length;
    }
    writeFileSync(`${ARTIFACTS}/wall-${width}x${height}.png`, shot);
    expect(hits, `grid fills seen at ${hits} of ${probes.length} probes`).toBeGreaterThanOrEqual(probes.length * 0.7);

    // The map area is a picture, not a blank canvas: many distinct colours.
    const png = decodePng(shot);
    const colours = new Set<number>();
    for (let y = height * 0.1; y < height * 0.95; y += 7)
      for (let x = width * 0.2; x < width * 0.8; x += 7) {
        const [r, g, b] = png.at(x, y);
        colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
      }
    expect(colours.size).toBeGreaterThan(60);

    const layout = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('.panel, .wall-header')].map((e) => e.getBoundingClientRect().toJSON());
      return {
        scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight],
        boxes,
        title: document.querySelector('.wall-header h1')!.getBoundingClientRect().toJSON(),
        titleFont: parseFloat(getComputedStyle(document.querySelector('.wall-header h1')!).fontSize),
        statFont: parseFloat(getComputedStyle(document.querySelector('.stat-value')!).fontSize),
        stats: [...document.querySelectorAll('.stat')].map((s) => s.textContent),
        statBoxes: [...document.querySelectorAll('.stat-value, .stat-label')].map((e) => e.getBoundingClientRect().toJSON()),
      };
    });
    const [sw, sh, iw, ih] = layout.scroll;
    expect(sw).toBeLessThanOrEqual(iw!);
    expect(sh).toBeLessThanOrEqual(ih!);
    for (const b of layout.boxes) {
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(width);
      expect(b.bottom).toBeLessThanOrEqual(height);
    }
    for (let i = 0; i < layout.boxes.length; i++)
      for (let j = i + 1; j < layout.boxes.length; j++) {
        const [a, b] = [layout.boxes[i]!, layout.boxes[j]!];
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `panels ${i} and ${j} overlap`).toBe(false);
      }
    // No figure runs into another.
    for (let i = 0; i < layout.statBoxes.length; i++)
      for (let j = i + 1; j < layout.statBoxes.length; j++) {
        const [a, b] = [layout.statBoxes[i]!, layout.statBoxes[j]!];
        expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, `stat texts ${i} and ${j} overlap`).toBe(false);
      }
    // Type scales with the wall: from across a room, figures are at least 1/45 of the height.
    expect(layout.statFont).toBeGreaterThanOrEqual(height / 45);
    expect(layout.titleFont).toBeGreaterThanOrEqual(height / 40);
    expect(layout.stats).toContain(`0/${grids.features.length}今日达标网格员`);
    expect(await page.locator('[data-testid=ranking] li').count()).toBe(9);
    expect(outside).toEqual([]);
    await page.close();
  });
});

describe('live workers on the wall', () => {
  it('shows a worker whose terminal reports, at its position, in the patrolling colour, within seconds', async () => {
    const admin = await client(e2e.srv.base, 'admin');
    const grid = (await admin.get('/geo/grids')).body.features[0];
    const at = turf.pointOnFeature(grid).geometry.coordinates as [number, number];
    const { token } = (await admin.post('/devices', { uniqueId: 'E2E-0001', workerId: grid.properties.workerId })).body;
    const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    await expect.poll(() => page.textContent('[data-testid=connection]'), { timeout: 15_000 }).toBe('实时');
    const t = Date.now() - 60_000;
    const fixes = [0, 1, 2].map((i) => ({ deviceTime: new Date(t + i * 10_000).toISOString(), lat: at[1] + i * 0.0001, lon: at[0], accuracy: 5, speed: 1.4 }));
    const r = await fetch(`${e2e.srv.base}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ fixes }),
    });
    expect((await r.json()).accepted).toBe(3);
    await expect.poll(() => page.textContent('[data-stat=on-patrol] .stat-value'), { timeout: 5000 }).toMatch(/^1\//);
    expect(await page.textContent('[data-testid=data-age]')).toMatch(/^最新数据 \d+秒前$/); // how old the newest data is
    const last: [number, number] = [at[0], at[1] + 0.0002];
    await expect
      .poll(
        async () => {
          return colourDistance(await colourAt(page, last), [64, 220, 120]);
        },
        { timeout: 10_000 },
      )
      .toBeLessThan(60);
    writeFileSync(`${ARTIFACTS}/wall-live-worker.png`, await page.screenshot());
    await page.close();
  });
});

describe('live coverage on the wall', () => {
  it('draws road cells red before any patrol, and turns a key target amber within seconds of a pass (R13)', async () => {
    const leader = await client(e2e.srv.base, 'leader');
    const cells = (await leader.get('/geo/road-cells')).body.features.slice(0, 200);
    const all = (await leader.get('/geo/targets')).body.features;
    const targets = all.filter((f: any) => f.geometry.type === 'Point');
    const target = targets[Math.floor(targets.length / 2)];
    const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    await expect.poll(() => page.textContent('[data-stat=targets-complete] .stat-value'), { timeout: 15_000 }).toMatch(new RegExp(`^\\d+/${all.length}$`));
    const pixelAt = (p: number[]) => colourAt(page, p);
    const mids = cells.map((c: any) => c.geometry.coordinates[Math.floor(c.geometry.coordinates.length / 2)]);
    const png = decodePng(await page.screenshot());
    const points = await Promise.all(mids.map((m: number[]) => mapPoint(page, m)));
    const red = points.filter(([x, y]) => colourDistance(png.at(x, y), [240, 82, 82]) < 70).length;
    expect(red, `road cells drawn red at ${red} of ${points.length}`).toBeGreaterThan(points.length * 0.6);

    const admin = await client(e2e.srv.base, 'admin');
    const grid = (await admin.get('/geo/grids')).body.features.find((g: any) => g.id === target.properties.gridId);
    const { token } = (await admin.post('/devices', { uniqueId: 'E2E-COVER', workerId: grid.properties.workerId })).body;
    const [lon, lat] = target.geometry.coordinates;
    const t = Math.max(Date.now() - 60_000, dayRange(shanghaiDay(Date.now())).start.getTime() + 1000); // today's pass, even just after midnight
    // Along a line 33 m north of the target (its trail clear of the target's centre), ending 100 m east.
    const fixes = [-2, -1, 0, 1, 2, 3, 4, 5].map((i) => ({
      deviceTime: new Date(t + (i + 2) * 10_000).toISOString(),
      lat: lat + 0.0003,
      lon: lon + i * 0.0002,
      accuracy: 5,
      speed: 1.4,
    }));
    const r = await fetch(`${e2e.srv.base}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ fixes }),
    });
    expect(r.status).toBe(200);
    await expect.poll(async () => colourDistance(await pixelAt([lon, lat]), [255, 196, 61]), { timeout: 10_000 }).toBeLessThan(70);
    writeFileSync(`${ARTIFACTS}/wall-coverage.png`, await page.screenshot());
    await page.close();
  });
});

describe('incidents on the wall', () => {
  it('pins a reported incident at its place in the new colour within a second or two, counts it and lists it in the feed (R30)', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    await expect.poll(() => page.textContent('[data-testid=connection]'), { timeout: 15_000 }).toBe('实时');
    const before = Number(await page.textContent('[data-stat=open-now] .istat-value'));
    const grid = (await (await client(e2e.srv.base, 'leader')).get('/geo/grids')).body.features[30];
    const [lon, lat] = turf.pointOnFeature(grid).geometry.coordinates as [number, number];
    const duty = await client(e2e.srv.base, 'duty');
    const r = await duty.post('/incidents', { categoryCode: '0401', lat, lon, description: '仓库冒烟' });
    expect(r.status).toBe(201);
    await expect.poll(() => page.textContent('[data-stat=open-now] .istat-value'), { timeout: 5000 }).toBe(String(before + 1));
    await expect.poll(() => page.textContent('[data-testid=incident-feed] li:first-child'), { timeout: 5000 }).toContain('新上报');
    expect(await page.textContent('[data-testid=incident-feed] li:first-child')).toContain('火灾');
    await expect
      .poll(
        async () => {
          return colourDistance(await colourAt(page, [lon, lat]), [64, 196, 255]);
        },
        { timeout: 10_000 },
      )
      .toBeLessThan(60);
    writeFileSync(`${ARTIFACTS}/wall-incident.png`, await page.screenshot());
    await page.close();
  });
  it('draws pins that would overlap as one cluster with their count, and splits it when zoomed in (R30)', async () => {
    const grid = (await (await client(e2e.srv.base, 'leader')).get('/geo/grids')).body.features[110];
    const [lon, lat] = turf.pointOnFeature(grid).geometry.coordinates as [number, number];
    // Three reports 15 m apart: one place at the town's zoom, three at street zoom.
    const places = [0, 1, 2].map((k) => [lon + k * 0.000165, lat] as [number, number]);
    const duty = await client(e2e.srv.base, 'duty');
    const ids: number[] = [];
    for (const [x, y] of places) {
      const r = await duty.post('/incidents', { categoryCode: '0401', lat: y, lon: x, description: '垃圾堆放' });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    // What the workers' and pins' overlay draws: the ids in clusters and the ids of pins alone.
    const drawn = () =>
      page.evaluate(() => {
        const layers = (window as any).__overlays.at(-1)._deck.props.layers as { id: string; props: { data: any[] } }[];
        const of = (id: string) => layers.find((l) => l.id === id)?.props.data ?? [];
        return {
          clusters: of('incident-clusters').map((c) => ({ count: c.count as number, ids: c.members.map((m: any) => m.id) as number[] })),
          pins: of('incidents').map((i) => i.id as number),
        };
      });
    await expect
      .poll(async () => (await drawn()).clusters.find((c) => ids.every((id) => c.ids.includes(id)))?.count ?? 0, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    expect((await drawn()).pins.filter((id) => ids.includes(id))).toEqual([]);
    // The cluster's disc is in the new colour where the three are (beside its count, drawn in white).
    const centre = await mapPoint(page, places[1]!);
    await expect
      .poll(async () => colourDistance(decodePng(await page.screenshot()).at(centre[0] - 11, centre[1]), [64, 196, 255]), { timeout: 10_000 })
      .toBeLessThan(60);
    writeFileSync(`${ARTIFACTS}/wall-cluster.png`, await page.screenshot());
    await page.evaluate(([x, y]) => (window as any).__map.jumpTo({ center: [x, y], zoom: 18 }), places[1]!);
    await expect.poll(async () => (await drawn()).pins.filter((id) => ids.includes(id)).sort(), { timeout: 10_000 }).toEqual([...ids].sort());
    expect((await drawn()).clusters.filter((c) => c.ids.some((id) => ids.includes(id)))).toEqual([]);
    for (const at of places) await expect.poll(async () => colourDistance(await colourAt(page, at), [64, 196, 255]), { timeout: 10_000 }).toBeLessThan(60);
    // Between two pins, 7 m from each, nothing of theirs is drawn at street zoom.
    expect(colourDistance(await colourAt(page, [lon + 0.0000825, lat]), [64, 196, 255])).toBeGreaterThan(60);
    await page.close();
  });
});

describe('replay on the wall', () => {
  it('shows a worker where they were at the chosen moment, then goes back to live (R30)', async () => {
    const admin = await client(e2e.srv.base, 'admin');
    const grid = (await admin.get('/geo/grids')).body.features[50];
    const a = turf.pointOnFeature(grid).geometry.coordinates as [number, number];
    const b: [number, number] = [a[0] + 0.01, a[1]];
    const { token } = (await admin.post('/devices', { uniqueId: 'E2E-REPLAY', workerId: grid.properties.workerId })).body;
    const now = Date.now();
    const tA = Math.floor(Math.max(now - 20 * 60_000, dayRange(shanghaiDay(now)).start.getTime() + 60_000) / 60_000) * 60_000;
    const fixes = [
      { deviceTime: new Date(tA).toISOString(), lat: a[1], lon: a[0], accuracy: 5 },
      { deviceTime: new Date(now - 30_000).toISOString(), lat: b[1], lon: b[0], accuracy: 5 },
    ];
    expect(
      (
        await fetch(`${e2e.srv.base}/api/positions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ fixes }),
        })
      ).status,
    ).toBe(200);
    const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    await page.click('[data-testid=replay-start]');
    await page.locator('[data-testid=replay-slider]').fill(String(tA + 60_000));
    await expect
      .poll(() => page.textContent('[data-testid=replay-time]'))
      .toBe(new Date(tA + 60_000).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }));
    await expect.poll(() => page.locator('[data-testid=replay-flag]').count(), { timeout: 5000 }).toBe(1);
    await expect.poll(async () => colourDistance(await colourAt(page, a), [64, 220, 120]), { timeout: 10_000 }).toBeLessThan(60); // at A, on patrol then
    writeFileSync(`${ARTIFACTS}/wall-replay.png`, await page.screenshot());
    await page.click('[data-testid=replay-stop]');
    await expect.poll(() => page.locator('[data-testid=replay-flag]').count()).toBe(0);
    await expect.poll(async () => colourDistance(await colourAt(page, b), [64, 220, 120]), { timeout: 10_000 }).toBeLessThan(60); // and at B now
    await page.close();
  });
});

describe('the wall’s own panels and layers', () => {
  it('lists today’s not-yet-qualified workers as the notice says, masked (R16, R40), and rings the open incidents by state', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=unqualified] li', { timeout: 90_000 });
    const notice = (await (await client(e2e.srv.base, 'wall')).get('/coverage/notice')).body;
    await expect.poll(() => page.textContent('[data-testid=unqualified-count]')).toBe(String(notice.unqualified.length));
    const who = await page.locator('[data-testid=unqualified] .uq-who').allTextContents();
    expect(who.length).toBe(Math.min(5, notice.unqualified.length));
    for (const name of who) expect(name).toMatch(/\*|^\d+$/); // 张*明, never a full name
    expect(who[0]).toBe(notice.unqualified[0].worker);
    const open = async () => [await page.textContent('[data-testid=donut-total]'), await page.textContent('[data-stat=open-now] .istat-value')];
    await expect
      .poll(async () => {
        const [a, b] = await open();
        return a === b && /^\d+$/.test(a ?? '');
      })
      .toBe(true);
    expect(await page.locator('[data-testid=incident-donut] canvas').count()).toBe(1); // drawn by ECharts
    await page.close();
  });

  it('turns a moving worker’s arrow to its heading, and draws the day’s tracks on demand, today and an earlier day', async () => {
    const admin = await client(e2e.srv.base, 'admin');
    const grid = (await admin.get('/geo/grids')).body.features[70];
    const at = turf.pointOnFeature(grid).geometry.coordinates as [number, number];
    const { token } = (await admin.post('/devices', { uniqueId: 'E2E-TRACKS', workerId: grid.properties.workerId })).body;
    const send = async (fixes: object[]) =>
      expect(
        (
          await fetch(`${e2e.srv.base}/api/positions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ fixes }),
          })
        ).status,
      ).toBe(200);
    // Yesterday a walk north of the point, today (over an hour ago, so not in the live trail) a walk south,
    // and just now a few steps east with the terminal's heading.
    const walk = (t0: number, dLat: number) =>
      Array.from({ length: 12 }, (_, i) => ({
        deviceTime: new Date(t0 + i * 60_000).toISOString(),
        lat: at[1] + dLat * (1 + i / 11),
        lon: at[0] + (i - 6) * 0.0004,
        accuracy: 5,
      }));
    const today = shanghaiDay(Date.now());
    const yesterday = shanghaiDay(Date.now() - 86_400_000);
    await send(walk(dayRange(yesterday).start.getTime() + 10 * 3_600_000, 0.004));
    const earlierToday = Math.max(dayRange(today).start.getTime() + 60_000, Date.now() - 3 * 3_600_000);
    await send(walk(earlierToday, -0.004));
    await send(
      [0, 1, 2].map((i) => ({
        deviceTime: new Date(Date.now() - 30_000 + i * 10_000).toISOString(),
        lat: at[1],
        lon: at[0] + i * 0.0001,
        accuracy: 5,
        speed: 1.4,
        heading: 90,
      })),
    );

    const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    const green: RGB = [64, 220, 120];
    // The arrowhead is drawn just east of the dot: the terminal heads east (90°), nothing west of it.
    const dot = await mapPoint(page, [at[0] + 0.0002, at[1]]);
    const greenAt = async (dx: number) => {
      const png = decodePng(await page.screenshot());
      return [-2, -1, 0, 1, 2].some((dy) => colourDistance(png.at(dot[0] + dx, dot[1] + dy), green) < 80);
    };
    await expect.poll(() => greenAt(10), { timeout: 10_000 }).toBe(true);
    expect(await greenAt(-11)).toBe(false);

    // Between the walks' 6th and 7th fixes; the live trails off, so only the day's tracks can draw there.
    const trackMid = (day: 'today' | 'yesterday') => [at[0] - 0.0002, at[1] + (day === 'today' ? -0.004 : 0.004) * 1.5];
    await page.click('[data-layer=trails]');
    const pixel = async (lonLat: number[]) => colourAt(page, lonLat);
    const beforeToday = await pixel(trackMid('today'));
    await page.click('[data-layer=dayTracks]');
    await expect.poll(async () => colourDistance(await pixel(trackMid('today')), beforeToday), { timeout: 15_000 }).toBeGreaterThan(60);
    // Replay yesterday: its track is drawn where that walk was.
    const beforeYesterday = await pixel(trackMid('yesterday'));
    await page.click('[data-testid=replay-start]');
    await page.fill('[data-testid=replay-day]', yesterday);
    await expect.poll(() => page.locator('[data-testid=replay-flag]').count(), { timeout: 5000 }).toBe(1);
    await expect.poll(async () => colourDistance(await pixel(trackMid('yesterday')), beforeYesterday), { timeout: 15_000 }).toBeGreaterThan(60);
    writeFileSync(`${ARTIFACTS}/wall-day-tracks.png`, await page.screenshot());
    await page.click('[data-testid=replay-stop]');
    await page.close();
  });
});

describe('the login page', () => {
  it('refuses a wrong password with a message in Chinese and lets the right one in', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${e2e.srv.base}/wall`);
    await page.waitForURL(/\/login\?next=%2Fwall/);
    await page.fill('input[name=username]', 'duty');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toBe('用户名或密码错误');
    writeFileSync(`${ARTIFACTS}/login.png`, await page.screenshot());
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${e2e.srv.base}/wall`), page.click('button[type=submit]')]);
    await page.waitForSelector('.wall-header h1');
    expect(await page.textContent('.wall-header h1')).toBe('西岗镇网格巡查指挥中心');
    await page.click('button.lang');
    expect(await page.textContent('.wall-header h1')).toBe('Xigang Grid Patrol Command Center');
    await page.close();
  });
});
