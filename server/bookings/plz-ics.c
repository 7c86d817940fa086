/* plz-ics.c — a booking as an iCalendar invite (.ics, libical)
 *
 * libical writes the text: it escapes commas, semicolons, backslashes and
 * newlines in TEXT values, quotes parameters (RFC 6868 for quotes inside), and
 * folds lines at 75 octets without splitting a UTF-8 character. We only clean
 * what it would pass through: invalid UTF-8 and control characters. */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-ics.h"
#include "plz-error.h"

#include <libical/ical.h>
#include <string.h>

#define PRODID "-//Plaza//Bookings 1.0//EN"

static const struct
{
  const char *status;
  const char *event_status;
} statuses[] = {
  { "requested", "TENTATIVE" },
  { "confirmed", "CONFIRMED" },
  { "preparation", "CONFIRMED" },
  { "active", "CONFIRMED" },
  { "completed", "CONFIRMED" },
  { "reviewed", "CONFIRMED" },
  /* The time was held and the operator came: the event happened. */
  { "no_show", "CONFIRMED" },
  { "declined", "CANCELLED" },
  { "expired", "CANCELLED" },
  { "cancelled", "CANCELLED" },
};

const char *
plz_ics_event_status (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].status) == 0)
      return statuses[i].event_status;
  return NULL;
}

char *
plz_ics_uid (const PlzIcsBooking *b)
{
  g_return_val_if_fail (b != NULL, NULL);

  if (b->series != NULL && b->series_id != NULL)
    return g_strdup_printf ("plaza-series-%s@plaza.bookings", b->series_id);
  return g_strdup_printf ("plaza-booking-%s@plaza.bookings", b->booking_id);
}

/* Valid UTF-8 without control characters; newlines kept (as LF) only where
 * @multi_line, spaces elsewhere. */
static char *
clean_text (const char *text,
            gboolean    multi_line)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\r' || c == '\n')
        g_string_append_c (out, multi_line ? '\n' : ' ');
      else if (c == '\t')
        g_string_append_c (out, ' ');
      else if (c >= 0x20 && c != 0x7f)
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
require_text (const char  *value,
              const char  *field,
              GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      plz_error_set_invalid (error, field, "The invite needs %s", field);
      return FALSE;
    }
  return TRUE;
}

static struct icaltimetype
wall_clock (GDateTime *t,
            GTimeZone *tz)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, tz);
  struct icaltimetype it = icaltime_null_time ();

  it.year = g_date_time_get_year (local);
  it.month = g_date_time_get_month (local);
  it.day = g_date_time_get_day_of_month (local);
  it.hour = g_date_time_get_hour (local);
  it.minute = g_date_time_get_minute (local);
  it.second = g_date_time_get_second (local);
  return it;
}

/* @prop's value in the operator's wall clock, named by TZID. */
static icalproperty *
with_tzid (icalproperty *prop,
           const char   *time_zone)
{
  icalproperty_add_parameter (prop, icalparameter_new_tzid (time_zone));
  return prop;
}

static icalproperty *
person (icalproperty *prop,
        const char   *name)
{
  g_autofree char *cn = clean_text (name, FALSE);

  icalproperty_add_parameter (prop, icalparameter_new_cn (cn));
  return prop;
}

