-- Browsers a user has logged in from (issue 16 #13): a wait imposed on a username by someone else's wrong
-- passwords does not hold up the user's own browser. Only a hash of the browser's token is kept.
CREATE TABLE known_browsers (
  token_hash text PRIMARY KEY,
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX known_browsers_user_idx ON known_browsers (user_id);
