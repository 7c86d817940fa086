-- Sending a message costs fewer pages.

-- A user's conversations are found by who they are; the few a person has are
-- sorted when listed. Keyed by last_message_at too, every message moved an
-- entry in both indexes (four B-tree writes, in the same commit as the message).
DROP INDEX conversations_consumer;
DROP INDEX conversations_operator;
CREATE INDEX conversations_consumer ON conversations (consumer_id);
CREATE INDEX conversations_operator ON conversations (operator_id);
