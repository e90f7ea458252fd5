-- Assessment data (issue 19, second part): the inspection team samples a worker's people (实有人口) as well
-- as households (R22), and publicity evidence carries its photos and screenshots (R23), stored in the
-- database as incident photos are, so both backends behave alike.

-- R22: a sample is of households or of people; a result is about one household or one person of it.
ALTER TABLE inspection_samples ADD COLUMN subject text NOT NULL DEFAULT 'households' CHECK (subject IN ('households', 'people'));
ALTER TABLE inspection_samples ADD COLUMN resident_ids int[] NOT NULL DEFAULT '{}';
ALTER TABLE sample_results ALTER COLUMN household_id DROP NOT NULL;
ALTER TABLE sample_results ADD COLUMN resident_id int REFERENCES residents(id);
ALTER TABLE sample_results ADD CONSTRAINT sample_results_one_subject CHECK ((household_id IS NULL) <> (resident_id IS NULL));
CREATE UNIQUE INDEX sample_results_resident_idx ON sample_results (sample_id, resident_id) WHERE resident_id IS NOT NULL;
CREATE INDEX sample_results_checked_idx ON sample_results (checked_at);

-- R23: the files of a piece of evidence (JPEG, PNG or WebP by content, as incident photos).
CREATE TABLE publicity_evidence_files (
  id serial PRIMARY KEY,
  evidence_id int NOT NULL REFERENCES publicity_evidence(id),
  mime text NOT NULL,
  size int NOT NULL,
  sha256 text NOT NULL,
  bytes bytea NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX publicity_evidence_files_evidence_idx ON publicity_evidence_files (evidence_id);

-- The month reads a worker's own reports (R21) by reporter and time.
CREATE INDEX incidents_reporter_created_idx ON incidents (reporter_worker_id, created_at) WHERE reporter_worker_id IS NOT NULL;
