// The setup every browser test file shares.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from './browser.ts';

export const ARTIFACTS = 'test/artifacts';

/** A browser test file's setup: the real server over a fresh database (seeded unless told), and Chromium; closed after. */
export function serverAndBrowser(opts: { seed?: boolean } = {}) {
  const e2e = {} as { srv: TestServer; browser: Browser };
  beforeAll(async () => {
    e2e.srv = await startTestServer(opts);
    e2e.browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.srv?.close();
  });
  return e2e;
}