/* A VEVENT with what every event of the booking says; no RRULE. */
static icalcomponent *
new_event (const PlzIcsBooking *b,
           const char          *uid,
           const char          *event_status,
           GDateTime           *start,
           GDateTime           *end,
           GTimeZone           *tz)
{
  icalcomponent *ev = icalcomponent_new_vevent ();
  g_autofree char *summary = clean_text (b->service_name, FALSE);
  g_autofree char *organizer = g_strdup_printf ("urn:x-plaza:user:%s", b->operator_id);
  g_autofree char *attendee = g_strdup_printf ("urn:x-plaza:user:%s", b->consumer_id);
  icalproperty *who;

  icalcomponent_add_property (ev, icalproperty_new_uid (uid));
  icalcomponent_add_property (ev, icalproperty_new_dtstamp (
    icaltime_from_timet_with_zone ((time_t) (b->stamp_us / G_USEC_PER_SEC), 0,
                                   icaltimezone_get_utc_timezone ())));
  icalcomponent_add_property (ev, with_tzid (icalproperty_new_dtstart (wall_clock (start, tz)),
                                             b->time_zone));
  icalcomponent_add_property (ev, with_tzid (icalproperty_new_dtend (wall_clock (end, tz)),
                                             b->time_zone));
  icalcomponent_add_property (ev, icalproperty_new_summary (summary));
  if (b->location != NULL && *b->location != '\0')
    {
      g_autofree char *location = clean_text (b->location, FALSE);

      icalcomponent_add_property (ev, icalproperty_new_location (location));
    }
  {
    g_autofree char *title = b->listing_title != NULL && *b->listing_title != '\0'
                             ? clean_text (b->listing_title, TRUE) : NULL;
    g_autofree char *description = title != NULL
      ? g_strdup_printf ("%s\n\n%s with %s, booked on Plaza.", title, summary, b->operator_name)
      : g_strdup_printf ("%s with %s, booked on Plaza.", summary, b->operator_name);
    g_autofree char *clean = clean_text (description, TRUE);

    icalcomponent_add_property (ev, icalproperty_new_description (clean));
  }
  icalcomponent_add_property (ev, person (icalproperty_new_organizer (organizer),
                                          b->operator_name));
  who = person (icalproperty_new_attendee (attendee), b->consumer_name);
  icalproperty_add_parameter (who, icalparameter_new_role (ICAL_ROLE_REQPARTICIPANT));
  icalproperty_add_parameter (who, icalparameter_new_partstat (
    g_str_equal (event_status, "CONFIRMED") ? ICAL_PARTSTAT_ACCEPTED
    : g_str_equal (event_status, "CANCELLED") ? ICAL_PARTSTAT_DECLINED
    : ICAL_PARTSTAT_NEEDSACTION));
  icalcomponent_add_property (ev, who);
  icalcomponent_add_property (ev,
                              icalproperty_new_status (icalenum_string_to_status (event_status)));
  return ev;
}

static icalcomponent *
timezone_component (const char  *time_zone,
                    GError     **error)
{
  icaltimezone *zone = icaltimezone_get_builtin_timezone (time_zone);
  icalcomponent *vtz;
  icalproperty *tzid;

  if (zone == NULL || icaltimezone_get_component (zone) == NULL)
    {
      plz_error_set_invalid (error, "time_zone", "“%s” is not a time zone", time_zone);
      return NULL;
    }
  /* libical names its built-in zones "/freeassociation.sourceforge.net/…":
   * calendar programs know the plain IANA name better. */
  vtz = icalcomponent_new_clone (icaltimezone_get_component (zone));
  tzid = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY);
  icalproperty_set_tzid (tzid, time_zone);
  return vtz;
}

static gboolean
validate (const PlzIcsBooking  *b,
          GTimeZone           **tz,
          GError              **error)
{
  if (!require_text (b->booking_id, "booking_id", error)
      || !require_text (b->service_name, "service_name", error)
      || !require_text (b->operator_id, "operator_id", error)
      || !require_text (b->operator_name, "operator_name", error)
      || !require_text (b->consumer_id, "consumer_id", error)
      || !require_text (b->consumer_name, "consumer_name", error)
      || !require_text (b->time_zone, "time_zone", error))
    return FALSE;
  if (plz_ics_event_status (b->status) == NULL)
    {
      plz_error_set_invalid (error, "status", "“%s” is not a booking status",
                             b->status != NULL ? b->status : "");
      return FALSE;
    }
  if (b->start == NULL || b->end == NULL || g_date_time_compare (b->start, b->end) >= 0)
    {
      plz_error_set_invalid (error, "end", "A booking ends after it starts");
      return FALSE;
    }
  if (b->stamp_us <= 0)
    {
      plz_error_set_invalid (error, "stamp", "The invite needs the time the booking last changed");
      return FALSE;
    }
  if (b->series != NULL && g_strcmp0 (plz_recurrence_get_time_zone (b->series), b->time_zone) != 0)
    {
      plz_error_set_invalid (error, "series", "The series repeats in another time zone");
      return FALSE;
    }
  *tz = g_time_zone_new_identifier (b->time_zone);
  if (*tz == NULL)
    {
      plz_error_set_invalid (error, "time_zone", "“%s” is not a time zone", b->time_zone);
      return FALSE;
    }
  return TRUE;
}

