/* plz-catalogue-routes.c — HTTP routes of categories, listings, photos and favorites */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-catalogue-routes.h"
#include "plz-catalogue.h"
#include "plz-attributes.h"
#include "plz-json.h"
#include "plz-server.h"
#include "accounts/plz-accounts-store.h"

#include <math.h>
#include <string.h>

static PlzCatalogue *
catalogue (PlzRequest *request)
{
  return plz_server_get_catalogue (request->server);
}

static void
reply_listing (PlzRequest       *request,
               guint             status,
               const PlzListing *listing)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_object_member (o, "listing", plz_listing_to_json (listing));
  plz_request_reply_object (request, status, o);
}

static void
reply_listing_or_error (PlzRequest       *request,
                        guint             status,
                        const PlzListing *listing,
                        GError          **error)
{
  if (listing != NULL)
    reply_listing (request, status, listing);
  else
    plz_request_reply_gerror (request, *error);
}

static void
reply_list (PlzRequest *request,
            GPtrArray  *listings,
            GError    **error)
{
  g_autoptr(JsonObject) o = NULL;
  JsonArray *array;

  if (listings == NULL)
    {
      plz_request_reply_gerror (request, *error);
      return;
    }
  o = json_object_new ();
  array = json_array_new ();
  for (guint i = 0; i < listings->len; i++)
    json_array_add_object_element (array, plz_listing_to_json (listings->pdata[i]));
  json_object_set_array_member (o, "listings", array);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_catalogue_route_categories (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonArray *rows = plz_catalogue_store_categories (plz_catalogue_get_store (catalogue (request)), &error);
  g_autoptr(JsonObject) o = NULL;

  if (rows == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  json_object_set_array_member (o, "categories", rows);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

/* Query parameters --------------------------------------------------------- */

static gboolean
bad_param (PlzRequest *request,
           const char *name,
           const char *message)
{
  plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT, message, name);
  return FALSE;
}

static gboolean
param_int (PlzRequest *request,
           GHashTable *params,
           const char *name,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  const char *text = g_hash_table_lookup (params, name);
  gint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      g_autofree char *m = g_strdup_printf ("“%s” must be a whole number from %" G_GINT64_FORMAT
                                            " to %" G_GINT64_FORMAT, name, min, max);
      return bad_param (request, name, m);
    }
  *out = value;
  return TRUE;
}

static gboolean
param_double (PlzRequest *request,
              GHashTable *params,
              const char *name,
              double      min,
              double      max,
              double     *out)
{
  const char *text = g_hash_table_lookup (params, name);
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < min || value > max)
    {
      g_autofree char *m = g_strdup_printf ("“%s” must be a number from %g to %g", name, min, max);
      return bad_param (request, name, m);
    }
  *out = value;
  return TRUE;
}

