/* plz-bookings-book.c — making bookings and moving them through their lifecycle */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-recurrence.h"
#include "plz-series-store.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-crypto.h"
#include "accounts/plz-accounts-store.h"
#include "moderation/plz-moderation.h"

#include <stdio.h>
#include <string.h>

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define HOUR_US   (MINUTE_US * 60)
#define NOTE_MAX_CHARS   1000
#define REASON_MAX_CHARS 500

/* JSON ------------------------------------------------------------------------------ */

static JsonObject *
person (PlzBookings *self,
        const char  *id)
{
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (self->store, id, NULL);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "display_name", user != NULL ? user->display_name : "Former member");
  return o;
}

/* The party @user_id is in @b, or 0 for neither. */
static PlzParty
party_of (const PlzBooking *b,
          const char       *user_id)
{
  if (g_strcmp0 (b->consumer_id, user_id) == 0)
    return PLZ_PARTY_CONSUMER;
  if (g_strcmp0 (b->operator_id, user_id) == 0)
    return PLZ_PARTY_OPERATOR;
  return 0;
}

/* Why @party may not take @action on @b now (a time rule), or 0 when it may.
 * The lifecycle table has already said the step exists and is theirs. */
static PlzErrorCode
time_rule (const PlzBooking *b,
           const char       *action,
           PlzParty          party,
           gint64            cancel_window_us,
           gint64            now,
           const char      **message)
{
  gboolean accepted = g_strcmp0 (b->status, "confirmed") == 0 || g_strcmp0 (b->status, "preparation") == 0;

  if (g_str_equal (action, "cancel") || g_str_equal (action, "reschedule"))
    {
      /* Operators may always cancel (it is recorded); consumers free of
       * charge until the window before an accepted booking starts. */
      if (party == PLZ_PARTY_CONSUMER && accepted && now > b->start_at - cancel_window_us)
        {
          *message = "It is too late to cancel or move this booking; talk to the operator";
          return PLZ_ERROR_TOO_LATE_TO_CANCEL;
        }
      if (g_str_equal (action, "reschedule") && now >= b->start_at)
        {
          *message = "This booking has already started";
          return PLZ_ERROR_INVALID_TRANSITION;
        }
    }
  if (g_str_equal (action, "no_show") && now < b->start_at)
    {
      *message = "A no-show can only be recorded after the start";
      return PLZ_ERROR_INVALID_TRANSITION;
    }
  return 0;
}

/* Whether @party may reschedule @b at all (ignoring time rules). */
static gboolean
may_reschedule (const PlzBooking *b,
                PlzParty          party)
{
  return party != 0 && (g_strcmp0 (b->status, "requested") == 0 || g_strcmp0 (b->status, "confirmed") == 0);
}

static JsonArray *
actions_for (const PlzBooking *b,
             PlzParty          party,
             gint64            cancel_window_us,
             gint64            now)
{
  const char * const *actions = plz_booking_actions ();
  JsonArray *out = json_array_new ();
  const char *message;

  for (guint i = 0; actions[i] != NULL; i++)
    {
      const PlzBookingStep *step = plz_booking_step_find (actions[i], b->status);

      if (step != NULL && (step->parties & party) != 0 &&
          time_rule (b, actions[i], party, cancel_window_us, now, &message) == 0)
        json_array_add_string_element (out, actions[i]);
    }
  if (may_reschedule (b, party) && time_rule (b, "reschedule", party, cancel_window_us, now, &message) == 0)
    json_array_add_string_element (out, "reschedule");
  return out;
}

static gint64
cancel_window_us (PlzBookings *self,
                  const char  *operator_id)
{
  g_autoptr(PlzAvailability) a = _plz_bookings_availability (self, operator_id, NULL);

  return (a != NULL ? a->cancel_window_minutes : PLZ_BOOKINGS_DEFAULT_CANCEL_MINUTES) * MINUTE_US;
}

