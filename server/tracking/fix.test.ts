import { describe, expect, it } from 'vitest';
import { osmandJsonId, osmandParamsId, parseFixTime, type Reading, readOsmandJson, readOsmandParams } from './fix.ts';

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

const fixOf = (r: Reading) => {
  if (!('fix' in r)) throw new Error(`expected a fix, got ${JSON.stringify(r)}`);
  return r.fix;
};
const unplacedOf = (r: Reading) => {
  if (!('unplaced' in r)) throw new Error(`expected no position, got ${JSON.stringify(r)}`);
  return r.unplaced;
};

describe('the OsmAnd protocol', () => {
  it('reads id, lat/lon, knots, bearing, battery and keeps other keys as typed attributes, as Traccar does', () => {
    const params = {
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
      driverUniqueId: 'D-7',
    };
    expect(osmandParamsId(params)).toBe('T1');
    const fix = fixOf(readOsmandParams(params));
    expect(fix).toMatchObject({ lat: 35.01, lon: 117.09, heading: 90, altitude: 40, accuracy: 6, battery: 77 });
    expect(fix.attributes).toEqual({ charge: true, hdop: 0.9, driverUniqueId: 'D-7' });
    expect(fix.speed).toBeCloseTo(5.14444, 4);
  });

  it('takes deviceid and location=lat,lon', () => {
    const params = { deviceid: 'T2', location: '35.02,117.11', timestamp: '2026-11-26 08:30:00' };
    expect(osmandParamsId(params)).toBe('T2');
    const fix = fixOf(readOsmandParams(params));
    expect([fix.lat, fix.lon]).toEqual([35.02, 117.11]);
  });

  it('has no id without id or deviceid', () => {
    expect(osmandParamsId({ lat: '35', lon: '117' })).toBeNull();
    expect(osmandParamsId({ id: '' })).toBeNull();
  });

  it('takes a heartbeat (id, time, battery, no position) as a report with no position, never a refusal (R7)', () => {
    const u = unplacedOf(readOsmandParams({ id: 'T', timestamp: '1795653000', batt: '51' }));
    expect(u).toMatchObject({ verdict: 'no_position', reason: null, battery: 51 });
    expect(u.fixTime!.toISOString()).toBe('2026-11-26T00:30:00.000Z');
  });

  it('keeps an unreadable position or time as an unreadable report, with what was sent', () => {
    for (const [params, reason] of [
      [{ id: 'T', lat: 'abc', lon: '117' }, /lat unreadable/],
      [{ id: 'T', lat: '35' }, /lat\/lon/],
      [{ id: 'T', lat: '35', lon: '117', timestamp: 'soon' }, /timestamp/],
    ] as const) {
      const u = unplacedOf(readOsmandParams(params));
      expect(u.verdict).toBe('unreadable');
      expect(u.reason).toMatch(reason);
      expect(u.attributes.lat).toBe('lat' in params ? params.lat : undefined);
    }
  });

  it('drops an unreadable or unknown optional reading but keeps the fix: -1 battery, negative speed and heading', () => {
    const fix = fixOf(readOsmandParams({ id: 'T', lat: '35', lon: '117', speed: 'fast', batt: '-1', bearing: '-1', accuracy: '-1' }));
    expect(fix).toMatchObject({ speed: null, battery: null, heading: null, accuracy: null, attributes: { unreadable: 'speed' } });
    expect(fixOf(readOsmandParams({ id: 'T', lat: '35', lon: '117', speed: '-1' })).speed).toBeNull();
  });

  it('bounds the attributes a phone can send', () => {
    const params: Record<string, string> = { id: 'T', lat: '35', lon: '117', long: 'x'.repeat(5000), ['k'.repeat(65)]: '1' };
    for (let i = 0; i < 100; i++) params[`extra${i}`] = String(i);
    const { attributes } = fixOf(readOsmandParams(params));
    expect(Object.keys(attributes)).toHaveLength(32);
    expect(attributes.long).toHaveLength(256);
    expect(Object.keys(attributes).every((k) => k.length <= 64)).toBe(true);
  });

  it('reads the JSON form: speed already in m/s, battery level 0..1 as percent, and the typed extras Traccar keeps', () => {
    const body = {
      device_id: 'T3',
      location: {
        timestamp: '2026-11-26T00:30:00Z',
        coords: { latitude: 35, longitude: 117.1, speed: 3, heading: 45, accuracy: 5 },
        battery: { level: 0.42, is_charging: false },
        is_moving: true,
        odometer: 1234.5,
        mock: false,
        activity: { type: 'walking', confidence: 80 },
        extras: { shift: 'am', round: 2, nested: { no: 1 } },
      },
    };
    expect(osmandJsonId(body)).toBe('T3');
    const [r] = readOsmandJson(body);
    const fix = fixOf(r!);
    expect(fix).toMatchObject({ speed: 3, heading: 45, battery: 42 });
    expect(fix.attributes).toEqual({ charge: false, motion: true, odometer: 1234.5, mock: false, activity: 'walking', shift: 'am', round: 2 });
  });

  it('reads the JSON form of iOS with unknowns (-1) and its heartbeat, and several locations at once', () => {
    const ios = fixOf(
      readOsmandJson({
        device_id: 'T4',
        location: { timestamp: '2026-11-26T00:30:00Z', coords: { latitude: 35, longitude: 117.1, speed: -1, heading: -1 }, battery: { level: -1 } },
      })[0]!,
    );
    expect(ios).toMatchObject({ speed: null, heading: null, battery: null });
    const beat = readOsmandJson({ device_id: 'T4', location: { timestamp: '2026-11-26T00:31:00Z', coords: {}, battery: { level: 0.3 } } });
    expect(unplacedOf(beat[0]!)).toMatchObject({ verdict: 'no_position', battery: 30 });
    const many = readOsmandJson({
      device_id: 'T4',
      location: [
        { timestamp: '2026-11-26T00:32:00Z', coords: { latitude: 35, longitude: 117.1 } },
        { timestamp: 'later', coords: { latitude: 35, longitude: 117.1 } },
      ],
    });
    expect(many.map((r) => ('fix' in r ? 'fix' : r.unplaced.verdict))).toEqual(['fix', 'unreadable']);
    expect(osmandJsonId({ location: {} })).toBeNull();
  });
});
