-- The foundation schema. Geometry is stored in EPSG:4326 (WGS84) with GiST indexes; metric work casts to
-- geography. Kept to SQL that PostgreSQL 15 + PostGIS 3.3 (Debian) and PGlite's PostGIS both understand.
CREATE EXTENSION IF NOT EXISTS postgis;

-- The town (镇) and its boundary.
CREATE TABLE town (
  id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  code text NOT NULL,                     -- 370481106: 滕州市 370481 + 西岗镇 106
  name text NOT NULL,
  boundary geometry(MultiPolygon, 4326) NOT NULL
);

-- Organisation (R1-R3, R5, R6).
CREATE TABLE brigade (
  id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  name text NOT NULL,                     -- 西岗巡查大队
  host text NOT NULL                      -- 社会治理综合服务中心
);

CREATE TABLE sections (                   -- 三组一队 (R2)
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  duty text NOT NULL,
  posts int NOT NULL CHECK (posts >= 0)
);

CREATE TABLE squads (                     -- 中队, one per 党总支 (R3)
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,              -- 01..09, also the order of the rotating chair (R5)
  name text NOT NULL,                     -- XX巡查中队
  branch text NOT NULL,                   -- XX党总支
  area geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX squads_area_gix ON squads USING gist (area);

CREATE TABLE departments (                -- member departments incidents go to (R6)
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  headcount int NOT NULL CHECK (headcount >= 0)
);

CREATE TABLE villages (                   -- 村居: the town's 村委会 and 居委会
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,              -- 12 digits (统计用区划代码), the head of its grids' codes
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('村', '居')),
  squad_id int NOT NULL REFERENCES squads(id),
  area geometry(MultiPolygon, 4326) NOT NULL,
  centre geometry(Point, 4326) NOT NULL
);
CREATE INDEX villages_area_gix ON villages USING gist (area);
CREATE INDEX villages_squad_idx ON villages (squad_id);

-- Staff who are not grid workers: captain, deputies, section leads and posts, squad leaders and posts.
CREATE TABLE staff (
  id serial PRIMARY KEY,
  name text NOT NULL,
  phone text NOT NULL,
  position text NOT NULL CHECK (position IN ('captain', 'deputy', 'section_lead', 'section_post', 'squad_leader', 'squad_post')),
  section_id int REFERENCES sections(id),
  squad_id int REFERENCES squads(id),
  CHECK ((position IN ('section_lead', 'section_post')) = (section_id IS NOT NULL)),
  CHECK ((position IN ('squad_leader', 'squad_post')) = (squad_id IS NOT NULL))
);
CREATE UNIQUE INDEX staff_one_squad_leader ON staff (squad_id) WHERE position = 'squad_leader';
CREATE UNIQUE INDEX staff_one_section_lead ON staff (section_id) WHERE position = 'section_lead';

CREATE TABLE workers (                    -- 网格员
  id serial PRIMARY KEY,
  name text NOT NULL,
  phone text NOT NULL,
  squad_id int NOT NULL REFERENCES squads(id),
  hired_on date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'leave', 'left'))
);
CREATE INDEX workers_squad_idx ON workers (squad_id);

CREATE TABLE grids (                      -- 网格, one responsible worker each (R4)
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{14}$'),  -- GB/T 30428.1: 370481 106 vvv nn
  name text NOT NULL,
  class smallint NOT NULL CHECK (class IN (1, 2, 3)),
  squad_id int NOT NULL REFERENCES squads(id),
  village_id int NOT NULL REFERENCES villages(id),
  worker_id int UNIQUE REFERENCES workers(id),
  area geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX grids_area_gix ON grids USING gist (area);
CREATE INDEX grids_squad_idx ON grids (squad_id);

CREATE TABLE devices (                    -- handheld terminals (手持终端, R7)
  id serial PRIMARY KEY,
  unique_id text NOT NULL UNIQUE,
  worker_id int REFERENCES workers(id),
  token_hash text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE equipment (                  -- equipment register: who holds what (R7)
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('electric_car', 'ebike', 'terminal')),
  label text NOT NULL UNIQUE,
  holder_worker_id int REFERENCES workers(id),
  device_id int REFERENCES devices(id),
  status text NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_service', 'damaged', 'replaced')),
  note text NOT NULL DEFAULT ''
);

-- What is patrolled and visited (R13, R14).
CREATE TABLE targets (                    -- 重点目标
  id serial PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  grid_id int NOT NULL REFERENCES grids(id),
  geom geometry(Geometry, 4326) NOT NULL CHECK (GeometryType(geom) IN ('POINT', 'POLYGON')),
  radius_m real NOT NULL CHECK (radius_m > 0),
  required_passes smallint NOT NULL DEFAULT 2 CHECK (required_passes > 0)
);
CREATE INDEX targets_geom_gix ON targets USING gist (geom);
CREATE INDEX targets_grid_idx ON targets (grid_id);

CREATE TABLE roads (
  id serial PRIMARY KEY,
  name text NOT NULL,
  class text NOT NULL CHECK (class IN ('main', 'central', 'lane')),  -- 主干道 / 中心街道 / 村内道路
  geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX roads_geom_gix ON roads USING gist (geom);

-- Context for the offline basemap: water, rail, national road (not patrolled).
CREATE TABLE context_features (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('water', 'river', 'canal', 'rail', 'national_road')),
  name text NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX context_features_geom_gix ON context_features USING gist (geom);

CREATE TABLE households (                 -- 住户, visited at least monthly (R14)
  id serial PRIMARY KEY,
  address text NOT NULL,
  grid_id int NOT NULL REFERENCES grids(id),
  size smallint NOT NULL CHECK (size > 0),
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX households_geom_gix ON households USING gist (geom);
CREATE INDEX households_grid_idx ON households (grid_id);

CREATE TABLE focus_persons (              -- 帮扶 weekly, 关注 half-monthly (R14); sensitive personal data (R10, R40)
  id serial PRIMARY KEY,
  household_id int NOT NULL REFERENCES households(id),
  kind text NOT NULL CHECK (kind IN ('assist', 'concern')),
  category text NOT NULL,
  name text NOT NULL,
  gender text NOT NULL CHECK (gender IN ('男', '女')),
  birth_year int NOT NULL,
  phone text NOT NULL,
  note text NOT NULL DEFAULT ''
);
CREATE INDEX focus_persons_household_idx ON focus_persons (household_id);

-- Accounts, sessions and the audit trail (R40).
CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'duty', 'squad_leader', 'inspector', 'worker', 'wall')),
  squad_id int REFERENCES squads(id),
  worker_id int REFERENCES workers(id),
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A squad leader is scoped to a squad, a worker to their own record.
  CHECK ((role = 'squad_leader') = (squad_id IS NOT NULL)),
  CHECK ((role = 'worker') = (worker_id IS NOT NULL))
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id int REFERENCES users(id),
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
