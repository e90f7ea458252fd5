// Reading a town's file for the import (issue 17): a zipped Shapefile (its .prj and .cpg honoured, a GBK
// table read as GBK) or a GeoJSON FeatureCollection, its coordinates turned into WGS84 (shared/town/crs.ts),
// and checked to lie near the town. Nothing is changed: this is what the preview shows.
import { kml } from '@tmcw/togeojson';
import { wktToGeoJSON } from '@terraformer/wkt';
import { DOMParser } from '@xmldom/xmldom';
import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { Readable } from 'node:stream';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import type shp from 'shpjs';
import { type FilePreview, SaidCrs } from '../../shared/town/contract.ts';
import { bboxOf, epsgDefinition, type LonLat, notNearTown, type SourceCrs, toWgs84, zoneFromEasting } from '../../shared/town/crs.ts';
import { excel } from '../platform/excel.ts';
import { HttpError } from '../platform/http/errors.ts';

type Bbox = [number, number, number, number];
/** Where a town of China can be, for a first import when no town is loaded yet. */
const CHINA: Bbox = [73, 18, 135, 54];
const SAMPLE = 5;

const refuse = (code: string, message: string) => new HttpError(422, code, message);

function said(crs: string | undefined): SourceCrs | null {
  if (crs === undefined) return null;
  const c = SaidCrs.parse(crs);
  if (c === 'gcj02' || c === 'bd09') return { kind: c };
  const code = Number(c.slice(5));
  if (!epsgDefinition(code))
    throw refuse('unknown_crs', `EPSG:${code} is not a coordinate system the import reads (WGS84, CGCS2000, its Gauss–Krüger zones, Web Mercator)`);
  return { kind: 'epsg', code };
}

function mapGeometry(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((r) => r.map(f)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((x) => mapGeometry(x, f)) };
  }
}

function* positions(g: Geometry | null): Generator<LonLat> {
  if (!g) return;
  if (g.type === 'GeometryCollection') for (const x of g.geometries) yield* positions(x);
  else yield* walk(g.coordinates);
}

function* walk(c: unknown): Generator<LonLat> {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number') yield [c[0], c[1] as number];
  else for (const x of c) yield* walk(x);
}

function convert(fc: FeatureCollection, crs: SourceCrs): FeatureCollection {
  let to: (xy: LonLat) => LonLat;
  try {
    to = toWgs84(crs);
  } catch (err) {
    throw refuse('unknown_crs', (err as Error).message);
  }
  return { ...fc, features: fc.features.map((f) => ({ ...f, geometry: f.geometry && mapGeometry(f.geometry, (p) => to([p[0]!, p[1]!])) })) };
}

/** What a reading is checked against: the town's box (null before any town). */
interface Reading {
  town: Bbox | null;
}

/** One layer of a file, in WGS84 and near the town: what the preview describes and an import applies. */
export interface ReadLayer {
  name: string;
  /** How its coordinates were read: the .prj's name, the EPSG code, or WGS84. */
  crs: string;
  /** Null for a table without coordinates. */
  bbox: Bbox | null;
  collection: FeatureCollection;
}

function layerOf(name: string, fc: FeatureCollection, crs: string, ctx: Reading): ReadLayer {
  const bbox = bboxOf(
    (function* () {
      for (const f of fc.features) yield* positions(f.geometry);
    })(),
  );
  if (!bbox) throw refuse('empty_layer', `${name} holds no geometry`);
  const far = notNearTown(bbox, ctx.town ?? CHINA, ctx.town ? undefined : 0);
  if (far) throw refuse('not_near_town', `${name}: ${far}`);
  return { name, crs, bbox, collection: fc };
}

