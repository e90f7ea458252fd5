import { chromium, type Browser, type Page } from 'playwright-core';
import { decodePng } from './pixels.ts';

// Debian's Chromium with software WebGL2 (SwiftShader): maplibre and deck.gl render headless, offline.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Logs a page in through the login form, as a person would. */
export async function loginAs(page: Page, base: string, username: string, password: string, next = '/wall') {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${base}${next}`), page.click('button[type=submit]')]);
}

/** Where a place is on a page's map, in page pixels (the page's MapView puts its map on window.__map). */
export function mapPoint(page: Page, lonLat: number[]): Promise<[number, number]> {
  return page.evaluate((q) => {
    const pt = (window as any).__map.project(q);
    const box = document.querySelector('.map')!.getBoundingClientRect();
    return [pt.x + box.left, pt.y + box.top] as [number, number];
  }, lonLat);
}

/** The colour on screen at a place of a page's map. */
export async function colourAt(page: Page, lonLat: number[]) {
  const [x, y] = await mapPoint(page, lonLat);
  return decodePng(await page.screenshot()).at(x, y);
}
