/* plz-bookings.c — the bookings service itself (its parts, its clock) and
 * the JSON helpers its files share; services, availability, the schedule and
 * bookings live in plz-bookings-*.c */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-dispatch.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "moderation/plz-moderation.h"

#include <stdio.h>
#include <string.h>

PlzBookings *
plz_bookings_new (PlzStore     *store,
                  PlzEvents    *events,
                  PlzMessaging *messaging,
                  PlzCatalogue *catalogue,
                  PlzJobs      *jobs)
{
  PlzBookings *self = g_new0 (PlzBookings, 1);

  self->store = g_object_ref (store);
  self->events = events;
  self->messaging = messaging;
  self->catalogue = catalogue;
  self->jobs = jobs;
  plz_jobs_register (jobs, PLZ_BOOKINGS_JOB_EXPIRE, _plz_bookings_expire_job, self);
  plz_messaging_set_booking_card (messaging, _plz_bookings_card, self);
  self->dispatch = plz_dispatch_new (self);
  return self;
}

PlzDispatch *
plz_bookings_get_dispatch (PlzBookings *self)
{
  return self->dispatch;
}

void
plz_bookings_free (PlzBookings *self)
{
  if (self == NULL)
    return;
  plz_messaging_set_booking_card (self->messaging, NULL, NULL);
  g_clear_pointer (&self->dispatch, plz_dispatch_free);
  g_object_unref (self->store);
  g_free (self);
}

void
plz_bookings_set_moderation (PlzBookings   *self,
                             PlzModeration *moderation)
{
  self->moderation = moderation;
}

gint64
_plz_bookings_now (PlzBookings *self)
{
  return plz_jobs_now (self->jobs);
}

/* JSON helpers ------------------------------------------------------------------ */

void
_plz_bookings_set_time (JsonObject *o,
                        const char *name,
                        gint64      usec)
{
  if (usec != 0)
    {
      g_autofree char *text = plz_time_format_rfc3339 (usec);

      json_object_set_string_member (o, name, text);
    }
  else
    json_object_set_null_member (o, name);
}

JsonObject *
_plz_bookings_money (gint64      amount,
                     const char *currency)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "amount", amount);
  json_object_set_string_member (o, "currency", currency);
  return o;
}

gboolean
_plz_bookings_parse_date (const char *text,
                          GDate      *date)
{
  guint y, m, d;
  int end = 0;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%n", &y, &m, &d, &end) != 3 || end != 10 ||
      text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (d, m, y) || y < 2000 || y > 2999)
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* Reads an integer member in [@min, @max] into *@out; absent leaves it. */
gboolean
_plz_bookings_get_bounded (JsonObject  *body,
                           const char  *member,
                           gboolean     required,
                           gint64       min,
                           gint64       max,
                           gint64      *out,
                           GError     **error)
{
  gint64 value = *out;

  if (!plz_json_get_int (body, member, required, &value, error))
    return FALSE;
  if (value < min || value > max)
    {
      plz_error_set_invalid (error, member, "%s must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                             member, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}
