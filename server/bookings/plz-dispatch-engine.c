/* plz-dispatch-engine.c — one on-demand request: offer to the best operator,
 * then the next on decline or timeout, until one accepts or none is left */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-engine.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"

#include <string.h>

/* Bumped when the JSON state changes shape; older states are refused. */
#define STATE_VERSION 1

struct _PlzDispatchEngine
{
  char                   *request_id;
  GStrv                   tags;
  double                  radius_km;
  gint64                  window_us;
  PlzDispatchStatus       status;
  char                   *booking_id;
  guint                   n_offers;    /* offers made, for offer ids */
  GPtrArray              *decisions;   /* PlzDispatchDecision*, decided or out now */
  GPtrArray              *waiting;     /* PlzDispatchDecision*, best first, not offered yet */
  PlzDispatchDecision    *offer;       /* in @decisions, or NULL */

  const PlzDispatchClock *clock;
  const PlzDispatchHooks *hooks;
  gpointer                user_data;
};

G_DEFINE_QUARK (plz-dispatch-error-quark, plz_dispatch_error)

static const char *error_names[] = {
  [PLZ_DISPATCH_ERROR_OFFER_EXPIRED] = "offer_expired",
  [PLZ_DISPATCH_ERROR_OFFER_NOT_CURRENT] = "offer_not_current",
  [PLZ_DISPATCH_ERROR_FINISHED] = "request_finished",
};

static const char *status_names[] = {
  [PLZ_DISPATCH_SEARCHING] = "searching",
  [PLZ_DISPATCH_OFFERED] = "offered",
  [PLZ_DISPATCH_ACCEPTED] = "accepted",
  [PLZ_DISPATCH_EXHAUSTED] = "exhausted",
  [PLZ_DISPATCH_CANCELLED] = "cancelled",
};

static const char *outcome_names[] = {
  [PLZ_DISPATCH_OUTCOME_SKIPPED] = "skipped",
  [PLZ_DISPATCH_OUTCOME_OFFERED] = "offered",
  [PLZ_DISPATCH_OUTCOME_DECLINED] = "declined",
  [PLZ_DISPATCH_OUTCOME_EXPIRED] = "expired",
  [PLZ_DISPATCH_OUTCOME_ACCEPTED] = "accepted",
  [PLZ_DISPATCH_OUTCOME_WITHDRAWN] = "withdrawn",
};

const char *
plz_dispatch_error_code_name (PlzDispatchErrorCode code)
{
  g_return_val_if_fail (code < G_N_ELEMENTS (error_names), NULL);

  return error_names[code];
}

const char *
plz_dispatch_status_name (PlzDispatchStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

const char *
plz_dispatch_outcome_name (PlzDispatchOutcome outcome)
{
  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcome_names), NULL);

  return outcome_names[outcome];
}