JsonObject *
_plz_bookings_booking_to_json (PlzBookings      *self,
                               const PlzBooking *b,
                               const char       *viewer_id)
{
  JsonObject *o = json_object_new ();
  JsonObject *service = json_object_new ();
  g_autoptr(PlzService) s = plz_bookings_store_get_service (self->store, b->service_id, NULL);
  g_autoptr(PlzListing) listing = b->listing_id != NULL ? plz_catalogue_peek (self->catalogue, b->listing_id, NULL)
                                                        : NULL;

  json_object_set_string_member (o, "id", b->id);
  json_object_set_string_member (o, "status", b->status);
  json_object_set_string_member (service, "id", b->service_id);
  json_object_set_string_member (service, "name", s != NULL ? s->name : "");
  json_object_set_int_member (service, "duration_minutes", (b->end_at - b->start_at) / MINUTE_US);
  json_object_set_object_member (o, "service", service);
  if (listing != NULL)
    {
      JsonObject *lo = json_object_new ();

      json_object_set_string_member (lo, "id", listing->id);
      json_object_set_string_member (lo, "title", listing->title);
      if (listing->cover_photo_id != NULL)
        {
          g_autofree char *url = g_strdup_printf ("/api/v1/photos/%s/thumbnail", listing->cover_photo_id);

          json_object_set_string_member (lo, "cover_url", url);
        }
      else
        json_object_set_null_member (lo, "cover_url");
      json_object_set_object_member (o, "listing", lo);
    }
  else
    json_object_set_null_member (o, "listing");
  json_object_set_object_member (o, "consumer", person (self, b->consumer_id));
  json_object_set_object_member (o, "operator", person (self, b->operator_id));
  _plz_bookings_set_time (o, "start", b->start_at);
  _plz_bookings_set_time (o, "end", b->end_at);
  json_object_set_string_member (o, "time_zone", b->time_zone);
  json_object_set_object_member (o, "price", _plz_bookings_money (b->price_minor, b->currency));
  json_object_set_string_member (o, "note", b->note != NULL ? b->note : "");
  if (b->conversation_id != NULL)
    json_object_set_string_member (o, "conversation_id", b->conversation_id);
  else
    json_object_set_null_member (o, "conversation_id");
  if (b->series_id != NULL)
    json_object_set_string_member (o, "series_id", b->series_id);
  else
    json_object_set_null_member (o, "series_id");
  if (b->client_id != NULL && party_of (b, viewer_id) == PLZ_PARTY_CONSUMER)
    json_object_set_string_member (o, "client_id", b->client_id);
  _plz_bookings_set_time (o, "created_at", b->created_at);
  _plz_bookings_set_time (o, "updated_at", b->updated_at);
  _plz_bookings_set_time (o, "expires_at", g_strcmp0 (b->status, "requested") == 0 ? b->expires_at : 0);
  if (b->cancelled_by != NULL)
    json_object_set_string_member (o, "cancelled_by", b->cancelled_by);
  else
    json_object_set_null_member (o, "cancelled_by");
  if (b->reason != NULL)
    json_object_set_string_member (o, "reason", b->reason);
  else
    json_object_set_null_member (o, "reason");
  json_object_set_array_member (o, "actions", actions_for (b, party_of (b, viewer_id),
                                                           cancel_window_us (self, b->operator_id),
                                                           _plz_bookings_now (self)));
  return o;
}

static JsonObject *
booking_answer (PlzBookings      *self,
                const PlzBooking *b,
                const char       *viewer_id)
{
  JsonObject *o = json_object_new ();

  json_object_set_object_member (o, "booking", _plz_bookings_booking_to_json (self, b, viewer_id));
  return o;
}

JsonArray *
_plz_bookings_list_to_json (PlzBookings *self,
                            GPtrArray   *bookings,
                            const char  *viewer_id)
{
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < bookings->len; i++)
    json_array_add_object_element (list, _plz_bookings_booking_to_json (self, g_ptr_array_index (bookings, i),
                                                                        viewer_id));
  return list;
}

/* Announcing a step ---------------------------------------------------------------------- */

/* "Mon 23 Nov 2026, 10:00" in the booking's zone. */
static char *
local_when (const PlzBooking *b)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (b->time_zone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (b->start_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz != NULL ? tz : g_time_zone_new_utc ());

  return g_date_time_format (local, "%a %-d %b %Y, %H:%M");
}

/* The line the conversation shows for a step to @status. */
static char *
step_text (const PlzBooking *b,
           const char       *service_name,
           const char       *action,
           const char       *reason)
{
  g_autofree char *when = local_when (b);
  const char *what;

  if (g_strcmp0 (action, "reschedule") == 0)
    what = "Booking moved";
  else if (g_str_equal (b->status, "requested"))
    what = "Booking requested";
  else if (g_str_equal (b->status, "confirmed"))
    what = "Booking confirmed";
  else if (g_str_equal (b->status, "declined"))
    what = "Booking declined";
  else if (g_str_equal (b->status, "expired"))
    what = "Booking request expired unanswered";
  else if (g_str_equal (b->status, "cancelled"))
    what = g_strcmp0 (b->cancelled_by, "operator") == 0 ? "Booking cancelled by the operator"
                                                         : "Booking cancelled by the customer";
  else if (g_str_equal (b->status, "preparation"))
    what = "Getting ready for the booking";
  else if (g_str_equal (b->status, "active"))
    what = "Booking started";
  else if (g_str_equal (b->status, "completed"))
    what = "Booking completed";
  else if (g_str_equal (b->status, "no_show"))
    what = "Customer did not show up";
  else
    what = "Booking updated";
  if (reason != NULL && *reason != '\0')
    return g_strdup_printf ("%s · %s · %s — “%s”", what, service_name, when, reason);
  return g_strdup_printf ("%s · %s · %s", what, service_name, when);
}

/* Records a step of @b (already saved in its new state) by @actor_id as
 * @role: the history row, the conversation's line (and stage) unless
 * @quiet, and booking.updated in both logs, all in the caller's transaction.
 * A series speaks once in the conversation, for its first occurrence. */
