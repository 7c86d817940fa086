-- The catalogue: a tree of categories, each with the schema of the attributes
-- its listings carry; listings with photos; favorites; and a full-text index.
CREATE TABLE categories (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  parent_id   INTEGER REFERENCES categories (id),
  icon        TEXT NOT NULL DEFAULT 'folder-symbolic',
  sort_order  INTEGER NOT NULL DEFAULT 0,
  schema      TEXT NOT NULL DEFAULT '[]'   -- JSON array of attribute definitions
);
CREATE INDEX categories_parent ON categories (parent_id, sort_order);

-- num is the stable integer key the full-text index points at (a rowid that
-- is not an INTEGER PRIMARY KEY may change on VACUUM); id is the public one.
CREATE TABLE listings (
  num             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  operator_id     TEXT NOT NULL REFERENCES users (id),
  category_id     INTEGER NOT NULL REFERENCES categories (id),
  title           TEXT NOT NULL,
  slug            TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  price_minor     INTEGER NOT NULL CHECK (price_minor >= 0),
  currency        TEXT NOT NULL,
  pricing_type    TEXT NOT NULL CHECK (pricing_type IN
                    ('fixed', 'hourly', 'per_night', 'per_project', 'negotiable', 'contact')),
  attributes      TEXT NOT NULL DEFAULT '{}',
  lat             REAL NOT NULL,
  lng             REAL NOT NULL,
  city            TEXT NOT NULL DEFAULT '',
  country         TEXT NOT NULL DEFAULT 'ZA',
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
                    ('draft', 'active', 'paused', 'sold', 'archived')),
  visibility      TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted')),
  featured_until  INTEGER,
  view_count      INTEGER NOT NULL DEFAULT 0,
  favorite_count  INTEGER NOT NULL DEFAULT 0,
  inquiry_count   INTEGER NOT NULL DEFAULT 0,
  response_time_s INTEGER,                     -- filled by messaging
  rating_avg      REAL,                        -- filled by reviews
  rating_count    INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  published_at    INTEGER
);
CREATE INDEX listings_operator ON listings (operator_id, created_at);
CREATE INDEX listings_newest ON listings (status, created_at DESC, id);
CREATE INDEX listings_price ON listings (status, price_minor, id);
CREATE INDEX listings_category ON listings (category_id, status);
CREATE INDEX listings_lat ON listings (status, lat);

CREATE TABLE listing_photos (
  id          TEXT PRIMARY KEY,
  listing_id  TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  hash        TEXT NOT NULL,     -- SHA-256 of the file: its name on disk and its ETag
  mime        TEXT NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX listing_photos_listing ON listing_photos (listing_id, position);
CREATE INDEX listing_photos_hash ON listing_photos (hash);

CREATE TABLE favorites (
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  listing_id  TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, listing_id)
);
CREATE INDEX favorites_listing ON favorites (listing_id);

-- Full text over title, description, category name and attribute values,
-- kept in step with listings by triggers (same transaction as the change).
CREATE VIRTUAL TABLE listings_fts USING fts5 (
  title, description, category, attrs,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
  INSERT INTO listings_fts (rowid, title, description, category, attrs)
  VALUES (new.num, new.title, new.description,
          (SELECT name FROM categories WHERE id = new.category_id),
          (SELECT group_concat(value, ' ') FROM json_each(new.attributes) WHERE type = 'text'));
END;

CREATE TRIGGER listings_fts_update AFTER UPDATE OF title, description, category_id, attributes ON listings BEGIN
  DELETE FROM listings_fts WHERE rowid = old.num;
  INSERT INTO listings_fts (rowid, title, description, category, attrs)
  VALUES (new.num, new.title, new.description,
          (SELECT name FROM categories WHERE id = new.category_id),
          (SELECT group_concat(value, ' ') FROM json_each(new.attributes) WHERE type = 'text'));
END;

CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
  DELETE FROM listings_fts WHERE rowid = old.num;
END;