static gboolean
name_to_enum (const char  *const *names,
              guint               n_names,
              const char         *name,
              guint              *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static void
decision_free (gpointer data)
{
  PlzDispatchDecision *d = data;

  plz_dispatch_candidate_free (d->candidate);
  plz_dispatch_score_clear (&d->score);
  g_free (d->offer_id);
  g_free (d);
}

static gint64
now_us (PlzDispatchEngine *self)
{
  return self->clock->now_us (self->user_data);
}

static void
notify_changed (PlzDispatchEngine *self)
{
  if (self->hooks->changed != NULL)
    self->hooks->changed (self, self->user_data);
}

/* Best first; equal scores closer first, then by operator id. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const PlzDispatchDecision *da = *(PlzDispatchDecision **) a;
  const PlzDispatchDecision *db = *(PlzDispatchDecision **) b;

  if (da->score.score != db->score.score)
    return da->score.score > db->score.score ? -1 : 1;
  if (da->candidate->distance_km != db->candidate->distance_km)
    return da->candidate->distance_km < db->candidate->distance_km ? -1 : 1;
  return g_strcmp0 (da->candidate->operator_id, db->candidate->operator_id);
}

static PlzDispatchEngine *
engine_alloc (const PlzDispatchClock *clock,
              const PlzDispatchHooks *hooks,
              gpointer                user_data)
{
  PlzDispatchEngine *self = g_new0 (PlzDispatchEngine, 1);

  self->decisions = g_ptr_array_new_with_free_func (decision_free);
  self->waiting = g_ptr_array_new_with_free_func (decision_free);
  self->clock = clock;
  self->hooks = hooks;
  self->user_data = user_data;
  return self;
}

PlzDispatchEngine *
plz_dispatch_engine_new (const char             *request_id,
                         const PlzDispatchNeed  *need,
                         GPtrArray              *candidates,
                         gint64                  window_us,
                         const PlzDispatchClock *clock,
                         const PlzDispatchHooks *hooks,
                         gpointer                user_data)
{
  PlzDispatchEngine *self;
  gint64 now;

  g_return_val_if_fail (request_id != NULL, NULL);
  g_return_val_if_fail (need != NULL, NULL);
  g_return_val_if_fail (candidates != NULL, NULL);
  g_return_val_if_fail (clock != NULL && clock->now_us != NULL && clock->schedule != NULL, NULL);
  g_return_val_if_fail (hooks != NULL && hooks->create_booking != NULL, NULL);

  self = engine_alloc (clock, hooks, user_data);
  self->request_id = g_strdup (request_id);
  self->tags = g_strdupv ((GStrv) (need->tags != NULL ? need->tags : (const char *const[]) { NULL }));
  self->radius_km = need->radius_km > 0 ? need->radius_km : PLZ_DISPATCH_DEFAULT_RADIUS_KM;
  self->window_us = window_us > 0 ? window_us : PLZ_DISPATCH_DEFAULT_WINDOW_US;
  self->status = PLZ_DISPATCH_SEARCHING;

  now = now_us (self);
  for (guint i = 0; i < candidates->len; i++)
    {
      PlzDispatchDecision *d = g_new0 (PlzDispatchDecision, 1);

      d->candidate = plz_dispatch_candidate_copy (candidates->pdata[i]);
      plz_dispatch_score (need, d->candidate, &d->score);
      if (d->score.fit != PLZ_DISPATCH_CAN_SERVE)
        {
          d->outcome = PLZ_DISPATCH_OUTCOME_SKIPPED;
          d->at_us = now;
          g_ptr_array_add (self->decisions, d);
        }
      else
        g_ptr_array_add (self->waiting, d);
    }
  g_ptr_array_sort (self->waiting, compare_ranked);
  return self;
}

void
plz_dispatch_engine_free (PlzDispatchEngine *self)
{
  if (self == NULL)
    return;
  g_free (self->request_id);
  g_strfreev (self->tags);
  g_free (self->booking_id);
  g_ptr_array_unref (self->decisions);
  g_ptr_array_unref (self->waiting);
  g_free (self);
}

/* The next waiting candidate gets an offer, or the request is exhausted. */
static void
offer_next (PlzDispatchEngine *self,
            gint64             now)
{
  PlzDispatchDecision *d;

  self->offer = NULL;
  if (self->waiting->len == 0)
    {
      self->status = PLZ_DISPATCH_EXHAUSTED;
      return;
    }
  d = g_ptr_array_steal_index (self->waiting, 0);
  g_ptr_array_add (self->decisions, d);
  d->outcome = PLZ_DISPATCH_OUTCOME_OFFERED;
  d->offer_id = g_strdup_printf ("%s-o%u", self->request_id, ++self->n_offers);
  d->at_us = d->offered_at_us = now;
  d->deadline_us = now + self->window_us;
  self->offer = d;
  self->status = PLZ_DISPATCH_OFFERED;

  self->clock->schedule (self->request_id, d->offer_id, d->deadline_us, self->user_data);
  if (self->hooks->offered != NULL)
    self->hooks->offered (self, d, self->user_data);
}

void
plz_dispatch_engine_start (PlzDispatchEngine *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->status == PLZ_DISPATCH_SEARCHING);

  offer_next (self, now_us (self));
  notify_changed (self);
}

/* Closes the offer out now with @outcome at @now. */
static void
close_offer (PlzDispatchEngine  *self,
             PlzDispatchOutcome  outcome,
             gint64              now)
{
  PlzDispatchDecision *d = self->offer;

  d->outcome = outcome;
  d->at_us = now;
  if (self->clock->unschedule != NULL && outcome != PLZ_DISPATCH_OUTCOME_EXPIRED)
    self->clock->unschedule (self->request_id, d->offer_id, self->user_data);
}

/* Whether @offer_id may be answered now; an answer after the deadline expires
 * the offer (and moves on) before it fails. */
static gboolean
check_answer (PlzDispatchEngine  *self,
              const char         *offer_id,
              gint64              now,
              GError            **error)
{
  if (self->status != PLZ_DISPATCH_OFFERED)
    {
      g_set_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_FINISHED,
                   "This request is %s", plz_dispatch_status_name (self->status));
      return FALSE;
    }
  if (g_strcmp0 (self->offer->offer_id, offer_id) != 0)
    {
      gboolean was_offer = FALSE;

      for (guint i = 0; i < self->decisions->len && !was_offer; i++)
        was_offer = g_strcmp0 (((PlzDispatchDecision *) self->decisions->pdata[i])->offer_id, offer_id) == 0;
      if (was_offer)
        g_set_error_literal (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_OFFER_EXPIRED,
                             "This offer was already answered or has run out");
      else
        g_set_error_literal (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_OFFER_NOT_CURRENT,
                             "There is no such offer out now");
      return FALSE;
    }
  if (now >= self->offer->deadline_us)
    {
      close_offer (self, PLZ_DISPATCH_OUTCOME_EXPIRED, now);
      offer_next (self, now);
      notify_changed (self);
      g_set_error_literal (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_OFFER_EXPIRED,
                           "The time to answer this offer has run out");
      return FALSE;
    }
  return TRUE;
}