/* attr.KEY, attr.KEY.min, attr.KEY.max: typed by the category's schema. */
static gboolean
parse_attr_filter (PlzRequest *request,
                   PlzSearch  *search,
                   const char *schema,
                   const char *name,
                   const char *text)
{
  g_autofree char *key = g_strdup (name + strlen ("attr."));
  PlzAttrOp op = PLZ_ATTR_EQ;
  PlzAttributeType type;
  gboolean filterable = FALSE;
  PlzAttrFilter *f;
  JsonNode *value;
  char *dot;

  if (schema == NULL)
    return bad_param (request, name, "Attribute filters need a category");
  if ((dot = strrchr (key, '.')) != NULL)
    {
      if (g_str_equal (dot, ".min"))
        op = PLZ_ATTR_MIN;
      else if (g_str_equal (dot, ".max"))
        op = PLZ_ATTR_MAX;
      else
        return bad_param (request, name, "Attribute filters end in the key, “.min” or “.max”");
      *dot = '\0';
    }
  if (!plz_attributes_lookup (schema, key, &type, &filterable) || !filterable)
    return bad_param (request, name, "Listings of this category cannot be filtered by that");
  if (search->attr_filters->len >= PLZ_SEARCH_MAX_ATTR_FILTERS)
    return bad_param (request, name, "Too many attribute filters");

  value = json_node_alloc ();
  if (type == PLZ_ATTRIBUTE_BOOLEAN && op == PLZ_ATTR_EQ &&
      (g_str_equal (text, "true") || g_str_equal (text, "false")))
    json_node_init_boolean (value, g_str_equal (text, "true"));
  else if (type == PLZ_ATTRIBUTE_INTEGER)
    {
      gint64 n;
      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &n, NULL))
        return json_node_unref (value), bad_param (request, name, "This filter needs a whole number");
      json_node_init_int (value, n);
    }
  else if (type == PLZ_ATTRIBUTE_NUMBER)
    {
      char *end = NULL;
      double d = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !isfinite (d))
        return json_node_unref (value), bad_param (request, name, "This filter needs a number");
      json_node_init_double (value, d);
    }
  else if ((type == PLZ_ATTRIBUTE_ENUM || type == PLZ_ATTRIBUTE_TEXT) && op == PLZ_ATTR_EQ &&
           g_utf8_validate (text, -1, NULL) && strlen (text) <= 200)
    json_node_init_string (value, text);
  else
    return json_node_unref (value), bad_param (request, name, "This filter does not fit this attribute");

  f = g_new0 (PlzAttrFilter, 1);
  f->key = g_steal_pointer (&key);
  f->op = op;
  f->value = value;
  g_ptr_array_add (search->attr_filters, f);
  return TRUE;
}

static gboolean
parse_search (PlzRequest *request,
              PlzSearch  *search)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (request->msg));
  g_autoptr(GHashTable) params = query != NULL ? soup_form_decode (query)
                                               : g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *schema = NULL;
  const char *text;
  gint64 limit = 20;
  GHashTableIter iter;
  gpointer k, v;
  gboolean has_lat, has_lng, has_radius;
  static const char * const known[] = { "q", "category", "min_price", "max_price", "lat", "lng", "radius_km",
                                        "operator", "sort", "cursor", "limit", NULL };

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (!g_strv_contains (known, k) && !g_str_has_prefix (k, "attr."))
      {
        g_autofree char *m = g_strdup_printf ("“%s” is not a search option", (const char *) k);
        return bad_param (request, k, m);
      }

  if ((text = g_hash_table_lookup (params, "q")) != NULL)
    {
      if (!g_utf8_validate (text, -1, NULL) || strlen (text) > 200)
        return bad_param (request, "q", "The search text is too long or not valid text");
      search->query = plz_search_fts_query (text);
    }
  if (!param_int (request, params, "category", 1, G_MAXINT32, &search->category_id) ||
      !param_int (request, params, "min_price", 0, G_MAXINT64, &search->min_price) ||
      !param_int (request, params, "max_price", 0, G_MAXINT64, &search->max_price) ||
      !param_int (request, params, "limit", 1, PLZ_SEARCH_MAX_LIMIT, &limit))
    return FALSE;
  search->limit = (guint) limit;

  has_lat = g_hash_table_contains (params, "lat");
  has_lng = g_hash_table_contains (params, "lng");
  has_radius = g_hash_table_contains (params, "radius_km");
  if (has_lat || has_lng || has_radius)
    {
      search->radius_km = 25;
      if (!has_lat || !has_lng)
        return bad_param (request, has_lat ? "lng" : "lat", "A place needs both lat and lng");
      if (!param_double (request, params, "lat", -90, 90, &search->lat) ||
          !param_double (request, params, "lng", -180, 180, &search->lng) ||
          !param_double (request, params, "radius_km", 0.1, 500, &search->radius_km))
        return FALSE;
      search->near = TRUE;
    }

  if ((text = g_hash_table_lookup (params, "operator")) != NULL)
    {
      if (strlen (text) != 32 || strspn (text, "0123456789abcdef") != 32)
        return bad_param (request, "operator", "This is not an operator id");
      search->operator_id = g_strdup (text);
    }

  search->sort = search->query != NULL ? PLZ_SORT_RELEVANCE : PLZ_SORT_NEWEST;
  if ((text = g_hash_table_lookup (params, "sort")) != NULL && !plz_search_parse_sort (text, &search->sort))
    return bad_param (request, "sort", "Sort by relevance, newest, price_asc, price_desc, distance or rating");
  if (search->sort == PLZ_SORT_DISTANCE && !search->near)
    return bad_param (request, "sort", "Sorting by distance needs lat and lng");

  if (search->category_id > 0)
    {
      g_autoptr(GError) error = NULL;

      schema = plz_catalogue_store_category_schema (plz_catalogue_get_store (catalogue (request)),
                                                    search->category_id, &error);
      if (schema == NULL)
        return bad_param (request, "category", "There is no such category");
    }
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (g_str_has_prefix (k, "attr.") && !parse_attr_filter (request, search, schema, k, v))
      return FALSE;

  if ((text = g_hash_table_lookup (params, "cursor")) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!plz_search_decode_cursor (search, text, &error))
        {
          plz_request_reply_gerror (request, error);
          return FALSE;
        }
    }
  return TRUE;
}

