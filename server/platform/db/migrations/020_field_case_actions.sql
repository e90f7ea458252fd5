-- A case action from the field app (issue 18; R18, R20) carries the phone's own id of it (client_ref): sent
-- again after its answer was lost, it is recognised as done — by the same worker — and answered the same
-- success, not a 409. Written in the same transaction as the action itself.
CREATE TABLE field_case_actions (
  id serial PRIMARY KEY,
  incident_id int NOT NULL REFERENCES incidents(id),
  worker_id int NOT NULL REFERENCES workers(id),
  user_id int REFERENCES users(id),
  device_id int REFERENCES devices(id),
  client_ref text NOT NULL,
  action text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (worker_id, client_ref)
);
CREATE INDEX field_case_actions_incident_idx ON field_case_actions (incident_id);
-- The classes a worker reports most (the report screen's picker): counted by reporter and class.
CREATE INDEX incidents_reporter_class_idx ON incidents (reporter_worker_id, category_code) WHERE reporter_worker_id IS NOT NULL;
