// Test fixtures of the town import (issue 17), made here rather than downloaded: a zipped Shapefile of
// polygons with its .prj, a .cpg and a DBF table in the encoding a county's GIS writes (GBK), as ArcGIS
// writes them (ESRI's Shapefile Technical Description, dBASE III).
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';

type Ring = [number, number][];
export interface ShapeRecord {
  rings: Ring[]; // outer ring first, in the file's coordinates
  fields: Record<string, string>;
}

/** West, south, east, north of some points. */
const boxOf = (pts: [number, number][]) => [
  Math.min(...pts.map((p) => p[0])),
  Math.min(...pts.map((p) => p[1])),
  Math.max(...pts.map((p) => p[0])),
  Math.max(...pts.map((p) => p[1])),
];

function putBox(buf: DataView, at: number, box: number[]) {
  for (const [i, v] of box.entries()) buf.setFloat64(at + i * 8, v, true);
}

function header(buf: DataView, lengthBytes: number, box: number[]) {
  buf.setInt32(0, 9994, false);
  buf.setInt32(24, lengthBytes / 2, false);
  buf.setInt32(28, 1000, true);
  buf.setInt32(32, 5, true); // polygons
  putBox(buf, 36, box);
}

/** .shp and .shx of polygon records; rings are written clockwise for outer rings, as the format wants. */
function shapes(records: ShapeRecord[]): { shp: Uint8Array; shx: Uint8Array } {
  const clockwise = (r: Ring) => {
    const area = r.reduce((a, [x, y], i) => a + (r[(i + 1) % r.length]![0] - x) * (r[(i + 1) % r.length]![1] + y), 0);
    return area > 0 ? r : [...r].reverse();
  };
  const contents = records.map((rec) => rec.rings.map((r, i) => (i === 0 ? clockwise(r) : [...clockwise(r)].reverse())));
  const sizes = contents.map((rings) => 44 + 4 * rings.length + 16 * rings.reduce((n, r) => n + r.length, 0));
  const box = boxOf(contents.flat(2));
  const shpLength = 100 + sizes.reduce((n, s) => n + 8 + s, 0);
  const shp = new DataView(new ArrayBuffer(shpLength));
  const shx = new DataView(new ArrayBuffer(100 + 8 * records.length));
  header(shp, shpLength, box);
  header(shx, 100 + 8 * records.length, box);
  let at = 100;
  contents.forEach((rings, i) => {
    shx.setInt32(100 + i * 8, at / 2, false);
    shx.setInt32(104 + i * 8, sizes[i]! / 2, false);
    shp.setInt32(at, i + 1, false);
    shp.setInt32(at + 4, sizes[i]! / 2, false);
    const c = at + 8;
    const pts = rings.flat();
    shp.setInt32(c, 5, true);
    putBox(shp, c + 4, boxOf(pts));
    shp.setInt32(c + 36, rings.length, true);
    shp.setInt32(c + 40, pts.length, true);
    let start = 0;
    rings.forEach((r, k) => {
      shp.setInt32(c + 44 + k * 4, start, true);
      start += r.length;
    });
    pts.forEach(([x, y], k) => {
      shp.setFloat64(c + 44 + rings.length * 4 + k * 16, x, true);
      shp.setFloat64(c + 52 + rings.length * 4 + k * 16, y, true);
    });
    at += 8 + sizes[i]!;
  });
  return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) };
}

/** A dBASE III table of text fields in the given encoding. */
export function dbf(records: Record<string, string>[], encoding = 'gbk'): Uint8Array {
  const names = Object.keys(records[0] ?? {});
  const encoded = records.map((r) => names.map((n) => iconv.encode(r[n] ?? '', encoding)));
  const widths = names.map((_, i) => Math.max(1, ...encoded.map((row) => row[i]!.length)));
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const out = Buffer.alloc(headerLength + recordLength * records.length + 1, 0x20);
  out.fill(0, 0, headerLength);
  out.writeUInt8(0x03, 0);
  out.writeUInt8(126, 1); // 2026
  out.writeUInt8(12, 2);
  out.writeUInt8(1, 3);
  out.writeUInt32LE(records.length, 4);
  out.writeUInt16LE(headerLength, 8);
  out.writeUInt16LE(recordLength, 10);
  names.forEach((n, i) => {
    const at = 32 + i * 32;
    out.write(n.slice(0, 10), at, 'ascii');
    out.write('C', at + 11, 'ascii');
    out.writeUInt8(widths[i]!, at + 16);
  });
  out.writeUInt8(0x0d, headerLength - 1);
  encoded.forEach((row, r) => {
    let at = headerLength + r * recordLength + 1;
    row.forEach((bytes, i) => {
      bytes.copy(out, at);
      at += widths[i]!;
    });
  });
  out.writeUInt8(0x1a, out.length - 1);
  return new Uint8Array(out);
}

/** A zipped Shapefile as a county's platform hands it over: name.shp/.shx/.dbf/.prj/.cpg. */
export function zippedShapefile(name: string, records: ShapeRecord[], prj: string | null, encoding = 'GBK'): Buffer {
  const { shp, shx } = shapes(records);
  const files: Record<string, Uint8Array> = {
    [`${name}.shp`]: shp,
    [`${name}.shx`]: shx,
    [`${name}.dbf`]: dbf(
      records.map((r) => r.fields),
      encoding,
    ),
  };
  if (prj) files[`${name}.prj`] = new TextEncoder().encode(prj);
  files[`${name}.cpg`] = new TextEncoder().encode(encoding);
  return Buffer.from(zipSync(files));
}

export const ESRI_CGCS2000_GK_ZONE_39 =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
