-- Uploads never sent are swept after a grace period (server/messaging/
-- plz-attachments-sweep.c). kept_at is when the sweep found one in a message
-- and so kept it for good; NULL until the sweep has looked.
ALTER TABLE attachments ADD COLUMN kept_at INTEGER;
CREATE INDEX attachments_unswept ON attachments (created_at) WHERE kept_at IS NULL;
-- A file is deleted with the last upload of its bytes.
CREATE INDEX attachments_hash ON attachments (hash);
