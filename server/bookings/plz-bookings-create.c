/* plz-bookings-create.c — making a booking: one-off or a series, every
 * occurrence checked in one transaction, retries answered with the first */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-recurrence.h"
#include "plz-series-store.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-crypto.h"

#include <string.h>

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define NOTE_MAX_CHARS   1000

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
      if (!_plz_bookings_check_time (self, service, a, at, NULL, error))
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
      if (!_plz_bookings_announce (self, b, NULL, "create", w->user->id, PLZ_PARTY_CONSUMER, NULL, i > 0, error))
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
  if (!_plz_bookings_check_time (self, service, a, w->start, NULL, error))
    return FALSE;

  b = new_booking (w->user->id, w->note, service, a, w->start, now);
  b->client_id = g_strdup (w->client_id);
  if (!insert_booking (self, b, error) ||
      !_plz_bookings_announce (self, b, NULL, "create", w->user->id, PLZ_PARTY_CONSUMER, NULL, FALSE, error))
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
      !_plz_bookings_announce (self, b, NULL, "create", service->operator_id, PLZ_PARTY_OPERATOR, reason, FALSE, error))
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

gboolean
_plz_bookings_parse_start (const char  *text,
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
      !_plz_bookings_parse_start (start, &w.start, error) ||
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
                                   : _plz_bookings_moderate (self, user, NULL, FALSE, "note", valid, error);
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
  o = _plz_bookings_booking_answer (self, w.result, user->id);
  if (w.series != NULL)
    json_object_set_array_member (o, "series", _plz_bookings_list_to_json (self, w.series, user->id));
  create_work_clear (&w);
  return o;
}
