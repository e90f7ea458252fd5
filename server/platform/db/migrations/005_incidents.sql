-- Incidents (事件, R18-R20, R31): classes with time limits, the working-time calendar, cases with their
-- events (the timeline) and photos, and department accounts that receive dispatched cases.

-- Users of a member department (R6) see and handle what is dispatched to it.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'leader', 'duty', 'squad_leader', 'inspector', 'worker', 'wall', 'department'));
ALTER TABLE users ADD COLUMN department_id int REFERENCES departments(id);
ALTER TABLE users ADD CONSTRAINT users_department_check CHECK ((role = 'department') = (department_id IS NOT NULL));

CREATE TABLE incident_categories (        -- 事件分类: major class (2 digits) + minor class (2 digits)
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
  major_name text NOT NULL,
  name text NOT NULL,
  department_id int REFERENCES departments(id),   -- null: handled by the brigade itself
  time_limit_h real NOT NULL CHECK (time_limit_h > 0),
  hours_kind text NOT NULL CHECK (hours_kind IN ('natural', 'working')),
  on_spot boolean NOT NULL,                       -- the grid worker may resolve it on the spot (R18)
  filing text NOT NULL DEFAULT '',                -- 立案条件
  closing text NOT NULL DEFAULT '',               -- 结案条件
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE calendar_days (              -- 法定节假日 and 调休上班 for working-hour deadlines
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL DEFAULT ''
);

CREATE TABLE incidents (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,                      -- e.g. 20261126-0007
  category_code text NOT NULL REFERENCES incident_categories(code),
  state text NOT NULL,
  level text NOT NULL CHECK (level IN ('village', 'town', 'city')),
  version int NOT NULL DEFAULT 1,
  source text NOT NULL CHECK (source IN ('terminal', 'phone', 'inspector', 'duty', 'simulator')),
  description text NOT NULL,
  address text NOT NULL DEFAULT '',
  geom geometry(Point, 4326) NOT NULL,
  grid_id int REFERENCES grids(id),
  village_id int REFERENCES villages(id),
  squad_id int REFERENCES squads(id),
  reporter_user_id int REFERENCES users(id),
  reporter_device_id int REFERENCES devices(id),
  reporter_worker_id int REFERENCES workers(id),
  caller_name text,                               -- the resident who raised it (R40: handling roles only)
  caller_phone text,
  assignee_worker_id int REFERENCES workers(id),
  assignee_department_id int REFERENCES departments(id),
  registered_at timestamptz,
  dispatched_at timestamptz,
  deadline timestamptz,
  warned_at timestamptz,
  overdue_at timestamptz,
  handled_at timestamptz,
  verified_at timestamptz,
  closed_at timestamptz,
  extension_pending jsonb,                        -- {hours, reason, by, at} while a request waits
  rework_count int NOT NULL DEFAULT 0,
  extension_count int NOT NULL DEFAULT 0,
  postpone_count int NOT NULL DEFAULT 0,
  escalation_count int NOT NULL DEFAULT 0,
  merged_into int REFERENCES incidents(id),
  client_ref text,                                -- the terminal's own id of the report: a re-sent report is stored once
  satisfaction text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_geom_gix ON incidents USING gist (geom);
CREATE UNIQUE INDEX incidents_client_ref_idx ON incidents (reporter_device_id, client_ref) WHERE client_ref IS NOT NULL;
CREATE INDEX incidents_created_idx ON incidents (created_at);
CREATE INDEX incidents_state_idx ON incidents (state);
CREATE INDEX incidents_squad_idx ON incidents (squad_id);
CREATE INDEX incidents_assignee_dept_idx ON incidents (assignee_department_id);
CREATE INDEX incidents_deadline_open_idx ON incidents (deadline) WHERE state NOT IN ('closed', 'rejected', 'merged');

CREATE TABLE incident_events (            -- the timeline: every step, who, when, what
  id bigserial PRIMARY KEY,
  incident_id int NOT NULL REFERENCES incidents(id),
  action text NOT NULL,                           -- a workflow action, or 'report', 'warning', 'overdue', 'attach'
  from_state text,
  to_state text NOT NULL,
  actor_user_id int REFERENCES users(id),
  actor_device_id int REFERENCES devices(id),
  at timestamptz NOT NULL DEFAULT now(),
  note text NOT NULL DEFAULT '',
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);

CREATE TABLE incident_attachments (       -- photos, in the database so both backends behave alike
  id serial PRIMARY KEY,
  incident_id int NOT NULL REFERENCES incidents(id),
  event_id bigint REFERENCES incident_events(id),
  mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  size int NOT NULL,
  sha256 text NOT NULL,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_attachments_incident_idx ON incident_attachments (incident_id);