/** What the preview says of a layer: its shape, fields and first rows, and the field mapping it seems to take. */
export function describeLayer(
  { name, crs, bbox, collection: fc }: ReadLayer,
  mapping: FilePreview['layers'][number]['mapping'],
): FilePreview['layers'][number] {
  const geometryTypes: Record<string, number> = {};
  const fields = new Set<string>();
  for (const f of fc.features) {
    const t = f.geometry?.type ?? 'none';
    geometryTypes[t] = (geometryTypes[t] ?? 0) + 1;
    for (const k of Object.keys(f.properties ?? {})) fields.add(k);
  }
  return {
    name,
    features: fc.features.length,
    geometryTypes,
    fields: [...fields],
    crs,
    bbox,
    sample: fc.features.slice(0, SAMPLE).map((f) => f.properties ?? {}),
    mapping,
  };
}

const crsName = (crs: SourceCrs) => (crs.kind === 'epsg' ? `EPSG:${crs.code}` : crs.kind);

/** A layer taken as WGS84 (`wgs84`: how that is known), unless the user named another system. */
const inWgs84Unless = (name: string, fc: FeatureCollection, crs: SourceCrs | null, wgs84: string, ctx: Reading) =>
  crs ? layerOf(name, convert(fc, crs), crsName(crs), ctx) : layerOf(name, fc, wgs84, ctx);

async function readShapefiles(file: string, bytes: Buffer, crs: SourceCrs | null, ctx: Reading): Promise<ReadLayer[]> {
  let entries: string[];
  try {
    entries = Object.keys(unzipSync(new Uint8Array(bytes)));
  } catch {
    throw refuse('not_a_zip', `${file} is not a zip archive`);
  }
  const shps = entries.filter((e) => /\.shp$/i.test(e));
  if (!shps.length) throw refuse('no_shapefile', `${file} holds no .shp (it holds ${entries.slice(0, 8).join(', ') || 'nothing'})`);
  const base = (e: string) => e.replace(/\.[^.]+$/, '').toLowerCase();
  for (const s of shps)
    if (!entries.some((e) => base(e) === base(s) && /\.dbf$/i.test(e)))
      throw refuse('no_dbf', `${s} comes without its .dbf: its attributes (code, name…) are missing`);
  let read: Awaited<ReturnType<typeof shp>>;
  try {
    const { default: readShp } = await import('shpjs'); // loaded with the first Shapefile, not at each start
    read = await readShp(bytes);
  } catch (err) {
    throw refuse('unreadable_shapefile', `${file} cannot be read as a Shapefile: ${(err as Error).message}`);
  }
  return (Array.isArray(read) ? read : [read]).map((fc) => {
    const name = fc.fileName ?? file;
    const prj = entries.find((e) => base(e) === base(`${name}.shp`) && /\.prj$/i.test(e));
    // shpjs has already applied the .prj, which wins over a system the user names; a web map's offset comes on top.
    if (prj && crs?.kind !== 'gcj02' && crs?.kind !== 'bd09') return layerOf(name, fc, `.prj of ${name}`, ctx);
    if (crs) return inWgs84Unless(name, fc, crs, '', ctx);
    const first = fc.features.map((f) => positions(f.geometry).next().value).find((p) => p !== undefined);
    if (first && Math.abs(first[0]) <= 180 && Math.abs(first[1]) <= 90) return layerOf(name, fc, 'WGS84 (no .prj: longitudes and latitudes)', ctx);
    const zone = first ? zoneFromEasting(first[0]) : null;
    if (!zone) throw refuse('crs_needed', `${name} has no .prj and its coordinates are in metres: say its coordinate system (crs=EPSG:…)`);
    return layerOf(name, convert(fc, zone), `EPSG:${(zone as { code: number }).code} (no .prj: the zone read from the eastings)`, ctx);
  });
}

function readGeoJson(file: string, bytes: Buffer, crs: SourceCrs | null, ctx: Reading): ReadLayer[] {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw refuse('invalid_geojson', `${file} is not JSON`);
  }
  const fc = json as FeatureCollection;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw refuse(
      'invalid_geojson',
      `${file} is not a GeoJSON FeatureCollection (it is ${fc && typeof fc === 'object' ? `a ${String(fc.type)}` : typeof json})`,
    );
  const name = file.replace(/\.[^.]+$/, '');
  // GeoJSON is WGS84 (RFC 7946) unless the user says it was drawn on a Chinese web map or in another system.
  return [inWgs84Unless(name, fc, crs, 'WGS84 (GeoJSON)', ctx)];
}

