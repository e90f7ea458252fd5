-- Positions partitioned by Asia/Shanghai day (issue #9): a day's fixes live in their own table, so a day is
-- read without touching the others and dropped whole when it is past the retention (POSITIONS_RETENTION_DAYS).
-- Fixes of a day without a table yet (a clock far off, a very late upload) wait in positions_default and
-- move into the day's table when it is made. The coverage record (coverage_days, target_passes,
-- cell_passes) and the daily rollup below stay when the raw fixes go.
ALTER TABLE positions RENAME TO positions_unpartitioned;
ALTER TABLE positions_unpartitioned DROP CONSTRAINT positions_pkey;
ALTER TABLE positions_unpartitioned DROP CONSTRAINT positions_device_id_fix_time_key;
DROP INDEX positions_worker_time_ok_idx, positions_geom_gix, positions_received_idx, positions_time_ok_idx;

CREATE TABLE positions (
  id bigint NOT NULL DEFAULT nextval('positions_id_seq'),
  device_id int NOT NULL REFERENCES devices(id),
  worker_id int REFERENCES workers(id),
  fix_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  lat float8 NOT NULL,
  lon float8 NOT NULL,
  geom geometry(Point, 4326),
  accuracy real,
  speed real,
  heading real,
  altitude real,
  battery real,
  attributes jsonb NOT NULL DEFAULT '{}',
  verdict text NOT NULL,
  PRIMARY KEY (id, fix_time),
  UNIQUE (device_id, fix_time)             -- a terminal may retry freely: the same fix is stored once
) PARTITION BY RANGE (fix_time);
ALTER SEQUENCE positions_id_seq OWNED BY positions.id;
CREATE TABLE positions_default PARTITION OF positions DEFAULT;
CREATE INDEX positions_worker_time_ok_idx ON positions (worker_id, fix_time) WHERE verdict = 'ok';
CREATE INDEX positions_time_ok_idx ON positions (fix_time) WHERE verdict = 'ok';
CREATE INDEX positions_geom_gix ON positions USING gist (geom) WHERE verdict = 'ok';
CREATE INDEX positions_received_idx ON positions (received_at);

-- Makes the table of one day if it is missing, moving that day's waiting fixes into it. True if made.
CREATE FUNCTION ensure_positions_day(d date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  part text := 'positions_' || to_char(d, 'YYYYMMDD');
  lo timestamptz := d::timestamp AT TIME ZONE 'Asia/Shanghai';
  hi timestamptz := (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai';
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE positions INCLUDING DEFAULTS)', part);
  EXECUTE format('WITH moved AS (DELETE FROM positions_default WHERE fix_time >= $1 AND fix_time < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved', part) USING lo, hi;
  EXECUTE format('ALTER TABLE positions ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  RETURN true;
END $$;

SELECT ensure_positions_day(day) FROM (
  SELECT DISTINCT (fix_time AT TIME ZONE 'Asia/Shanghai')::date AS day FROM positions_unpartitioned
  UNION SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date + k FROM generate_series(-8, 2) k
) days ORDER BY day;
INSERT INTO positions SELECT * FROM positions_unpartitioned;
DROP TABLE positions_unpartitioned;

-- Each terminal's day in figures, kept after its raw fixes are pruned: how much it sent, how much was clean,
-- why the rest was refused, and how far its worker went.
CREATE TABLE position_days (
  day date NOT NULL,
  device_id int NOT NULL REFERENCES devices(id),
  worker_id int REFERENCES workers(id),
  fixes int NOT NULL,
  kept int NOT NULL,
  verdicts jsonb NOT NULL,
  distance_m float8 NOT NULL,
  first_fix timestamptz NOT NULL,
  last_fix timestamptz NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, device_id)
);
