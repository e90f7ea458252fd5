// Forwarded headers are believed only from the proxies in TRUST_PROXY (issue 16 #20): by default none, so a
// local process cannot pass for other clients to dodge the per-address throttles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ seed: false });
});
afterAll(() => srv?.close());

const login = (username: string, forwardedFor: string) =>
  fetch(`${srv.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' },
    body: JSON.stringify({ username, password: 'wrong-password' }),
  });

describe('a client behind no configured proxy', () => {
  it('is one address, whatever X-Forwarded-For it sends: the address throttle holds', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await login(`nobody${i}`, `203.0.113.${i}`)).status);
    expect(statuses.slice(0, 29).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
  });

  it('is not taken for HTTPS because it says so', async () => {
    const r = await fetch(`${srv.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' },
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    });
    expect(r.status).toBe(429); // the same address as above, still locked
  });
});