static gboolean
announce (PlzBookings  *self,
          PlzBooking   *b,
          const char   *from_status,
          const char   *action,
          const char   *actor_id,
          PlzParty      role,
          const char   *reason,
          gboolean      quiet,
          GError      **error)
{
  const char *who[] = { b->consumer_id, b->operator_id };
  g_autoptr(PlzService) s = plz_bookings_store_get_service (self->store, b->service_id, NULL);
  g_autofree char *text = step_text (b, s != NULL ? s->name : "Booking", action, reason);
  g_autofree char *actions = g_strdup_printf ("[{\"kind\":\"booking\",\"booking_id\":\"%s\",\"status\":\"%s\"}]",
                                              b->id, b->status);
  g_autofree char *conversation_id = NULL;
  GError *local = NULL;
  gint64 now = _plz_bookings_now (self);

  if (!plz_bookings_store_add_step (self->store, b->id, from_status, b->status, actor_id,
                                    plz_party_name (role), reason, now, error))
    return FALSE;
  if (quiet)
    goto events;
  /* The booking knows its conversation before the message goes out, so that
   * the message's event already shows the booking on the context card. */
  if (b->conversation_id == NULL)
    {
      b->conversation_id = plz_messaging_booking_conversation (self->messaging, b->listing_id, b->consumer_id,
                                                               b->operator_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (b->conversation_id != NULL && !plz_bookings_store_update_booking (self->store, b, error))
        return FALSE;
    }

  conversation_id = plz_messaging_booking_update (self->messaging, b->conversation_id, b->listing_id,
                                                  b->consumer_id, b->operator_id,
                                                  actor_id != NULL ? actor_id : b->operator_id, text, actions,
                                                  g_str_equal (b->status, "confirmed"), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (conversation_id != NULL && g_strcmp0 (conversation_id, b->conversation_id) != 0)
    {
      g_free (b->conversation_id);
      b->conversation_id = g_steal_pointer (&conversation_id);
      if (!plz_bookings_store_update_booking (self->store, b, error))
        return FALSE;
    }

events:
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_autoptr(JsonObject) data = booking_answer (self, b, who[i]);

      if (plz_events_append (self->events, who[i], "booking.updated", data, error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* Checking a time -------------------------------------------------------------------------- */

static gboolean
verdict_error (PlzSlotVerdict   verdict,
               GError         **error)
{
  switch (verdict)
    {
    case PLZ_SLOT_OK:
      return TRUE;
    case PLZ_SLOT_TOO_SOON:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_TOO_SOON, "This time is too soon: the operator needs more notice");
      break;
    case PLZ_SLOT_TOO_FAR:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_TOO_FAR, "This time is too far ahead to book yet");
      break;
    case PLZ_SLOT_OUTSIDE_HOURS:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_OUTSIDE_HOURS, "The operator is not open at this time");
      break;
    case PLZ_SLOT_DAILY_LIMIT:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_DAILY_LIMIT, "This service is fully booked on that day");
      break;
    case PLZ_SLOT_UNAVAILABLE:
    default:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_SLOT_UNAVAILABLE, "This time has just been taken");
      break;
    }
  plz_error_set_field (*error, "start");
  return FALSE;
}

/* Checks that @service may start at @start now, against the bookings in the
 * database (leaving out @except_id); call it inside the write transaction,
 * so that nobody else can take the seat between the check and the insert. */
static gboolean
check_time (PlzBookings            *self,
            const PlzService       *service,
            const PlzAvailability  *a,
            gint64                  start,
            const char             *except_id,
            GError                **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (a->time_zone);
  g_autoptr(GArray) busy = NULL;
  PlzSlotsInput input;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  /* A day and a half either side covers the local day for the daily limit. */
  busy = plz_bookings_store_busy (self->store, service->operator_id, service->id, except_id,
                                  start - 36 * HOUR_US, start + 36 * HOUR_US, error);
  if (busy == NULL)
    return FALSE;
  _plz_bookings_slots_input (self, a, service, tz, busy, &input);
  return verdict_error (plz_slots_check (&input, start), error);
}

/* @text (a note or a reason) after the contact-details policy at the stage
 * @accepted says: as it is, redacted, or NULL when refused (naming @field). */
static char *
moderate (PlzBookings    *self,
          const PlzUser  *user,
          const char     *conversation_id,
          gboolean        accepted,
          const char     *field,
          const char     *text,
          GError        **error)
{
  PlzModerationAction action = PLZ_MODERATION_ALLOW;
  g_autofree char *redacted = NULL;

  if (self->moderation == NULL || text == NULL || *text == '\0')
    return g_strdup (text);
  if (!plz_moderation_check_message (self->moderation, user->id, conversation_id,
                                     accepted ? PLZ_MODERATION_STAGE_BOOKED : PLZ_MODERATION_STAGE_PRE_BOOKING,
                                     text, &action, &redacted, NULL, error))
    {
      if (error != NULL && *error != NULL)
        plz_error_set_field (*error, field);
      return NULL;
    }
  return action == PLZ_MODERATION_REDACT && redacted != NULL ? g_steal_pointer (&redacted) : g_strdup (text);
}

static gboolean
is_accepted (const PlzBooking *b)
{
  return g_strcmp0 (b->status, "requested") != 0 && plz_booking_status_holds_seat (b->status);
}

/* Making a booking --------------------------------------------------------------------------- */

typedef struct
{
  PlzBookings    *self;
  const PlzUser  *user;
  const char     *client_id;
  const char     *service_id;
  gint64          start;
  const char     *note;
  const PlzRecurrenceSpec *recurrence;   /* NULL: a one-off */
  PlzBooking     *result;
  GPtrArray      *series;                /* PlzBooking, by start; NULL for a one-off */
  gboolean        created;
} CreateWork;

static void
create_work_clear (CreateWork *w)
{
  g_clear_pointer (&w->result, plz_booking_free);
  g_clear_pointer (&w->series, g_ptr_array_unref);
}

