/* plz-dispatch-create.c — a consumer's on-demand request: its body checked,
 * candidates found near it, and its engine started in one transaction */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-private.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-crypto.h"
#include "catalogue/plz-catalogue-store.h"

#include <math.h>
#include <string.h>

#define NOTE_MAX_CHARS   1000
#define MAX_TAGS         10
#define TAG_MAX_CHARS    40
#define MINUTE_US        (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
/* "when" may be a little in the past (clocks differ) and up to a week ahead. */
#define WHEN_PAST_US     (5 * MINUTE_US)
#define WHEN_AHEAD_US    (7 * 24 * 60 * MINUTE_US)

/* Creating a request ------------------------------------------------------------- */

static double
distance_km (double lat1, double lng1, double lat2, double lng2)
{
  double rad = G_PI / 180.0;
  double dlat = (lat2 - lat1) * rad, dlng = (lng2 - lng1) * rad;
  double a = sin (dlat / 2) * sin (dlat / 2) + cos (lat1 * rad) * cos (lat2 * rad) * sin (dlng / 2) * sin (dlng / 2);

  return 6371.0 * 2 * atan2 (sqrt (a), sqrt (1 - a));
}

/* Every accepting operator near @r, described as the engine scores them. */
static GPtrArray *
find_candidates (PlzDispatch               *self,
                 const PlzDispatchRequest  *r,
                 GError                   **error)
{
  PlzStore *store = _plz_dispatch_store_of (self);
  /* A box a little larger than the radius; the engine records those in its
   * corners (beyond the radius) as skipped, with the distance. */
  double dlat = self->radius_km * 1.2 / 111.0;
  double dlng = dlat / MAX (cos (r->lat * G_PI / 180.0), 0.01);
  g_autoptr(GPtrArray) rows = plz_dispatch_store_candidates (store, r->consumer_id, r->category_id, r->lat, r->lng,
                                                             dlat, dlng, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_dispatch_candidate_free);
  gint64 now = _plz_bookings_now (self->bookings);

  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      const PlzDispatchCandidateRow *row = g_ptr_array_index (rows, i);
      PlzDispatchCandidate *c = plz_dispatch_candidate_new (row->operator_id, row->display_name);
      gint64 load = plz_dispatch_store_load (store, row->operator_id, now, error);
      double rating = -1;
      gint64 rating_count = 0;

      g_ptr_array_add (out, c);
      if (load < 0 ||
          !plz_catalogue_store_operator_rating (store, row->operator_id, &rating, &rating_count, error))
        return NULL;
      c->distance_km = distance_km (r->lat, r->lng, row->lat, row->lng);
      c->load = (guint) load;
      c->capacity = (guint) MAX (row->capacity, 1);
      g_strfreev (c->tags);
      c->tags = _plz_dispatch_parse_tags (row->tags != NULL ? row->tags : "[]");
      c->rating = rating > 0 ? rating : 0;
      c->rating_count = rating_count > 0 ? (guint) rating_count : 0;
      c->accepting = TRUE;
    }
  return g_steal_pointer (&out);
}

typedef struct
{
  PlzDispatch         *self;
  const PlzUser       *user;
  PlzDispatchRequest  *req;       /* the new one (taken by the transaction on success) */
  JsonObject          *result;
  gboolean             created;
} CreateWork;

