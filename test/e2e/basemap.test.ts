// The optional online basemap (e.g. Tianditu): configured, its tiles are fetched from the configured host
// only and drawn, dimmed, under the town's layers; the policy lets that host in and no other.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { colourAt, launchBrowser, loginAs } from './browser.ts';
import { colourDistance } from './pixels.ts';
import { ARTIFACTS } from './setup.ts';

const MAGENTA: [number, number, number] = [255, 0, 255];
let tiles: Server;
let tileBase = '';
const tileRequests: string[] = [];
let srv: TestServer;
let browser: Browser;

beforeAll(async () => {
  // A tile server on another origin that answers every tile with a solid magenta square.
  const png = new PNG({ width: 256, height: 256 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([...MAGENTA, 255], i);
  const body = PNG.sync.write(png);
  tiles = createServer((req, res) => {
    tileRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(body);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
  tileBase = `http://localhost:${(tiles.address() as AddressInfo).port}`;
  srv = await startTestServer({ env: { BASEMAP_TILES: `${tileBase}/vec/{z}/{x}/{y}.png`, BASEMAP_ATTRIBUTION: '天地图', TITLE: '测试镇网格巡查指挥中心' } });
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await srv?.close();
  await new Promise((r) => tiles?.close(r));
});

describe('an online basemap from the configuration', () => {
  it('is announced with the title, and its host alone is let into the page’s policy', async () => {
    const res = await fetch(`${srv.base}/api/site`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      title: '测试镇网格巡查指挥中心',
      basemap: { tiles: [`${tileBase}/vec/{z}/{x}/{y}.png`], attribution: '天地图' },
      town: { code: '370481106', name: '西岗镇' },
    });
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`img-src 'self' data: blob: ${tileBase}`);
    expect(csp).toContain(`connect-src 'self' ${tileBase}`);
    expect(csp).not.toMatch(/\*/);
  });

  it('draws its tiles, dimmed, under the town, fetched from that host only; the title is the configured one', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const hosts = new Set<string>();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    await loginAs(page, srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForSelector('.map[data-ready=true]', { timeout: 90_000 });
    expect(await page.textContent('.wall-header h1')).toContain('测试镇网格巡查指挥中心');
    await page.waitForTimeout(1000);
    writeFileSync(`${ARTIFACTS}/wall-online-basemap.png`, await page.screenshot());
    // Zoomed out, the town is small and the ground 20 km east of it shows nothing but the tiles.
    await page.evaluate(() => (window as any).__map.jumpTo({ zoom: 9 }));
    const east = await page.evaluate(() => {
      const c = (window as any).__map.getCenter();
      return [c.lng + 0.2, c.lat];
    });
    await expect
      .poll(
        async () => {
          const [r, g, b] = await colourAt(page, east);
          return r > 60 && b > 60 && g < r - 40;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const [r] = await colourAt(page, east);
    expect(r).toBeLessThan(200); // dimmed for the dark wall, not the tile's full magenta
    expect(colourDistance(await colourAt(page, east), MAGENTA)).toBeGreaterThan(60);
    // 256-pixel tiles: at map zoom 9 maplibre asks for zoom 10.
    expect(tileRequests.some((u) => /^\/vec\/10\/\d+\/\d+\.png$/.test(u))).toBe(true);
    expect([...hosts].sort()).toEqual([new URL(srv.base).host, new URL(tileBase).host].sort());
    expect(await page.textContent('.maplibregl-ctrl-attrib')).toContain('天地图');
    await page.close();
  });
});
