-- The source of a case is set by who reports it (shared/incidents/sources.ts): the demo's simulated
-- terminals report as terminals, like any other.
UPDATE incidents SET source = 'terminal' WHERE source = 'simulator';
ALTER TABLE incidents DROP CONSTRAINT IF EXISTS incidents_source_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_source_check CHECK (source IN ('terminal', 'phone', 'inspector', 'duty'));