/* A new booking of @service at @start by @consumer_id (not yet saved). */
static PlzBooking *
new_booking (const char             *consumer_id,
             const char             *note,
             const PlzService       *service,
             const PlzAvailability  *a,
             gint64                  start,
             gint64                  now)
{
  PlzBooking *b = g_new0 (PlzBooking, 1);

  b->id = plz_random_id ();
  b->service_id = g_strdup (service->id);
  b->operator_id = g_strdup (service->operator_id);
  b->consumer_id = g_strdup (consumer_id);
  b->listing_id = g_strdup (service->listing_id);
  b->status = g_strdup (service->instant_confirm ? "confirmed" : "requested");
  b->start_at = start;
  b->end_at = start + service->duration_minutes * MINUTE_US;
  b->block_start = b->start_at - service->buffer_before_minutes * MINUTE_US;
  b->block_end = b->end_at + service->buffer_after_minutes * MINUTE_US;
  b->time_zone = g_strdup (a->time_zone);
  b->price_minor = service->price_minor;
  b->currency = g_strdup (service->currency);
  b->note = g_strdup (note != NULL ? note : "");
  b->created_at = b->updated_at = now;
  if (!service->instant_confirm)
    b->expires_at = MIN (now + a->request_ttl_minutes * MINUTE_US, b->start_at);
  return b;
}

/* Saves @b with its expiry job. */
static gboolean
insert_booking (PlzBookings  *self,
                PlzBooking   *b,
                GError      **error)
{
  if (!plz_bookings_store_insert_booking (self->store, b, error))
    return FALSE;
  return b->expires_at == 0 ||
         plz_jobs_schedule (self->jobs, PLZ_BOOKINGS_JOB_EXPIRE, b->id, NULL, b->expires_at, error);
}

static gint64
to_usec (GDateTime *t)
{
  return g_date_time_to_unix (t) * G_USEC_PER_SEC + g_date_time_get_microsecond (t);
}

/* Books every occurrence of @w's rule from @w->start, in @a's zone, or
 * none: the first that cannot be booked fails the whole series, named in
 * the error (field "recurrence"; "start" when it is the first one). */
static gboolean
create_series (CreateWork             *w,
               const PlzService       *service,
               const PlzAvailability  *a,
               gint64                  now,
               GError                **error)
{
  PlzBookings *self = w->self;
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (w->start / G_USEC_PER_SEC);
  g_autoptr(PlzRecurrence) rec = plz_recurrence_new_from_spec (w->recurrence, start, a->time_zone, error);
  g_autoptr(GArray) occurrences = NULL;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_booking_free);
  PlzSeries series = { 0 };
  g_autofree char *series_id = plz_random_id ();

  if (rec == NULL)
    return FALSE;
  series.id = series_id;
  series.consumer_id = w->user->id;
  series.operator_id = service->operator_id;
  series.service_id = service->id;
  series.rule = (char *) plz_recurrence_get_rule (rec);
  series.start_at = w->start;
  series.time_zone = a->time_zone;
  series.created_at = now;
  if (!plz_series_store_insert (self->store, &series, error))
    return FALSE;

  occurrences = plz_recurrence_expand (rec, NULL);
  for (guint i = 0; i < occurrences->len; i++)
    {
      const PlzOccurrence *occ = &g_array_index (occurrences, PlzOccurrence, i);
      gint64 at = to_usec (occ->start);
      PlzBooking *b;

      /* Each check sees the occurrences saved before it in this transaction. */
      if (!check_time (self, service, a, at, NULL, error))
        {
          if (i > 0)
            {
              g_autofree char *when = g_date_time_format (occ->start, "%a %-d %b %Y, %H:%M");
              g_autofree char *iso = g_date_time_format_iso8601 (occ->start);

              g_prefix_error (error, "The occurrence on %s (%s) cannot be booked: ", when, iso);
              plz_error_set_field (*error, "recurrence");
            }
          return FALSE;
        }
      b = new_booking (w->user->id, w->note, service, a, at, now);
      if (i == 0)
        b->client_id = g_strdup (w->client_id);
      b->series_id = g_strdup (series_id);
      g_ptr_array_add (made, b);
      if (!insert_booking (self, b, error) ||
          !plz_series_store_add_occurrence (self->store, series_id, b->id, occ->index, to_usec (occ->original),
                                            error))
        return FALSE;
    }

  /* The conversation hears of the series once; every occurrence still has
   * its history and its booking.updated. */
  for (guint i = 0; i < made->len; i++)
    {
      PlzBooking *b = g_ptr_array_index (made, i);

      if (i > 0)
        {
          const PlzBooking *first = g_ptr_array_index (made, 0);

          b->conversation_id = g_strdup (first->conversation_id);
          if (b->conversation_id != NULL && !plz_bookings_store_update_booking (self->store, b, error))
            return FALSE;
        }
      if (!announce (self, b, NULL, "create", w->user->id, PLZ_PARTY_CONSUMER, NULL, i > 0, error))
        return FALSE;
    }
  w->result = plz_bookings_store_get_booking (self->store, ((PlzBooking *) g_ptr_array_index (made, 0))->id, error);
  w->series = g_steal_pointer (&made);
  return w->result != NULL;
}

