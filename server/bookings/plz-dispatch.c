/* plz-dispatch.c — on-demand requests: the engine's offers as durable jobs,
 * the booking an accepted offer makes, reading and answering requests, and
 * timeouts (creating one is plz-dispatch-create.c, settings -settings.c)
 *
 * Nothing is kept in memory between calls: each call loads the request's
 * engine from its JSON, acts, and saves it back with its events and jobs in
 * one transaction, so a restart loses nothing. */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-private.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"

#include <math.h>


void
_plz_dispatch_ctx_clear (PlzDispatchCtx *ctx)
{
  g_clear_error (&ctx->hook_error);
  g_clear_pointer (&ctx->booking, plz_booking_free);
}

PlzStore *
_plz_dispatch_store_of (PlzDispatch *self)
{
  return self->bookings->store;
}

/* Clock and hooks ---------------------------------------------------------------- */

static gint64
clock_now_cb (gpointer user_data)
{
  PlzDispatchCtx *ctx = user_data;

  return _plz_bookings_now (ctx->self->bookings);
}

static void
clock_schedule_cb (const char *request_id,
                   const char *offer_id,
                   gint64      deadline_us,
                   gpointer    user_data)
{
  PlzDispatchCtx *ctx = user_data;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (payload, "request_id", request_id);
  text = plz_json_object_to_string (payload);
  if (ctx->hook_error == NULL)
    plz_jobs_schedule (ctx->self->bookings->jobs, PLZ_DISPATCH_JOB_TIMEOUT, offer_id, text, deadline_us,
                       &ctx->hook_error);
}

static void
clock_unschedule_cb (const char *request_id,
                     const char *offer_id,
                     gpointer    user_data)
{
  PlzDispatchCtx *ctx = user_data;

  if (ctx->hook_error == NULL)
    plz_jobs_cancel (ctx->self->bookings->jobs, PLZ_DISPATCH_JOB_TIMEOUT, offer_id, &ctx->hook_error);
}

const PlzDispatchClock _plz_dispatch_clock = { clock_now_cb, clock_schedule_cb, clock_unschedule_cb };

static JsonObject *
offer_json (PlzDispatchCtx            *ctx,
            PlzDispatchEngine         *engine,
            const PlzDispatchDecision *offer)
{
  g_autoptr(JsonNode) node = plz_dispatch_offer_to_json (engine, offer);
  JsonObject *o = json_object_ref (json_node_get_object (node));

  json_object_set_string_member (o, "note", ctx->req->note != NULL ? ctx->req->note : "");
  json_object_set_double_member (o, "lat", ctx->req->lat);
  json_object_set_double_member (o, "lng", ctx->req->lng);
  _plz_bookings_set_time (o, "when", ctx->req->when_at);
  return o;
}

static void
offered_cb (PlzDispatchEngine         *engine,
            const PlzDispatchDecision *offer,
            gpointer                   user_data)
{
  PlzDispatchCtx *ctx = user_data;
  g_autoptr(JsonObject) data = json_object_new ();

  if (ctx->hook_error != NULL)
    return;
  json_object_set_object_member (data, "offer", offer_json (ctx, engine, offer));
  plz_events_append (ctx->self->bookings->events, offer->candidate->operator_id, "dispatch.offer", data,
                     &ctx->hook_error);
}

/* How many of @tags @service_tags (JSON array text) has. */
static guint
tag_overlap (const char         *service_tags,
             const char * const *tags)
{
  g_autoptr(JsonNode) node = json_from_string (service_tags, NULL);
  JsonArray *array;
  guint n = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return 0;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *tag = json_array_get_string_element (array, i);

      if (tag != NULL && tags != NULL && g_strv_contains (tags, tag))
        n++;
    }
  return n;
}

GStrv
_plz_dispatch_parse_tags (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (e));
        }
    }
  return g_strv_builder_end (builder);
}

