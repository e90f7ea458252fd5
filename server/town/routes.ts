// The town import's routes (issue 17, R1–R8): a town brings in its own layers. So far: reading a file and
// showing what it holds, converted and checked, before anything is changed.
import { town } from '../../shared/town/contract.ts';
import type { Platform } from '../platform/capability.ts';
import { readRawBody } from '../platform/http/body.ts';
import { route } from '../platform/http/route.ts';
import { previewTownFile } from './read.ts';

/** A county's grid map with its attribute table is a few MB; a file beyond this is refused by its size. */
export const TOWN_FILE_MAX_MB = 50;

export function townRoutes({ db }: Platform) {
  return [
    route(town.preview, {
      summary:
        'Reads a town’s file (a zipped Shapefile or GeoJSON; the raw bytes as the body) and answers what it holds, in WGS84, checked to lie near the town; changes nothing',
      access: ['admin'],
      async handler({ query, req }) {
        const bytes = await readRawBody(req, TOWN_FILE_MAX_MB * 1024 * 1024, 'a town’s file');
        const [box] = await db.query<{ w: number | null; s: number; e: number; n: number }>(
          'SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n FROM (SELECT ST_Extent(boundary) AS e FROM town) t',
        );
        return previewTownFile(query.name, bytes, query, box?.w == null ? null : [box.w, box.s, box.e, box.n]);
      },
    }),
  ];
}
