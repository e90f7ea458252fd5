-- The authoritative record of a day's key-target passes (R13, R15), computed by PostGIS from stored
-- positions (server/coverage/batch.ts) at the end of a day and on demand.
CREATE TABLE target_passes (
  day date NOT NULL,
  target_id int NOT NULL REFERENCES targets(id),
  passes int NOT NULL CHECK (passes >= 0),
  pass_times jsonb NOT NULL,              -- counted pass times, epoch milliseconds, ascending
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, target_id)
);
