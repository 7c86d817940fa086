-- Keeping deals on the platform: every caught attempt to share contact details
-- or to pay outside Plaza, a counter per person, and the cases admins review.

-- A person whose attempts kept coming, for an admin to decide on.
CREATE TABLE leak_cases (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status       TEXT NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'dismissed', 'warned', 'restricted', 'suspended')),
  attempts     INTEGER NOT NULL,            -- attempts in the window when it opened
  opened_at    INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  resolved_by  TEXT REFERENCES users (id),
  resolved_at  INTEGER,
  resolution   TEXT                         -- the admin's reason
);
CREATE UNIQUE INDEX leak_cases_one_open ON leak_cases (user_id) WHERE status = 'open';
CREATE INDEX leak_cases_status ON leak_cases (status, opened_at);

-- One caught attempt: refused or delivered with the details hidden.
CREATE TABLE moderation_events (
  id               INTEGER PRIMARY KEY,
  user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  context          TEXT NOT NULL CHECK (context IN ('listing', 'bio', 'message')),
  reference_id     TEXT,                    -- the listing, profile or message
  conversation_id  TEXT,                    -- for messages
  kinds            TEXT NOT NULL,           -- JSON array of detector kinds
  risk             TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  stage            TEXT NOT NULL CHECK (stage IN ('public', 'pre_booking', 'booked')),
  action           TEXT NOT NULL CHECK (action IN ('refused', 'redacted')),
  excerpt          TEXT NOT NULL,           -- the text as written, cut to 1000 characters: the evidence
  case_id          TEXT REFERENCES leak_cases (id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL
);
CREATE INDEX moderation_events_user ON moderation_events (user_id, created_at);
CREATE INDEX moderation_events_case ON moderation_events (case_id);

-- Counters per person (for escalation now, analytics later) and the pause on sending.
CREATE TABLE moderation_users (
  user_id           TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  attempts          INTEGER NOT NULL DEFAULT 0,
  refused           INTEGER NOT NULL DEFAULT 0,
  redacted          INTEGER NOT NULL DEFAULT 0,
  warnings          INTEGER NOT NULL DEFAULT 0,
  restricted_until  INTEGER,
  last_attempt_at   INTEGER,
  updated_at        INTEGER NOT NULL
);