void
plz_catalogue_route_search (PlzRequest *request)
{
  g_autoptr(PlzSearch) search = plz_search_new ();
  g_autoptr(PlzSearchPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  JsonArray *array;

  if (!parse_search (request, search))
    return;
  page = plz_catalogue_search (catalogue (request), search, &error);
  if (page == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  array = json_array_new ();
  for (guint i = 0; i < page->listings->len; i++)
    json_array_add_object_element (array, plz_listing_to_json (page->listings->pdata[i]));
  json_object_set_array_member (o, "listings", array);
  if (page->next_cursor != NULL)
    json_object_set_string_member (o, "next_cursor", page->next_cursor);
  else
    json_object_set_null_member (o, "next_cursor");
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

/* Listings ------------------------------------------------------------------ */

void
plz_catalogue_route_create (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzListing) l = NULL;

  if (body == NULL)
    return;
  l = plz_catalogue_create (catalogue (request), request->user, body, &error);
  reply_listing_or_error (request, SOUP_STATUS_CREATED, l, &error);
}

/* The operator card: who offers it, with badges, how fast they answer and
 * how people rate them over all their listings. */
static JsonObject *
operator_card (PlzRequest       *request,
               const PlzListing *l)
{
  g_autoptr(PlzUser) op = plz_accounts_store_get_user (plz_server_get_store (request->server),
                                                       l->operator_id, NULL);
  double rating = -1;
  gint64 rating_count = 0;
  JsonObject *card;

  if (op == NULL)
    return NULL;
  card = plz_user_to_json_public (op);
  if (l->response_time_s >= 0)
    json_object_set_int_member (card, "response_time_s", l->response_time_s);
  else
    json_object_set_null_member (card, "response_time_s");
  /* A card without a rating still beats no card: the listing is what was asked for. */
  if (!plz_catalogue_store_operator_rating (plz_catalogue_get_store (catalogue (request)), l->operator_id,
                                            &rating, &rating_count, NULL))
    rating = -1, rating_count = 0;
  if (rating >= 0)
    json_object_set_double_member (card, "rating", rating);
  else
    json_object_set_null_member (card, "rating");
  json_object_set_int_member (card, "rating_count", rating_count);
  return card;
}

void
plz_catalogue_route_get (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzListing) l = plz_catalogue_get (catalogue (request), request->user,
                                               plz_request_get_param (request, "id"), &error);
  g_autoptr(JsonObject) o = NULL;
  JsonObject *listing;
  JsonObject *card;

  if (l == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  listing = plz_listing_to_json (l);
  card = operator_card (request, l);
  if (card != NULL)
    json_object_set_object_member (listing, "operator", card);
  json_object_set_boolean_member (listing, "favorite", request->user != NULL &&
                                  plz_catalogue_store_is_favorite (plz_catalogue_get_store (catalogue (request)),
                                                                   request->user->id, l->id));
  json_object_set_object_member (o, "listing", listing);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_catalogue_route_update (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzListing) l = NULL;

  if (body == NULL)
    return;
  l = plz_catalogue_update (catalogue (request), request->user, plz_request_get_param (request, "id"),
                            body, &error);
  reply_listing_or_error (request, SOUP_STATUS_OK, l, &error);
}

void
plz_catalogue_route_delete (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  if (!plz_catalogue_delete (catalogue (request), request->user, plz_request_get_param (request, "id"), &error))
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  json_object_set_boolean_member (o, "ok", TRUE);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_catalogue_route_set_status (PlzRequest *request)
{
  static const char * const known[] = { "status", NULL };
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzListing) l = NULL;
  const char *status = NULL;

  if (body == NULL || !plz_request_check_members (request, body, known))
    return;
  if (!plz_json_get_string (body, "status", TRUE, &status, &error))
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  l = plz_catalogue_set_status (catalogue (request), request->user, plz_request_get_param (request, "id"),
                                status, &error);
  reply_listing_or_error (request, SOUP_STATUS_OK, l, &error);
}

void
plz_catalogue_route_add_photo (PlzRequest *request)
{
  g_autoptr(GBytes) data = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzListing) l = plz_catalogue_add_photo (catalogue (request), request->user,
                                                     plz_request_get_param (request, "id"), data, &error);

  reply_listing_or_error (request, SOUP_STATUS_CREATED, l, &error);
}

void
plz_catalogue_route_remove_photo (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzListing) l = plz_catalogue_remove_photo (catalogue (request), request->user,
                                                        plz_request_get_param (request, "id"),
                                                        plz_request_get_param (request, "photo_id"), &error);

  reply_listing_or_error (request, SOUP_STATUS_OK, l, &error);
}

