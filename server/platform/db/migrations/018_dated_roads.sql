-- Roads brought in by an import (issue 17) carry the days they hold, as grids and key targets do
-- (migration 013): a redrawn or removed road is retired, not deleted, since the road cells of past days
-- (and their recorded passes) still name it. A day's road cells are those valid that day.
ALTER TABLE roads ADD COLUMN valid_from date NOT NULL DEFAULT '2000-01-01';
ALTER TABLE roads ADD COLUMN valid_to date;