static char *
create_booking_cb (PlzDispatchEngine         *engine,
                   const PlzDispatchDecision *offer,
                   gpointer                   user_data,
                   GError                   **error)
{
  PlzDispatchCtx *ctx = user_data;
  PlzBookings *bookings = ctx->self->bookings;
  g_auto(GStrv) tags = _plz_dispatch_parse_tags (ctx->req->tags);
  g_autoptr(GPtrArray) services = plz_bookings_store_operator_services (bookings->store,
                                                                        offer->candidate->operator_id, FALSE,
                                                                        error);
  const PlzService *best = NULL;
  guint best_overlap = 0;
  gint64 now = _plz_bookings_now (bookings);

  if (services == NULL)
    return NULL;
  /* The service that matches most of what was asked for; the oldest on a tie. */
  for (guint i = 0; i < services->len; i++)
    {
      const PlzService *s = g_ptr_array_index (services, i);
      guint overlap = tag_overlap (s->tags, (const char * const *) tags);

      if (best == NULL || overlap > best_overlap)
        {
          best = s;
          best_overlap = overlap;
        }
    }
  if (best == NULL)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_CONFLICT,
                           "You have no active service to book this request on");
      return NULL;
    }
  ctx->booking = _plz_bookings_create_confirmed (bookings, ctx->req->consumer_id, best,
                                                 MAX (ctx->req->when_at, now), ctx->req->note,
                                                 "On-demand request accepted", error);
  return ctx->booking != NULL ? g_strdup (ctx->booking->id) : NULL;
}

static void
changed_cb (PlzDispatchEngine *engine,
            gpointer           user_data)
{
  PlzDispatchCtx *ctx = user_data;

  ctx->changed = TRUE;
}

const PlzDispatchHooks _plz_dispatch_hooks = { offered_cb, create_booking_cb, changed_cb };

/* JSON --------------------------------------------------------------------------- */

JsonObject *
_plz_dispatch_request_json (PlzDispatchCtx    *ctx,
                            PlzDispatchEngine *engine,
                            const char        *viewer_id)
{
  g_autoptr(JsonNode) node = plz_dispatch_engine_request_to_json (engine);
  JsonObject *o = json_object_ref (json_node_get_object (node));
  JsonNode *tags = json_from_string (ctx->req->tags, NULL);

  if (tags != NULL)
    json_object_set_member (o, "tags", tags);
  if (ctx->req->category_id > 0)
    json_object_set_int_member (o, "category_id", ctx->req->category_id);
  else
    json_object_set_null_member (o, "category_id");
  json_object_set_double_member (o, "lat", ctx->req->lat);
  json_object_set_double_member (o, "lng", ctx->req->lng);
  _plz_bookings_set_time (o, "when", ctx->req->when_at);
  json_object_set_string_member (o, "note", ctx->req->note != NULL ? ctx->req->note : "");
  json_object_set_string_member (o, "consumer_id", ctx->req->consumer_id);
  if (ctx->req->client_id != NULL && g_strcmp0 (viewer_id, ctx->req->consumer_id) == 0)
    json_object_set_string_member (o, "client_id", ctx->req->client_id);
  _plz_bookings_set_time (o, "created_at", ctx->req->created_at);
  _plz_bookings_set_time (o, "updated_at", ctx->req->updated_at);
  return o;
}

JsonObject *
_plz_dispatch_wrap (const char *name,
                    JsonObject *member)
{
  JsonObject *o = json_object_new ();

  json_object_set_object_member (o, name, member);
  return o;
}

/* Loading and saving ----------------------------------------------------------- */

PlzDispatchEngine *
_plz_dispatch_load_engine (PlzDispatchCtx  *ctx,
                           GError         **error)
{
  g_autoptr(JsonNode) node = json_from_string (ctx->req->state, error);

  if (node == NULL)
    return NULL;
  return plz_dispatch_engine_from_json (node, &_plz_dispatch_clock, &_plz_dispatch_hooks, ctx, error);
}

/* Writes the engine's state into the request row and tells its consumer. */
gboolean
_plz_dispatch_save (PlzDispatchCtx    *ctx,
                    PlzDispatchEngine *engine,
                    GError           **error)
{
  PlzDispatchRequest *r = ctx->req;
  const PlzDispatchDecision *offer = plz_dispatch_engine_get_offer (engine);
  g_autoptr(JsonNode) state = plz_dispatch_engine_to_json (engine);
  g_autoptr(JsonObject) data = NULL;

  if (ctx->hook_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ctx->hook_error));
      return FALSE;
    }
  g_free (r->status);
  r->status = g_strdup (plz_dispatch_status_name (plz_dispatch_engine_get_status (engine)));
  g_free (r->offer_id);
  r->offer_id = offer != NULL ? g_strdup (offer->offer_id) : NULL;
  g_free (r->offer_operator_id);
  r->offer_operator_id = offer != NULL ? g_strdup (offer->candidate->operator_id) : NULL;
  r->offer_deadline = offer != NULL ? offer->deadline_us : 0;
  g_free (r->booking_id);
  r->booking_id = g_strdup (plz_dispatch_engine_get_booking_id (engine));
  g_free (r->state);
  r->state = plz_json_to_string (state);
  r->updated_at = _plz_bookings_now (ctx->self->bookings);
  if (!plz_dispatch_store_update (_plz_dispatch_store_of (ctx->self), r, error))
    return FALSE;
  data = _plz_dispatch_wrap ("request", _plz_dispatch_request_json (ctx, engine, r->consumer_id));
  return plz_events_append (ctx->self->bookings->events, r->consumer_id, "dispatch.updated", data, error) != 0;
}

