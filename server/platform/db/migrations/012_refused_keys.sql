-- The keys of refused fixes that retention deleted (issue 16 #12): a phone that sends one again gets it
-- recognised as a duplicate, not recorded as new. The key is kept, not the row.
CREATE TABLE refused_keys (
  device_id int NOT NULL,
  fix_time timestamptz NOT NULL,
  PRIMARY KEY (device_id, fix_time)
);
