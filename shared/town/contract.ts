// The town import's endpoints (issue 17).
import { z } from 'zod';
import { endpoint } from '../core/contract.ts';

/** How the user says the file's coordinates were made, when the file cannot say (no .prj, a web map). */
export const SaidCrs = z.union([z.enum(['gcj02', 'bd09']), z.string().regex(/^EPSG:\d{4,6}$/, 'EPSG:<code>, gcj02 or bd09')]);

const Column = z.string().min(1).max(64);

export const PreviewQuery = z
  .strictObject({
    /** The file's name as the user picked it: its extension says what it is (.zip, .geojson, .json, .kml, .xlsx, .csv). */
    name: z.string().min(1).max(200),
    crs: SaidCrs.optional(),
    /** What the layer is, to check it as such; with the columns that hold its code, name and class (the field mapping). */
    kind: z.enum(['grids']).optional(),
    codeField: Column.optional(),
    nameField: Column.optional(),
    classField: Column.optional(),
  })
  .refine((q) => q.kind === undefined || (q.codeField !== undefined && q.nameField !== undefined), {
    message: 'a layer checked as grids needs the columns of its code and name (codeField=…&nameField=…)',
    path: ['codeField'],
  });
export type PreviewQuery = z.infer<typeof PreviewQuery>;

const Problem = z.object({ feature: z.number(), label: z.string(), message: z.string() });

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
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      /** The first features' attributes, for the field mapping. */
      sample: z.array(z.record(z.string(), z.unknown())),
      /** What is wrong with it as the kind asked for, each naming its feature; none when not asked. */
      problems: z.array(Problem).optional(),
    }),
  ),
});
export type FilePreview = z.infer<typeof FilePreview>;

export const town = {
  preview: endpoint({ method: 'post', path: '/town/files/preview', query: PreviewQuery, response: FilePreview }),
};
