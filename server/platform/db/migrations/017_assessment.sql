-- Assessment and awards (issue 19; R20-R29): the records the brigade judges its workers by, the settings
-- per period, and the award lists with their public notice. Every row says who recorded it and when (R40).

-- The brigade's settings from a day on (R21: weights and ratios per period); shared/assessment/settings.ts.
CREATE TABLE assessment_settings (
  effective_from date PRIMARY KEY,
  settings jsonb NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);

-- The inspection team's samples of a worker's households (R22), drawn reproducibly from the seed.
CREATE TABLE inspection_samples (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  grid_id int NOT NULL REFERENCES grids(id),
  full_check boolean NOT NULL,              -- 全员考核: every household of the grid
  seed text NOT NULL,
  household_ids int[] NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_samples_worker_idx ON inspection_samples (worker_id);

CREATE TABLE sample_results (
  id serial PRIMARY KEY,
  sample_id int NOT NULL REFERENCES inspection_samples(id),
  household_id int NOT NULL REFERENCES households(id),
  result text NOT NULL CHECK (result IN ('correct', 'person_missing', 'not_deregistered', 'wrong_detail')),
  note text NOT NULL DEFAULT '',
  checked_at timestamptz NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  UNIQUE (sample_id, household_id)
);

-- Study (R23): sessions and their test scores; a retest is a second score of the same session.
CREATE TABLE training_sessions (
  id serial PRIMARY KEY,
  title text NOT NULL,
  held_at timestamptz NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_sessions_held_idx ON training_sessions (held_at);

CREATE TABLE test_scores (
  id serial PRIMARY KEY,
  session_id int NOT NULL REFERENCES training_sessions(id),
  worker_id int NOT NULL REFERENCES workers(id),
  score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  taken_at timestamptz NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX test_scores_worker_idx ON test_scores (worker_id, session_id);

-- Publicity (R23): tasks given by the brigade, evidence of each worker, and the inspection team's faked mark.
CREATE TABLE publicity_tasks (
  id serial PRIMARY KEY,
  title text NOT NULL,
  given_at timestamptz NOT NULL,
  deadline timestamptz NOT NULL CHECK (deadline > given_at),
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE publicity_evidence (
  id serial PRIMARY KEY,
  task_id int NOT NULL REFERENCES publicity_tasks(id),
  worker_id int NOT NULL REFERENCES workers(id),
  kind text NOT NULL CHECK (kind IN ('screenshot', 'photo')),   -- 线上截图 / 线下照片
  note text NOT NULL DEFAULT '',
  submitted_at timestamptz NOT NULL,
  faked boolean NOT NULL DEFAULT false,
  faked_by int REFERENCES users(id),
  faked_at timestamptz,
  by_user_id int NOT NULL REFERENCES users(id)
);
CREATE INDEX publicity_evidence_worker_idx ON publicity_evidence (worker_id);

-- Rectification (R20): urged and verified, per worker per day, as recorded by the brigade; those the worker
-- ordered and checked in the field app (rectifications, migration 016) count as well.
CREATE TABLE rectification_records (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  incident_id int REFERENCES incidents(id),
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('urged', 'verified_party', 'verified_department')),
  note text NOT NULL DEFAULT '',
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectification_records_worker_idx ON rectification_records (worker_id, day);

-- Daily conduct (R24): tasks leaders assign, the inspection team's checks, resident complaints.
CREATE TABLE conduct_tasks (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  title text NOT NULL,
  deadline timestamptz NOT NULL,
  completed_at timestamptz,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conduct_tasks_worker_idx ON conduct_tasks (worker_id);

CREATE TABLE conduct_checks (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  checked_at timestamptz NOT NULL,
  on_time boolean NOT NULL,
  kit boolean NOT NULL,
  conduct boolean NOT NULL,
  note text NOT NULL DEFAULT '',
  by_user_id int NOT NULL REFERENCES users(id)
);
CREATE INDEX conduct_checks_worker_idx ON conduct_checks (worker_id);

CREATE TABLE complaints (                  -- personal data of the resident (R40): leader, inspector, admin only
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  received_at timestamptz NOT NULL,
  summary text NOT NULL,
  upheld boolean NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id)
);
CREATE INDEX complaints_worker_idx ON complaints (worker_id);

-- The city platform's monthly score per worker (the online track, R21), imported; a re-import replaces it.
CREATE TABLE online_scores (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  month text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (worker_id, month)
);

-- R28 加分: major hazards found and outside commendations.
CREATE TABLE assessment_bonuses (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  kind text NOT NULL CHECK (kind IN ('major_hazard', 'commendation')),
  level text CHECK (level IN ('national', 'provincial', 'city', 'district')),
  incident_id int REFERENCES incidents(id),
  awarded_at timestamptz NOT NULL,
  note text NOT NULL DEFAULT '',
  by_user_id int NOT NULL REFERENCES users(id),
  CHECK ((kind = 'commendation') = (level IS NOT NULL))
);

-- The award lists (R26, R27) as published, kept as published; on notice for 3 days (R29), final once the
-- captain confirms.
CREATE TABLE award_lists (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('monthly', 'annual')),
  period text NOT NULL,                     -- 2026-11 or 2026
  ranking jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by int NOT NULL REFERENCES users(id),
  confirmed_at timestamptz,
  confirmed_by int REFERENCES users(id),
  UNIQUE (kind, period)
);

CREATE TABLE award_feedback (
  id serial PRIMARY KEY,
  list_id int NOT NULL REFERENCES award_lists(id),
  worker_id int NOT NULL REFERENCES workers(id),
  body text NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now(),
  answer text,
  answered_by int REFERENCES users(id),
  answered_at timestamptz
);
