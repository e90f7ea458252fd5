-- A town's layers change (issue 17): each import applied is a revision, and grids, key targets and road
-- cells carry the days they hold. A day's coverage is computed from the rows valid on that day, so the
-- record of a past day keeps the grids and targets of that day; today's switches over when an import is
-- applied. A row is valid from valid_from (inclusive) to valid_to (exclusive); open-ended while current.
CREATE TABLE town_revisions (
  id serial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id int REFERENCES users(id),
  effective_on date NOT NULL,
  file text NOT NULL,
  layer text NOT NULL,
  counts jsonb NOT NULL
);

ALTER TABLE grids ADD COLUMN valid_from date NOT NULL DEFAULT '2000-01-01';
ALTER TABLE grids ADD COLUMN valid_to date;
ALTER TABLE targets ADD COLUMN valid_from date NOT NULL DEFAULT '2000-01-01';
ALTER TABLE targets ADD COLUMN valid_to date;
ALTER TABLE road_cells ADD COLUMN valid_from date NOT NULL DEFAULT '2000-01-01';
ALTER TABLE road_cells ADD COLUMN valid_to date;
-- A grid's cells are cut again when it is redrawn: the sequence numbers repeat in the new cut.
ALTER TABLE road_cells DROP CONSTRAINT road_cells_road_id_grid_id_seq_key;
CREATE UNIQUE INDEX road_cells_current_seq ON road_cells (road_id, grid_id, seq) WHERE valid_to IS NULL;

-- The shapes a grid had before it was redrawn, with the days each held.
CREATE TABLE grid_shapes (
  grid_id int NOT NULL REFERENCES grids(id),
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  area geometry(MultiPolygon, 4326) NOT NULL,
  revision_id int NOT NULL REFERENCES town_revisions(id),
  PRIMARY KEY (grid_id, valid_from, revision_id)
);

-- The field mapping a user gave for a file of a shape (its columns, sorted): offered again for the next.
CREATE TABLE import_mappings (
  fields text PRIMARY KEY,
  kind text NOT NULL,
  mapping jsonb NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now()
);
