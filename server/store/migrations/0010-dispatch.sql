-- On-demand dispatch: operators who take jobs on demand (and from where),
-- and consumers' requests with the engine's whole state (every candidate's
-- score, reason and decision) so that a restart resumes mid-offer.

-- An operator takes on-demand jobs only with a row here saying so; the
-- point is where they work from (distances are measured to it).
CREATE TABLE dispatch_operators (
  operator_id   TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  accepting     INTEGER NOT NULL DEFAULT 0,
  lat           REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng           REAL NOT NULL CHECK (lng BETWEEN -180 AND 180),
  updated_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE dispatch_requests (
  num               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL UNIQUE,
  consumer_id       TEXT NOT NULL REFERENCES users (id),
  client_id         TEXT,
  tags              TEXT NOT NULL DEFAULT '[]',     -- JSON array
  category_id       INTEGER,
  lat               REAL NOT NULL,
  lng               REAL NOT NULL,
  when_at           INTEGER NOT NULL,               -- µs UTC; "now" is the time of asking
  note              TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL CHECK (status IN ('searching', 'offered', 'accepted', 'exhausted', 'cancelled')),
  offer_id          TEXT,                           -- the offer out now
  offer_operator_id TEXT REFERENCES users (id),
  offer_deadline    INTEGER,
  booking_id        TEXT REFERENCES bookings (id) ON DELETE SET NULL,
  state             TEXT NOT NULL,                  -- plz_dispatch_engine_to_json()
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
-- A retry with the same client id finds the first request.
CREATE UNIQUE INDEX dispatch_requests_client ON dispatch_requests (consumer_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX dispatch_requests_offered ON dispatch_requests (offer_operator_id) WHERE status = 'offered';
CREATE INDEX dispatch_requests_consumer ON dispatch_requests (consumer_id, num);
