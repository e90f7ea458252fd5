// The map's GeoJSON layers (WGS84, an `id` on every feature): each layer's geometry and properties.
import type { FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { z } from 'zod';
import { endpoint } from '../core/contract.ts';
import { SquadQuery } from '../core/schemas.ts';

/** A FeatureCollection whose features have `geometry` of type `G` and properties of `props`. */
const layer = <G extends Geometry, P extends z.ZodType<Record<string, unknown>>>(geometry: G['type'][], props: P) =>
  z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.union([z.number(), z.string()]),
        geometry: z.object({ type: z.enum(geometry as [G['type'], ...G['type'][]]), coordinates: z.array(z.unknown()) }),
        properties: props,
      }),
    ),
  }) as unknown as z.ZodType<FeatureCollection<G, z.output<P>>>;

const Polygonal: MultiPolygon['type'][] = ['MultiPolygon'];
const AnyGeometry = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as Geometry['type'][];

export const GridProperties = z.object({
  code: z.string(),
  name: z.string(),
  squadId: z.number(),
  villageId: z.number(),
  class: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  workerId: z.number().nullable(),
});
export type GridProperties = z.infer<typeof GridProperties>;

export const SquadProperties = z.object({ code: z.string(), name: z.string(), branch: z.string() });
export const VillageProperties = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  squadId: z.number(),
  centre: z.tuple([z.number(), z.number()]),
});
export const TargetProperties = z.object({ name: z.string(), kind: z.string(), gridId: z.number(), radiusM: z.number(), requiredPasses: z.number() });
export const RoadCellProperties = z.object({
  roadId: z.number(),
  road: z.string(),
  class: z.string(),
  gridId: z.number(),
  seq: z.number(),
  lengthM: z.number(),
});

const context = (path: string, response: z.ZodType<FeatureCollection>) => endpoint({ method: 'get', path, response });
const scoped = <R extends z.ZodType<FeatureCollection>>(path: string, response: R) => endpoint({ method: 'get', path, query: SquadQuery, response });

export const geo = {
  boundary: context('/geo/boundary', layer(Polygonal, z.object({ code: z.string(), name: z.string() }))),
  squads: endpoint({ method: 'get', path: '/geo/squads', response: layer<MultiPolygon, typeof SquadProperties>(Polygonal, SquadProperties) }),
  roads: context('/geo/roads', layer(AnyGeometry, z.object({ name: z.string(), class: z.string() }))),
  context: context('/geo/context', layer(AnyGeometry, z.object({ kind: z.string(), name: z.string().nullable() }))),
  villages: scoped('/geo/villages', layer<MultiPolygon, typeof VillageProperties>(Polygonal, VillageProperties)),
  grids: scoped('/geo/grids', layer<MultiPolygon, typeof GridProperties>(Polygonal, GridProperties)),
  targets: scoped('/geo/targets', layer<Point | Polygon, typeof TargetProperties>(['Point', 'Polygon'], TargetProperties)),
  roadCells: scoped('/geo/road-cells', layer<LineString, typeof RoadCellProperties>(['LineString'], RoadCellProperties)),
};