/** A KMZ is a zip whose first .kml (doc.kml by convention) is the document. */
function kmlOfKmz(file: string, bytes: Buffer): Buffer {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(bytes));
  } catch {
    throw refuse('not_a_zip', `${file} is not a KMZ (a zip holding a .kml)`);
  }
  const doc = Object.keys(entries).find((e) => /\.kml$/i.test(e));
  if (!doc) throw refuse('invalid_kml', `${file} holds no .kml`);
  return Buffer.from(entries[doc]!);
}

/** A KML file (Google Earth, 奥维 and others export it), read with togeojson; KML is WGS84 unless told otherwise. */
function readKml(file: string, bytes: Buffer, crs: SourceCrs | null, ctx: Reading): ReadLayer[] {
  let fc: FeatureCollection;
  try {
    const doc = new DOMParser({ onError: () => undefined }).parseFromString(bytes.toString('utf8'), 'text/xml');
    if (doc.documentElement?.nodeName !== 'kml') throw new Error('no <kml> element');
    fc = kml(doc as unknown as Document) as FeatureCollection;
  } catch (err) {
    throw refuse('invalid_kml', `${file} is not KML: ${(err as Error).message}`);
  }
  const name = file.replace(/\.[^.]+$/, '');
  return [inWgs84Unless(name, fc, crs, 'WGS84 (KML)', ctx)];
}

/** Column names a table's coordinates go by, in Chinese and in English (case and blanks aside). */
const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', '经度', '东经'];
const LAT_NAMES = ['lat', 'latitude', 'y', '纬度', '北纬'];
const WKT_NAMES = ['wkt', 'geometry', 'geom', 'shape', '几何', '空间信息', '坐标串'];
const MAX_ROW_PROBLEMS = 5;

/** A table's text as written: UTF-8 (with or without its BOM), else GBK as Excel writes a Chinese CSV. */
function tableText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

/** Rows of a .xlsx (its first sheet) or .csv: the first is the header. */
async function tableRows(file: string, ext: string, bytes: Buffer): Promise<unknown[][]> {
  const cells = (values: unknown) => (values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? v.result : v));
  const rows: unknown[][] = [];
  try {
    if (ext === 'csv') {
      // A CSV's cells stay text as written: a code of 14 or 18 digits is not a number to round.
      const sheet = await new (await excel()).Workbook().csv.read(Readable.from([tableText(bytes)]), { map: (v: unknown) => v });
      sheet.eachRow((row) => rows.push(cells(row.values)));
      return rows;
    }
    // The first sheet, streamed: a roster of 150,000 people reads in half the time and a fraction of the memory.
    const reader = new (await excel()).stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) rows.push(cells(row.values));
      break;
    }
    return rows;
  } catch (err) {
    throw refuse('invalid_table', `${file} cannot be read as ${ext === 'csv' ? 'CSV' : 'an Excel workbook'}: ${(err as Error).message}`);
  }
}

/** A table's shapes written as WKT in one column (ArcGIS and QGIS export a layer's table so): read with @terraformer/wkt. */
function wktFeatures(file: string, names: string[], rows: unknown[][], at: number): FeatureCollection['features'] {
  const problems: string[] = [];
  const features = rows.flatMap((row, i) => {
    let geometry: Geometry;
    try {
      geometry = wktToGeoJSON(String(row[at] ?? '').trim()) as Geometry;
    } catch {
      problems.push(`row ${i + 2}: ${String(row[at] ?? '').slice(0, 40) || 'empty'}`);
      return [];
    }
    const properties = Object.fromEntries(names.map((n, k) => [n, row[k] ?? null]).filter(([, v], k) => k !== at && v !== null));
    return [{ type: 'Feature' as const, geometry, properties }];
  });
  if (problems.length)
    throw refuse(
      'bad_wkt',
      `${file}: ${problems.length} row${problems.length > 1 ? 's' : ''} whose ${names[at]} is not WKT — ${problems.slice(0, MAX_ROW_PROBLEMS).join('; ')}`,
    );
  return features;
}

