-- A worker's report from the field app (a logged-in session, not a terminal's token) carries the phone's
-- own id too (issue 18): sent again after a lost answer, it is recorded once. Terminals keep theirs.
CREATE UNIQUE INDEX incidents_worker_client_ref_idx ON incidents (reporter_worker_id, client_ref)
  WHERE client_ref IS NOT NULL AND reporter_device_id IS NULL;
-- The same photo sent twice to a case (the phone's queue re-sending it) is stored once.
CREATE INDEX incident_attachments_sha_idx ON incident_attachments (incident_id, sha256);
