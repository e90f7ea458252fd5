-- Organisation administration (issue 17): a grid's holders with their days (R4), a worker's status changes,
-- each change of an item of the equipment register (R7), and a member department's contact (R6).

ALTER TABLE departments ADD COLUMN contact_name text;
ALTER TABLE departments ADD COLUMN contact_phone text;

-- Who held a grid from which day: from_day inclusive, to_day exclusive (the day it passed on), null while
-- held. grids.worker_id stays the current holder, which everything else reads.
CREATE TABLE grid_assignments (
  id serial PRIMARY KEY,
  grid_id int NOT NULL REFERENCES grids(id),
  worker_id int NOT NULL REFERENCES workers(id),
  from_day date NOT NULL,
  to_day date CHECK (to_day IS NULL OR to_day >= from_day),
  by_user_id int REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_assignments_grid_idx ON grid_assignments (grid_id, from_day);
CREATE INDEX grid_assignments_worker_idx ON grid_assignments (worker_id);
-- One worker per grid and one grid per worker at a time (R4).
CREATE UNIQUE INDEX grid_assignments_one_holder ON grid_assignments (grid_id) WHERE to_day IS NULL;
CREATE UNIQUE INDEX grid_assignments_one_grid ON grid_assignments (worker_id) WHERE to_day IS NULL;
-- The holders of today, from their hiring day (a town loaded later gets theirs on its first handover).
INSERT INTO grid_assignments (grid_id, worker_id, from_day)
SELECT g.id, g.worker_id, w.hired_on FROM grids g JOIN workers w ON w.id = g.worker_id;

-- A worker's status from a day on (leave, back, gone): the day's notice (R16) reads it.
CREATE TABLE worker_status_events (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  status text NOT NULL CHECK (status IN ('active', 'leave', 'left')),
  previous text NOT NULL CHECK (previous IN ('active', 'leave', 'left')),
  on_day date NOT NULL,
  by_user_id int REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX worker_status_events_worker_idx ON worker_status_events (worker_id, on_day);

-- Each change of an item of the register, as it stood after it (R7: who holds what, damaged, replaced).
CREATE TABLE equipment_events (
  id serial PRIMARY KEY,
  equipment_id int NOT NULL REFERENCES equipment(id),
  action text NOT NULL CHECK (action IN ('create', 'update')),
  holder_worker_id int REFERENCES workers(id),
  device_id int REFERENCES devices(id),
  status text NOT NULL CHECK (status IN ('in_service', 'damaged', 'replaced')),
  note text NOT NULL DEFAULT '',
  by_user_id int REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX equipment_events_item_idx ON equipment_events (equipment_id, id);
