import { describe, expect, it } from 'vitest';
import { FixError, fromOsmandJson, fromOsmandParams, parseFixTime } from './fix.ts';

describe('fix times as terminals write them', () => {
  const at = '2026-11-26T00:30:00.000Z'; // 08:30 Beijing
  it('reads Unix seconds, Unix milliseconds, ISO-8601 with zone and Beijing wall-clock time', () => {
    expect(parseFixTime('1795653000')!.toISOString()).toBe(at);
    expect(parseFixTime('1795653000000')!.toISOString()).toBe(at);
    expect(parseFixTime('2026-11-26T08:30:00+08:00')!.toISOString()).toBe(at);
    expect(parseFixTime('2026-11-26T00:30:00Z')!.toISOString()).toBe(at);
    expect(parseFixTime('2026-11-26 08:30:00')!.toISOString()).toBe(at);
  });

  it('takes 2147483647 and above as milliseconds, below as seconds (as Traccar)', () => {
    expect(parseFixTime('2147483646')!.getTime()).toBe(2147483646000);
    expect(parseFixTime('2147483647')!.getTime()).toBe(2147483647);
  });

  it('refuses what is not a time, and ISO without a zone', () => {
    for (const bad of ['yesterday', '2026-11-26T08:30:00', '2026-13-45 99:99:99', '', '0x10', '1e9']) expect(parseFixTime(bad), bad).toBeNull();
  });
});

describe('the OsmAnd protocol', () => {
  it('reads id, lat/lon, knots, bearing, battery and keeps other keys as attributes', () => {
    const { deviceId, fix } = fromOsmandParams({
      id: 'T1',
      lat: '35.01',
      lon: '117.09',
      timestamp: '1795653000',
      speed: '10',
      bearing: '90',
      altitude: '40',
      accuracy: '6',
      batt: '77',
      charge: 'true',
      hdop: '0.9',
    });
    expect(deviceId).toBe('T1');
    expect(fix).toMatchObject({ lat: 35.01, lon: 117.09, heading: 90, altitude: 40, accuracy: 6, battery: 77, attributes: { charge: 'true', hdop: '0.9' } });
    expect(fix.speed).toBeCloseTo(5.14444, 4);
  });

  it('takes deviceid and location=lat,lon', () => {
    const { deviceId, fix } = fromOsmandParams({ deviceid: 'T2', location: '35.02,117.11', timestamp: '2026-11-26 08:30:00' });
    expect(deviceId).toBe('T2');
    expect([fix.lat, fix.lon]).toEqual([35.02, 117.11]);
  });

  it('refuses a missing id, missing coordinates, a malformed number or time', () => {
    expect(() => fromOsmandParams({ lat: '35', lon: '117' })).toThrow(FixError);
    expect(() => fromOsmandParams({ id: 'T', lat: '35' })).toThrow(/lat\/lon/);
    expect(() => fromOsmandParams({ id: 'T', lat: 'abc', lon: '117' })).toThrow(/lat is not a number/);
    expect(() => fromOsmandParams({ id: 'T', lat: '35', lon: '117', speed: 'fast' })).toThrow(/speed/);
    expect(() => fromOsmandParams({ id: 'T', lat: '35', lon: '117', timestamp: 'soon' })).toThrow(/timestamp/);
  });

  it('reads the JSON form: speed already in m/s, battery level 0..1 as percent', () => {
    const { deviceId, fix } = fromOsmandJson({
      device_id: 'T3',
      location: {
        timestamp: '2026-11-26T00:30:00Z',
        coords: { latitude: 35, longitude: 117.1, speed: 3, heading: 45, accuracy: 5 },
        battery: { level: 0.42, is_charging: false },
        is_moving: true,
      },
    });
    expect(deviceId).toBe('T3');
    expect(fix).toMatchObject({ speed: 3, heading: 45, battery: 42, attributes: { charge: false, motion: true } });
  });
});
