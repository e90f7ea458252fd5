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

  it('has no online basemap unless tile URLs are given, each with {z} {x} {y} over http(s), mirrors comma-separated', () => {
    expect(loadConfig({}).BASEMAP_TILES).toBeUndefined();
    const tianditu = [0, 1].map(
      (i) =>
        `https://t${i}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY`,
    );
    expect(loadConfig({ BASEMAP_TILES: tianditu.join(', ') }).BASEMAP_TILES).toEqual(tianditu);
    for (const bad of ['tiles', 'ftp://h/{z}/{x}/{y}.png', 'http://h/{z}/{x}.png', ' , '])
      expect(() => loadConfig({ BASEMAP_TILES: bad })).toThrow(/BASEMAP_TILES/);
  });

  it('believes forwarded headers from no proxy unless TRUST_PROXY names them (issue 16 #20)', () => {
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
    for (const ok of ['127.0.0.1', 'loopback', '10.0.0.0/8, 192.168.1.2', '::1']) expect(loadConfig({ TRUST_PROXY: ok }).TRUST_PROXY).toBe(ok);
    for (const bad of ['true', 'evil.example', '*', '127.0.0.1;rm']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });
});