static gboolean
create_txn (PlzStore  *store,
            gpointer   data,
            GError   **error)
{
  CreateWork *w = data;
  PlzBookings *self = w->self;
  g_autoptr(PlzService) service = NULL;
  g_autoptr(PlzAvailability) a = NULL;
  g_autoptr(PlzBooking) b = NULL;
  GError *local = NULL;
  gint64 now = _plz_bookings_now (self);

  /* The retry check, the capacity check and the insert share this
   * transaction (BEGIN IMMEDIATE: one writer at a time). */
  if (w->client_id != NULL)
    {
      b = plz_bookings_store_find_by_client (store, w->user->id, w->client_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (b != NULL)
        {
          if (b->series_id != NULL)
            {
              w->series = plz_bookings_store_series_bookings (store, b->series_id, error);
              if (w->series == NULL)
                return FALSE;
            }
          w->result = g_steal_pointer (&b);
          return TRUE;
        }
    }

  service = plz_bookings_store_get_service (store, w->service_id, &local);
  if (service == NULL || !service->active)
    {
      g_clear_error (&local);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such service");
      plz_error_set_field (*error, "service_id");
      return FALSE;
    }
  if (g_str_equal (service->operator_id, w->user->id))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_OWN_SERVICE, "You cannot book your own service");
      plz_error_set_field (*error, "service_id");
      return FALSE;
    }
  a = _plz_bookings_availability (self, service->operator_id, error);
  if (a == NULL)
    return FALSE;
  if (w->recurrence != NULL)
    {
      if (!create_series (w, service, a, now, error))
        return FALSE;
      w->created = TRUE;
      return TRUE;
    }
  if (!check_time (self, service, a, w->start, NULL, error))
    return FALSE;

  b = new_booking (w->user->id, w->note, service, a, w->start, now);
  b->client_id = g_strdup (w->client_id);
  if (!insert_booking (self, b, error) ||
      !announce (self, b, NULL, "create", w->user->id, PLZ_PARTY_CONSUMER, NULL, FALSE, error))
    return FALSE;
  w->result = g_steal_pointer (&b);
  w->created = TRUE;
  return TRUE;
}

PlzBooking *
_plz_bookings_create_confirmed (PlzBookings       *self,
                                const char        *consumer_id,
                                const PlzService  *service,
                                gint64             start,
                                const char        *note,
                                const char        *reason,
                                GError           **error)
{
  g_autoptr(PlzAvailability) a = _plz_bookings_availability (self, service->operator_id, error);
  g_autoptr(PlzBooking) b = NULL;

  if (a == NULL)
    return NULL;
  b = new_booking (consumer_id, note, service, a, start, _plz_bookings_now (self));
  g_free (b->status);
  b->status = g_strdup ("confirmed");
  b->expires_at = 0;
  if (!insert_booking (self, b, error) ||
      !announce (self, b, NULL, "create", service->operator_id, PLZ_PARTY_OPERATOR, reason, FALSE, error))
    return NULL;
  return g_steal_pointer (&b);
}

