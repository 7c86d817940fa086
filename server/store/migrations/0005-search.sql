-- Search at scale. An R*Tree over listing locations so that "near" searches
-- read only the listings inside the bounding box, kept in step with listings
-- by triggers (same transaction as the change). Its 32-bit coordinates are
-- rounded outwards, so a box query never misses a listing; the exact distance
-- is checked afterwards.
CREATE VIRTUAL TABLE listings_geo USING rtree (num, min_lat, max_lat, min_lng, max_lng);

INSERT INTO listings_geo (num, min_lat, max_lat, min_lng, max_lng)
  SELECT num, lat, lat, lng, lng FROM listings;

CREATE TRIGGER listings_geo_insert AFTER INSERT ON listings BEGIN
  INSERT INTO listings_geo (num, min_lat, max_lat, min_lng, max_lng)
  VALUES (new.num, new.lat, new.lat, new.lng, new.lng);
END;

CREATE TRIGGER listings_geo_update AFTER UPDATE OF lat, lng ON listings BEGIN
  UPDATE listings_geo SET min_lat = new.lat, max_lat = new.lat, min_lng = new.lng, max_lng = new.lng
  WHERE num = new.num;
END;

CREATE TRIGGER listings_geo_delete AFTER DELETE ON listings BEGIN
  DELETE FROM listings_geo WHERE num = old.num;
END;

-- Public searches read active, public listings in these orders.
DROP INDEX listings_newest;
DROP INDEX listings_price;
CREATE INDEX listings_newest ON listings (status, visibility, created_at, id);
CREATE INDEX listings_price ON listings (status, visibility, price_minor, id);

-- The full-text index holds only what a public search may return (active,
-- public listings), so that text searches need not look at the listings
-- table until they have their page.
DROP TRIGGER listings_fts_insert;
DROP TRIGGER listings_fts_update;

DELETE FROM listings_fts WHERE rowid IN
  (SELECT num FROM listings WHERE status != 'active' OR visibility != 'public');

CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings
WHEN new.status = 'active' AND new.visibility = 'public' BEGIN
  INSERT INTO listings_fts (rowid, title, description, category, attrs)
  VALUES (new.num, new.title, new.description,
          (SELECT name FROM categories WHERE id = new.category_id),
          (SELECT group_concat(value, ' ') FROM json_each(new.attributes) WHERE type = 'text'));
END;

CREATE TRIGGER listings_fts_update
AFTER UPDATE OF title, description, category_id, attributes, status, visibility ON listings BEGIN
  DELETE FROM listings_fts WHERE rowid = old.num;
  INSERT INTO listings_fts (rowid, title, description, category, attrs)
  SELECT new.num, new.title, new.description,
         (SELECT name FROM categories WHERE id = new.category_id),
         (SELECT group_concat(value, ' ') FROM json_each(new.attributes) WHERE type = 'text')
  WHERE new.status = 'active' AND new.visibility = 'public';
END;
