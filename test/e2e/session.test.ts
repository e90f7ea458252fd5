// Sessions in the browser (issue 16 #3, #15): after login the page goes only to a path of this site, and a
// wall whose session ends elsewhere leaves for the login page by itself.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/server.ts';
import { loginAs } from './browser.ts';
import { serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser();

describe('sessions in the browser', () => {
  it('goes after login only to a path of this site, however the other host is written', async () => {
    for (const next of ['/%5Cevil.example/', '//evil.example/', '/%09/evil.example/', 'https://evil.example/']) {
      const context = await e2e.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${e2e.srv.base}/login?next=${next}`);
      await page.fill('input[name=username]', 'leader');
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type=submit]')]);
      const at = new URL(page.url());
      expect(at.origin, next).toBe(e2e.srv.base);
      expect(at.pathname, next).toBe('/wall');
      await context.close();
    }
  });

  it('sends a wall whose session ended (a password reset) to the login page', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForFunction(() => (window as unknown as { __socket?: { connected: boolean } }).__socket?.connected === true);
    await e2e.srv.db.query(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'wall')`);
    await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
    expect(new URL(page.url()).searchParams.get('next')).toBe('/wall');
    await context.close();
  });

  it('sends a wall whose session ended while it was cut off to the login page when it reconnects', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await loginAs(page, e2e.srv.base, 'wall', DEMO_PASSWORD);
    await page.waitForFunction(() => (window as unknown as { __socket?: { connected: boolean } }).__socket?.connected === true);
    // Cut off first, so the server's recheck has no socket to tell; the reconnection's handshake is refused.
    await page.evaluate(() => (window as unknown as { __socket: { disconnect(): void } }).__socket.disconnect());
    await e2e.srv.db.query(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'wall')`);
    await page.evaluate(() => (window as unknown as { __socket: { connect(): void } }).__socket.connect());
    await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
    expect(new URL(page.url()).searchParams.get('next')).toBe('/wall');
    await context.close();
  });
});
