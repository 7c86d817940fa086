/* plz-dispatch-json.c — a dispatch request's state as JSON and back, and
 * the request and offer as the wire has them */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-engine-private.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"

/* Bumped when the JSON state changes shape; older states are refused. */
#define STATE_VERSION 1

static void
add_components (JsonBuilder                 *b,
                const PlzDispatchComponents *k)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "distance");
  json_builder_add_double_value (b, k->distance);
  json_builder_set_member_name (b, "load");
  json_builder_add_double_value (b, k->load);
  json_builder_set_member_name (b, "expertise");
  json_builder_add_double_value (b, k->expertise);
  json_builder_set_member_name (b, "rating");
  json_builder_add_double_value (b, k->rating);
  json_builder_end_object (b);
}

static void
add_decision_state (JsonBuilder               *b,
                    const PlzDispatchDecision *d)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "candidate");
  json_builder_add_value (b, plz_dispatch_candidate_to_json (d->candidate));
  json_builder_set_member_name (b, "fit");
  json_builder_add_string_value (b, plz_dispatch_fit_name (d->score.fit));
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, d->score.score);
  json_builder_set_member_name (b, "components");
  add_components (b, &d->score.components);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, d->score.reason);
  json_builder_set_member_name (b, "outcome");
  json_builder_add_string_value (b, plz_dispatch_outcome_name (d->outcome));
  json_builder_set_member_name (b, "at_us");
  json_builder_add_int_value (b, d->at_us);
  json_builder_set_member_name (b, "offer_id");
  if (d->offer_id != NULL)
    json_builder_add_string_value (b, d->offer_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "offered_at_us");
  json_builder_add_int_value (b, d->offered_at_us);
  json_builder_set_member_name (b, "deadline_us");
  json_builder_add_int_value (b, d->deadline_us);
  json_builder_end_object (b);
}

JsonNode *
plz_dispatch_engine_to_json (PlzDispatchEngine *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, STATE_VERSION);
  json_builder_set_member_name (b, "request_id");
  json_builder_add_string_value (b, self->request_id);
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; self->tags[i] != NULL; i++)
    json_builder_add_string_value (b, self->tags[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "radius_km");
  json_builder_add_double_value (b, self->radius_km);
  json_builder_set_member_name (b, "window_us");
  json_builder_add_int_value (b, self->window_us);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, plz_dispatch_status_name (self->status));
  json_builder_set_member_name (b, "booking_id");
  if (self->booking_id != NULL)
    json_builder_add_string_value (b, self->booking_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "n_offers");
  json_builder_add_int_value (b, self->n_offers);
  json_builder_set_member_name (b, "decisions");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->decisions->len; i++)
    add_decision_state (b, self->decisions->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "waiting");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->waiting->len; i++)
    add_decision_state (b, self->waiting->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
get_number (JsonObject  *o,
            const char  *member,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    {
      plz_error_set_invalid (error, member, "“%s” must be a number", member);
      return FALSE;
    }
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
get_nullable_string (JsonObject  *o,
                     const char  *member,
                     char       **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  const char *value = NULL;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!plz_json_get_string (o, member, TRUE, &value, error))
    return FALSE;
  *out = g_strdup (value);
  return TRUE;
}

static GStrv
get_strings (JsonObject  *o,
             const char  *member,
             GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  JsonArray *array;
  g_auto(GStrv) out = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      plz_error_set_invalid (error, member, "“%s” must be a list of words", member);
      return NULL;
    }
  array = json_node_get_array (node);
  out = g_new0 (char *, json_array_get_length (array) + 1);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          plz_error_set_invalid (error, member, "“%s” must be a list of words", member);
          return NULL;
        }
      out[i] = g_strdup (json_node_get_string (e));
    }
  return g_steal_pointer (&out);
}

static gboolean
holds_object (JsonObject *o,
              const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node);
}

