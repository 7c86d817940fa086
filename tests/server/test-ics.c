/* test-ics.c — booking invites parse back with libical, field by field and in their zone */
#include "plz-error.h"
#include "bookings/plz-ics.h"

#include <libical/ical.h>
#include <string.h>

static GDateTime *
local_time (const char *zone,
            int         year,
            int         month,
            int         day,
            int         hour,
            int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

typedef struct
{
  GDateTime    *start;
  GDateTime    *end;
  PlzIcsBooking b;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->start = local_time ("Europe/Berlin", 2026, 11, 23, 9, 0);
  f->end = local_time ("Europe/Berlin", 2026, 11, 23, 11, 30);
  f->b = (PlzIcsBooking) {
    .booking_id = "b-7f3a",
    .status = "confirmed",
    .service_name = "Deep clean",
    .listing_title = "Spotless homes in Berlin-Mitte",
    .location = "Torstraße 1, Berlin",
    .operator_id = "u-op",
    .operator_name = "Sipho Dlamini",
    .consumer_id = "u-con",
    .consumer_name = "Thandi Nkosi",
    .start = f->start,
    .end = f->end,
    .time_zone = "Europe/Berlin",
    .stamp_us = G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC,
  };
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_date_time_unref (f->start);
  g_date_time_unref (f->end);
}

static icalcomponent *
build_and_parse (const PlzIcsBooking *b,
                 char               **text_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = plz_ics_build (b, &error);
  icalcomponent *cal;

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCALENDAR\r\n"));
  cal = icalparser_parse_string (text);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);
  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);
  return cal;
}

/* The instant @t (read in its VTIMEZONE by libical) as Unix seconds. */
static gint64
to_unix (struct icaltimetype t)
{
  g_assert_nonnull (t.zone);
  return (gint64) icaltime_as_timet_with_zone (t, t.zone);
}

static const char *
param_text (icalproperty      *p,
            icalparameter_kind kind)
{
  icalparameter *param = icalproperty_get_first_parameter (p, kind);

  g_assert_nonnull (param);
  return icalparameter_as_ical_string (param);
}

static icalcomponent *
first_event (icalcomponent *cal)
{
  return icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
}

static const char *
cn_of (icalproperty *p)
{
  return icalparameter_get_cn (icalproperty_get_first_parameter (p, ICAL_CN_PARAMETER));
}

static icalparameter_partstat
partstat_of (icalproperty *p)
{
  return icalparameter_get_partstat (icalproperty_get_first_parameter (p, ICAL_PARTSTAT_PARAMETER));
}

