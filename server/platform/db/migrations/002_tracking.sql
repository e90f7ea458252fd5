-- Terminal positions (R7, R15). Every fix received is kept, with the filter's verdict: 'ok' fixes make
-- tracks and coverage; the others are kept for audit and data-quality figures.
CREATE TABLE positions (
  id bigserial PRIMARY KEY,
  device_id int NOT NULL REFERENCES devices(id),
  worker_id int REFERENCES workers(id),
  fix_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  lat float8 NOT NULL,
  lon float8 NOT NULL,
  geom geometry(Point, 4326),              -- null when the coordinates themselves were invalid
  accuracy real,
  speed real,                              -- m/s
  heading real,
  altitude real,
  battery real,                            -- percent
  attributes jsonb NOT NULL DEFAULT '{}',
  verdict text NOT NULL,                   -- 'ok' or the filter that rejected it
  UNIQUE (device_id, fix_time)             -- a terminal may retry freely: the same fix is stored once
);
CREATE INDEX positions_worker_time_ok_idx ON positions (worker_id, fix_time) WHERE verdict = 'ok';
CREATE INDEX positions_geom_gix ON positions USING gist (geom) WHERE verdict = 'ok';
CREATE INDEX positions_received_idx ON positions (received_at);

-- Ids that knocked on the OsmAnd door without being registered, for an administrator to register.
CREATE TABLE unknown_devices (
  unique_id text PRIMARY KEY,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  attempts int NOT NULL DEFAULT 1,
  remote text
);