static PlzDispatchDecision *
decision_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (_plz_dispatch_decision_free);
  PlzDispatchDecision *d = g_new0 (PlzDispatchDecision, 1);
  JsonObject *o, *k;
  const char *fit = NULL, *outcome = NULL, *reason = NULL;

  g_ptr_array_add (holder, d);   /* frees @d on every failure below */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      plz_error_set_invalid (error, "decisions", "A decision must be an object");
      return NULL;
    }
  o = json_node_get_object (node);
  if (!holds_object (o, "candidate") || !holds_object (o, "components"))
    {
      plz_error_set_invalid (error, "candidate", "A decision needs its candidate and components");
      return NULL;
    }
  d->candidate = plz_dispatch_candidate_from_json (json_object_get_object_member (o, "candidate"),
                                                   error);
  if (d->candidate == NULL)
    return NULL;
  k = json_object_get_object_member (o, "components");
  if (!plz_json_get_string (o, "fit", TRUE, &fit, error)
      || !plz_json_get_string (o, "outcome", TRUE, &outcome, error)
      || !plz_json_get_string (o, "reason", TRUE, &reason, error)
      || !get_number (o, "score", &d->score.score, error)
      || !get_number (k, "distance", &d->score.components.distance, error)
      || !get_number (k, "load", &d->score.components.load, error)
      || !get_number (k, "expertise", &d->score.components.expertise, error)
      || !get_number (k, "rating", &d->score.components.rating, error)
      || !plz_json_get_int (o, "at_us", TRUE, &d->at_us, error)
      || !plz_json_get_int (o, "offered_at_us", TRUE, &d->offered_at_us, error)
      || !plz_json_get_int (o, "deadline_us", TRUE, &d->deadline_us, error)
      || !get_nullable_string (o, "offer_id", &d->offer_id, error))
    return NULL;
  if (!plz_dispatch_fit_from_name (fit, &d->score.fit))
    {
      plz_error_set_invalid (error, "fit", "“%s” is not a fit", fit);
      return NULL;
    }
  if (!_plz_dispatch_outcome_from_name (outcome, &d->outcome))
    {
      plz_error_set_invalid (error, "outcome", "“%s” is not an outcome", outcome);
      return NULL;
    }
  d->score.reason = g_strdup (reason);
  return g_ptr_array_steal_index (holder, 0);
}

static gboolean
decisions_from_json (JsonObject  *o,
                     const char  *member,
                     GPtrArray   *into,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      plz_error_set_invalid (error, member, "“%s” must be a list", member);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      PlzDispatchDecision *d = decision_from_json (json_array_get_element (array, i), error);

      if (d == NULL)
        return FALSE;
      g_ptr_array_add (into, d);
    }
  return TRUE;
}

