import { type ApplyQuery, type PreviewQuery, town } from '../../shared/town/contract.ts';
import type { Columns, ImportKind } from '../../shared/town/mapping.ts';
import { call } from '../platform/api.ts';

/** A file as the user described it: how its coordinates were made when it cannot say, which layer, read as what. */
export interface FileChoice {
  file: File;
  /** '' when the file says it (a .prj, GeoJSON's WGS84); else gcj02, bd09 or EPSG:<code>. */
  crs: string;
  layer?: string;
  /** Read as this kind with these columns (the field mapping); null: only read. */
  kind: ImportKind | null;
  columns: Columns;
  /** The file holds part of the town's grids: the others are kept. */
  part: boolean;
}

const query = (c: FileChoice) => ({
  name: c.file.name,
  ...(c.crs ? { crs: c.crs } : {}),
  ...(c.layer ? { layer: c.layer } : {}),
  ...(c.kind ? { kind: c.kind, ...c.columns, ...(c.part ? { part: 'true' as const } : {}) } : {}),
});

// The server reads the raw bytes whatever the file's own type; sent as bytes, not as JSON.
const bytes = (f: File) => new Blob([f], { type: 'application/octet-stream' });

/** What the file holds and, read as a kind, what applying it would change; changes nothing. */
export const previewFile = (c: FileChoice) => call(town.preview, { query: query(c) as PreviewQuery, raw: bytes(c.file) });

/** Applies the file's layer as a revision of the town from today. */
export const applyFile = (c: FileChoice & { kind: ImportKind }) => call(town.apply, { query: query(c) as ApplyQuery, raw: bytes(c.file) });
