-- The people of the town's households (实有人口, R8) and a code per household (实有房屋), brought in by the
-- import (issue 17) and kept up by the workers: added, verified, updated, de-registered (注销). Personal
-- data (R40): ID numbers and phones are read only within a worker's own grid and by the roles that need them.
ALTER TABLE households ADD COLUMN code text UNIQUE;

CREATE TABLE residents (
  id serial PRIMARY KEY,
  household_id int NOT NULL REFERENCES households(id),
  name text NOT NULL,
  gender text CHECK (gender IN ('男', '女')),
  birth_year int CHECK (birth_year BETWEEN 1880 AND 2200),
  id_number text UNIQUE,
  phone text NOT NULL DEFAULT '',
  relation text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'deregistered')),
  registered_on date NOT NULL DEFAULT CURRENT_DATE,
  deregistered_on date,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX residents_household_idx ON residents (household_id);
