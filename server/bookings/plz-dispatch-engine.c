/* plz-dispatch-engine.c — one on-demand request: offer to the best operator,
 * then the next on decline or timeout, until one accepts or none is left */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-engine-private.h"
#include "plz-error.h"

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

gboolean
_plz_dispatch_status_from_name (const char        *name,
                                PlzDispatchStatus *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status_names[i], name) == 0)
      {
        *out = (PlzDispatchStatus) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
_plz_dispatch_outcome_from_name (const char         *name,
                                 PlzDispatchOutcome *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (outcome_names[i], name) == 0)
      {
        *out = (PlzDispatchOutcome) i;
        return TRUE;
      }
  return FALSE;
}

void
_plz_dispatch_decision_free (gpointer data)
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

PlzDispatchEngine *
_plz_dispatch_engine_alloc (const PlzDispatchClock *clock,
                            const PlzDispatchHooks *hooks,
                            gpointer                user_data)
{
  PlzDispatchEngine *self = g_new0 (PlzDispatchEngine, 1);

  self->decisions = g_ptr_array_new_with_free_func (_plz_dispatch_decision_free);
  self->waiting = g_ptr_array_new_with_free_func (_plz_dispatch_decision_free);
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

  self = _plz_dispatch_engine_alloc (clock, hooks, user_data);
  self->request_id = g_strdup (request_id);
  self->tags = need->tags != NULL ? g_strdupv ((GStrv) need->tags) : g_new0 (char *, 1);
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
        {
          const PlzDispatchDecision *d = self->decisions->pdata[i];

          was_offer = g_strcmp0 (d->offer_id, offer_id) == 0;
        }
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