gboolean
plz_dispatch_engine_accept (PlzDispatchEngine  *self,
                            const char         *offer_id,
                            GError            **error)
{
  gint64 now;
  g_autofree char *booking_id = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  now = now_us (self);
  if (!check_answer (self, offer_id, now, error))
    return FALSE;
  booking_id = self->hooks->create_booking (self, self->offer, self->user_data, error);
  if (booking_id == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INTERNAL, "The booking could not be made");
      return FALSE;
    }
  close_offer (self, PLZ_DISPATCH_OUTCOME_ACCEPTED, now);
  self->offer = NULL;
  self->status = PLZ_DISPATCH_ACCEPTED;
  self->booking_id = g_steal_pointer (&booking_id);
  notify_changed (self);
  return TRUE;
}

gboolean
plz_dispatch_engine_decline (PlzDispatchEngine  *self,
                             const char         *offer_id,
                             GError            **error)
{
  gint64 now;

  g_return_val_if_fail (self != NULL, FALSE);

  now = now_us (self);
  if (!check_answer (self, offer_id, now, error))
    return FALSE;
  close_offer (self, PLZ_DISPATCH_OUTCOME_DECLINED, now);
  offer_next (self, now);
  notify_changed (self);
  return TRUE;
}

gboolean
plz_dispatch_engine_expire (PlzDispatchEngine *self,
                            const char        *offer_id)
{
  gint64 now;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->status != PLZ_DISPATCH_OFFERED || g_strcmp0 (self->offer->offer_id, offer_id) != 0)
    return FALSE;
  now = now_us (self);
  if (now < self->offer->deadline_us)
    {
      self->clock->schedule (self->request_id, offer_id, self->offer->deadline_us, self->user_data);
      return FALSE;
    }
  close_offer (self, PLZ_DISPATCH_OUTCOME_EXPIRED, now);
  offer_next (self, now);
  notify_changed (self);
  return TRUE;
}

gboolean
plz_dispatch_engine_cancel (PlzDispatchEngine  *self,
                            GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->status != PLZ_DISPATCH_SEARCHING && self->status != PLZ_DISPATCH_OFFERED)
    {
      g_set_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_FINISHED,
                   "This request is %s", plz_dispatch_status_name (self->status));
      return FALSE;
    }
  if (self->offer != NULL)
    close_offer (self, PLZ_DISPATCH_OUTCOME_WITHDRAWN, now_us (self));
  self->offer = NULL;
  self->status = PLZ_DISPATCH_CANCELLED;
  notify_changed (self);
  return TRUE;
}

void
plz_dispatch_engine_resume (PlzDispatchEngine *self)
{
  g_return_if_fail (self != NULL);

  if (self->status != PLZ_DISPATCH_OFFERED)
    return;
  if (now_us (self) >= self->offer->deadline_us)
    plz_dispatch_engine_expire (self, self->offer->offer_id);
  else
    self->clock->schedule (self->request_id, self->offer->offer_id, self->offer->deadline_us,
                           self->user_data);
}

const char *
plz_dispatch_engine_get_request_id (PlzDispatchEngine *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->request_id;
}

PlzDispatchStatus
plz_dispatch_engine_get_status (PlzDispatchEngine *self)
{
  g_return_val_if_fail (self != NULL, PLZ_DISPATCH_CANCELLED);
  return self->status;
}

const char *
plz_dispatch_engine_get_booking_id (PlzDispatchEngine *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->booking_id;
}

const PlzDispatchDecision *
plz_dispatch_engine_get_offer (PlzDispatchEngine *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->offer;
}

GPtrArray *
plz_dispatch_engine_get_decisions (PlzDispatchEngine *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->decisions;
}

guint
plz_dispatch_engine_get_n_waiting (PlzDispatchEngine *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->waiting->len;
}

/* ---- JSON ---- */

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

static PlzDispatchDecision *
decision_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (decision_free);
  PlzDispatchDecision *d = g_new0 (PlzDispatchDecision, 1);
  JsonObject *o, *k;
  const char *fit = NULL, *outcome = NULL, *reason = NULL;
  guint value;

  g_ptr_array_add (holder, d);   /* frees @d on every failure below */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      plz_error_set_invalid (error, "decisions", "A decision must be an object");
      return NULL;
    }
  o = json_node_get_object (node);
  if (!json_object_has_member (o, "candidate") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "candidate"))
      || !json_object_has_member (o, "components") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "components")))
    {
      plz_error_set_invalid (error, "candidate", "A decision needs its candidate and components");
      return NULL;
    }
  d->candidate = plz_dispatch_candidate_from_json (json_object_get_object_member (o, "candidate"), error);
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
  if (!name_to_enum (outcome_names, G_N_ELEMENTS (outcome_names), outcome, &value))
    {
      plz_error_set_invalid (error, "outcome", "“%s” is not an outcome", outcome);
      return NULL;
    }
  d->outcome = value;
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
  guint value;

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
      plz_error_set_invalid (error, "version", "Dispatch state version %" G_GINT64_FORMAT " is not known",
                             version);
      return NULL;
    }
  self = engine_alloc (clock, hooks, user_data);
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
  if (!name_to_enum (status_names, G_N_ELEMENTS (status_names), status, &value))
    {
      plz_error_set_invalid (error, "status", "“%s” is not a request status", status);
      return NULL;
    }
  self->status = value;

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