/* The engine's refusal as the wire's error (a new GError: PLZ_ERROR carries
 * a field, so its errors are allocated differently). */
static void
to_plz_error (GError **error)
{
  GError *e = *error;
  PlzErrorCode code;

  if (e == NULL || e->domain != PLZ_DISPATCH_ERROR)
    return;
  switch (e->code)
    {
    case PLZ_DISPATCH_ERROR_OFFER_EXPIRED:
      code = PLZ_ERROR_OFFER_EXPIRED;
      break;
    case PLZ_DISPATCH_ERROR_OFFER_NOT_CURRENT:
      code = PLZ_ERROR_OFFER_NOT_CURRENT;
      break;
    case PLZ_DISPATCH_ERROR_FINISHED:
    default:
      code = PLZ_ERROR_REQUEST_FINISHED;
      break;
    }
  *error = g_error_new_literal (PLZ_ERROR, code, e->message);
  g_error_free (e);
}

/* Checking a body --------------------------------------------------------------- */

/* Reads number @member of @body within ±@limit into *@out. */
gboolean
_plz_dispatch_get_coordinate (JsonObject  *body,
                              const char  *member,
                              double       limit,
                              double      *out,
                              GError     **error)
{
  JsonNode *node = json_object_get_member (body, member);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  double v;

  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      plz_error_set_invalid (error, member, "%s is a number of degrees", member);
      return FALSE;
    }
  v = type == G_TYPE_DOUBLE ? json_node_get_double (node) : (double) json_node_get_int (node);
  if (!isfinite (v) || v < -limit || v > limit)
    {
      plz_error_set_invalid (error, member, "%s is from %g to %g", member, -limit, limit);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
_plz_dispatch_check_members (JsonObject          *body,
                             const char * const  *allowed,
                             GError             **error)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (allowed, member))
      {
        plz_error_set_invalid (error, member, "“%s” is not expected here", member);
        return FALSE;
      }
  return TRUE;
}

/* Reading, cancelling, answering ---------------------------------------------------- */

typedef struct
{
  PlzDispatch    *self;
  const PlzUser  *user;
  const char     *id;           /* request id, or offer id for answers */
  const char     *action;       /* "get", "cancel", "accept", "decline" */
  JsonObject     *result;
  GError         *answer_error; /* the engine's refusal, after its state was saved */
} ActWork;

/* The request an offer id belongs to ("<request id>-o<n>"). */
static char *
request_id_of_offer (const char *offer_id)
{
  const char *o = offer_id != NULL ? g_strrstr (offer_id, "-o") : NULL;

  return o != NULL && o > offer_id ? g_strndup (offer_id, o - offer_id) : NULL;
}

/* Whether offer @offer_id of @engine went to @operator_id. */
static gboolean
offered_to (PlzDispatchEngine *engine,
            const char        *offer_id,
            const char        *operator_id)
{
  GPtrArray *decisions = plz_dispatch_engine_get_decisions (engine);

  for (guint i = 0; i < decisions->len; i++)
    {
      const PlzDispatchDecision *d = g_ptr_array_index (decisions, i);

      if (g_strcmp0 (d->offer_id, offer_id) == 0)
        return g_strcmp0 (d->candidate->operator_id, operator_id) == 0;
    }
  return FALSE;
}

