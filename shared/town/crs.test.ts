import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../core/frame.ts';
import { bboxOf, epsgDefinition, notNearTown, toWgs84, zoneFromEasting } from './crs.ts';

/** The length of the meridian from the equator to 35°N on the CGCS2000 (GRS80) ellipsoid, by its series. */
const ARC_35 = 3_874_592.9;
const metresApart = (a: [number, number], b: [number, number]) => {
  const f = new LocalFrame(a[0], a[1]);
  const [x, y] = f.toLocal(b[0], b[1]);
  return Math.hypot(x, y);
};
const ESRI_ZONE_39 =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const ESRI_CM_117 = ESRI_ZONE_39.replace('Zone_39', 'CM_117E').replace('39500000.0', '500000.0');
const XIGANG: [number, number, number, number] = [117.02, 34.95, 117.17, 35.06];

describe('coordinates of a town’s files (issue 17)', () => {
  it('reads CGCS2000 3-degree Gauss–Krüger zone 39 with and without the zone prefix, and from a .prj', () => {
    // On the central meridian (117°E) the easting is the false easting and the northing the meridian arc.
    for (const [crs, easting] of [
      [{ kind: 'epsg', code: 4527 }, 39_500_000],
      [{ kind: 'epsg', code: 4548 }, 500_000],
      [{ kind: 'wkt', wkt: ESRI_ZONE_39 }, 39_500_000],
      [{ kind: 'wkt', wkt: ESRI_CM_117 }, 500_000],
    ] as const) {
      const back = toWgs84(crs)([easting, ARC_35]);
      expect(metresApart(back, [117, 35]), JSON.stringify(crs).slice(0, 60)).toBeLessThan(0.5);
    }
    // 9 km east of the meridian, as the generator's frame puts it (within 0.5 m: the frame is local).
    const p = toWgs84({ kind: 'epsg', code: 4527 })([39_509_000, ARC_35]);
    expect(metresApart(p, new LocalFrame(117, 35).toLonLat(9_000, 0) as [number, number])).toBeLessThan(20);
    expect(p[0]).toBeGreaterThan(117.09);
  });

  it('knows every zone of China, 25 to 45, in both numberings, and nothing else', () => {
    expect(epsgDefinition(4513)).toContain('+lon_0=75 ');
    expect(epsgDefinition(4513)).toContain('+x_0=25500000 ');
    expect(epsgDefinition(4533)).toContain('+lon_0=135 ');
    expect(epsgDefinition(4534)).toContain('+x_0=500000 ');
    expect(epsgDefinition(4548)).toContain('+lon_0=117 '); // CM 117E, Xigang's meridian
    expect(epsgDefinition(4554)).toContain('+lon_0=135 ');
    for (const unknown of [4512, 4555, 2385, 32650]) expect(epsgDefinition(unknown), String(unknown)).toBeNull();
    expect(() => toWgs84({ kind: 'epsg', code: 32650 })).toThrow(/EPSG:32650/);
    expect(() => toWgs84({ kind: 'wkt', wkt: 'PROJCS["broken"' })).toThrow(/\.prj/);
  });

  it('tells a prefixed Gauss–Krüger easting by its numbers', () => {
    expect(zoneFromEasting(39_509_128)).toEqual({ kind: 'epsg', code: 4527 });
    expect(zoneFromEasting(509_128)).toBeNull(); // no zone in it: the user must say
    expect(zoneFromEasting(99_000_000)).toBeNull();
  });

  it('reads WGS84, CGCS2000 geographic and Web Mercator', () => {
    expect(toWgs84({ kind: 'epsg', code: 4326 })([117.1, 35])).toEqual([117.1, 35]);
    expect(metresApart(toWgs84({ kind: 'epsg', code: 4490 })([117.1, 35]), [117.1, 35])).toBeLessThan(0.01);
    const x = (117 * Math.PI * 6_378_137) / 180;
    const [lon] = toWgs84({ kind: 'epsg', code: 3857 })([x, 4_163_881]);
    expect(lon).toBeCloseTo(117, 9);
  });

  it('takes off the offset of data drawn on a Chinese web map (GCJ-02, BD-09)', () => {
    const truth: [number, number] = [117.1, 35.0];
    const drawn = gcoord.transform(truth, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    expect(metresApart(drawn, truth)).toBeGreaterThan(200); // what the user sees on 高德 is off by hundreds of metres
    expect(metresApart(toWgs84({ kind: 'gcj02' })(drawn), truth)).toBeLessThan(0.5);
    const baidu = gcoord.transform(truth, gcoord.WGS84, gcoord.BD09) as [number, number];
    expect(metresApart(toWgs84({ kind: 'bd09' })(baidu), truth)).toBeLessThan(0.5);
  });

  it('refuses coordinates that land nowhere near the town, saying where they landed', () => {
    expect(notNearTown([117.05, 34.97, 117.1, 35.0], XIGANG)).toBeNull();
    expect(notNearTown([117.2, 35.07, 117.25, 35.1], XIGANG)).toBeNull(); // a little wide is fine
    // Gauss–Krüger read as if it were lon/lat, and a zone-39 file read as zone 38.
    expect(notNearTown([39_500_000, 3_870_000, 39_510_000, 3_880_000], XIGANG)).toMatch(/not longitudes/);
    const wrongZone = bboxOf([toWgs84({ kind: 'epsg', code: 4526 })([38_509_000, ARC_35])])!;
    expect(notNearTown(wrongZone, XIGANG)).toMatch(/114\.\d{3}°E 35\.\d{3}°N, more than 20 km/);
  });
});
