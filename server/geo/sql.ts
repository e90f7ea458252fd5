// GeoJSON for the map, built by PostGIS in one query per layer: `inner` yields id, geometry, properties.
import { placeFilter } from '../auth/scope.ts';
import { current } from '../town/validity.ts';
const featureCollection = (inner: string) => `
  SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
           json_build_object('type', 'Feature', 'id', f.id, 'geometry', f.geometry, 'properties', f.properties) ORDER BY f.id), '[]'::json)) AS fc
    FROM (${inner}) f`;

const geojson = (col: string) => `ST_AsGeoJSON(${col}, 7)::json`;

export const BOUNDARY = featureCollection(`
  SELECT id, ${geojson('boundary')} AS geometry, json_build_object('code', code, 'name', name) AS properties FROM town`);

export const SQUADS = featureCollection(`
  SELECT id, ${geojson('area')} AS geometry, json_build_object('code', code, 'name', name, 'branch', branch) AS properties FROM squads`);

/** $1 squad id or null, $2 grid id or null (a worker's scope: the village of their grid). */
export const VILLAGES = featureCollection(`
  SELECT v.id, ${geojson('v.area')} AS geometry,
         json_build_object('code', v.code, 'name', v.name, 'kind', v.kind, 'squadId', v.squad_id,
                           'centre', json_build_array(round(ST_X(v.centre)::numeric, 7), round(ST_Y(v.centre)::numeric, 7))) AS properties
    FROM villages v
   WHERE ($1::int IS NULL OR v.squad_id = $1)
     AND ($2::int IS NULL OR v.id = (SELECT village_id FROM grids WHERE id = $2))`);

export const GRIDS = featureCollection(`
  SELECT g.id, ${geojson('g.area')} AS geometry,
         json_build_object('code', g.code, 'name', g.name, 'squadId', g.squad_id, 'villageId', g.village_id, 'class', g.class, 'workerId', g.worker_id) AS properties
    FROM grids g
   WHERE ${current('g')} AND ${placeFilter('g.squad_id', 'g.id', 1)}`);

export const TARGETS = featureCollection(`
  SELECT t.id, ${geojson('t.geom')} AS geometry,
         json_build_object('name', t.name, 'kind', t.kind, 'gridId', t.grid_id, 'radiusM', t.radius_m, 'requiredPasses', t.required_passes) AS properties
    FROM targets t JOIN grids g ON g.id = t.grid_id
   WHERE ${current('t')} AND ${placeFilter('g.squad_id', 'g.id', 1)}`);

export const ROADS = featureCollection(`
  SELECT id, ${geojson('geom')} AS geometry, json_build_object('name', name, 'class', class) AS properties FROM roads r WHERE ${current('r')}`);

export const CONTEXT = featureCollection(`
  SELECT id, ${geojson('geom')} AS geometry, json_build_object('kind', kind, 'name', name) AS properties FROM context_features`);

/** Main-road and central-street cells patrolled twice a day (R13); $1 squad, $2 grid. */
export const ROAD_CELLS = featureCollection(`
  SELECT c.id, ${geojson('c.geom')} AS geometry,
         json_build_object('roadId', c.road_id, 'road', r.name, 'class', r.class, 'gridId', c.grid_id, 'seq', c.seq, 'lengthM', round(c.length_m::numeric, 1)) AS properties
    FROM road_cells c JOIN roads r ON r.id = c.road_id JOIN grids g ON g.id = c.grid_id
   WHERE ${current('c')} AND ${placeFilter('g.squad_id', 'g.id', 1)}`);