static gboolean
act_txn (PlzStore  *store,
         gpointer   data,
         GError   **error)
{
  ActWork *w = data;
  gboolean answer = g_str_equal (w->action, "accept") || g_str_equal (w->action, "decline");
  g_autofree char *request_id = answer ? request_id_of_offer (w->id) : g_strdup (w->id);
  g_autoptr(PlzDispatchRequest) r = NULL;
  g_autoptr(PlzDispatchEngine) engine = NULL;
  GError *local = NULL;
  PlzDispatchCtx ctx = { w->self };
  gboolean visible, ok = TRUE;

  if (request_id != NULL)
    r = plz_dispatch_store_get (store, request_id, &local);
  if (local != NULL && local->code != PLZ_ERROR_NOT_FOUND)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  g_clear_error (&local);
  if (r != NULL)
    {
      ctx.req = r;
      engine = _plz_dispatch_load_engine (&ctx, error);
      if (engine == NULL)
        return FALSE;
    }
  /* Someone else's request or offer looks like none at all. */
  if (answer)
    visible = engine != NULL && offered_to (engine, w->id, w->user->id);
  else if (g_str_equal (w->action, "get"))
    visible = r != NULL && (g_str_equal (r->consumer_id, w->user->id) || w->user->is_admin);
  else
    visible = r != NULL && g_str_equal (r->consumer_id, w->user->id);
  if (!visible)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND,
                           answer ? "There is no such offer" : "There is no such request");
      return FALSE;
    }

  if (g_str_equal (w->action, "cancel"))
    ok = plz_dispatch_engine_cancel (engine, &w->answer_error);
  else if (g_str_equal (w->action, "accept"))
    ok = plz_dispatch_engine_accept (engine, w->id, &w->answer_error);
  else if (g_str_equal (w->action, "decline"))
    ok = plz_dispatch_engine_decline (engine, w->id, &w->answer_error);
  if (!ok && w->answer_error->domain != PLZ_DISPATCH_ERROR)
    {
      /* The booking could not be made: nothing changes. */
      g_propagate_error (error, g_steal_pointer (&w->answer_error));
      _plz_dispatch_ctx_clear (&ctx);
      return FALSE;
    }
  to_plz_error (&w->answer_error);
  /* A late answer still records the expiry and moves on: save, then refuse. */
  if (ctx.changed && !_plz_dispatch_save (&ctx, engine, error))
    {
      _plz_dispatch_ctx_clear (&ctx);
      return FALSE;
    }
  if (g_str_equal (w->action, "accept") && ok)
    w->result = _plz_dispatch_wrap ("booking",
                                    _plz_bookings_booking_to_json (w->self->bookings, ctx.booking, w->user->id));
  else if (g_str_equal (w->action, "decline") && ok)
    {
      w->result = json_object_new ();
      json_object_set_string_member (w->result, "request_id", r->id);
      json_object_set_string_member (w->result, "status", "declined");
    }
  else if (ok)
    w->result = _plz_dispatch_wrap ("request", _plz_dispatch_request_json (&ctx, engine, w->user->id));
  _plz_dispatch_ctx_clear (&ctx);
  return TRUE;
}

static JsonObject *
act (PlzDispatch    *self,
     const PlzUser  *user,
     const char     *id,
     const char     *action,
     GError        **error)
{
  ActWork w = { self, user, id, action };

  if (!plz_store_transaction (_plz_dispatch_store_of (self), act_txn, &w, error))
    {
      g_clear_pointer (&w.result, json_object_unref);
      g_clear_error (&w.answer_error);
      return NULL;
    }
  if (w.answer_error != NULL)
    {
      g_clear_pointer (&w.result, json_object_unref);
      g_propagate_error (error, w.answer_error);
      return NULL;
    }
  return w.result;
}

JsonObject *
plz_dispatch_get (PlzDispatch *self, const PlzUser *user, const char *id, GError **error)
{
  return act (self, user, id, "get", error);
}

JsonObject *
plz_dispatch_cancel (PlzDispatch *self, const PlzUser *user, const char *id, GError **error)
{
  return act (self, user, id, "cancel", error);
}

JsonObject *
plz_dispatch_accept (PlzDispatch *self, const PlzUser *user, const char *offer_id, GError **error)
{
  return act (self, user, offer_id, "accept", error);
}

JsonObject *
plz_dispatch_decline (PlzDispatch *self, const PlzUser *user, const char *offer_id, GError **error)
{
  return act (self, user, offer_id, "decline", error);
}

JsonObject *
plz_dispatch_offers (PlzDispatch    *self,
                     const PlzUser  *user,
                     GError        **error)
{
  g_autoptr(GPtrArray) requests = plz_dispatch_store_offered (_plz_dispatch_store_of (self), user->id, error);
  JsonArray *offers;
  JsonObject *o;

  if (requests == NULL)
    return NULL;
  offers = json_array_new ();
  for (guint i = 0; i < requests->len; i++)
    {
      PlzDispatchCtx ctx = { self, g_ptr_array_index (requests, i) };
      g_autoptr(PlzDispatchEngine) engine = _plz_dispatch_load_engine (&ctx, error);
      const PlzDispatchDecision *offer;

      if (engine == NULL)
        {
          json_array_unref (offers);
          return NULL;
        }
      offer = plz_dispatch_engine_get_offer (engine);
      if (offer != NULL && g_strcmp0 (offer->candidate->operator_id, user->id) == 0)
        json_array_add_object_element (offers, offer_json (&ctx, engine, offer));
    }
  o = json_object_new ();
  json_object_set_array_member (o, "offers", offers);
  return o;
}