static const char *
tzid_of (icalcomponent *vtz)
{
  return icalproperty_get_tzid (icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY));
}

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  icalcomponent *cal = build_and_parse (&f->b, NULL);
  icalcomponent *vtz = icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT);
  icalcomponent *ev = first_event (cal);
  icalproperty *p;
  struct icaltimetype dtstart, dtend, stamp;
  g_autofree char *uid = plz_ics_uid (&f->b);

  p = icalcomponent_get_first_property (cal, ICAL_VERSION_PROPERTY);
  g_assert_cmpstr (icalproperty_get_version (p), ==,
                   "2.0");
  p = icalcomponent_get_first_property (cal, ICAL_METHOD_PROPERTY);
  g_assert_cmpint (icalproperty_get_method (p), ==,
                   ICAL_METHOD_PUBLISH);
  g_assert_nonnull (icalcomponent_get_first_property (cal, ICAL_PRODID_PROPERTY));

  /* One zone, under its IANA name. */
  g_assert_nonnull (vtz);
  g_assert_null (icalcomponent_get_next_component (cal, ICAL_VTIMEZONE_COMPONENT));
  g_assert_cmpstr (tzid_of (vtz), ==,
                   "Europe/Berlin");

  g_assert_nonnull (ev);
  g_assert_null (icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT));
  g_assert_cmpstr (icalcomponent_get_uid (ev), ==, uid);
  g_assert_cmpstr (uid, ==, "plaza-booking-b-7f3a@plaza.bookings");
  g_assert_cmpstr (icalcomponent_get_summary (ev), ==, "Deep clean");
  g_assert_cmpstr (icalcomponent_get_location (ev), ==, "Torstraße 1, Berlin");
  g_assert_cmpstr (icalcomponent_get_description (ev), ==,
                   "Spotless homes in Berlin-Mitte\n\n"
                   "Deep clean with Sipho Dlamini, booked on Plaza.");
  g_assert_cmpint (icalcomponent_get_status (ev), ==, ICAL_STATUS_CONFIRMED);

  stamp = icalcomponent_get_dtstamp (ev);
  g_assert_true (icaltime_is_utc (stamp));
  g_assert_cmpint ((gint64) icaltime_as_timet (stamp), ==, 1795000000);

  /* Wall clock in the zone's name, and the same instants as the booking. */
  p = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
  g_assert_cmpstr (param_text (p, ICAL_TZID_PARAMETER), ==, "TZID=Europe/Berlin");
  g_assert_null (icalproperty_get_next_parameter (p, ICAL_TZID_PARAMETER));
  dtstart = icalcomponent_get_dtstart (ev);
  dtend = icalcomponent_get_dtend (ev);
  g_assert_cmpint (dtstart.hour, ==, 9);
  g_assert_cmpint (dtend.hour, ==, 11);
  g_assert_cmpint (dtend.minute, ==, 30);
  g_assert_cmpint (to_unix (dtstart), ==, g_date_time_to_unix (f->start));
  g_assert_cmpint (to_unix (dtend), ==, g_date_time_to_unix (f->end));

  p = icalcomponent_get_first_property (ev, ICAL_ORGANIZER_PROPERTY);
  g_assert_cmpstr (icalproperty_get_organizer (p), ==, "urn:x-plaza:user:u-op");
  g_assert_cmpstr (cn_of (p), ==,
                   "Sipho Dlamini");
  p = icalcomponent_get_first_property (ev, ICAL_ATTENDEE_PROPERTY);
  g_assert_cmpstr (icalproperty_get_attendee (p), ==, "urn:x-plaza:user:u-con");
  g_assert_cmpstr (cn_of (p), ==,
                   "Thandi Nkosi");
  g_assert_cmpint (partstat_of (p), ==,
                   ICAL_PARTSTAT_ACCEPTED);
  g_assert_null (icalcomponent_get_first_property (ev, ICAL_RRULE_PROPERTY));

  icalcomponent_free (cal);
}

/* Summer time is in the VTIMEZONE too: a July booking keeps its instant. */
static void
test_summer_zone (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) start = local_time ("Europe/Berlin", 2027, 7, 5, 9, 0);
  g_autoptr(GDateTime) end = local_time ("Europe/Berlin", 2027, 7, 5, 10, 0);
  icalcomponent *cal;
  struct icaltimetype dtstart;

  f->b.start = start;
  f->b.end = end;
  cal = build_and_parse (&f->b, NULL);
  dtstart = icalcomponent_get_dtstart (first_event (cal));
  g_assert_cmpint (dtstart.hour, ==, 9);
  g_assert_cmpint (to_unix (dtstart), ==, g_date_time_to_unix (start));
  icalcomponent_free (cal);

  /* Another zone, and a start given in UTC: the wall clock is the operator's. */
  {
    g_autoptr(GDateTime) utc_start = g_date_time_new_utc (2026, 11, 23, 7, 0, 0);
    g_autoptr(GDateTime) utc_end = g_date_time_new_utc (2026, 11, 23, 8, 0, 0);
    icalcomponent *vtz;

    f->b.start = utc_start;
    f->b.end = utc_end;
    f->b.time_zone = "Africa/Johannesburg";
    cal = build_and_parse (&f->b, NULL);
    vtz = icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT);
    g_assert_cmpstr (tzid_of (vtz), ==,
                     "Africa/Johannesburg");
    dtstart = icalcomponent_get_dtstart (first_event (cal));
    g_assert_cmpint (dtstart.hour, ==, 9);
    g_assert_cmpint (to_unix (dtstart), ==, g_date_time_to_unix (utc_start));
    icalcomponent_free (cal);
  }
}

