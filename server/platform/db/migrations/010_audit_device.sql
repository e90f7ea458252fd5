-- A terminal's own changes (its reports, actions and photos) are attributed to the terminal, not left with
-- no one (R40): the trail names the device, and through it the worker.
ALTER TABLE audit_log ADD COLUMN device_id int REFERENCES devices(id);