/* Timeouts and restarts -------------------------------------------------------- */

/* Expires @offer_id of request @request_id (or, for NULL, resumes the request
 * after a restart) and saves it if it changed. */
static gboolean
with_engine (PlzDispatch  *self,
             const char   *request_id,
             const char   *offer_id,
             GError      **error)
{
  GError *local = NULL;
  g_autoptr(PlzDispatchRequest) r = plz_dispatch_store_get (_plz_dispatch_store_of (self), request_id, &local);
  g_autoptr(PlzDispatchEngine) engine = NULL;
  PlzDispatchCtx ctx = { self };
  gboolean ok = TRUE;

  /* Idempotent: a request gone or over meanwhile is left alone. */
  if (r == NULL)
    {
      if (local->code == PLZ_ERROR_NOT_FOUND)
        {
          g_error_free (local);
          return TRUE;
        }
      g_propagate_error (error, local);
      return FALSE;
    }
  ctx.req = r;
  engine = _plz_dispatch_load_engine (&ctx, error);
  if (engine == NULL)
    return FALSE;
  if (offer_id != NULL)
    plz_dispatch_engine_expire (engine, offer_id);
  else
    plz_dispatch_engine_resume (engine);
  if (ctx.changed || ctx.hook_error != NULL)
    ok = _plz_dispatch_save (&ctx, engine, error);
  _plz_dispatch_ctx_clear (&ctx);
  return ok;
}

static gboolean
timeout_job (PlzJobs     *jobs,
             const char  *key,
             const char  *payload,
             gpointer     user_data,
             GError     **error)
{
  PlzDispatch *self = user_data;
  g_autoptr(JsonNode) node = json_from_string (payload, NULL);
  const char *request_id = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    request_id = json_object_get_string_member_with_default (json_node_get_object (node), "request_id", NULL);
  if (request_id == NULL)
    {
      g_autofree char *from_key = request_id_of_offer (key);

      return from_key == NULL || with_engine (self, from_key, key, error);
    }
  return with_engine (self, request_id, key, error);
}

typedef struct
{
  PlzDispatch *self;
  const char  *request_id;
} ResumeWork;

static gboolean
resume_txn (PlzStore  *store,
            gpointer   data,
            GError   **error)
{
  ResumeWork *w = data;

  return with_engine (w->self, w->request_id, NULL, error);
}

/* Requests left with an offer out: timers again, or the next candidate for
 * an offer that ran out meanwhile. */
static void
resume_all (PlzDispatch *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offered = plz_dispatch_store_offered (_plz_dispatch_store_of (self), NULL, &error);

  if (offered == NULL)
    {
      g_warning ("Cannot resume dispatch requests: %s", error->message);
      return;
    }
  for (guint i = 0; i < offered->len; i++)
    {
      const PlzDispatchRequest *r = g_ptr_array_index (offered, i);
      ResumeWork w = { self, r->id };

      if (!plz_store_transaction (_plz_dispatch_store_of (self), resume_txn, &w, &error))
        {
          /* Its durable timeout job still stands and will retry. */
          g_warning ("Cannot resume dispatch request %s: %s", r->id, error->message);
          g_clear_error (&error);
        }
    }
}

PlzDispatch *
plz_dispatch_new (PlzBookings *bookings)
{
  PlzDispatch *self = g_new0 (PlzDispatch, 1);

  self->bookings = bookings;
  self->radius_km = PLZ_DISPATCH_DEFAULT_RADIUS_KM;
  self->window_us = PLZ_DISPATCH_DEFAULT_WINDOW_US;
  plz_jobs_register (bookings->jobs, PLZ_DISPATCH_JOB_TIMEOUT, timeout_job, self);
  resume_all (self);
  return self;
}

void
plz_dispatch_free (PlzDispatch *self)
{
  g_free (self);
}

void
plz_dispatch_set_radius (PlzDispatch *self,
                         double       radius_km)
{
  self->radius_km = radius_km > 0 ? radius_km : PLZ_DISPATCH_DEFAULT_RADIUS_KM;
}

void
plz_dispatch_set_window (PlzDispatch *self,
                         gint64       window_us)
{
  self->window_us = window_us > 0 ? window_us : PLZ_DISPATCH_DEFAULT_WINDOW_US;
}
