/* plz-bookings-series.c — recurring bookings' rule on the wire, and calendar invites */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-error.h"
#include "plz-ics.h"
#include "plz-json.h"
#include "plz-recurrence.h"
#include "plz-series-store.h"
#include "accounts/plz-accounts-store.h"

#include <string.h>

gboolean
_plz_bookings_parse_recurrence (JsonNode           *node,
                                PlzRecurrenceSpec  *spec,
                                GError            **error)
{
  static const char * const allowed[] = { "frequency", "count", NULL };
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  const char *frequency = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      plz_error_set_invalid (error, "recurrence", "recurrence is an object like {\"frequency\":\"weekly\",\"count\":4}");
      return FALSE;
    }
  o = json_node_get_object (node);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    if (!g_strv_contains (allowed, member))
      {
        plz_error_set_invalid (error, "recurrence", "“%s” is not expected in recurrence", member);
        return FALSE;
      }
  if (!plz_json_get_string (o, "frequency", TRUE, &frequency, error))
    {
      plz_error_set_field (*error, "recurrence");
      return FALSE;
    }
  if (!plz_recurrence_frequency_from_name (frequency, &spec->frequency, error))
    {
      plz_error_set_field (*error, "recurrence");
      return FALSE;
    }
  value = json_object_get_member (o, "count");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
      json_node_get_int (value) < 1 || json_node_get_int (value) > PLZ_RECURRENCE_MAX_COUNT)
    {
      plz_error_set_invalid (error, "recurrence", "recurrence.count is a whole number from 1 to %d",
                             PLZ_RECURRENCE_MAX_COUNT);
      return FALSE;
    }
  spec->count = (guint) json_node_get_int (value);
  spec->until = NULL;
  return TRUE;
}

static GDateTime *
date_time_from_usec (gint64     usec,
                     GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, tz);
}

/* The series behind @b as libical sees it: its rule from the first
 * occurrence, the cancelled ones skipped, the moved ones moved. */
static PlzRecurrence *
load_series (PlzBookings  *self,
             const char   *series_id,
             GError      **error)
{
  g_autoptr(PlzSeries) series = plz_series_store_get (self->store, series_id, error);
  g_autoptr(GPtrArray) occurrences = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(PlzRecurrence) rec = NULL;

  if (series == NULL)
    return NULL;
  tz = g_time_zone_new_identifier (series->time_zone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  start = date_time_from_usec (series->start_at, tz);
  rec = plz_recurrence_new (series->rule, start, series->time_zone, error);
  occurrences = plz_series_store_occurrences (self->store, series_id, error);
  if (rec == NULL || occurrences == NULL)
    return NULL;
  for (guint i = 0; i < occurrences->len; i++)
    {
      const PlzSeriesOccurrence *occ = g_ptr_array_index (occurrences, i);
      g_autoptr(PlzBooking) b = plz_bookings_store_get_booking (self->store, occ->booking_id, error);
      g_autoptr(GDateTime) original = date_time_from_usec (occ->original_at, tz);
      gboolean ok = TRUE;

      if (b == NULL)
        return NULL;
      if (!plz_booking_status_holds_seat (b->status) && g_strcmp0 (b->status, "completed") != 0 &&
          g_strcmp0 (b->status, "reviewed") != 0)
        ok = plz_recurrence_skip (rec, original, error);
      else if (b->start_at != occ->original_at)
        {
          g_autoptr(GDateTime) moved = date_time_from_usec (b->start_at, tz);

          ok = plz_recurrence_move (rec, original, moved, error);
        }
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&rec);
}

static char *
display_name (PlzBookings *self,
              const char  *id)
{
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (self->store, id, NULL);

  return g_strdup (user != NULL ? user->display_name : "Former member");
}

char *
plz_bookings_calendar (PlzBookings    *self,
                       const PlzUser  *user,
                       const char     *id,
                       char          **filename,
                       GError        **error)
{
  GError *local = NULL;
  g_autoptr(PlzBooking) b = plz_bookings_store_get_booking (self->store, id, &local);
  g_autoptr(PlzService) service = NULL;
  g_autoptr(PlzListing) listing = NULL;
  g_autoptr(PlzRecurrence) series = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *operator_name = NULL;
  g_autofree char *consumer_name = NULL;
  g_autofree char *location = NULL;
  static const char * const invited[] = { "confirmed", "preparation", "active", "completed", "reviewed", NULL };
  PlzIcsBooking ics = { 0 };
  char *text;

  if (b == NULL || (g_strcmp0 (b->consumer_id, user->id) != 0 && g_strcmp0 (b->operator_id, user->id) != 0))
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
  /* An invite promises a time: only once the operator has said yes, and
   * not for a booking that will not happen. */
  if (!g_strv_contains (invited, b->status))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_NOT_CONFIRMED,
                   "A %s booking has no calendar invite; it comes once the booking is confirmed", b->status);
      return NULL;
    }
  service = plz_bookings_store_get_service (self->store, b->service_id, error);
  if (service == NULL)
    return NULL;
  if (b->listing_id != NULL)
    listing = plz_catalogue_peek (self->catalogue, b->listing_id, NULL);
  if (b->series_id != NULL)
    {
      series = load_series (self, b->series_id, error);
      if (series == NULL)
        return NULL;
    }
  tz = g_time_zone_new_identifier (b->time_zone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  operator_name = display_name (self, b->operator_id);
  consumer_name = display_name (self, b->consumer_id);
  if (listing != NULL && listing->city != NULL && *listing->city != '\0')
    location = g_strdup (listing->city);

  ics.booking_id = b->id;
  ics.series_id = b->series_id;
  ics.status = b->status;
  ics.service_name = service->name;
  ics.listing_title = listing != NULL ? listing->title : NULL;
  ics.location = location;
  ics.operator_id = b->operator_id;
  ics.operator_name = operator_name;
  ics.consumer_id = b->consumer_id;
  ics.consumer_name = consumer_name;
  ics.time_zone = b->time_zone;
  ics.stamp_us = b->updated_at;
  ics.series = series;
  if (series != NULL)
    {
      /* The series' event starts at its first occurrence, with the length of one. */
      start = g_date_time_ref (plz_recurrence_get_start (series));
      end = g_date_time_add (start, b->end_at - b->start_at);
    }
  else
    {
      start = date_time_from_usec (b->start_at, tz);
      end = date_time_from_usec (b->end_at, tz);
    }
  ics.start = start;
  ics.end = end;
  text = plz_ics_build (&ics, error);
  if (text != NULL && filename != NULL)
    *filename = g_strdup_printf ("plaza-%s-%s.ics", b->series_id != NULL ? "series" : "booking",
                                 b->series_id != NULL ? b->series_id : b->id);
  return text;
}
