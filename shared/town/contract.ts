// The town import's endpoints (issue 17).
import { z } from 'zod';
import { endpoint, raw, Timestamp } from '../core/contract.ts';
import { COLUMN_PARAMS, IMPORT_KINDS, type ImportKind } from './mapping.ts';

/** How the user says the file's coordinates were made, when the file cannot say (no .prj, a web map). */
export const SaidCrs = z.union([z.enum(['gcj02', 'bd09']), z.string().regex(/^EPSG:\d{4,6}$/, 'EPSG:<code>, gcj02 or bd09')]);

const Column = z.string().min(1).max(64);

const FileQuery = {
  /** The file's name as the user picked it: its extension says what it is (.zip, .geojson, .json, .kml, .xlsx, .csv). */
  name: z.string().min(1).max(200),
  crs: SaidCrs.optional(),
  /** Which of the file's layers (a zip may hold several Shapefiles) is read as the kind; needed when it holds more than one. */
  layer: z.string().min(1).max(200).optional(),
  /** The file holds part of the town's grids (a village redrawn): those it does not hold are kept, not removed. */
  part: z.enum(['true', 'false']).optional(),
};

const Kind = z.enum(Object.keys(IMPORT_KINDS) as [ImportKind, ...ImportKind[]]);

/** The field mapping: which of the file's columns holds what (shared/town/mapping.ts says which each kind needs). */
const Columns = Object.fromEntries(COLUMN_PARAMS.map((c) => [c, Column.optional()])) as Record<(typeof COLUMN_PARAMS)[number], z.ZodOptional<typeof Column>>;

const needsItsColumns = (q: { kind?: ImportKind } & Partial<Record<(typeof COLUMN_PARAMS)[number], string>>) =>
  q.kind === undefined || IMPORT_KINDS[q.kind].required.every((c) => q[c] !== undefined);
const needsItsColumnsSaid = {
  message: `a layer read as a kind needs its columns mapped: ${Object.entries(IMPORT_KINDS)
    .map(([k, { required }]) => `${k} ${required.join(' and ')}`)
    .join('; ')}`,
  path: ['kind'],
};

export const PreviewQuery = z
  .strictObject({
    ...FileQuery,
    /** What the layer is, to check it as such, with its field mapping. */
    kind: Kind.optional(),
    ...Columns,
  })
  .refine(needsItsColumns, needsItsColumnsSaid);
export type PreviewQuery = z.infer<typeof PreviewQuery>;

const LonLat = z.tuple([z.number(), z.number()]);

/** Errors block an import; warnings are shown and do not. Each names its feature and, where it can, a place on the map. */
const Problem = z.object({
  feature: z.number(),
  label: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
  at: LonLat.optional(),
});

/** What applying a layer would do to the town's grids, matched by code. */
export const Change = z.enum(['added', 'changed', 'removed']);
export const ChangeCounts = z.object({ added: z.number(), changed: z.number(), removed: z.number(), unchanged: z.number() });

export const ImportPlan = z.object({
  layer: z.string(),
  kind: Kind,
  counts: ChangeCounts,
  /** The grids added and changed with their new shape, the removed with their last; for the map. */
  changes: z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        geometry: z.object({ type: z.enum(['Point', 'Polygon', 'MultiPolygon', 'LineString', 'MultiLineString']), coordinates: z.array(z.unknown()) }),
        properties: z.object({ code: z.string(), name: z.string(), change: Change }),
      }),
    ),
  }),
  problems: z.array(Problem),
  /** Whether an error stops it being applied. */
  blocked: z.boolean(),
  /** Key targets and households that move to another grid, road cells cut again, and villages (with their grids and workers) that move to another squad. */
  moves: z.object({ targets: z.number(), households: z.number(), roadCells: z.number(), villages: z.number().optional() }),
});
export type ImportPlan = z.infer<typeof ImportPlan>;

/** Which columns hold what, for the kind the layer looks like: guessed from their names, or remembered from the last file of that shape. */
export const FieldMapping = z.object({ kind: Kind, ...Columns, remembered: z.boolean() });

/** What a file holds, read and converted, before anything is changed. */
export const FilePreview = z.object({
  file: z.string(),
  /** One per Shapefile in a zip; one for a GeoJSON file. */
  layers: z.array(
    z.object({
      name: z.string(),
      features: z.number(),
      geometryTypes: z.record(z.string(), z.number()),
      fields: z.array(z.string()),
      /** How its coordinates were read: the .prj's name, the EPSG code, or WGS84. */
      crs: z.string(),
      /** Null for a table without coordinates (the people of households). */
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
      /** The first features' attributes, for the field mapping. */
      sample: z.array(z.record(z.string(), z.unknown())),
      /** The columns that look like a grid layer's code, name and class, when they can be told. */
      mapping: FieldMapping.nullable(),
    }),
  ),
  /** When read as a kind (kind=grids&…): what it would change, and what is wrong with it. */
  plan: ImportPlan.optional(),
});
export type FilePreview = z.infer<typeof FilePreview>;

/** Applying a layer: the preview's query, its kind and mapping required. */
export const ApplyQuery = z.strictObject({ ...FileQuery, kind: Kind, ...Columns }).refine(needsItsColumns, needsItsColumnsSaid);
export type ApplyQuery = z.infer<typeof ApplyQuery>;

/** An import applied: one revision of the town (R1–R4), in the audit trail too. */
export const Revision = z.object({
  id: z.number(),
  at: Timestamp,
  by: z.string().nullable(),
  /** From this day the new layer holds; days before keep what they had. */
  effectiveOn: z.string(),
  file: z.string(),
  layer: z.string(),
  counts: ChangeCounts.extend({ targetsMoved: z.number(), householdsMoved: z.number(), roadCells: z.number() }),
});
export type Revision = z.infer<typeof Revision>;

/** The town the user means to bring in (the first-start wizard asks): the package's boundary must be that town. */
export const PackageQuery = z.strictObject({
  code: z
    .string()
    .regex(/^\d{9}$/, 'a town’s 9-digit code (县 6 + 乡镇 3)')
    .optional(),
});

/** A whole town brought into an empty instance: what it held. */
export const PackageCounts = z.object({
  grids: z.number(),
  villages: z.number(),
  squads: z.number(),
  targets: z.number(),
  roads: z.number(),
  households: z.number(),
  workers: z.number(),
  roadCells: z.number(),
});

export const town = {
  preview: endpoint({ method: 'post', path: '/town/files/preview', query: PreviewQuery, response: FilePreview }),
  apply: endpoint({ method: 'post', path: '/town/files/apply', query: ApplyQuery, response: Revision }),
  revisions: endpoint({ method: 'get', path: '/town/revisions', response: z.array(Revision) }),
  export: endpoint({
    method: 'get',
    path: '/town/export',
    response: raw(
      'application/zip',
      'The whole town: its GeoJSON layers (WGS84) with its households, and 名册.xlsx (workers, departments, staff, 帮扶/关注 people)',
    ),
  }),
  load: endpoint({ method: 'post', path: '/town/package', query: PackageQuery, response: PackageCounts }),
};
