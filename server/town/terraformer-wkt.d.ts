// @terraformer/wkt ships no types: what the import uses of it.
declare module '@terraformer/wkt' {
  import type { Geometry } from 'geojson';
  export function wktToGeoJSON(wkt: string): Geometry;
}
