-- Recurring bookings: the rule a series was booked with, and which
-- occurrence of that rule each of its bookings is (skipped ones are the
-- cancelled ones; a moved one keeps its original time here).
CREATE TABLE booking_series (
  id            TEXT PRIMARY KEY,
  consumer_id   TEXT NOT NULL REFERENCES users (id),
  operator_id   TEXT NOT NULL REFERENCES users (id),
  service_id    TEXT NOT NULL REFERENCES services (id),
  rule          TEXT NOT NULL,         -- RRULE text without the "RRULE:" prefix
  start_at      INTEGER NOT NULL,      -- DTSTART, µs UTC
  time_zone     TEXT NOT NULL,         -- the zone the rule repeats in
  created_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE booking_occurrences (
  booking_id    TEXT PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
  series_id     TEXT NOT NULL REFERENCES booking_series (id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL CHECK (idx >= 0),
  original_at   INTEGER NOT NULL,      -- where the rule puts it, µs UTC
  UNIQUE (series_id, idx)
) WITHOUT ROWID;