static gboolean
member_is_null_or_absent (JsonObject *body,
                          const char *member)
{
  JsonNode *node = json_object_get_member (body, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
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

static gboolean
parse_start (const char  *text,
             gint64      *start,
             GError     **error)
{
  if (!plz_time_parse_rfc3339 (text, start))
    {
      plz_error_set_invalid (error, "start", "start is a time like 2026-11-23T10:00:00Z");
      return FALSE;
    }
  return TRUE;
}

JsonObject *
plz_bookings_create (PlzBookings    *self,
                     const PlzUser  *user,
                     JsonObject     *body,
                     gboolean       *created,
                     GError        **error)
{
  static const char * const allowed[] = { "client_id", "service_id", "start", "note", "recurrence", NULL };
  CreateWork w = { self, user };
  const char *start = NULL, *note = NULL;
  g_autofree char *clean_note = NULL;
  PlzRecurrenceSpec spec = { 0 };
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (allowed, member))
      {
        plz_error_set_invalid (error, member, "“%s” is not expected here", member);
        return NULL;
      }
  if (!plz_json_get_string (body, "client_id", FALSE, &w.client_id, error) ||
      !check_client_id (w.client_id, error) ||
      !plz_json_get_string (body, "service_id", TRUE, &w.service_id, error) ||
      !plz_json_get_string (body, "start", TRUE, &start, error) ||
      !parse_start (start, &w.start, error) ||
      !plz_json_get_string (body, "note", FALSE, &note, error))
    return NULL;
  if (!member_is_null_or_absent (body, "recurrence"))
    {
      if (!_plz_bookings_parse_recurrence (json_object_get_member (body, "recurrence"), &spec, error))
        return NULL;
      w.recurrence = &spec;
    }
  if (note != NULL)
    {
      g_autofree char *valid = plz_validate_text ("note", note, NOTE_MAX_CHARS, error);
      g_autoptr(PlzBooking) earlier = NULL;

      if (valid == NULL)
        return NULL;
      /* Notes pass the contact policy like a first message; a retry is not
       * checked (nor counted) again. */
      if (w.client_id != NULL)
        earlier = plz_bookings_store_find_by_client (self->store, user->id, w.client_id, NULL);
      clean_note = earlier != NULL ? g_steal_pointer (&valid)
                                   : moderate (self, user, NULL, FALSE, "note", valid, error);
      if (clean_note == NULL)
        return NULL;
    }
  w.note = clean_note;
  if (!plz_store_transaction (self->store, create_txn, &w, error))
    {
      create_work_clear (&w);
      return NULL;
    }
  if (created != NULL)
    *created = w.created;
  o = booking_answer (self, w.result, user->id);
  if (w.series != NULL)
    json_object_set_array_member (o, "series", _plz_bookings_list_to_json (self, w.series, user->id));
  create_work_clear (&w);
  return o;
}

/* Reading ---------------------------------------------------------------------------------- */

/* Booking @id if @user_id takes part in it; otherwise NOT_FOUND, the same
 * answer as for one that does not exist. */
static PlzBooking *
booking_for (PlzBookings  *self,
             const char   *user_id,
             const char   *id,
             GError      **error)
{
  GError *local = NULL;
  g_autoptr(PlzBooking) b = plz_bookings_store_get_booking (self->store, id, &local);

  if (b == NULL || party_of (b, user_id) == 0)
    {
      if (local != NULL && local->code != PLZ_ERROR_NOT_FOUND)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_clear_error (&local);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such booking");
      return NULL;
    }
  return g_steal_pointer (&b);
}

JsonObject *
plz_bookings_get (PlzBookings    *self,
                  const PlzUser  *user,
                  const char     *id,
                  GError        **error)
{
  g_autoptr(PlzBooking) b = booking_for (self, user->id, id, error);
  g_autoptr(GPtrArray) steps = NULL;
  JsonObject *o;
  JsonArray *history;

  if (b == NULL)
    return NULL;
  steps = plz_bookings_store_steps (self->store, b->id, error);
  if (steps == NULL)
    return NULL;
  o = booking_answer (self, b, user->id);
  /* The history, added to the contract: each step, who took it, and why. */
  history = json_array_new ();
  for (guint i = 0; i < steps->len; i++)
    {
      const PlzBookingHistory *h = g_ptr_array_index (steps, i);
      JsonObject *ho = json_object_new ();

      if (h->from_status != NULL)
        json_object_set_string_member (ho, "from", h->from_status);
      else
        json_object_set_null_member (ho, "from");
      json_object_set_string_member (ho, "to", h->to_status);
      json_object_set_string_member (ho, "by", h->actor_role);
      json_object_set_string_member (ho, "reason", h->reason != NULL ? h->reason : "");
      _plz_bookings_set_time (ho, "at", h->created_at);
      json_array_add_object_element (history, ho);
    }
  json_object_set_array_member (json_object_get_object_member (o, "booking"), "history", history);
  return o;
}

/* Steps -------------------------------------------------------------------------------------- */

typedef struct
{
  PlzBookings    *self;
  const PlzUser  *user;          /* NULL: the system */
  const char     *id;
  const char     *action;
  const char     *reason;
  gint64          start;         /* reschedule */
  PlzBooking     *result;
} StepWork;

static void
step_work_clear (StepWork *w)
{
  g_clear_pointer (&w->result, plz_booking_free);
}

/* Moves @b by @step (already allowed) taken by @party. */
static void
apply_step (StepWork               *w,
            PlzBooking             *b,
            const PlzBookingStep   *step,
            PlzParty                party)
{
  g_free (b->status);
  b->status = g_strdup (step->to);
  b->updated_at = _plz_bookings_now (w->self);
  if (g_str_equal (step->action, "cancel"))
    {
      g_free (b->cancelled_by);
      b->cancelled_by = g_strdup (plz_party_name (party));
    }
  if (w->reason != NULL && *w->reason != '\0')
    {
      g_free (b->reason);
      b->reason = g_strdup (w->reason);
    }
  if (!g_str_equal (b->status, "requested"))
    b->expires_at = 0;
}

static gboolean
step_txn (PlzStore  *store,
          gpointer   data,
          GError   **error)
{
  StepWork *w = data;
  PlzBookings *self = w->self;
  g_autoptr(PlzBooking) b = NULL;
  g_autofree char *from = NULL;
  const PlzBookingStep *step;
  PlzParty party;
  PlzErrorCode code;
  const char *message = NULL;

  if (w->user != NULL)
    b = booking_for (self, w->user->id, w->id, error);
  else
    b = plz_bookings_store_get_booking (store, w->id, error);
  if (b == NULL)
    return FALSE;
  party = w->user != NULL ? party_of (b, w->user->id) : PLZ_PARTY_SYSTEM;
  step = plz_booking_step_find (w->action, b->status);
  if (step == NULL)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_TRANSITION, "A %s booking cannot be %s",
                   b->status, w->action);
      plz_error_set_field (*error, "action");
      return FALSE;
    }
  if ((step->parties & party) == 0)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_FORBIDDEN, "Only the %s may %s this booking",
                   (step->parties & PLZ_PARTY_OPERATOR) ? "operator" : "customer", w->action);
      return FALSE;
    }
  code = time_rule (b, w->action, party, cancel_window_us (self, b->operator_id), _plz_bookings_now (self),
                    &message);
  if (code != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, code, message);
      plz_error_set_field (*error, "action");
      return FALSE;
    }
  from = g_strdup (b->status);
  apply_step (w, b, step, party);
  if (!plz_bookings_store_update_booking (store, b, error) ||
      (g_str_equal (from, "requested") && !plz_jobs_cancel (self->jobs, PLZ_BOOKINGS_JOB_EXPIRE, b->id, error)) ||
      !announce (self, b, from, w->action, w->user != NULL ? w->user->id : NULL, party, w->reason, FALSE,
                error))
    return FALSE;
  w->result = g_steal_pointer (&b);
  return TRUE;
}

