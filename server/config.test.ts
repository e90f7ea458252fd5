import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('keeps raw positions a year by default, for ever with 0, and refuses a retention shorter than a month', () => {
    expect(loadConfig({}).POSITIONS_RETENTION_DAYS).toBe(366);
    expect(loadConfig({ POSITIONS_RETENTION_DAYS: '0' }).POSITIONS_RETENTION_DAYS).toBe(0);
    expect(loadConfig({ POSITIONS_RETENTION_DAYS: '31' }).POSITIONS_RETENTION_DAYS).toBe(31);
    for (const bad of ['7', '-1', 'a year', '1.5']) expect(() => loadConfig({ POSITIONS_RETENTION_DAYS: bad })).toThrow(/POSITIONS_RETENTION_DAYS/);
  });

  it('takes a Redis URL and a node name for several nodes, and refuses malformed ones', () => {
    const c = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', NODE_ID: 'node-a' });
    expect([c.REDIS_URL, c.NODE_ID]).toEqual(['redis://127.0.0.1:6379', 'node-a']);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ NODE_ID: 'a b' })).toThrow(/NODE_ID/);
  });
});
