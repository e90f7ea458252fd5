-- The town-wide notice of a day (全镇通报, R16): the unqualified workers as published by a leader, kept as
-- published even if the day's figures are recomputed later.
CREATE TABLE coverage_notices (
  day date PRIMARY KEY,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by int NOT NULL REFERENCES users(id),
  workers jsonb NOT NULL,                          -- [{workerId, worker, gridCode, gridName, squadId, completion, roadDouble}]
  note text NOT NULL DEFAULT ''
);
