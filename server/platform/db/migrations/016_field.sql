-- The grid worker's field app (issue 18): patrol reports (R15), the visit diary (R17) with its 民情台账,
-- rectification follow-up of hazards (R20), and the basic-information records kept up on the spot with a
-- change log of who changed what when (R8, R22). Every write from the phone carries its own id
-- (client_ref): a replayed queue entry is stored once.

-- 巡查上报 (R15): a patrol with the time and place of its start and end, its content and result.
CREATE TABLE patrol_reports (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  grid_id int NOT NULL REFERENCES grids(id),
  client_ref text NOT NULL,
  started_at timestamptz NOT NULL,
  start_geom geometry(Point, 4326) NOT NULL,
  ended_at timestamptz,
  end_geom geometry(Point, 4326),
  content text NOT NULL DEFAULT '',
  result text NOT NULL DEFAULT '',
  user_id int REFERENCES users(id),
  device_id int REFERENCES devices(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (worker_id, client_ref),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX patrol_reports_started_idx ON patrol_reports (worker_id, started_at);

-- The visit diary (走访日记, R17) on the visit itself; client_ref as incidents have it.
ALTER TABLE visits ADD COLUMN client_ref text;
ALTER TABLE visits ADD COLUMN time_slot text CHECK (time_slot IN ('morning', 'afternoon', 'evening'));
ALTER TABLE visits ADD COLUMN patrol_range text NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN people text NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN problems jsonb NOT NULL DEFAULT '[]';
ALTER TABLE visits ADD COLUMN handling text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX visits_client_ref_idx ON visits (worker_id, client_ref) WHERE client_ref IS NOT NULL;

-- 民情台账 (R17): a problem found on a visit, followed up until done; its history in ledger_events.
CREATE TABLE ledger_items (
  id serial PRIMARY KEY,
  visit_id bigint NOT NULL REFERENCES visits(id),
  household_id int NOT NULL REFERENCES households(id),
  grid_id int NOT NULL REFERENCES grids(id),
  worker_id int REFERENCES workers(id),
  text text NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'following', 'done')),
  opened_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_items_grid_idx ON ledger_items (grid_id, state);

CREATE TABLE ledger_events (
  id bigserial PRIMARY KEY,
  item_id int NOT NULL REFERENCES ledger_items(id),
  state text NOT NULL CHECK (state IN ('open', 'following', 'done')),
  note text NOT NULL DEFAULT '',
  user_id int REFERENCES users(id),
  device_id int REFERENCES devices(id),
  worker_id int REFERENCES workers(id),
  client_ref text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_events_item_idx ON ledger_events (item_id, id);
CREATE UNIQUE INDEX ledger_events_client_ref_idx ON ledger_events (item_id, client_ref) WHERE client_ref IS NOT NULL;

-- 督促整改 / 整改核查 (R20): who must rectify a hazard by when, and the check; a failed check orders a new round.
CREATE TABLE rectifications (
  id serial PRIMARY KEY,
  incident_id int NOT NULL REFERENCES incidents(id),
  round int NOT NULL,
  responsible_party text NOT NULL,
  deadline date NOT NULL,
  note text NOT NULL DEFAULT '',
  ordered_at timestamptz NOT NULL DEFAULT now(),
  ordered_by_user int REFERENCES users(id),
  ordered_by_worker int REFERENCES workers(id),
  client_ref text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'passed', 'failed')),
  checked_at timestamptz,
  checked_by_user int REFERENCES users(id),
  checked_by_worker int REFERENCES workers(id),
  check_ref text,
  check_note text NOT NULL DEFAULT '',
  photo_ids int[] NOT NULL DEFAULT '{}',
  UNIQUE (incident_id, round),
  UNIQUE (incident_id, client_ref)
);
-- At most one rectification of a case is waiting for its check.
CREATE UNIQUE INDEX rectifications_one_pending ON rectifications (incident_id) WHERE state = 'pending';
CREATE INDEX rectifications_due_idx ON rectifications (deadline) WHERE state = 'pending';

-- Basic information (R8): households are added, verified, updated and de-registered like residents.
ALTER TABLE households ADD COLUMN status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'deregistered'));
ALTER TABLE households ADD COLUMN deregistered_on date;
ALTER TABLE households ADD COLUMN verified_at timestamptz;
ALTER TABLE residents ADD COLUMN verified_at timestamptz;

-- Every change of a basic-information record, with who and when (R8; sampled by the inspection team, R22).
CREATE TABLE record_changes (
  id bigserial PRIMARY KEY,
  entity text NOT NULL CHECK (entity IN ('household', 'resident')),
  entity_id int NOT NULL,
  action text NOT NULL CHECK (action IN ('add', 'update', 'verify', 'deregister')),
  before jsonb,
  after jsonb,
  note text NOT NULL DEFAULT '',
  user_id int REFERENCES users(id),
  device_id int REFERENCES devices(id),
  worker_id int REFERENCES workers(id),
  client_ref text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_changes_entity_idx ON record_changes (entity, entity_id, id);
CREATE UNIQUE INDEX record_changes_client_ref_idx ON record_changes (worker_id, client_ref) WHERE client_ref IS NOT NULL;
