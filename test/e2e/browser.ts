import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's Chromium with software WebGL2 (SwiftShader): maplibre and deck.gl render headless, offline.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

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
