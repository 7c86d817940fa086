/* plz-catalogue-store.c — the SQL of categories, listings, photos, favorites and search */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-catalogue-store.h"
#include "plz-catalogue-private.h"
#include "plz-error.h"

#include <math.h>

#define LISTING_COLUMNS \
  "l.id, l.operator_id, l.category_id, c.slug, l.title, l.slug, l.description, l.price_minor, " \
  "l.currency, l.pricing_type, l.attributes, l.lat, l.lng, l.city, l.country, l.status, " \
  "l.visibility, l.featured_until, l.view_count, l.favorite_count, l.inquiry_count, " \
  "l.response_time_s, l.rating_avg, l.rating_count, l.created_at, l.updated_at, l.published_at, " \
  "(SELECT p.id FROM listing_photos p WHERE p.listing_id = l.id ORDER BY p.position LIMIT 1)"
#define N_LISTING_COLUMNS 28
#define LISTING_FROM " FROM listings l JOIN categories c ON c.id = l.category_id"

/* Great-circle distance in km: plz_distance_km(lat1, lng1, lat2, lng2). */
static void
distance_km_fn (sqlite3_context  *ctx,
                int               argc,
                sqlite3_value   **argv)
{
  double la1 = sqlite3_value_double (argv[0]) * G_PI / 180, lo1 = sqlite3_value_double (argv[1]) * G_PI / 180;
  double la2 = sqlite3_value_double (argv[2]) * G_PI / 180, lo2 = sqlite3_value_double (argv[3]) * G_PI / 180;
  double a = pow (sin ((la2 - la1) / 2), 2) + cos (la1) * cos (la2) * pow (sin ((lo2 - lo1) / 2), 2);

  sqlite3_result_double (ctx, 2 * 6371.0088 * asin (MIN (1.0, sqrt (a))));
}

gboolean
plz_catalogue_store_setup (PlzStore  *store,
                           GError   **error)
{
  if (sqlite3_create_function (plz_store_get_db (store), "plz_distance_km", 4,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, distance_km_fn, NULL, NULL) != SQLITE_OK)
    return plz_store_set_error (store, "Cannot register the distance function", error);
  return plz_catalogue_store_register_rank (store, error);
}

/* Appends to @into each attribute of @from whose key it lacks: a
 * sub-category carries its parent's attributes, and cannot redefine them. */
static void
merge_attributes (JsonArray *into,
                  JsonArray *from)
{
  for (guint i = 0; from != NULL && i < json_array_get_length (from); i++)
    {
      JsonNode *a = json_array_get_element (from, i);
      const char *key;
      gboolean known = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (a))
        continue;
      key = json_object_get_string_member_with_default (json_node_get_object (a), "key", NULL);
      for (guint j = 0; key != NULL && j < json_array_get_length (into); j++)
        if (g_strcmp0 (json_object_get_string_member_with_default (
                         json_array_get_object_element (into, j), "key", NULL), key) == 0)
          known = TRUE;
      if (key != NULL && !known)
        json_array_add_element (into, json_node_copy (a));
    }
}

/* Parents come first in @rows, already holding their inherited set. */
static void
inherit_attributes (JsonArray  *rows,
                    JsonObject *category)
{
  g_autoptr(JsonArray) merged = json_array_new ();
  gint64 parent_id;

  if (json_object_get_null_member (category, "parent_id"))
    return;
  parent_id = json_object_get_int_member (category, "parent_id");
  merge_attributes (merged, json_object_get_array_member (category, "attributes"));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *p = json_array_get_object_element (rows, i);

      if (json_object_get_int_member (p, "id") == parent_id)
        {
          g_autoptr(JsonArray) own = g_steal_pointer (&merged);

          merged = json_array_new ();
          merge_attributes (merged, json_object_get_array_member (p, "attributes"));
          merge_attributes (merged, own);
          break;
        }
    }
  json_object_set_array_member (category, "attributes", g_steal_pointer (&merged));
}

