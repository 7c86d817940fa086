/* test-recurrence.c — booking series: DST, month ends, biweekly, skips, moves, bad rules */
#include "plz-error.h"
#include "bookings/plz-recurrence.h"

static GDateTime *
local_time (const char *zone,
            int         year,
            int         month,
            int         day,
            int         hour,
            int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

  g_assert_nonnull (tz);
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

/* "2026-03-23 09:00 +0100" style, to compare wall clock and offset at once. */
static char *
describe (GDateTime *t)
{
  return g_date_time_format (t, "%Y-%m-%d %H:%M %z");
}

static void
assert_starts (GArray     *occurrences,
               const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (occurrences->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *got = describe (g_array_index (occurrences, PlzOccurrence, i).start);

      g_assert_cmpstr (got, ==, expected[i]);
    }
}

static PlzRecurrence *
new_series (const char *rule,
            GDateTime  *start,
            const char *zone)
{
  g_autoptr(GError) error = NULL;
  PlzRecurrence *r = plz_recurrence_new (rule, start, zone, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
test_dst_spring_and_autumn (void)
{
  g_autoptr(GDateTime) spring = local_time ("Europe/Berlin", 2026, 3, 16, 9, 0);
  g_autoptr(GDateTime) autumn = local_time ("Europe/Berlin", 2026, 10, 19, 9, 0);
  PlzRecurrenceSpec weekly = { PLZ_RECURRENCE_WEEKLY, 4, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzRecurrence) a = plz_recurrence_new_from_spec (&weekly, spring,
                                                             "Europe/Berlin", &error);
  g_autoptr(PlzRecurrence) b = NULL;
  g_autoptr(GArray) occ = NULL;
  g_autoptr(GDateTime) utc = NULL;
  const char *spring_expected[] = {
    "2026-03-16 09:00 +0100", "2026-03-23 09:00 +0100",
    "2026-03-30 09:00 +0200", "2026-04-06 09:00 +0200", NULL
  };
  const char *autumn_expected[] = {
    "2026-10-19 09:00 +0200", "2026-10-26 09:00 +0100", NULL
  };

  g_assert_no_error (error);
  g_assert_cmpstr (plz_recurrence_get_rule (a), ==, "FREQ=WEEKLY;COUNT=4");
  g_assert_cmpstr (plz_recurrence_get_time_zone (a), ==, "Europe/Berlin");
  occ = plz_recurrence_expand (a, NULL);
  assert_starts (occ, spring_expected);
  /* The instant moves by an hour in UTC: the wall clock does not. */
  utc = g_date_time_to_utc (g_array_index (occ, PlzOccurrence, 2).start);
  g_assert_cmpint (g_date_time_get_hour (utc), ==, 7);
  g_clear_pointer (&occ, g_array_unref);

  weekly.count = 2;
  b = plz_recurrence_new_from_spec (&weekly, autumn, "Europe/Berlin", &error);
  g_assert_no_error (error);
  occ = plz_recurrence_expand (b, NULL);
  assert_starts (occ, autumn_expected);
}

/* The start may come in any zone: the series repeats in the operator's. */
static void
test_start_in_other_zone (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 3, 23, 8, 0, 0);
  g_autoptr(PlzRecurrence) r = new_series ("FREQ=WEEKLY;COUNT=2", utc, "Europe/Berlin");
  g_autoptr(GArray) occ = plz_recurrence_expand (r, NULL);
  const char *expected[] = { "2026-03-23 09:00 +0100", "2026-03-30 09:00 +0200", NULL };

  assert_starts (occ, expected);
}

/* As RFC 5545 reads times: one the spring change skips moves forward by the
 * gap; one the autumn change repeats is the first of the two. */
static void
test_dst_gap_and_overlap (void)
{
  g_autoptr(GDateTime) spring = local_time ("Europe/Berlin", 2026, 3, 22, 2, 30);
  g_autoptr(GDateTime) autumn = local_time ("Europe/Berlin", 2026, 10, 18, 2, 30);
  g_autoptr(PlzRecurrence) a = new_series ("FREQ=WEEKLY;COUNT=3", spring, "Europe/Berlin");
  g_autoptr(PlzRecurrence) b = new_series ("FREQ=WEEKLY;COUNT=3", autumn, "Europe/Berlin");
  g_autoptr(GArray) oa = plz_recurrence_expand (a, NULL);
  g_autoptr(GArray) ob = plz_recurrence_expand (b, NULL);
  const char *expected_a[] = {
    "2026-03-22 02:30 +0100", "2026-03-29 03:30 +0200", "2026-04-05 02:30 +0200", NULL
  };
  const char *expected_b[] = {
    "2026-10-18 02:30 +0200", "2026-10-25 02:30 +0200", "2026-11-01 02:30 +0100", NULL
  };

  assert_starts (oa, expected_a);
  assert_starts (ob, expected_b);
}

/* libical follows RFC 5545: months without the start's day are left out. */
static void
test_month_ends (void)
{
  g_autoptr(GDateTime) jan31 = local_time ("Africa/Johannesburg", 2026, 1, 31, 10, 0);
  g_autoptr(GDateTime) jan30 = local_time ("Africa/Johannesburg", 2026, 1, 30, 10, 0);
  g_autoptr(GDateTime) feb28 = local_time ("Africa/Johannesburg", 2026, 2, 28, 10, 0);
  PlzRecurrenceSpec monthly = { PLZ_RECURRENCE_MONTHLY, 4, NULL };
  g_autoptr(PlzRecurrence) a = plz_recurrence_new_from_spec (&monthly, jan31,
                                                             "Africa/Johannesburg", NULL);
  g_autoptr(PlzRecurrence) b = plz_recurrence_new_from_spec (&monthly, jan30,
                                                             "Africa/Johannesburg", NULL);
  g_autoptr(PlzRecurrence) c = plz_recurrence_new_from_spec (&monthly, feb28,
                                                             "Africa/Johannesburg", NULL);
  g_autoptr(GArray) oa = plz_recurrence_expand (a, NULL);
  g_autoptr(GArray) ob = plz_recurrence_expand (b, NULL);
  g_autoptr(GArray) oc = plz_recurrence_expand (c, NULL);
  const char *expected_a[] = {
    "2026-01-31 10:00 +0200", "2026-03-31 10:00 +0200",
    "2026-05-31 10:00 +0200", "2026-07-31 10:00 +0200", NULL
  };
  const char *expected_b[] = {
    "2026-01-30 10:00 +0200", "2026-03-30 10:00 +0200",
    "2026-04-30 10:00 +0200", "2026-05-30 10:00 +0200", NULL
  };
  const char *expected_c[] = {
    "2026-02-28 10:00 +0200", "2026-03-28 10:00 +0200",
    "2026-04-28 10:00 +0200", "2026-05-28 10:00 +0200", NULL
  };

  g_assert_cmpstr (plz_recurrence_get_rule (a), ==, "FREQ=MONTHLY;COUNT=4");
  assert_starts (oa, expected_a);
  assert_starts (ob, expected_b);
  assert_starts (oc, expected_c);
}

static void
test_biweekly_and_until (void)
{
  g_autoptr(GDateTime) start = local_time ("Africa/Johannesburg", 2026, 11, 23, 9, 0);
  g_autoptr(GDateTime) until = local_time ("Africa/Johannesburg", 2026, 12, 21, 9, 0);
  g_autoptr(GDateTime) cut = local_time ("Africa/Johannesburg", 2026, 12, 7, 12, 0);
  PlzRecurrenceSpec spec = { PLZ_RECURRENCE_BIWEEKLY, 0, until };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzRecurrence) r = plz_recurrence_new_from_spec (&spec, start,
                                                             "Africa/Johannesburg", &error);
  g_autoptr(GArray) occ = NULL;
  g_autoptr(GArray) short_occ = NULL;
  const char *expected[] = {
    "2026-11-23 09:00 +0200", "2026-12-07 09:00 +0200", "2026-12-21 09:00 +0200", NULL
  };
  const char *expected_short[] = { "2026-11-23 09:00 +0200", "2026-12-07 09:00 +0200", NULL };

  g_assert_no_error (error);
  /* UNTIL goes into the rule in UTC, as RFC 5545 asks with a TZID start. */
  g_assert_cmpstr (plz_recurrence_get_rule (r), ==,
                   "FREQ=WEEKLY;UNTIL=20261221T070000Z;INTERVAL=2");
  occ = plz_recurrence_expand (r, NULL);
  /* UNTIL is inclusive. */
  assert_starts (occ, expected);
  short_occ = plz_recurrence_expand (r, cut);
  assert_starts (short_occ, expected_short);
}

static void
test_raw_rule (void)
{
  g_autoptr(GDateTime) start = local_time ("Africa/Johannesburg", 2026, 11, 23, 8, 0);
  g_autoptr(PlzRecurrence) r = new_series ("RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4", start,
                                           "Africa/Johannesburg");
  g_autoptr(PlzRecurrence) d = new_series ("FREQ=DAILY;UNTIL=20261125", start,
                                           "Africa/Johannesburg");
  g_autoptr(GArray) occ = plz_recurrence_expand (r, NULL);
  g_autoptr(GArray) docc = plz_recurrence_expand (d, NULL);
  const char *expected[] = {
    "2026-11-23 08:00 +0200", "2026-11-26 08:00 +0200",
    "2026-11-30 08:00 +0200", "2026-12-03 08:00 +0200", NULL
  };
  /* A date UNTIL takes in that whole day. */
  const char *expected_daily[] = {
    "2026-11-23 08:00 +0200", "2026-11-24 08:00 +0200", "2026-11-25 08:00 +0200", NULL
  };

  g_assert_cmpstr (plz_recurrence_get_rule (r), ==, "FREQ=WEEKLY;COUNT=4;BYDAY=MO,TH");
  assert_starts (occ, expected);
  assert_starts (docc, expected_daily);
}

static void
test_skip_and_move (void)
{
  g_autoptr(GDateTime) start = local_time ("Europe/Berlin", 2026, 3, 16, 9, 0);
  g_autoptr(GDateTime) second = local_time ("Europe/Berlin", 2026, 3, 23, 9, 0);
  g_autoptr(GDateTime) third = local_time ("Europe/Berlin", 2026, 3, 30, 9, 0);
  g_autoptr(GDateTime) moved = local_time ("Europe/Berlin", 2026, 3, 31, 14, 0);
  g_autoptr(GDateTime) not_in_series = local_time ("Europe/Berlin", 2026, 3, 24, 9, 0);
  g_autoptr(PlzRecurrence) r = new_series ("FREQ=WEEKLY;COUNT=4", start, "Europe/Berlin");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) occ = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  const char *expected[] = {
    "2026-03-16 09:00 +0100", "2026-03-31 14:00 +0200", "2026-04-06 09:00 +0200", NULL
  };

  g_assert_true (plz_recurrence_skip (r, second, &error));
  g_assert_no_error (error);
  g_assert_true (plz_recurrence_move (r, third, moved, &error));
  g_assert_no_error (error);

  /* A time the rule does not produce is refused and changes nothing. */
  g_assert_false (plz_recurrence_skip (r, not_in_series, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (plz_recurrence_move (r, not_in_series, moved, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  occ = plz_recurrence_expand (r, NULL);
  assert_starts (occ, expected);
  g_assert_cmpuint (g_array_index (occ, PlzOccurrence, 0).index, ==, 0);
  g_assert_false (g_array_index (occ, PlzOccurrence, 0).moved);
  g_assert_cmpuint (g_array_index (occ, PlzOccurrence, 1).index, ==, 2);
  g_assert_true (g_array_index (occ, PlzOccurrence, 1).moved);
  g_assert_true (g_date_time_equal (g_array_index (occ, PlzOccurrence, 1).original, third));
  g_assert_cmpuint (g_array_index (occ, PlzOccurrence, 2).index, ==, 3);

  skipped = plz_recurrence_get_skipped (r);
  g_assert_cmpuint (skipped->len, ==, 1);
  g_assert_true (g_date_time_equal (skipped->pdata[0], second));
  g_clear_pointer (&skipped, g_ptr_array_unref);
  g_clear_pointer (&occ, g_array_unref);

  /* Moving a skipped one back to its own time restores it. */
  g_assert_true (plz_recurrence_move (r, second, second, &error));
  skipped = plz_recurrence_get_skipped (r);
  g_assert_cmpuint (skipped->len, ==, 0);
  occ = plz_recurrence_expand (r, NULL);
  g_assert_cmpuint (occ->len, ==, 4);
  g_assert_false (g_array_index (occ, PlzOccurrence, 1).moved);
}

static void
assert_rule_refused (const char *rule,
                     const char *zone)
{
  g_autoptr(GDateTime) start = local_time ("Africa/Johannesburg", 2026, 11, 23, 9, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzRecurrence) r = plz_recurrence_new (rule, start, zone, &error);

  g_test_message ("rule %s in %s: %s", rule, zone, error != NULL ? error->message : "accepted");
  g_assert_null (r);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (plz_error_get_field (error));
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_bad_rules (void)
{
  g_autoptr(GDateTime) start = local_time ("Africa/Johannesburg", 2026, 11, 23, 9, 0);
  g_autofree char *long_rule = g_strnfill (600, 'A');
  PlzRecurrenceSpec too_many = { PLZ_RECURRENCE_WEEKLY, PLZ_RECURRENCE_MAX_COUNT + 1, NULL };
  PlzRecurrenceSpec no_end = { PLZ_RECURRENCE_MONTHLY, 0, NULL };
  PlzRecurrenceSpec both = { PLZ_RECURRENCE_MONTHLY, 3, start };
  PlzRecurrenceSpec bad_freq = { (PlzRecurrenceFrequency) 9, 3, NULL };
  PlzRecurrenceSpec most = { PLZ_RECURRENCE_WEEKLY, PLZ_RECURRENCE_MAX_COUNT, NULL };
  PlzRecurrenceFrequency f;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzRecurrence) ok = NULL;
  g_autoptr(GArray) occ = NULL;

  assert_rule_refused ("", "Africa/Johannesburg");
  assert_rule_refused (long_rule, "Africa/Johannesburg");
  assert_rule_refused ("garbage", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY;FOO=1;COUNT=2", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY;COUNT=-1", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=HOURLY;COUNT=3", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY;COUNT=53", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=DAILY;UNTIL=20300101T000000Z", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY;COUNT=2;UNTIL=20270101T000000Z", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY;UNTIL=20200101T000000Z", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY;COUNT=2\r\nBEGIN:VEVENT", "Africa/Johannesburg");
  assert_rule_refused ("FREQ=WEEKLY;COUNT=2", "Mars/Olympus");
  assert_rule_refused ("FREQ=WEEKLY;COUNT=2", NULL);

  g_assert_null (plz_recurrence_new_from_spec (&too_many, start, "Africa/Johannesburg", &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (error), ==, "recurrence.count");
  g_clear_error (&error);
  g_assert_null (plz_recurrence_new_from_spec (&no_end, start, "Africa/Johannesburg", &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (plz_recurrence_new_from_spec (&both, start, "Africa/Johannesburg", &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (plz_recurrence_new_from_spec (&bad_freq, start, "Africa/Johannesburg", &error));
  g_assert_cmpstr (plz_error_get_field (error), ==, "recurrence.frequency");
  g_clear_error (&error);

  g_assert_false (plz_recurrence_frequency_from_name ("daily", &f, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (plz_recurrence_frequency_from_name ("biweekly", &f, &error));
  g_assert_cmpint (f, ==, PLZ_RECURRENCE_BIWEEKLY);
  g_assert_cmpstr (plz_recurrence_frequency_name (f), ==, "biweekly");

  /* The cap itself is allowed. */
  ok = plz_recurrence_new_from_spec (&most, start, "Africa/Johannesburg", &error);
  g_assert_no_error (error);
  occ = plz_recurrence_expand (ok, NULL);
  g_assert_cmpuint (occ->len, ==, PLZ_RECURRENCE_MAX_COUNT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recurrence/dst", test_dst_spring_and_autumn);
  g_test_add_func ("/recurrence/start-in-other-zone", test_start_in_other_zone);
  g_test_add_func ("/recurrence/dst-gap-and-overlap", test_dst_gap_and_overlap);
  g_test_add_func ("/recurrence/month-ends", test_month_ends);
  g_test_add_func ("/recurrence/biweekly-until", test_biweekly_and_until);
  g_test_add_func ("/recurrence/raw-rule", test_raw_rule);
  g_test_add_func ("/recurrence/skip-and-move", test_skip_and_move);
  g_test_add_func ("/recurrence/bad-rules", test_bad_rules);

  return g_test_run ();
}
