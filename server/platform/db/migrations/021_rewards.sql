-- Rewards and the public notice's answers (issue 19; R25, R27, R29, R40).
-- R25: an application on the form 《西岗镇社会治安综合治理个人奖励申报表》 with the written proof of the police
-- or the department attached, checked by the squad → confirmed by the brigade → approved by the town → paid
-- at a commendation meeting; each step says who and when (R40), a rejection says at which step and why.
CREATE TABLE reward_applications (
  id serial PRIMARY KEY,
  worker_id int NOT NULL REFERENCES workers(id),
  squad_id int NOT NULL REFERENCES squads(id),      -- the worker's squad when applying: the squad that checks it
  -- The form's fields, as filled in (申报人基本情况)
  name text NOT NULL,
  gender text NOT NULL CHECK (gender IN ('男', '女')),
  age smallint NOT NULL CHECK (age BETWEEN 16 AND 80),
  political_status text NOT NULL,                   -- 政治面貌
  unit text NOT NULL,                               -- 工作单位（网格）
  post text NOT NULL,                               -- 职务
  phone text NOT NULL,
  -- 事迹
  category text NOT NULL,                           -- which of the source's cases (shared/assessment/rewards.ts)
  deed_on date NOT NULL,
  deed_place text NOT NULL,
  deed text NOT NULL,
  proof_by text NOT NULL,                           -- 证明单位: the police station or department that verified it
  reward_asked text NOT NULL,                       -- 申请奖励
  state text NOT NULL CHECK (state IN ('submitted', 'checked', 'confirmed', 'approved', 'paid', 'rejected')),
  submitted_by int NOT NULL REFERENCES users(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  checked_by int REFERENCES users(id),
  checked_at timestamptz,
  check_note text,
  confirmed_by int REFERENCES users(id),
  confirmed_at timestamptz,
  confirm_note text,
  approved_by int REFERENCES users(id),
  approved_at timestamptz,
  approve_note text,
  paid_by int REFERENCES users(id),
  paid_at timestamptz,
  meeting_on date,                                  -- 表彰会
  amount numeric(10, 2) CHECK (amount > 0),
  rejected_by int REFERENCES users(id),
  rejected_at timestamptz,
  rejected_at_step text CHECK (rejected_at_step IN ('check', 'confirm', 'approve', 'pay')),
  reject_reason text,
  CHECK ((state = 'paid') = (amount IS NOT NULL AND meeting_on IS NOT NULL)),
  CHECK ((state = 'rejected') = (reject_reason IS NOT NULL))
);
CREATE INDEX reward_applications_squad_idx ON reward_applications (squad_id, state);
CREATE INDEX reward_applications_worker_idx ON reward_applications (worker_id);

-- The written proof (书面证明及事迹材料): a PDF or a scan, stored in the database so both backends behave alike.
CREATE TABLE reward_proofs (
  id serial PRIMARY KEY,
  application_id int NOT NULL REFERENCES reward_applications(id),
  mime text NOT NULL,
  size int NOT NULL,
  sha256 text NOT NULL,
  bytes bytea NOT NULL,
  by_user_id int NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reward_proofs_application_idx ON reward_proofs (application_id);

-- R29: feedback on a name is answered (award_feedback.answer, migration 017); the sender reads their own.
CREATE INDEX award_feedback_sender_idx ON award_feedback (by_user_id);