static gboolean
create_txn (PlzStore  *store,
            gpointer   data,
            GError   **error)
{
  CreateWork *w = data;
  PlzDispatch *self = w->self;
  g_autoptr(PlzDispatchRequest) earlier = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(PlzDispatchEngine) engine = NULL;
  g_auto(GStrv) tags = _plz_dispatch_parse_tags (w->req->tags);
  PlzDispatchNeed need = { (const char * const *) tags, self->radius_km };
  g_autoptr(JsonNode) state = NULL;
  GError *local = NULL;
  PlzDispatchCtx ctx = { self, w->req };
  gboolean ok;

  if (w->req->client_id != NULL)
    {
      earlier = plz_dispatch_store_find_by_client (store, w->user->id, w->req->client_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (earlier != NULL)
        {
          PlzDispatchCtx old = { self, earlier };

          engine = _plz_dispatch_load_engine (&old, error);
          if (engine == NULL)
            return FALSE;
          w->result = _plz_dispatch_wrap ("request", _plz_dispatch_request_json (&old, engine, w->user->id));
          return TRUE;
        }
    }

  candidates = find_candidates (self, w->req, error);
  if (candidates == NULL)
    return FALSE;
  engine = plz_dispatch_engine_new (w->req->id, &need, candidates, self->window_us, &_plz_dispatch_clock,
                                    &_plz_dispatch_hooks, &ctx);
  state = plz_dispatch_engine_to_json (engine);
  w->req->state = plz_json_to_string (state);
  if (!plz_dispatch_store_insert (store, w->req, error))
    return FALSE;
  plz_dispatch_engine_start (engine);
  ok = _plz_dispatch_save (&ctx, engine, error);
  if (ok)
    {
      w->result = _plz_dispatch_wrap ("request", _plz_dispatch_request_json (&ctx, engine, w->user->id));
      w->created = TRUE;
    }
  _plz_dispatch_ctx_clear (&ctx);
  return ok;
}

static gboolean
check_client_id (const char  *client_id,
                 GError     **error)
{
  gsize len = client_id != NULL ? strlen (client_id) : 0;

  if (client_id != NULL &&
      (len == 0 || len > 64 ||
       strspn (client_id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") != len))
    {
      plz_error_set_invalid (error, "client_id", "A client id is 1 to 64 letters, digits, '-', '_', '.' or ':'");
      return FALSE;
    }
  return TRUE;
}

/* The wanted tags as a JSON array text: 1 to MAX_TAGS, lower-case, no repeats. */
static char *
check_tags (JsonObject  *body,
            GError     **error)
{
  JsonNode *node = json_object_get_member (body, "tags");
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(JsonNode) out_node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (n = json_array_get_length (array = json_node_get_array (node))) == 0 || n > MAX_TAGS)
    {
      plz_error_set_invalid (error, "tags", "tags is a list of 1 to %d kinds of work, like [\"plumbing\"]", MAX_TAGS);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      g_autofree char *typed = NULL;
      g_autofree char *tag = NULL;

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (e), -1, NULL))
        {
          plz_error_set_invalid (error, "tags", "Each tag is text");
          return NULL;
        }
      typed = g_strstrip (g_strdup (json_node_get_string (e)));
      tag = g_utf8_strdown (typed, -1);
      if (*tag == '\0' || g_utf8_strlen (tag, -1) > TAG_MAX_CHARS)
        {
          plz_error_set_invalid (error, "tags", "Each tag is 1 to %d characters", TAG_MAX_CHARS);
          return NULL;
        }
      if (!g_ptr_array_find_with_equal_func (seen, tag, g_str_equal, NULL))
        {
          json_array_add_string_element (out, tag);
          g_ptr_array_add (seen, g_steal_pointer (&tag));
        }
    }
  json_node_set_array (out_node, out);
  return plz_json_to_string (out_node);
}

static gboolean
check_when (JsonObject  *body,
            gint64       now,
            gint64      *when,
            GError     **error)
{
  const char *text = "now";

  if (!plz_json_get_string (body, "when", FALSE, &text, error))
    return FALSE;
  if (g_str_equal (text, "now"))
    {
      *when = now;
      return TRUE;
    }
  if (!plz_time_parse_rfc3339 (text, when))
    {
      plz_error_set_invalid (error, "when", "when is \"now\" or a time like 2026-11-23T10:00:00Z");
      return FALSE;
    }
  if (*when < now - WHEN_PAST_US || *when > now + WHEN_AHEAD_US)
    {
      plz_error_set_invalid (error, "when", "when is from now to a week ahead");
      return FALSE;
    }
  return TRUE;
}

JsonObject *
plz_dispatch_create (PlzDispatch    *self,
                     const PlzUser  *user,
                     JsonObject     *body,
                     gboolean       *created,
                     GError        **error)
{
  static const char * const allowed[] = { "client_id", "tags", "category_id", "lat", "lng", "when", "note", NULL };
  g_autoptr(PlzDispatchRequest) r = g_new0 (PlzDispatchRequest, 1);
  const char *client_id = NULL, *note = NULL;
  gint64 now = _plz_bookings_now (self->bookings);
  JsonNode *category;
  CreateWork w = { self, user };

  if (!_plz_dispatch_check_members (body, allowed, error) ||
      !plz_json_get_string (body, "client_id", FALSE, &client_id, error) ||
      !check_client_id (client_id, error))
    return NULL;
  r->tags = check_tags (body, error);
  if (r->tags == NULL)
    return NULL;
  category = json_object_get_member (body, "category_id");
  if (category != NULL && !JSON_NODE_HOLDS_NULL (category))
    {
      if (!JSON_NODE_HOLDS_VALUE (category) || json_node_get_value_type (category) != G_TYPE_INT64 ||
          json_node_get_int (category) <= 0)
        {
          plz_error_set_invalid (error, "category_id", "category_id is a category's number, or null");
          return NULL;
        }
      r->category_id = json_node_get_int (category);
    }
  if (!_plz_dispatch_get_coordinate (body, "lat", 90, &r->lat, error) ||
      !_plz_dispatch_get_coordinate (body, "lng", 180, &r->lng, error) ||
      !check_when (body, now, &r->when_at, error) ||
      !plz_json_get_string (body, "note", FALSE, &note, error))
    return NULL;
  if (note != NULL)
    {
      r->note = plz_validate_text ("note", note, NOTE_MAX_CHARS, error);
      if (r->note == NULL)
        return NULL;
    }
  r->id = plz_random_id ();
  r->consumer_id = g_strdup (user->id);
  r->client_id = g_strdup (client_id);
  r->status = g_strdup ("searching");
  r->created_at = r->updated_at = now;
  w.req = r;
  if (!plz_store_transaction (_plz_dispatch_store_of (self), create_txn, &w, error))
    return NULL;
  if (created != NULL)
    *created = w.created;
  return w.result;
}
