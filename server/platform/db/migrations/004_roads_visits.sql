-- Main roads and central streets cut into cells of about 50 m, each patrolled twice a day like a key
-- target (R13); cut per grid so each cell has one responsible worker. Built from `roads` by
-- server/coverage/roadCells.ts.
CREATE TABLE road_cells (
  id serial PRIMARY KEY,
  road_id int NOT NULL REFERENCES roads(id),
  grid_id int NOT NULL REFERENCES grids(id),
  seq int NOT NULL,
  geom geometry(LineString, 4326) NOT NULL,
  length_m real NOT NULL CHECK (length_m > 0),
  radius_m real NOT NULL CHECK (radius_m > 0),
  required_passes smallint NOT NULL CHECK (required_passes > 0),
  UNIQUE (road_id, grid_id, seq)
);
CREATE INDEX road_cells_geom_gix ON road_cells USING gist (geom);
CREATE INDEX road_cells_grid_idx ON road_cells (grid_id);

-- The authoritative record of a day's road-cell passes, as target_passes is for key targets.
CREATE TABLE cell_passes (
  day date NOT NULL,
  cell_id int NOT NULL REFERENCES road_cells(id),
  passes int NOT NULL CHECK (passes >= 0),
  pass_times jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, cell_id)
);

-- Household visits (入户走访, R14), made at the household on the terminal; verified against the track.
CREATE TABLE visits (
  id bigserial PRIMARY KEY,
  household_id int NOT NULL REFERENCES households(id),
  person_id int REFERENCES focus_persons(id),       -- a visit to a 帮扶/关注 person of that household
  worker_id int NOT NULL REFERENCES workers(id),
  device_id int REFERENCES devices(id),
  visited_at timestamptz NOT NULL,
  note text NOT NULL DEFAULT '',
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- null until checked: true when the worker's track passed within the radius in the time window (R23)
  verified boolean,
  checked_at timestamptz,
  UNIQUE (worker_id, household_id, visited_at)      -- a terminal re-sending a visit records it once
);
CREATE INDEX visits_time_idx ON visits (visited_at);
CREATE INDEX visits_household_idx ON visits (household_id, visited_at);
CREATE INDEX visits_person_idx ON visits (person_id, visited_at) WHERE person_id IS NOT NULL;
CREATE INDEX visits_unchecked_idx ON visits (visited_at) WHERE verified IS NULL;

-- A day's coverage per grid, kept for the 30-day trend after raw positions are pruned.
CREATE TABLE coverage_days (
  day date NOT NULL,
  grid_id int NOT NULL REFERENCES grids(id),
  targets int NOT NULL,
  targets_complete int NOT NULL,
  targets_partial int NOT NULL,
  road_m real NOT NULL,
  road_complete_m real NOT NULL,
  road_once_m real NOT NULL,
  patrol_ms bigint NOT NULL,                        -- the grid's worker's time on patrol that day
  qualified boolean NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, grid_id)
);

-- The day's batch reads one day of clean fixes of every worker.
CREATE INDEX positions_time_ok_idx ON positions (fix_time) WHERE verdict = 'ok';

-- When a person came under 帮扶/关注: the first visit is due one cadence after it (R14).
ALTER TABLE focus_persons ADD COLUMN registered_on date NOT NULL DEFAULT CURRENT_DATE;

-- Days whose record is out of date: fixes of that day arrived after it was recorded (a terminal that was
-- offline uploads late). The record is recomputed before it is read again.
CREATE TABLE coverage_stale (
  day date PRIMARY KEY,
  since timestamptz NOT NULL
);