static void
assert_folded (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  /* Every line ends CRLF (the split leaves one empty string after the last). */
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_null (strchr (lines[i], '\r'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      /* Folding never splits a character. */
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
}

static void
test_hostile_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *long_title = NULL;
  GString *title = g_string_new ("Lawn; edges, and hedges\\ ");
  icalcomponent *cal, *ev;
  icalproperty *p;

  for (int i = 0; i < 30; i++)
    g_string_append (title, "ñandú ");
  long_title = g_string_free (title, FALSE);
  f->b.service_name = "Garden\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:owned";
  f->b.listing_title = long_title;
  f->b.location = "12 Main Rd; Unit 3, \"Rosebank\"\tJHB";
  f->b.operator_name = "Sipho \"Fix-it\"; Dlamini: plumber, Co";
  f->b.consumer_name = "Th\x01" "andi\xff";

  cal = build_and_parse (&f->b, &text);
  assert_folded (text);
  /* Still one event: the injected lines stayed text. */
  ev = first_event (cal);
  g_assert_null (icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT));
  g_assert_cmpstr (icalcomponent_get_summary (ev), ==,
                   "Garden END:VEVENT BEGIN:VEVENT SUMMARY:owned");
  g_assert_true (g_str_has_prefix (icalcomponent_get_description (ev), long_title));
  g_assert_cmpstr (icalcomponent_get_location (ev), ==, "12 Main Rd; Unit 3, \"Rosebank\" JHB");
  p = icalcomponent_get_first_property (ev, ICAL_ORGANIZER_PROPERTY);
  g_assert_cmpstr (cn_of (p), ==,
                   "Sipho \"Fix-it\"; Dlamini: plumber, Co");
  p = icalcomponent_get_first_property (ev, ICAL_ATTENDEE_PROPERTY);
  g_assert_cmpstr (cn_of (p), ==,
                   "Thandi\xef\xbf\xbd");
  /* The escapes are on the wire, not only undone by the parser. */
  g_assert_nonnull (strstr (text, "Lawn\\; edges\\, and hedges\\\\"));
  icalcomponent_free (cal);
}

static void
test_series (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) first = local_time ("Europe/Berlin", 2026, 3, 16, 9, 0);
  g_autoptr(GDateTime) second = local_time ("Europe/Berlin", 2026, 3, 23, 9, 0);
  g_autoptr(GDateTime) third = local_time ("Europe/Berlin", 2026, 3, 30, 9, 0);
  g_autoptr(GDateTime) third_moved = local_time ("Europe/Berlin", 2026, 3, 31, 15, 0);
  g_autoptr(GDateTime) third_end = local_time ("Europe/Berlin", 2026, 3, 30, 11, 30);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzRecurrence) series = plz_recurrence_new ("FREQ=WEEKLY;COUNT=4", first,
                                                        "Europe/Berlin", &error);
  icalcomponent *cal, *ev, *moved, *vtz;
  icalproperty *p;
  struct icalrecurrencetype rt;
  struct icaltimetype t;
  int n_events = 0;

  g_assert_no_error (error);
  g_assert_true (plz_recurrence_skip (series, second, &error));
  g_assert_true (plz_recurrence_move (series, third, third_moved, &error));
  /* The invite is asked for from the third booking: the series is the event. */
  f->b.series = series;
  f->b.series_id = "s-42";
  f->b.start = third;
  f->b.end = third_end;
  cal = build_and_parse (&f->b, NULL);
  vtz = icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT);

  for (icalcomponent *c = first_event (cal);
       c != NULL; c = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    {
      n_events++;
      g_assert_cmpstr (icalcomponent_get_uid (c), ==, "plaza-series-s-42@plaza.bookings");
    }
  g_assert_cmpint (n_events, ==, 2);

  ev = first_event (cal);
  t = icalcomponent_get_dtstart (ev);
  g_assert_cmpint (to_unix (t), ==, g_date_time_to_unix (first));
  t = icalcomponent_get_dtend (ev);
  g_assert_cmpint (t.hour, ==, 11);
  g_assert_cmpint (t.minute, ==, 30);
  p = icalcomponent_get_first_property (ev, ICAL_RRULE_PROPERTY);
  g_assert_nonnull (p);
  rt = icalproperty_get_rrule (p);
  g_assert_cmpint (rt.freq, ==, ICAL_WEEKLY_RECURRENCE);
  g_assert_cmpint (rt.count, ==, 4);

  p = icalcomponent_get_first_property (ev, ICAL_EXDATE_PROPERTY);
  g_assert_nonnull (p);
  g_assert_null (icalcomponent_get_next_property (ev, ICAL_EXDATE_PROPERTY));
  g_assert_cmpstr (param_text (p, ICAL_TZID_PARAMETER), ==, "TZID=Europe/Berlin");
  t = icalproperty_get_exdate (p);
  t.zone = icalcomponent_get_timezone (cal, "Europe/Berlin");
  g_assert_nonnull (vtz);
  g_assert_cmpint (to_unix (t), ==, g_date_time_to_unix (second));

  moved = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT);
  g_assert_null (icalcomponent_get_first_property (moved, ICAL_RRULE_PROPERTY));
  p = icalcomponent_get_first_property (moved, ICAL_RECURRENCEID_PROPERTY);
  g_assert_nonnull (p);
  t = icalproperty_get_recurrenceid (p);
  t.zone = icalcomponent_get_timezone (cal, "Europe/Berlin");
  g_assert_cmpint (to_unix (t), ==, g_date_time_to_unix (third));
  t = icalcomponent_get_dtstart (moved);
  g_assert_cmpint (to_unix (t), ==, g_date_time_to_unix (third_moved));
  /* Summer time by then: 15:00 +02:00. */
  g_assert_cmpint (t.hour, ==, 15);
  t = icalcomponent_get_dtend (moved);
  g_assert_cmpint (t.hour, ==, 17);
  g_assert_cmpint (t.minute, ==, 30);

  icalcomponent_free (cal);
}

