-- Bookings: operators' services and weekly availability, the bookings made
-- on them with every step of their history, and the durable jobs table that
-- expires unanswered requests (and later runs dispatch timeouts, reminders…).

-- What an operator offers for booking; deleting one only deactivates it, so
-- the bookings made on it keep their service.
CREATE TABLE services (
  num                    INTEGER PRIMARY KEY,
  id                     TEXT NOT NULL UNIQUE,
  operator_id            TEXT NOT NULL REFERENCES users (id),
  listing_id             TEXT REFERENCES listings (id) ON DELETE SET NULL,
  name                   TEXT NOT NULL,
  duration_minutes       INTEGER NOT NULL CHECK (duration_minutes > 0),
  price_minor            INTEGER NOT NULL CHECK (price_minor >= 0),
  currency               TEXT NOT NULL,
  buffer_before_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_minutes >= 0),
  buffer_after_minutes   INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_minutes >= 0),
  tags                   TEXT NOT NULL DEFAULT '[]',    -- JSON array of expertise tags
  max_per_day            INTEGER CHECK (max_per_day > 0),
  instant_confirm        INTEGER NOT NULL DEFAULT 0,
  active                 INTEGER NOT NULL DEFAULT 1,
  created_at             INTEGER NOT NULL,
  updated_at             INTEGER NOT NULL
);
CREATE INDEX services_operator ON services (operator_id, num);
CREATE INDEX services_listing ON services (listing_id) WHERE listing_id IS NOT NULL;

-- One row per operator who has set their hours.
CREATE TABLE availability (
  operator_id            TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  time_zone              TEXT NOT NULL,
  capacity               INTEGER NOT NULL CHECK (capacity >= 1),
  min_notice_minutes     INTEGER NOT NULL CHECK (min_notice_minutes >= 0),
  horizon_days           INTEGER NOT NULL CHECK (horizon_days >= 1),
  request_ttl_minutes    INTEGER NOT NULL CHECK (request_ttl_minutes >= 1),
  cancel_window_minutes  INTEGER NOT NULL DEFAULT 1440 CHECK (cancel_window_minutes >= 0),
  updated_at             INTEGER NOT NULL
) WITHOUT ROWID;

-- Weekly opening periods in the operator's zone: minutes after local midnight.
CREATE TABLE availability_rules (
  operator_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- ISO: 1 = Monday
  start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute    INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  CHECK (end_minute > start_minute)
);
CREATE INDEX availability_rules_operator ON availability_rules (operator_id, weekday, start_minute);

-- Dated changes: a closed day, or extra hours on a day.
CREATE TABLE availability_exceptions (
  operator_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  date          TEXT NOT NULL,                        -- YYYY-MM-DD in the operator's zone
  kind          TEXT NOT NULL CHECK (kind IN ('closed', 'extra')),
  start_minute  INTEGER,
  end_minute    INTEGER,
  CHECK (kind = 'closed' OR (start_minute >= 0 AND end_minute <= 1440 AND end_minute > start_minute))
);
CREATE INDEX availability_exceptions_operator ON availability_exceptions (operator_id, date);

CREATE TABLE bookings (
  num              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  client_id        TEXT,
  service_id       TEXT NOT NULL REFERENCES services (id),
  operator_id      TEXT NOT NULL REFERENCES users (id),
  consumer_id      TEXT NOT NULL REFERENCES users (id),
  listing_id       TEXT REFERENCES listings (id) ON DELETE SET NULL,
  status           TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'preparation', 'active',
                     'completed', 'reviewed', 'declined', 'expired', 'cancelled', 'no_show')),
  start_at         INTEGER NOT NULL,     -- µs UTC
  end_at           INTEGER NOT NULL,
  block_start      INTEGER NOT NULL,     -- start_at less the buffer before
  block_end        INTEGER NOT NULL,     -- end_at plus the buffer after
  time_zone        TEXT NOT NULL,
  price_minor      INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  note             TEXT NOT NULL DEFAULT '',
  conversation_id  TEXT REFERENCES conversations (id) ON DELETE SET NULL,
  series_id        TEXT,
  cancelled_by     TEXT CHECK (cancelled_by IN ('consumer', 'operator')),
  reason           TEXT,
  expires_at       INTEGER,              -- requested only: when it expires unanswered
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
-- A retry with the same client id finds the first booking.
CREATE UNIQUE INDEX bookings_client ON bookings (consumer_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX bookings_operator_time ON bookings (operator_id, block_start);
CREATE INDEX bookings_consumer_time ON bookings (consumer_id, start_at);
CREATE INDEX bookings_conversation ON bookings (conversation_id, start_at) WHERE conversation_id IS NOT NULL;
CREATE INDEX bookings_series ON bookings (series_id) WHERE series_id IS NOT NULL;

-- Every step of a booking: who moved it from what to what, and why.
CREATE TABLE booking_steps (
  id           INTEGER PRIMARY KEY,
  booking_id   TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  from_status  TEXT,                     -- NULL for the creation
  to_status    TEXT NOT NULL,
  actor_id     TEXT REFERENCES users (id),
  actor_role   TEXT NOT NULL CHECK (actor_role IN ('consumer', 'operator', 'system')),
  reason       TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL
);
CREATE INDEX booking_steps_booking ON booking_steps (booking_id, id);

-- Durable jobs: run by the scheduler at run_at, retried with back-off, one
-- row per (kind, key) so scheduling the same thing twice keeps one.
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  key         TEXT NOT NULL,
  payload     TEXT NOT NULL DEFAULT '{}',
  run_at      INTEGER NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  INTEGER NOT NULL,
  UNIQUE (kind, key)
);
CREATE INDEX jobs_run_at ON jobs (run_at);
