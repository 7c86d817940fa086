-- Files sent in conversations: uploaded first, then named by id in a message.
-- Bytes live on disk by hash (images beside listing photos, with thumbnails);
-- the row says who may read them: the participants of the conversation.
CREATE TABLE attachments (
  id               TEXT PRIMARY KEY,
  conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  uploader_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('image', 'document')),
  content_type     TEXT NOT NULL,
  name             TEXT NOT NULL,
  size             INTEGER NOT NULL CHECK (size > 0),
  hash             TEXT NOT NULL,
  width            INTEGER,
  height           INTEGER,
  created_at       INTEGER NOT NULL
);
CREATE INDEX attachments_conversation ON attachments (conversation_id);