JsonArray *
plz_catalogue_store_categories (PlzStore  *store,
                                GError   **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT id, slug, name, parent_id, icon, schema FROM categories "
    "ORDER BY COALESCE(parent_id, id), parent_id IS NOT NULL, sort_order, id", error);
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();
      g_autoptr(JsonNode) schema = json_from_string ((const char *) sqlite3_column_text (stmt, 5), NULL);

      json_object_set_int_member (o, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (o, "slug", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "name", (const char *) sqlite3_column_text (stmt, 2));
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        json_object_set_null_member (o, "parent_id");
      else
        json_object_set_int_member (o, "parent_id", sqlite3_column_int64 (stmt, 3));
      json_object_set_string_member (o, "icon", (const char *) sqlite3_column_text (stmt, 4));
      json_object_set_member (o, "attributes", g_steal_pointer (&schema));
      inherit_attributes (rows, o);
      json_array_add_object_element (rows, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Cannot read categories", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

char *
plz_catalogue_store_category_schema (PlzStore  *store,
                                     gint64     id,
                                     GError   **error)
{
  /* The effective schema: every ancestor's attributes, root first. */
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "WITH RECURSIVE chain (id, parent_id, schema, depth) AS ("
    "  SELECT id, parent_id, schema, 0 FROM categories WHERE id = ?1"
    "  UNION ALL"
    "  SELECT c.id, c.parent_id, c.schema, chain.depth + 1"
    "  FROM categories c JOIN chain ON c.id = chain.parent_id AND chain.depth < 8) "
    "SELECT schema FROM chain ORDER BY depth DESC", error);
  g_autoptr(JsonArray) merged = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) schema = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);

      found = TRUE;
      if (schema != NULL && JSON_NODE_HOLDS_ARRAY (schema))
        merge_attributes (merged, json_node_get_array (schema));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Cannot read category", error);
      return NULL;
    }
  if (!found)
    {
      plz_error_set_invalid (error, "category_id", "There is no such category");
      return NULL;
    }
  node = json_node_init_array (json_node_alloc (), merged);
  return json_to_string (node, FALSE);
}

/* Shared with plz-catalogue-search.c, which selects the same columns first. */
PlzListing *
_plz_catalogue_read_listing (sqlite3_stmt *stmt)
{
  PlzListing *l = g_new0 (PlzListing, 1);
  int i = 0;

  l->id = plz_store_column_text (stmt, i++);
  l->operator_id = plz_store_column_text (stmt, i++);
  l->category_id = sqlite3_column_int64 (stmt, i++);
  l->category_slug = plz_store_column_text (stmt, i++);
  l->title = plz_store_column_text (stmt, i++);
  l->slug = plz_store_column_text (stmt, i++);
  l->description = plz_store_column_text (stmt, i++);
  l->price_minor = sqlite3_column_int64 (stmt, i++);
  l->currency = plz_store_column_text (stmt, i++);
  l->pricing_type = plz_store_column_text (stmt, i++);
  l->attributes = plz_store_column_text (stmt, i++);
  l->lat = sqlite3_column_double (stmt, i++);
  l->lng = sqlite3_column_double (stmt, i++);
  l->city = plz_store_column_text (stmt, i++);
  l->country = plz_store_column_text (stmt, i++);
  l->status = plz_store_column_text (stmt, i++);
  l->visibility = plz_store_column_text (stmt, i++);
  l->featured_until = sqlite3_column_int64 (stmt, i++);
  l->view_count = sqlite3_column_int64 (stmt, i++);
  l->favorite_count = sqlite3_column_int64 (stmt, i++);
  l->inquiry_count = sqlite3_column_int64 (stmt, i++);
  l->response_time_s = sqlite3_column_type (stmt, i) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, i);
  i++;
  l->rating_avg = sqlite3_column_type (stmt, i) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, i);
  i++;
  l->rating_count = sqlite3_column_int64 (stmt, i++);
  l->created_at = sqlite3_column_int64 (stmt, i++);
  l->updated_at = sqlite3_column_int64 (stmt, i++);
  l->published_at = sqlite3_column_int64 (stmt, i++);
  l->cover_photo_id = plz_store_column_text (stmt, i++);
  l->distance_km = -1;
  return l;
}

/* Binds the columns that inserts and updates share, from ?2. */
static void
bind_listing (sqlite3_stmt     *stmt,
              const PlzListing *l)
{
  int i = 1;

  sqlite3_bind_text (stmt, i++, l->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, i++, l->category_id);
  sqlite3_bind_text (stmt, i++, l->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->slug, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, i++, l->price_minor);
  sqlite3_bind_text (stmt, i++, l->currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->pricing_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->attributes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, i++, l->lat);
  sqlite3_bind_double (stmt, i++, l->lng);
  sqlite3_bind_text (stmt, i++, l->city, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->country, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, l->visibility, -1, SQLITE_TRANSIENT);
  plz_store_bind_time (stmt, i++, l->featured_until);
  sqlite3_bind_int64 (stmt, i++, l->created_at);
  sqlite3_bind_int64 (stmt, i++, l->updated_at);
  plz_store_bind_time (stmt, i++, l->published_at);
}