/** Points of a table with longitude and latitude columns (households, key targets), or shapes in a WKT column. */
async function readTable(file: string, ext: string, bytes: Buffer, crs: SourceCrs | null, ctx: Reading): Promise<ReadLayer[]> {
  const [head, ...rows] = await tableRows(file, ext, bytes);
  const names = (head ?? []).map((h) => String(h ?? '').trim());
  const find = (wanted: string[]) => names.findIndex((n) => wanted.includes(n.toLowerCase().replace(/\s+/g, '')));
  const [lonAt, latAt, wktAt] = [find(LON_NAMES), find(LAT_NAMES), find(WKT_NAMES)];
  const name = file.replace(/\.[^.]+$/, '');
  if (wktAt >= 0)
    return [inWgs84Unless(name, { type: 'FeatureCollection', features: wktFeatures(file, names, rows, wktAt) }, crs, `WGS84 (WKT in ${names[wktAt]})`, ctx)];
  // A table of people has no places of its own: its rows are taken as they are, with no geometry.
  if (lonAt < 0 || latAt < 0) {
    const features = rows.map((row) => ({
      type: 'Feature' as const,
      geometry: null as unknown as Geometry,
      properties: Object.fromEntries(names.map((n, k) => [n, row[k] ?? null]).filter(([, v]) => v !== null)),
    }));
    return [{ name, crs: 'none (a table without coordinates)', bbox: null, collection: { type: 'FeatureCollection', features } }];
  }
  const problems: string[] = [];
  const features: FeatureCollection['features'] = [];
  rows.forEach((row, i) => {
    const [lon, lat] = [Number(row[lonAt]), Number(row[latAt])];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      problems.push(`row ${i + 2}: ${names[lonAt]} ${String(row[lonAt] ?? '')}, ${names[latAt]} ${String(row[latAt] ?? '')}`);
      return;
    }
    const properties = Object.fromEntries(names.map((n, k) => [n, row[k] ?? null]).filter(([, v], k) => k !== lonAt && k !== latAt && v !== null));
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties });
  });
  if (problems.length)
    throw refuse(
      'bad_coordinates',
      `${file}: ${problems.length} row${problems.length > 1 ? 's' : ''} without readable coordinates — ${problems.slice(0, MAX_ROW_PROBLEMS).join('; ')}`,
    );
  return [inWgs84Unless(name, { type: 'FeatureCollection', features }, crs, `WGS84 (columns ${names[lonAt]}, ${names[latAt]})`, ctx)];
}

/** What a town's file holds, converted to WGS84 and checked against the town (its box; null before any town). */
export async function readTownFile(file: string, bytes: Buffer, crs: string | undefined, town: Bbox | null): Promise<ReadLayer[]> {
  const saidCrs = said(crs);
  const ctx: Reading = { town };
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'zip') return readShapefiles(file, bytes, saidCrs, ctx);
  if (ext === 'geojson' || ext === 'json') return readGeoJson(file, bytes, saidCrs, ctx);
  if (ext === 'kml') return readKml(file, bytes, saidCrs, ctx);
  if (ext === 'kmz') return readKml(file, kmlOfKmz(file, bytes), saidCrs, ctx);
  if (ext === 'xlsx' || ext === 'csv') return readTable(file, ext, bytes, saidCrs, ctx);
  throw new HttpError(
    415,
    'unsupported_file',
    `${file}: a town's layers come as a zipped Shapefile (.zip), GeoJSON (.geojson, .json), KML (.kml, .kmz), or a table with coordinates or WKT (.xlsx, .csv)`,
  );
}