static gboolean
check_reason (const char  *reason,
              char       **clean,
              GError     **error)
{
  if (reason == NULL)
    return TRUE;
  *clean = plz_validate_text ("reason", reason, REASON_MAX_CHARS, error);
  return *clean != NULL;
}

JsonObject *
plz_bookings_act (PlzBookings    *self,
                  const PlzUser  *user,
                  const char     *id,
                  const char     *action,
                  const char     *reason,
                  GError        **error)
{
  g_autofree char *clean = NULL;
  StepWork w = { self, user, id, action };
  JsonObject *o;

  if (action == NULL || !g_strv_contains (plz_booking_actions (), action))
    {
      plz_error_set_invalid (error, "action", "action is one of confirm, decline, prepare, start, complete, "
                                              "cancel, no_show");
      return NULL;
    }
  if (!check_reason (reason, &clean, error))
    return NULL;
  if (clean != NULL && *clean != '\0')
    {
      g_autoptr(PlzBooking) b = booking_for (self, user->id, id, error);
      g_autofree char *checked = NULL;

      if (b == NULL)
        return NULL;
      checked = moderate (self, user, b->conversation_id, is_accepted (b), "reason", clean, error);
      if (checked == NULL)
        return NULL;
      g_free (clean);
      clean = g_steal_pointer (&checked);
    }
  w.reason = clean;
  if (!plz_store_transaction (self->store, step_txn, &w, error))
    {
      step_work_clear (&w);
      return NULL;
    }
  o = booking_answer (self, w.result, user->id);
  step_work_clear (&w);
  return o;
}

JsonObject *
plz_bookings_skip (PlzBookings    *self,
                   const PlzUser  *user,
                   const char     *id,
                   GError        **error)
{
  g_autoptr(PlzBooking) b = booking_for (self, user->id, id, error);

  if (b == NULL)
    return NULL;
  if (b->series_id == NULL)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_TRANSITION,
                           "This booking is not part of a series: cancel it instead");
      return NULL;
    }
  return plz_bookings_act (self, user, id, "cancel", "Skipped this occurrence", error);
}

/* One person is not at two occurrences of their series at once: moving
 * @b to @start must not overlap another occurrence that still holds a seat. */
static gboolean
check_series_overlap (PlzBookings       *self,
                      const PlzBooking  *b,
                      gint64             start,
                      const PlzService  *service,
                      GError           **error)
{
  g_autoptr(GPtrArray) series = plz_bookings_store_series_bookings (self->store, b->series_id, error);
  gint64 end = start + service->duration_minutes * MINUTE_US;

  if (series == NULL)
    return FALSE;
  for (guint i = 0; i < series->len; i++)
    {
      const PlzBooking *other = g_ptr_array_index (series, i);

      if (g_strcmp0 (other->id, b->id) != 0 && plz_booking_status_holds_seat (other->status) &&
          other->start_at < end && start < other->end_at)
        {
          g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_SLOT_UNAVAILABLE,
                               "Another booking of this series is at that time");
          plz_error_set_field (*error, "start");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
reschedule_txn (PlzStore  *store,
                gpointer   data,
                GError   **error)
{
  StepWork *w = data;
  PlzBookings *self = w->self;
  g_autoptr(PlzBooking) b = booking_for (self, w->user->id, w->id, error);
  g_autoptr(PlzService) service = NULL;
  g_autoptr(PlzAvailability) a = NULL;
  g_autofree char *from = NULL;
  PlzParty party;
  PlzErrorCode code;
  const char *message = NULL;
  gint64 now = _plz_bookings_now (self);

  if (b == NULL)
    return FALSE;
  party = party_of (b, w->user->id);
  if (!may_reschedule (b, party))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_TRANSITION, "A %s booking cannot be moved", b->status);
      return FALSE;
    }
  code = time_rule (b, "reschedule", party, cancel_window_us (self, b->operator_id), now, &message);
  if (code != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, code, message);
      return FALSE;
    }
  service = plz_bookings_store_get_service (store, b->service_id, error);
  if (service == NULL)
    return FALSE;
  a = _plz_bookings_availability (self, b->operator_id, error);
  if (a == NULL || !check_time (self, service, a, w->start, b->id, error))
    return FALSE;
  if (b->series_id != NULL && !check_series_overlap (self, b, w->start, service, error))
    return FALSE;

  from = g_strdup (b->status);
  b->start_at = w->start;
  b->end_at = w->start + service->duration_minutes * MINUTE_US;
  b->block_start = b->start_at - service->buffer_before_minutes * MINUTE_US;
  b->block_end = b->end_at + service->buffer_after_minutes * MINUTE_US;
  b->updated_at = now;
  /* A customer's new time needs the operator's yes again (unless the
   * service confirms instantly); the operator's own move stands. */
  if (party == PLZ_PARTY_CONSUMER && !service->instant_confirm)
    {
      g_free (b->status);
      b->status = g_strdup ("requested");
      b->expires_at = MIN (now + a->request_ttl_minutes * MINUTE_US, b->start_at);
      if (!plz_jobs_schedule (self->jobs, PLZ_BOOKINGS_JOB_EXPIRE, b->id, NULL, b->expires_at, error))
        return FALSE;
    }
  else if (g_str_equal (b->status, "requested"))
    {
      b->expires_at = MIN (b->expires_at, b->start_at);
      if (!plz_jobs_schedule (self->jobs, PLZ_BOOKINGS_JOB_EXPIRE, b->id, NULL, b->expires_at, error))
        return FALSE;
    }
  if (!plz_bookings_store_update_booking (store, b, error) ||
      !announce (self, b, from, "reschedule", w->user->id, party, NULL, FALSE, error))
    return FALSE;
  w->result = g_steal_pointer (&b);
  return TRUE;
}

