// The layers of a town (WGS84 GeoJSON): what server/town/load.ts loads into the database, whether the demo's
// generator (geodata/) wrote them or a town's own data was imported.
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Geometry } from 'geojson';
import type { GridClass } from '../org/model.ts';
import type { RoadClass, TargetKind } from '../coverage/rules.ts';

export type BoundaryFeature = Feature<MultiPolygon, { code: string; name: string }>;
export type SquadFeature = Feature<MultiPolygon, { code: string; name: string; branch: string }>;
export type VillageFeature = Feature<
  MultiPolygon,
  {
    /** The committee's 12-digit code (统计用区划代码): the first 12 digits of its grids' codes. */
    code: string;
    name: string;
    /** The committee's full name as the code list writes it (东王庄村委会), when the source gives one. */
    officialName?: string;
    kind: '村' | '居';
    squadCode: string;
    households: number;
    centre: [number, number];
  }
>;
export type GridFeature = Feature<MultiPolygon, { code: string; name: string; class: GridClass; villageCode: string; squadCode: string }>;
export type RoadFeature = Feature<LineString, { name: string; class: RoadClass; villageCode: string | null }>;
export type TargetFeature = Feature<Point | Polygon, { name: string; kind: TargetKind; gridCode: string; radiusM: number; requiredPasses: number }>;
export type ContextKind = 'water' | 'river' | 'canal' | 'rail' | 'national_road';
export type ContextFeature = Feature<Geometry, { kind: ContextKind; name: string }>;

export interface TownLayers {
  boundary: FeatureCollection<MultiPolygon, BoundaryFeature['properties']>;
  squads: FeatureCollection<MultiPolygon, SquadFeature['properties']>;
  villages: FeatureCollection<MultiPolygon, VillageFeature['properties']>;
  grids: FeatureCollection<MultiPolygon, GridFeature['properties']>;
  roads: FeatureCollection<LineString, RoadFeature['properties']>;
  targets: FeatureCollection<Point | Polygon, TargetFeature['properties']>;
  context: FeatureCollection<Geometry, ContextFeature['properties']>;
}

export const LAYER_NAMES = ['boundary', 'squads', 'villages', 'grids', 'roads', 'targets', 'context'] as const;
