-- Facts about this installation: its id, when it was created, whether demo
-- data was seeded. Key/value so that later work need not migrate for each fact.
CREATE TABLE instance (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