JsonObject *
plz_bookings_reschedule (PlzBookings    *self,
                         const PlzUser  *user,
                         const char     *id,
                         const char     *start,
                         GError        **error)
{
  StepWork w = { self, user, id, "reschedule" };
  JsonObject *o;

  if (start == NULL)
    {
      plz_error_set_invalid (error, "start", "Say when to move the booking to");
      return NULL;
    }
  if (!parse_start (start, &w.start, error))
    return NULL;
  if (!plz_store_transaction (self->store, reschedule_txn, &w, error))
    {
      step_work_clear (&w);
      return NULL;
    }
  o = booking_answer (self, w.result, user->id);
  step_work_clear (&w);
  return o;
}

/* Expiry ------------------------------------------------------------------------------------ */

gboolean
_plz_bookings_expire_job (PlzJobs     *jobs,
                          const char  *key,
                          const char  *payload,
                          gpointer     user_data,
                          GError     **error)
{
  PlzBookings *self = user_data;
  g_autoptr(PlzBooking) b = NULL;
  StepWork w = { self, NULL, key, "expire" };
  GError *local = NULL;
  gboolean ok;

  /* Idempotent: a booking answered (or gone) meanwhile is left alone. */
  b = plz_bookings_store_get_booking (self->store, key, &local);
  if (b == NULL)
    {
      if (local->code == PLZ_ERROR_NOT_FOUND)
        {
          g_error_free (local);
          return TRUE;
        }
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!g_str_equal (b->status, "requested") || b->expires_at > _plz_bookings_now (self))
    return TRUE;
  ok = step_txn (self->store, &w, error);
  step_work_clear (&w);
  return ok;
}

/* Lists ---------------------------------------------------------------------------------------- */

static JsonObject *
bookings_answer (PlzBookings *self,
                 GPtrArray   *bookings,
                 const char  *viewer_id)
{
  JsonObject *o = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < bookings->len; i++)
    json_array_add_object_element (list, _plz_bookings_booking_to_json (self, g_ptr_array_index (bookings, i),
                                                                        viewer_id));
  json_object_set_array_member (o, "bookings", list);
  return o;
}

JsonObject *
plz_bookings_list (PlzBookings    *self,
                   const PlzUser  *user,
                   const char     *role,
                   const char     *scope,
                   const char     *limit,
                   const char     *cursor,
                   GError        **error)
{
  gint64 after_start = 0, after_num = 0, n = 20;
  g_autoptr(GPtrArray) page = NULL;
  JsonObject *o;
  char *end = NULL;

  if (role == NULL)
    role = "consumer";
  if (scope == NULL)
    scope = "upcoming";
  if (!g_str_equal (role, "consumer") && !g_str_equal (role, "operator"))
    {
      plz_error_set_invalid (error, "role", "role is consumer or operator");
      return NULL;
    }
  if (!g_str_equal (scope, "upcoming") && !g_str_equal (scope, "past"))
    {
      plz_error_set_invalid (error, "scope", "scope is upcoming or past");
      return NULL;
    }
  if (limit != NULL)
    {
      n = g_ascii_strtoll (limit, &end, 10);
      if (end == limit || *end != '\0' || n < 1 || n > 100)
        {
          plz_error_set_invalid (error, "limit", "limit is from 1 to 100");
          return NULL;
        }
    }
  if (cursor != NULL &&
      (sscanf (cursor, "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, &after_start, &after_num) != 2 || after_num <= 0))
    {
      plz_error_set_invalid (error, "cursor", "This cursor was not given by the server");
      return NULL;
    }
  page = plz_bookings_store_page (self->store, user->id, role, g_str_equal (scope, "upcoming"),
                                  _plz_bookings_now (self), after_start, after_num, (guint) n + 1, error);
  if (page == NULL)
    return NULL;
  if (page->len > (guint) n)
    {
      const PlzBooking *last = g_ptr_array_index (page, n - 1);
      g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, last->start_at, last->num);

      g_ptr_array_set_size (page, n);
      o = bookings_answer (self, page, user->id);
      json_object_set_string_member (o, "next_cursor", next);
      return o;
    }
  o = bookings_answer (self, page, user->id);
  json_object_set_null_member (o, "next_cursor");
  return o;
}

JsonObject *
plz_bookings_customer (PlzBookings    *self,
                       const PlzUser  *user,
                       const char     *customer_id,
                       GError        **error)
{
  g_autoptr(GPtrArray) bookings = plz_bookings_store_customer (self->store, user->id, customer_id, error);

  if (bookings == NULL)
    return NULL;
  /* Someone who never booked with this operator looks like no one at all. */
  if (bookings->len == 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such customer");
      return NULL;
    }
  return bookings_answer (self, bookings, user->id);
}