gboolean
plz_catalogue_store_insert_listing (PlzStore          *store,
                                    const PlzListing  *l,
                                    GError           **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO listings (id, operator_id, category_id, title, slug, description, price_minor, "
    "currency, pricing_type, attributes, lat, lng, city, country, status, visibility, featured_until, "
    "created_at, updated_at, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)", error);

  if (stmt == NULL)
    return FALSE;
  bind_listing (stmt, l);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_catalogue_store_update_listing (PlzStore          *store,
                                    const PlzListing  *l,
                                    GError           **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE listings SET category_id = ?3, title = ?4, slug = ?5, description = ?6, price_minor = ?7, "
    "currency = ?8, pricing_type = ?9, attributes = ?10, lat = ?11, lng = ?12, city = ?13, country = ?14, "
    "status = ?15, visibility = ?16, featured_until = ?17, updated_at = ?19, published_at = ?20 "
    "WHERE id = ?1 AND operator_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  bind_listing (stmt, l);
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (plz_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such listing");
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
photos_of (PlzStore    *store,
           const char  *listing_id,
           GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT id, hash, mime, width, height, position FROM listing_photos WHERE listing_id = ?1 "
    "ORDER BY position", error);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_photo_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, listing_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlzPhoto *p = g_new0 (PlzPhoto, 1);

      p->id = plz_store_column_text (stmt, 0);
      p->hash = plz_store_column_text (stmt, 1);
      p->mime = plz_store_column_text (stmt, 2);
      p->width = sqlite3_column_int64 (stmt, 3);
      p->height = sqlite3_column_int64 (stmt, 4);
      p->position = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (photos, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Cannot read photos", error);
      return NULL;
    }
  return g_steal_pointer (&photos);
}

PlzListing *
plz_catalogue_store_get_listing (PlzStore    *store,
                                 const char  *id,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " LISTING_COLUMNS LISTING_FROM " WHERE l.id = ?1", error);
  g_autoptr(PlzListing) l = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    l = _plz_catalogue_read_listing (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such listing");
      return NULL;
    }
  if (l == NULL)
    {
      plz_store_set_error (store, "Cannot read listing", error);
      return NULL;
    }
  l->photos = photos_of (store, l->id, error);
  return l->photos != NULL ? g_steal_pointer (&l) : NULL;
}

static gboolean
exec_with_id (PlzStore    *store,
              const char  *sql,
              const char  *id,
              GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_catalogue_store_delete_listing (PlzStore    *store,
                                    const char  *id,
                                    GError     **error)
{
  return exec_with_id (store, "DELETE FROM listings WHERE id = ?1", id, error);
}

gboolean
plz_catalogue_store_count_view (PlzStore    *store,
                                const char  *id,
                                GError     **error)
{
  return exec_with_id (store, "UPDATE listings SET view_count = view_count + 1 WHERE id = ?1", id, error);
}

gboolean
plz_catalogue_store_count_inquiry (PlzStore    *store,
                                   const char  *id,
                                   GError     **error)
{
  return exec_with_id (store, "UPDATE listings SET inquiry_count = inquiry_count + 1 WHERE id = ?1", id, error);
}

gboolean
plz_catalogue_store_set_response_time (PlzStore    *store,
                                       const char  *operator_id,
                                       gint64       seconds,
                                       GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "UPDATE listings SET response_time_s = ?2 WHERE operator_id = ?1",
                                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, seconds);
  return plz_store_step_done (store, stmt, error);
}

static GPtrArray *
collect_listings (PlzStore      *store,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  return plz_store_collect (store, stmt, (PlzStoreRowFunc) _plz_catalogue_read_listing,
                            (GDestroyNotify) plz_listing_free, "Cannot read listings", error);
}

GPtrArray *
plz_catalogue_store_by_operator (PlzStore    *store,
                                 const char  *operator_id,
                                 GError     **error)
{
  g_autoptr(GPtrArray) listings = NULL;
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " LISTING_COLUMNS LISTING_FROM " WHERE l.operator_id = ?1 ORDER BY l.created_at DESC, l.id",
    error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  listings = collect_listings (store, stmt, error);
  /* The operator's own page shows every photo; one small query per listing is
   * fine for the few listings one operator has. */
  for (guint i = 0; listings != NULL && i < listings->len; i++)
    {
      PlzListing *l = listings->pdata[i];

      g_clear_pointer (&l->photos, g_ptr_array_unref);
      l->photos = photos_of (store, l->id, error);
      if (l->photos == NULL)
        return NULL;
    }
  return g_steal_pointer (&listings);
}

gboolean
plz_catalogue_store_operator_rating (PlzStore    *store,
                                     const char  *operator_id,
                                     double      *average,
                                     gint64      *count,
                                     GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT SUM(rating_avg * rating_count), SUM(rating_count) FROM listings "
    "WHERE operator_id = ?1 AND rating_avg IS NOT NULL AND rating_count > 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      plz_store_set_error (store, "Cannot read the operator's rating", error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *count = sqlite3_column_int64 (stmt, 1);
  *average = *count > 0 ? sqlite3_column_double (stmt, 0) / (double) *count : -1;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
plz_catalogue_store_insert_photo (PlzStore    *store,
                                  const char  *listing_id,
                                  PlzPhoto    *p,
                                  GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO listing_photos (id, listing_id, hash, mime, width, height, position, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "(SELECT COALESCE(MAX(position), -1) + 1 FROM listing_photos WHERE listing_id = ?2), ?7) "
    "RETURNING position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, listing_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, p->hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, p->mime, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, p->width);
  sqlite3_bind_int64 (stmt, 6, p->height);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    p->position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return plz_store_set_error (store, "Cannot add the photo", error);
  return TRUE;
}

PlzPhoto *
plz_catalogue_store_get_photo (PlzStore    *store,
                               const char  *id,
                               char       **listing_id,
                               GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT id, hash, mime, width, height, position, listing_id FROM listing_photos WHERE id = ?1", error);
  PlzPhoto *p = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      p = g_new0 (PlzPhoto, 1);
      p->id = plz_store_column_text (stmt, 0);
      p->hash = plz_store_column_text (stmt, 1);
      p->mime = plz_store_column_text (stmt, 2);
      p->width = sqlite3_column_int64 (stmt, 3);
      p->height = sqlite3_column_int64 (stmt, 4);
      p->position = sqlite3_column_int64 (stmt, 5);
      if (listing_id != NULL)
        *listing_id = plz_store_column_text (stmt, 6);
    }
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such photo");
  else
    plz_store_set_error (store, "Cannot read photo", error);
  sqlite3_reset (stmt);
  return p;
}

gboolean
plz_catalogue_store_delete_photo (PlzStore    *store,
                                  const char  *id,
                                  GError     **error)
{
  return exec_with_id (store, "DELETE FROM listing_photos WHERE id = ?1", id, error);
}

gint64
plz_catalogue_store_hash_refs (PlzStore    *store,
                               const char  *hash,
                               GError     **error)
{
  return plz_store_query_int (store, "SELECT count(*) FROM listing_photos WHERE hash = ?1", hash, error);
}

static gboolean
change_favorite (PlzStore    *store,
                 const char  *sql,
                 const char  *user_id,
                 const char  *listing_id,
                 gboolean    *changed,
                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, listing_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (plz_store_get_db (store)) > 0;
  return TRUE;
}

gboolean
plz_catalogue_store_add_favorite (PlzStore    *store,
                                  const char  *user_id,
                                  const char  *listing_id,
                                  gboolean    *added,
                                  GError     **error)
{
  return change_favorite (store,
                          "INSERT INTO favorites (user_id, listing_id, created_at) VALUES (?1, ?2, ?3) "
                          "ON CONFLICT DO NOTHING", user_id, listing_id, added, error);
}

gboolean
plz_catalogue_store_remove_favorite (PlzStore    *store,
                                     const char  *user_id,
                                     const char  *listing_id,
                                     gboolean    *removed,
                                     GError     **error)
{
  /* ?3 is unused here; binding it keeps one helper for both. */
  return change_favorite (store,
                          "DELETE FROM favorites WHERE user_id = ?1 AND listing_id = ?2 AND ?3 IS NOT NULL",
                          user_id, listing_id, removed, error);
}

gboolean
plz_catalogue_store_bump_favorites (PlzStore    *store,
                                    const char  *listing_id,
                                    int          delta,
                                    GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE listings SET favorite_count = favorite_count + ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, listing_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, delta);
  return plz_store_step_done (store, stmt, error);
}

GPtrArray *
plz_catalogue_store_favorites (PlzStore    *store,
                               const char  *user_id,
                               GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " LISTING_COLUMNS LISTING_FROM " JOIN favorites f ON f.listing_id = l.id "
    "WHERE f.user_id = ?1 AND l.status = 'active' ORDER BY f.created_at DESC, l.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  return collect_listings (store, stmt, error);
}

gboolean
plz_catalogue_store_is_favorite (PlzStore    *store,
                                 const char  *user_id,
                                 const char  *listing_id)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT 1 FROM favorites WHERE user_id = ?1 AND listing_id = ?2", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, listing_id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}