PlzDispatchEngine *
plz_dispatch_engine_from_json (JsonNode                *node,
                               const PlzDispatchClock  *clock,
                               const PlzDispatchHooks  *hooks,
                               gpointer                 user_data,
                               GError                 **error)
{
  g_autoptr(PlzDispatchEngine) self = NULL;
  JsonObject *o;
  const char *request_id = NULL, *status = NULL;
  gint64 version = 0, n_offers = 0;

  g_return_val_if_fail (clock != NULL && clock->now_us != NULL && clock->schedule != NULL, NULL);
  g_return_val_if_fail (hooks != NULL && hooks->create_booking != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      plz_error_set_invalid (error, "state", "A dispatch state is a JSON object");
      return NULL;
    }
  o = json_node_get_object (node);
  if (!plz_json_get_int (o, "version", TRUE, &version, error))
    return NULL;
  if (version != STATE_VERSION)
    {
      plz_error_set_invalid (error, "version",
                             "Dispatch state version %" G_GINT64_FORMAT " is not known", version);
      return NULL;
    }
  self = _plz_dispatch_engine_alloc (clock, hooks, user_data);
  if (!plz_json_get_string (o, "request_id", TRUE, &request_id, error)
      || !plz_json_get_string (o, "status", TRUE, &status, error)
      || !get_number (o, "radius_km", &self->radius_km, error)
      || !plz_json_get_int (o, "window_us", TRUE, &self->window_us, error)
      || !plz_json_get_int (o, "n_offers", TRUE, &n_offers, error)
      || !get_nullable_string (o, "booking_id", &self->booking_id, error)
      || (self->tags = get_strings (o, "tags", error)) == NULL
      || !decisions_from_json (o, "decisions", self->decisions, error)
      || !decisions_from_json (o, "waiting", self->waiting, error))
    return NULL;
  self->request_id = g_strdup (request_id);
  self->n_offers = (guint) CLAMP (n_offers, 0, G_MAXUINT32);
  if (!_plz_dispatch_status_from_name (status, &self->status))
    {
      plz_error_set_invalid (error, "status", "“%s” is not a request status", status);
      return NULL;
    }

  /* The offer out now is the one decision still "offered"; there is one
   * exactly when the status says so. */
  for (guint i = 0; i < self->decisions->len; i++)
    {
      PlzDispatchDecision *d = self->decisions->pdata[i];

      if (d->outcome != PLZ_DISPATCH_OUTCOME_OFFERED)
        continue;
      if (self->offer != NULL || d->offer_id == NULL)
        {
          plz_error_set_invalid (error, "decisions", "The state has more than one offer out");
          return NULL;
        }
      self->offer = d;
    }
  if ((self->offer != NULL) != (self->status == PLZ_DISPATCH_OFFERED))
    {
      plz_error_set_invalid (error, "status", "The status does not match the offers");
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
add_time (JsonBuilder *b,
          const char  *member,
          gint64       usec)
{
  g_autofree char *text = plz_time_format_rfc3339 (usec);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

JsonNode *
plz_dispatch_engine_request_to_json (PlzDispatchEngine *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->request_id);
  json_builder_set_member_name (b, "status");
  /* The wire knows no "not started yet": a fresh request is searching. */
  json_builder_add_string_value (b, plz_dispatch_status_name (self->status));
  json_builder_set_member_name (b, "booking_id");
  if (self->booking_id != NULL)
    json_builder_add_string_value (b, self->booking_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "decisions");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->decisions->len; i++)
    {
      const PlzDispatchDecision *d = self->decisions->pdata[i];
      const PlzDispatchCandidate *c = d->candidate;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "operator");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, c->operator_id);
      json_builder_set_member_name (b, "display_name");
      json_builder_add_string_value (b, c->display_name);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "score");
      json_builder_add_double_value (b, d->score.score);
      json_builder_set_member_name (b, "components");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "distance_km");
      json_builder_add_double_value (b, c->distance_km);
      json_builder_set_member_name (b, "load");
      json_builder_add_int_value (b, c->load);
      json_builder_set_member_name (b, "capacity");
      json_builder_add_int_value (b, c->capacity);
      json_builder_set_member_name (b, "expertise");
      json_builder_add_double_value (b, d->score.components.expertise);
      json_builder_set_member_name (b, "rating");
      if (c->rating_count > 0)
        json_builder_add_double_value (b, c->rating);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "rating_count");
      json_builder_add_int_value (b, c->rating_count);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "scores");
      add_components (b, &d->score.components);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, d->score.reason);
      json_builder_set_member_name (b, "decision");
      json_builder_add_string_value (b, plz_dispatch_outcome_name (d->outcome));
      add_time (b, "at", d->at_us);
      if (d->offer_id != NULL)
        {
          add_time (b, "offered_at", d->offered_at_us);
          add_time (b, "deadline", d->deadline_us);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
plz_dispatch_offer_to_json (PlzDispatchEngine         *self,
                            const PlzDispatchDecision *offer)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (offer != NULL && offer->offer_id != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, offer->offer_id);
  json_builder_set_member_name (b, "request_id");
  json_builder_add_string_value (b, self->request_id);
  add_time (b, "deadline", offer->deadline_us);
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, offer->score.score);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, offer->score.reason);
  json_builder_set_member_name (b, "distance_km");
  json_builder_add_double_value (b, offer->candidate->distance_km);
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; self->tags[i] != NULL; i++)
    json_builder_add_string_value (b, self->tags[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
