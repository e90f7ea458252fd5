// The town import's routes (issue 17, R1–R8): a town brings in its own layers. A file is read and shown with
// what it holds, converted and checked, before anything is changed (preview); applied, its grid layer
// becomes a revision of the town from today, and every screen and node switches over without a restart.
import type { z } from 'zod';
import { type FieldMapping, town } from '../../shared/town/contract.ts';
import { COLUMN_PARAMS, type Columns, guessMapping, IMPORT_KINDS, type ImportKind, type LayerShape, shapeKey } from '../../shared/town/mapping.ts';
import { audit } from '../auth/audit.ts';
import type { Platform } from '../platform/capability.ts';
import { isDataRefused, type Queryable } from '../platform/db/index.ts';
import { readRawBody } from '../platform/http/body.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { fieldsOf } from './grids.ts';
import { applyImport, dryRun, type ImportRequest } from './imports.ts';
import { exportTown, importTown } from './package.ts';
import { describeLayer, readTownFile, type ReadLayer } from './read.ts';

/** A county's grid map with its attribute table is a few MB; a file beyond this is refused by its size. */
export const TOWN_FILE_MAX_MB = 50;

type Bbox = [number, number, number, number];

async function townBox(db: Queryable): Promise<Bbox | null> {
  const [box] = await db.query<{ w: number | null; s: number; e: number; n: number }>(
    'SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n FROM (SELECT ST_Extent(boundary) AS e FROM town) t',
  );
  return box?.w == null ? null : [box.w, box.s, box.e, box.n];
}

/** What a user's file made the database refuse (a geometry it cannot read, a value out of bounds): the file's fault, a 422. */
const fromFile = <T>(work: Promise<T>): Promise<T> =>
  work.catch((err) => {
    throw isDataRefused(err) ? new HttpError(422, 'invalid_data', `the file holds what cannot be stored: ${err.message}`) : err;
  });

/** What a layer's features mostly are, to guess its kind. */
function shapeOf(layer: ReadLayer): Exclude<LayerShape, 'places'> {
  const types = new Set(layer.collection.features.map((f) => f.geometry?.type));
  if (types.has('Point')) return 'points';
  if (types.has('LineString') || types.has('MultiLineString')) return 'lines';
  return types.has('Polygon') || types.has('MultiPolygon') ? 'areas' : 'rows';
}

/** The layer a query names, or the file's only one. */
function layerNamed(layers: ReadLayer[], name: string | undefined): ReadLayer {
  const found = name === undefined ? (layers.length === 1 ? layers[0] : undefined) : layers.find((l) => l.name === name);
  if (found) return found;
  const names = layers.map((l) => l.name).join(', ');
  throw name === undefined
    ? new HttpError(422, 'layer_needed', `the file holds ${layers.length} layers (${names}): say which is the grids (layer=…)`)
    : new HttpError(422, 'unknown_layer', `the file holds no layer ${name}; it holds ${names}`);
}

/** The import a query asks for: the layer as its kind, with the columns the user mapped, each one the layer has. */
function requestOf(layers: ReadLayer[], q: Columns & { kind: ImportKind; layer?: string; part?: 'true' | 'false' }): ImportRequest {
  const layer = layerNamed(layers, q.layer);
  if (IMPORT_KINDS[q.kind].shape !== 'rows' && layer.bbox === null)
    throw new HttpError(422, 'no_coordinates', `${layer.name} has no coordinates (经度/纬度, lon/lat or WKT): ${q.kind} are ${IMPORT_KINDS[q.kind].shape}`);
  const fields = new Set(fieldsOf(layer));
  const columns: Columns = {};
  for (const param of COLUMN_PARAMS) {
    const column = q[param];
    if (column === undefined) continue;
    if (!fields.has(column))
      throw new HttpError(422, 'unknown_column', `${layer.name} has no column ${column} (${param}); its columns are ${[...fields].join(', ')}`, [
        { path: `query.${param}`, message: 'not a column of the layer' },
      ]);
    columns[param] = column;
  }
  return { kind: q.kind, layer, columns, part: q.part === 'true' };
}