static void
test_statuses (Fixture       *f,
               gconstpointer  data)
{
  icalcomponent *cal;
  icalproperty *p;

  g_assert_cmpstr (plz_ics_event_status ("requested"), ==, "TENTATIVE");
  g_assert_cmpstr (plz_ics_event_status ("active"), ==, "CONFIRMED");
  g_assert_cmpstr (plz_ics_event_status ("cancelled"), ==, "CANCELLED");
  g_assert_cmpstr (plz_ics_event_status ("expired"), ==, "CANCELLED");
  g_assert_null (plz_ics_event_status ("maybe"));
  g_assert_null (plz_ics_event_status (NULL));

  f->b.status = "cancelled";
  cal = build_and_parse (&f->b, NULL);
  g_assert_cmpint (icalcomponent_get_status (first_event (cal)), ==,
                   ICAL_STATUS_CANCELLED);
  icalcomponent_free (cal);

  f->b.status = "requested";
  f->b.location = NULL;
  f->b.listing_title = NULL;
  cal = build_and_parse (&f->b, NULL);
  g_assert_cmpint (icalcomponent_get_status (first_event (cal)), ==,
                   ICAL_STATUS_TENTATIVE);
  g_assert_null (icalcomponent_get_first_property (first_event (cal),
                                                   ICAL_LOCATION_PROPERTY));
  p = icalcomponent_get_first_property (first_event (cal),
                                        ICAL_ATTENDEE_PROPERTY);
  g_assert_cmpint (partstat_of (p), ==,
                   ICAL_PARTSTAT_NEEDSACTION);
  icalcomponent_free (cal);
}

static void
assert_refused (const PlzIcsBooking *b,
                const char          *field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = plz_ics_build (b, &error);

  g_assert_null (text);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (error), ==, field);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  PlzIcsBooking b;
  g_autoptr(GDateTime) other_start = local_time ("Africa/Johannesburg", 2026, 11, 23, 9, 0);
  g_autoptr(PlzRecurrence) other = plz_recurrence_new ("FREQ=WEEKLY;COUNT=2", other_start,
                                                       "Africa/Johannesburg", NULL);

  b = f->b, b.booking_id = NULL;
  assert_refused (&b, "booking_id");
  b = f->b, b.service_name = "";
  assert_refused (&b, "service_name");
  b = f->b, b.operator_name = NULL;
  assert_refused (&b, "operator_name");
  b = f->b, b.consumer_id = NULL;
  assert_refused (&b, "consumer_id");
  b = f->b, b.status = "pending";
  assert_refused (&b, "status");
  b = f->b, b.end = f->start;
  assert_refused (&b, "end");
  b = f->b, b.start = NULL;
  assert_refused (&b, "end");
  b = f->b, b.time_zone = "Mars/Olympus";
  assert_refused (&b, "time_zone");
  b = f->b, b.time_zone = NULL;
  assert_refused (&b, "time_zone");
  b = f->b, b.stamp_us = 0;
  assert_refused (&b, "stamp");
  b = f->b, b.series = other, b.series_id = "s-1";
  assert_refused (&b, "series");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ics/fields", test_fields);
  ADD ("/ics/zones", test_summer_zone);
  ADD ("/ics/hostile-text", test_hostile_text);
  ADD ("/ics/series", test_series);
  ADD ("/ics/statuses", test_statuses);
  ADD ("/ics/bad-input", test_bad_input);
#undef ADD

  return g_test_run ();
}
