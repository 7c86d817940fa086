-- Accounts: one row per person. Roles are flags, so one account can be a
-- consumer and an operator at once; admin is separate.
CREATE TABLE users (
  id                  TEXT PRIMARY KEY,
  email               TEXT NOT NULL UNIQUE,        -- normalised: lower case
  password_hash       TEXT NOT NULL,               -- crypt(3) string
  display_name        TEXT NOT NULL,
  avatar              TEXT,                        -- media file name, or NULL
  bio                 TEXT NOT NULL DEFAULT '',
  phone               TEXT,                        -- E.164, verified or not
  timezone            TEXT NOT NULL DEFAULT 'Africa/Johannesburg',
  locale              TEXT NOT NULL DEFAULT 'en_ZA',
  is_consumer         INTEGER NOT NULL DEFAULT 1,
  is_operator         INTEGER NOT NULL DEFAULT 0,
  is_admin            INTEGER NOT NULL DEFAULT 0,
  business_name       TEXT,
  area_lat            REAL,
  area_lng            REAL,
  area_radius_km      REAL,
  expertise           TEXT NOT NULL DEFAULT '[]',  -- JSON array of tags
  email_verified_at   INTEGER,
  phone_verified_at   INTEGER,
  kyc_verified_at     INTEGER,
  account_status      TEXT NOT NULL DEFAULT 'active'
                      CHECK (account_status IN ('active', 'suspended', 'banned')),
  status_reason       TEXT,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  last_login_at       INTEGER
);

-- Only the SHA-256 of a session token is kept; the token itself never is.
CREATE TABLE sessions (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash    TEXT NOT NULL UNIQUE,
  user_agent    TEXT NOT NULL DEFAULT '',
  client_addr   TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins per key ("email:…" or "addr:…"), for slowing down and locking.
CREATE TABLE signin_failures (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  window_start  INTEGER NOT NULL,
  locked_until  INTEGER
);

-- Single-use, expiring tokens and codes: email verification, password reset,
-- phone verification. Only hashes are stored.
CREATE TABLE verifications (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     TEXT NOT NULL CHECK (purpose IN ('email', 'password_reset', 'phone')),
  secret_hash TEXT NOT NULL,
  target      TEXT,                    -- the phone number being verified
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX verifications_user ON verifications (user_id, purpose);
CREATE UNIQUE INDEX verifications_secret ON verifications (purpose, secret_hash);

-- Mail and text messages waiting for delivery (the notify work delivers them).
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient   TEXT NOT NULL,
  subject     TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER
);

-- Every admin action, with who, on whom, why.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  actor_id    TEXT REFERENCES users (id),
  action      TEXT NOT NULL,
  target_id   TEXT REFERENCES users (id),
  reason      TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target_id);