/* Photos never change under a name (it is their hash): cache forever, and
 * answer a matching If-None-Match with 304. */
static void
serve_photo (PlzRequest *request,
             gboolean    thumbnail)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PlzPhoto) photo = plz_catalogue_photo (catalogue (request), plz_request_get_param (request, "id"),
                                                   thumbnail, &path, &error);
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;
  SoupMessageHeaders *in, *out;
  const char *match;

  if (photo == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  etag = g_strdup_printf ("\"%s%s\"", photo->hash, thumbnail ? "-t" : "");
  in = soup_server_message_get_request_headers (request->msg);
  out = soup_server_message_get_response_headers (request->msg);
  soup_message_headers_replace (out, "ETag", etag);
  soup_message_headers_replace (out, "Cache-Control", "public, max-age=31536000, immutable");
  soup_message_headers_replace (out, "X-Content-Type-Options", "nosniff");
  match = soup_message_headers_get_one (in, "If-None-Match");
  if (match != NULL && strstr (match, etag) != NULL)
    {
      soup_server_message_set_status (request->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      plz_request_reply_error (request, PLZ_ERROR_NOT_FOUND, "This photo is missing", NULL);
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, thumbnail ? "image/jpeg" : photo->mime, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

void
plz_catalogue_route_photo (PlzRequest *request)
{
  serve_photo (request, FALSE);
}

void
plz_catalogue_route_thumbnail (PlzRequest *request)
{
  serve_photo (request, TRUE);
}

void
plz_catalogue_route_mine (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = plz_catalogue_mine (catalogue (request), request->user, &error);

  reply_list (request, list, &error);
}

static void
set_favorite (PlzRequest *request,
              gboolean    favorite)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzListing) l = plz_catalogue_set_favorite (catalogue (request), request->user,
                                                        plz_request_get_param (request, "id"), favorite, &error);

  reply_listing_or_error (request, SOUP_STATUS_OK, l, &error);
}

void
plz_catalogue_route_favorite (PlzRequest *request)
{
  set_favorite (request, TRUE);
}

void
plz_catalogue_route_unfavorite (PlzRequest *request)
{
  set_favorite (request, FALSE);
}

void
plz_catalogue_route_favorites (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = plz_catalogue_favorites (catalogue (request), request->user, &error);

  reply_list (request, list, &error);
}