/* RRULE and EXDATEs on @ev, and a VEVENT per moved occurrence in @cal. */
static void
add_series (const PlzIcsBooking *b,
            icalcomponent       *cal,
            icalcomponent       *ev,
            const char          *uid,
            const char          *event_status,
            GTimeZone           *tz)
{
  const char *rule = plz_recurrence_get_rule (b->series);
  struct icalrecurrencetype rt = icalrecurrencetype_from_string (rule);
  GTimeSpan duration = g_date_time_difference (b->end, b->start);
  g_autoptr(GPtrArray) skipped = plz_recurrence_get_skipped (b->series);
  g_autoptr(GArray) occurrences = plz_recurrence_expand (b->series, NULL);
  g_autoptr(GDateTime) first_end = g_date_time_add (plz_recurrence_get_start (b->series), duration);
  icalproperty *p;

  /* The series' event starts where the series does, whichever occurrence
   * this booking is. */
  p = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
  icalproperty_set_dtstart (p, wall_clock (plz_recurrence_get_start (b->series), tz));
  p = icalcomponent_get_first_property (ev, ICAL_DTEND_PROPERTY);
  icalproperty_set_dtend (p, wall_clock (first_end, tz));
  icalcomponent_add_property (ev, icalproperty_new_rrule (rt));

  for (guint i = 0; i < skipped->len; i++)
    {
      icalproperty *exdate = icalproperty_new_exdate (wall_clock (skipped->pdata[i], tz));

      icalcomponent_add_property (ev, with_tzid (exdate, b->time_zone));
    }

  for (guint i = 0; i < occurrences->len; i++)
    {
      const PlzOccurrence *o = &g_array_index (occurrences, PlzOccurrence, i);
      g_autoptr(GDateTime) end = NULL;
      icalcomponent *moved;
      icalproperty *rid;

      if (!o->moved)
        continue;
      end = g_date_time_add (o->start, duration);
      moved = new_event (b, uid, event_status, o->start, end, tz);
      rid = icalproperty_new_recurrenceid (wall_clock (o->original, tz));
      icalcomponent_add_property (moved, with_tzid (rid, b->time_zone));
      icalcomponent_add_component (cal, moved);
    }
}

char *
plz_ics_build (const PlzIcsBooking  *b,
               GError              **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *uid = NULL;
  const char *event_status;
  icalcomponent *cal, *vtz, *ev;
  char *text;
  char *out;

  g_return_val_if_fail (b != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate (b, &tz, error))
    return NULL;
  vtz = timezone_component (b->time_zone, error);
  if (vtz == NULL)
    return NULL;

  uid = plz_ics_uid (b);
  event_status = plz_ics_event_status (b->status);
  cal = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (cal, icalproperty_new_prodid (PRODID));
  icalcomponent_add_property (cal, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (cal, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  icalcomponent_add_component (cal, vtz);

  ev = new_event (b, uid, event_status, b->start, b->end, tz);
  /* The series' main event goes first, its moved occurrences after it. */
  icalcomponent_add_component (cal, ev);
  if (b->series != NULL)
    add_series (b, cal, ev, uid, event_status, tz);

  text = icalcomponent_as_ical_string_r (cal);
  out = g_strdup (text);
  icalmemory_free_buffer (text);
  icalcomponent_free (cal);
  return out;
}
