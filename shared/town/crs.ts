// The coordinates a town's files come in (issue 17), turned into the one CRS everything is stored in (WGS84
// lon/lat). What Chinese towns have: WGS84 (EPSG:4326); CGCS2000 geographic (EPSG:4490, within centimetres
// of WGS84 for this use); CGCS2000 3-degree Gauss–Krüger, with the zone number prefixed to the easting
// (EPSG:4513–4533, zones 25–45) or not (EPSG:4534–4554, central meridians 75°E–135°E) — Xigang is zone 39,
// 117°E; Web Mercator; a .prj's WKT as ArcGIS or QGIS write it; and GCJ-02 or BD-09 for data drawn on a
// Chinese web map. Projections are proj4's and the web-map offsets gcoord's: well-kept libraries, not
// formulas of our own.
import gcoord from 'gcoord';
import proj4 from 'proj4';

export type LonLat = [number, number];

export type SourceCrs =
  | { kind: 'epsg'; code: number }
  /** A .prj file's WKT (ESRI or OGC), read as written. */
  | { kind: 'wkt'; wkt: string }
  /** Drawn on a Chinese web map (高德/腾讯: GCJ-02; 百度: BD-09): the user says so, a file cannot. */
  | { kind: 'gcj02' }
  | { kind: 'bd09' };

const GRS80 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
/** CGCS2000 3-degree Gauss–Krüger: zones 25–45 (central meridian = 3 × zone). */
const GK_ZONES = { first: 25, last: 45 };

/** The proj4 definition of an EPSG code the import knows, or null. */
export function epsgDefinition(code: number): string | null {
  if (code === 4326 || code === 4490) return '+proj=longlat +datum=WGS84 +no_defs';
  if (code === 3857 || code === 900913) return 'EPSG:3857';
  const prefixed = code - 4513 + GK_ZONES.first; // 4513–4533: easting with the zone number in front
  if (prefixed >= GK_ZONES.first && prefixed <= GK_ZONES.last) return gaussKruger(prefixed, true);
  const plain = code - 4534 + GK_ZONES.first; // 4534–4554: the same zones, easting from 500 km
  if (plain >= GK_ZONES.first && plain <= GK_ZONES.last) return gaussKruger(plain, false);
  return null;
}

function gaussKruger(zone: number, prefixed: boolean): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${zone * 3} +k=1 +x_0=${(prefixed ? zone * 1_000_000 : 0) + 500_000} +y_0=0 ${GRS80}`;
}

/**
 * A Gauss–Krüger file without a .prj, told apart by its numbers: an easting of eight digits carries its
 * zone in front (39,509,128 m is zone 39); null when the easting does not say (then the user must).
 */
export function zoneFromEasting(x: number): SourceCrs | null {
  const zone = Math.floor(x / 1_000_000);
  if (zone < GK_ZONES.first || zone > GK_ZONES.last) return null;
  const rest = x - zone * 1_000_000;
  return rest > 0 && rest < 1_000_000 ? { kind: 'epsg', code: 4513 + zone - GK_ZONES.first } : null;
}

/** A converter from the file's coordinates to WGS84 lon/lat; an error names what could not be read. */
export function toWgs84(crs: SourceCrs): (xy: LonLat) => LonLat {
  switch (crs.kind) {
    case 'gcj02':
      return (xy) => gcoord.transform(xy, gcoord.GCJ02, gcoord.WGS84) as LonLat;
    case 'bd09':
      return (xy) => gcoord.transform(xy, gcoord.BD09, gcoord.WGS84) as LonLat;
    case 'epsg': {
      const def = epsgDefinition(crs.code);
      if (!def) throw new RangeError(`EPSG:${crs.code} is not a coordinate system the import reads`);
      const p = proj4(def, 'WGS84');
      return (xy) => p.forward(xy) as LonLat;
    }
    case 'wkt': {
      let p: proj4.Converter;
      try {
        p = proj4(crs.wkt, 'WGS84');
      } catch (err) {
        throw new RangeError(`the .prj cannot be read: ${(err as Error).message}`);
      }
      return (xy) => p.forward(xy) as LonLat;
    }
  }
}

type Bbox = [number, number, number, number];

/** The bounding box of some points, west, south, east, north. */
export function bboxOf(points: Iterable<LonLat>): Bbox | null {
  let box: Bbox | null = null;
  for (const [x, y] of points) box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
  return box;
}

/** How far outside the town's box a file may reach (a town's grid map drawn a little wide). */
export const NEAR_TOWN_KM = 20;

/**
 * Why a file's coordinates, once converted, are not this town's — nowhere near it, or not on Earth (a wrong
 * CRS chosen) — or null when they are. The reason says where they landed.
 */
export function notNearTown(data: Bbox, town: Bbox, km = NEAR_TOWN_KM): string | null {
  const [w, s, e, n] = data;
  if (![w, s, e, n].every(Number.isFinite) || w < -180 || e > 180 || s < -90 || n > 90)
    return 'the coordinates are not longitudes and latitudes once converted: is the coordinate system right?';
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.cos((((town[1] + town[3]) / 2) * Math.PI) / 180));
  const inside = e >= town[0] - dLon && w <= town[2] + dLon && n >= town[1] - dLat && s <= town[3] + dLat;
  return inside
    ? null
    : `the data lies around ${((w + e) / 2).toFixed(3)}°E ${((s + n) / 2).toFixed(3)}°N, more than ${km} km from the town: is the coordinate system right?`;
}
