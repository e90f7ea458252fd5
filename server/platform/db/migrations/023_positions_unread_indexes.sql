-- Two indexes of positions that no statement reads (issue 20): the geometry's GiST index (fixes are found
-- by worker or terminal and time, and measured against targets and roads in their own frame, never looked
-- up by place) and the index on received_at (the receipt time is shown, never searched). Each costs every
-- stored fix an index insert (on the embedded database, in one measurement, 106 against 83 µs a fix without the GiST).
DROP INDEX IF EXISTS positions_geom_gix;
DROP INDEX IF EXISTS positions_received_idx;
