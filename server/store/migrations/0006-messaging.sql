-- Messaging and the per-user event log.

-- Every change a user must learn about, in the order they should learn it:
-- seq counts up per user with no gaps, written in the same transaction as the
-- change it announces.
CREATE TABLE events (
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  data        TEXT NOT NULL,     -- JSON object
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;

-- One conversation per (listing, consumer, operator).
CREATE TABLE conversations (
  id                 TEXT PRIMARY KEY,
  listing_id         TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  consumer_id        TEXT NOT NULL REFERENCES users (id),
  operator_id        TEXT NOT NULL REFERENCES users (id),
  stage              TEXT NOT NULL DEFAULT 'pre_booking' CHECK (stage IN ('pre_booking', 'post_booking')),
  status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived', 'spam')),
  last_message_at    INTEGER NOT NULL,
  last_message_id    TEXT,
  consumer_unread    INTEGER NOT NULL DEFAULT 0,
  operator_unread    INTEGER NOT NULL DEFAULT 0,
  first_response_s   INTEGER,     -- the operator's first answer, seconds after the inquiry
  created_at         INTEGER NOT NULL,
  UNIQUE (listing_id, consumer_id, operator_id)
);
CREATE INDEX conversations_consumer ON conversations (consumer_id, last_message_at DESC);
CREATE INDEX conversations_operator ON conversations (operator_id, last_message_at DESC);

CREATE TABLE messages (
  num              INTEGER PRIMARY KEY,   -- server order; history pages by it
  id               TEXT NOT NULL UNIQUE,
  conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  sender_id        TEXT NOT NULL REFERENCES users (id),
  kind             TEXT NOT NULL CHECK (kind IN ('inquiry', 'response', 'nudge', 'system', 'booking_update')),
  body             TEXT NOT NULL,
  attachments      TEXT NOT NULL DEFAULT '[]',
  actions          TEXT NOT NULL DEFAULT '[]',
  client_id        TEXT,
  created_at       INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, num);
-- A retry with the same client id finds the first message.
CREATE UNIQUE INDEX messages_client ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;

-- Delivery and read receipts, one row per message and recipient.
CREATE TABLE receipts (
  message_id    TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id       TEXT NOT NULL REFERENCES users (id),
  delivered_at  INTEGER,
  read_at       INTEGER,
  PRIMARY KEY (message_id, user_id)
) WITHOUT ROWID;

-- Answers to writes retried over HTTP with an Idempotency-Key.
CREATE TABLE idempotency (
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  status      INTEGER NOT NULL,
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
-- What is still to deliver or read, per recipient: small, and all a receipt needs.
CREATE INDEX receipts_undelivered ON receipts (user_id) WHERE delivered_at IS NULL;
CREATE INDEX receipts_unread ON receipts (user_id) WHERE read_at IS NULL;