export function townRoutes({ db, townChanged }: Platform) {
  async function read(req: Parameters<typeof readRawBody>[0], name: string, crs: string | undefined) {
    const bytes = await readRawBody(req, TOWN_FILE_MAX_MB * 1024 * 1024, 'a town’s file');
    return readTownFile(name, bytes, crs, await townBox(db));
  }

  /** The mapping remembered for a layer of this shape, else the one its column names suggest. */
  async function mappingFor(layer: ReadLayer): Promise<z.infer<typeof FieldMapping> | null> {
    const fields = fieldsOf(layer);
    const [kept] = await db.query<{ kind: ImportKind; mapping: Columns }>('SELECT kind, mapping FROM import_mappings WHERE fields = $1', [shapeKey(fields)]);
    if (kept) return { kind: kept.kind, ...kept.mapping, remembered: true };
    const guess = guessMapping(fields, shapeOf(layer), layer.collection.features[0]?.properties ?? {});
    return guess && { ...guess, remembered: false };
  }

  return [
    route(town.preview, {
      summary:
        'Reads a town’s file (a zipped Shapefile, GeoJSON, KML or a table of points; the raw bytes as the body) and answers what it holds, in WGS84, checked to lie near the town; read as grids (kind=grids), what applying it would add, change and remove, and its problems; changes nothing',
      access: ['admin'],
      async handler({ query, req }) {
        const layers = await read(req, query.name, query.crs);
        const described = await Promise.all(layers.map(async (l) => describeLayer(l, await mappingFor(l))));
        if (query.kind === undefined) return { file: query.name, layers: described };
        return { file: query.name, layers: described, plan: await fromFile(dryRun(db, requestOf(layers, { ...query, kind: query.kind }))) };
      },
    }),
    route(town.apply, {
      summary:
        'Applies a file’s grid layer as a revision of the town from today (errors block it: 422 with the problems); past days keep their grids, key targets and road cells, today’s coverage and the screens switch over',
      access: ['admin'],
      async handler({ query, req, user }) {
        const request = requestOf(await read(req, query.name, query.crs), query);
        const applied = await fromFile(
          db.transaction(async (tx) => {
            const a = await applyImport(tx, request, query.name, user.userId);
            if (a.revisionId !== null)
              await audit(tx, {
                userId: user.userId,
                action: 'import',
                entity: 'town_revision',
                entityId: a.revisionId,
                after: { file: query.name, layer: request.layer.name, kind: request.kind, counts: a.plan.counts, moves: a.plan.moves },
                ip: req.ip,
              });
            return a;
          }),
        );
        if (applied.revisionId === null) {
          const errors = applied.plan.problems.filter((p) => p.severity === 'error');
          throw new HttpError(422, 'import_blocked', `${errors.length} problem${errors.length > 1 ? 's' : ''} stop the import; nothing was changed`, errors);
        }
        await townChanged();
        const [rev] = await revisions(db, applied.revisionId);
        return rev!;
      },
    }),
    route(town.export, {
      summary: 'The whole town as one zip (GeoJSON layers, households, 名册.xlsx); it holds personal data (R10, R40): administrators only, and audited',
      access: ['admin'],
      async handler({ user, req, res }) {
        const zip = await exportTown(db);
        await audit(db, { userId: user.userId, action: 'export', entity: 'town', after: { bytes: zip.length }, ip: req.ip });
        res.type('application/zip').attachment('town.zip').send(zip);
      },
    }),
    route(town.load, {
      summary:
        'Brings a whole town (a zip as the export makes it) into an empty instance, in one transaction: its layers, households and roster; a loaded town is a 409',
      access: ['admin'],
      async handler({ user, req, query }) {
        const bytes = await readRawBody(req, TOWN_FILE_MAX_MB * 1024 * 1024, 'a town package');
        const counts = await fromFile(
          db.transaction(async (tx) => {
            const c = await importTown(tx, bytes, query.code);
            await audit(tx, { userId: user.userId, action: 'import', entity: 'town', after: c, ip: req.ip });
            return c;
          }),
        );
        await townChanged();
        return counts;
      },
    }),
    route(town.revisions, {
      summary: 'The town’s revisions: each import applied, by whom, when, from which day, with its counts',
      access: ['admin'],
      handler: () => revisions(db, null),
    }),
  ];
}

function revisions(db: Queryable, id: number | null) {
  return db.query<z.infer<typeof town.revisions.response>[number]>(
    `SELECT r.id, r.at, u.display_name AS by, r.effective_on::text AS "effectiveOn", r.file, r.layer, r.counts
       FROM town_revisions r LEFT JOIN users u ON u.id = r.user_id WHERE $1::int IS NULL OR r.id = $1 ORDER BY r.id DESC`,
    [id],
  );
}
