// shpjs ships no types: what the import uses of it.
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  type Named = FeatureCollection & { fileName?: string };
  export default function shp(input: ArrayBuffer | Uint8Array | Buffer): Promise<Named | Named[]>;
}
