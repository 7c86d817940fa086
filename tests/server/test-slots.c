/* test-slots.c — free slots from rules, exceptions, buffers, capacity, notice, horizon, DST */
#include "bookings/plz-slots.h"
#include "plz-time.h"

#define MIN_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define HOUR_US (MIN_US * 60)
#define DAY_US (HOUR_US * 24)

/* µs of an RFC 3339 time. */
static gint64
at (const char *text)
{
  gint64 usec = 0;

  g_assert_true (plz_time_parse_rfc3339 (text, &usec));
  return usec;
}

static void
date (GDate *d, guint y, guint m, guint day)
{
  g_date_clear (d, 1);
  g_date_set_dmy (d, day, m, y);
}

/* The slots' starts as "HH:MMZ" UTC, space-separated, e.g. "06:00 07:00". */
static char *
starts (GArray *slots)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (g_array_index (slots, PlzSlot, i).start / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (dt, "%H:%M");

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", text);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  GTimeZone    *tz;
  GArray       *rules;
  GArray       *exceptions;
  GArray       *busy;
  PlzSlotsInput in;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->tz = g_time_zone_new_identifier (data != NULL ? data : "Africa/Johannesburg");
  g_assert_nonnull (f->tz);
  f->rules = g_array_new (FALSE, FALSE, sizeof (PlzSlotRule));
  f->exceptions = g_array_new (FALSE, FALSE, sizeof (PlzSlotException));
  f->busy = g_array_new (FALSE, FALSE, sizeof (PlzSlotBusy));
  f->in.time_zone = f->tz;
  f->in.capacity = 1;
  f->in.duration_minutes = 60;
  f->in.now = at ("2026-11-01T00:00:00Z");
  f->in.min_notice_us = 0;
  f->in.horizon_us = 365 * DAY_US;
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_time_zone_unref (f->tz);
  g_array_unref (f->rules);
  g_array_unref (f->exceptions);
  g_array_unref (f->busy);
}

static void
rule (Fixture *f, guint weekday, guint start_h, guint start_m, guint end_h, guint end_m)
{
  PlzSlotRule r = { weekday, start_h * 60 + start_m, end_h * 60 + end_m };

  g_array_append_val (f->rules, r);
}

static void
busy (Fixture *f, const char *start, const char *end, gboolean same_service)
{
  PlzSlotBusy b = { at (start), at (end), same_service };

  g_array_append_val (f->busy, b);
}

/* The slots of one day as a string of UTC starts. */
static char *
day_slots (Fixture *f, guint y, guint m, guint d)
{
  g_autoptr(GArray) slots = NULL;
  GDate day;

  f->in.rules = (const PlzSlotRule *) f->rules->data;
  f->in.n_rules = f->rules->len;
  f->in.exceptions = (const PlzSlotException *) f->exceptions->data;
  f->in.n_exceptions = f->exceptions->len;
  f->in.busy = (const PlzSlotBusy *) f->busy->data;
  f->in.n_busy = f->busy->len;
  date (&day, y, m, d);
  slots = plz_slots_compute (&f->in, &day, &day);
  return starts (slots);
}

static void
check_verdict (Fixture *f, const char *start, PlzSlotVerdict expected)
{
  f->in.rules = (const PlzSlotRule *) f->rules->data;
  f->in.n_rules = f->rules->len;
  f->in.exceptions = (const PlzSlotException *) f->exceptions->data;
  f->in.n_exceptions = f->exceptions->len;
  f->in.busy = (const PlzSlotBusy *) f->busy->data;
  f->in.n_busy = f->busy->len;
  g_assert_cmpint (plz_slots_check (&f->in, at (start)), ==, expected);
}

/* 2026-11-23 is a Monday; Johannesburg is UTC+2 all year. */
static void
test_basic (Fixture *f, gconstpointer data)
{
  g_autofree char *mon = NULL, *tue = NULL;

  rule (f, 1, 8, 0, 12, 0);
  mon = day_slots (f, 2026, 11, 23);
  tue = day_slots (f, 2026, 11, 24);
  g_assert_cmpstr (mon, ==, "06:00 07:00 08:00 09:00");
  g_assert_cmpstr (tue, ==, "");
}

static void
test_several_periods (Fixture *f, gconstpointer data)
{
  g_autofree char *s = NULL;

  rule (f, 1, 8, 0, 10, 0);
  rule (f, 1, 14, 0, 16, 0);
  s = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (s, ==, "06:00 07:00 12:00 13:00");
}

/* 60 min with 10 before and 20 after: a 90-minute step, the first start on
 * the 15-minute grid after the buffer, the last block inside the period. */
static void
test_buffers (Fixture *f, gconstpointer data)
{
  g_autofree char *s = NULL;

  rule (f, 1, 8, 0, 12, 0);
  f->in.buffer_before_minutes = 10;
  f->in.buffer_after_minutes = 20;
  s = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (s, ==, "06:15 07:45");
  /* A booking's buffer blocks the next start too. */
  busy (f, "2026-11-23T05:50:00Z", "2026-11-23T07:30:00Z", TRUE);
  g_clear_pointer (&s, g_free);
  s = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (s, ==, "07:45");
}

static void
test_capacity (Fixture *f, gconstpointer data)
{
  g_autofree char *one = NULL, *two = NULL, *three = NULL;
  g_autoptr(GArray) slots = NULL;
  GDate day;

  rule (f, 1, 8, 0, 10, 0);
  f->in.capacity = 2;
  busy (f, "2026-11-23T06:00:00Z", "2026-11-23T07:00:00Z", TRUE);
  one = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (one, ==, "06:00 07:00");
  date (&day, 2026, 11, 23);
  slots = plz_slots_compute (&f->in, &day, &day);
  g_assert_cmpuint (g_array_index (slots, PlzSlot, 0).available, ==, 1);
  g_assert_cmpuint (g_array_index (slots, PlzSlot, 1).available, ==, 2);
  busy (f, "2026-11-23T06:30:00Z", "2026-11-23T07:30:00Z", FALSE);
  two = day_slots (f, 2026, 11, 23);
  /* 06:00–07:00 now has two at 06:30; 07:00–08:00 one until 07:30. */
  g_assert_cmpstr (two, ==, "07:00");
  f->in.capacity = 1;
  three = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (three, ==, "");
}

static void
test_exceptions (Fixture *f, gconstpointer data)
{
  PlzSlotException closed = { 2026, 11, 23, TRUE, 0, 0 };
  PlzSlotException extra = { 2026, 11, 29, FALSE, 9 * 60, 11 * 60 };
  PlzSlotException extra_closed = { 2026, 11, 30, FALSE, 13 * 60, 14 * 60 };
  PlzSlotException overlap = { 2026, 12, 7, FALSE, 11 * 60, 13 * 60 };
  g_autofree char *mon = NULL, *sun = NULL, *mon2 = NULL, *mon3 = NULL;
  g_autoptr(GArray) periods = NULL;
  GDate day;

  rule (f, 1, 8, 0, 12, 0);
  g_array_append_val (f->exceptions, closed);
  g_array_append_val (f->exceptions, extra);
  g_array_append_val (f->exceptions, extra_closed);
  closed.day = 30;
  g_array_append_val (f->exceptions, closed);
  g_array_append_val (f->exceptions, overlap);
  mon = day_slots (f, 2026, 11, 23);
  sun = day_slots (f, 2026, 11, 29);
  mon2 = day_slots (f, 2026, 11, 30);
  mon3 = day_slots (f, 2026, 12, 7);
  g_assert_cmpstr (mon, ==, "");
  g_assert_cmpstr (sun, ==, "07:00 08:00");
  /* Closed drops the weekly hours; extra hours the same day stay. */
  g_assert_cmpstr (mon2, ==, "11:00");
  /* Extra hours overlapping the rule merge into one period. */
  g_assert_cmpstr (mon3, ==, "06:00 07:00 08:00 09:00 10:00");
  date (&day, 2026, 12, 7);
  periods = plz_slots_open_periods (&f->in, &day, &day);
  g_assert_cmpuint (periods->len, ==, 1);
  g_assert_cmpint (g_array_index (periods, PlzSlotPeriod, 0).start, ==, at ("2026-12-07T06:00:00Z"));
  g_assert_cmpint (g_array_index (periods, PlzSlotPeriod, 0).end, ==, at ("2026-12-07T11:00:00Z"));
}

static void
test_notice_and_horizon (Fixture *f, gconstpointer data)
{
  g_autofree char *soon = NULL, *far = NULL, *edge = NULL;

  rule (f, 1, 8, 0, 12, 0);
  f->in.now = at ("2026-11-23T05:30:00Z");  /* 07:30 local */
  f->in.min_notice_us = 120 * MIN_US;
  soon = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (soon, ==, "08:00 09:00");
  f->in.min_notice_us = 0;
  f->in.horizon_us = 3 * DAY_US;
  far = day_slots (f, 2026, 11, 30);
  g_assert_cmpstr (far, ==, "");
  f->in.horizon_us = 7 * DAY_US + HOUR_US * 2;
  edge = day_slots (f, 2026, 11, 30);
  g_assert_cmpstr (edge, ==, "06:00 07:00");
}

static void
test_max_per_day (Fixture *f, gconstpointer data)
{
  g_autofree char *other = NULL, *same = NULL, *next = NULL;

  rule (f, 1, 8, 0, 12, 0);
  rule (f, 2, 8, 0, 9, 0);
  f->in.max_per_day = 1;
  f->in.capacity = 3;
  busy (f, "2026-11-23T06:00:00Z", "2026-11-23T07:00:00Z", FALSE);
  other = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (other, ==, "06:00 07:00 08:00 09:00");
  busy (f, "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z", TRUE);
  same = day_slots (f, 2026, 11, 23);
  g_assert_cmpstr (same, ==, "");
  next = day_slots (f, 2026, 11, 24);
  g_assert_cmpstr (next, ==, "06:00");
}

/* Berlin springs forward on Sunday 2026-03-29 at 02:00 (to 03:00, UTC+2):
 * a night period 00:00–06:00 has five real hours. */
static void
test_dst_spring (Fixture *f, gconstpointer data)
{
  g_autofree char *sat = NULL, *sun = NULL, *day_sun = NULL;

  rule (f, 6, 8, 0, 10, 0);
  rule (f, 7, 0, 0, 6, 0);
  rule (f, 7, 8, 0, 10, 0);
  f->in.now = at ("2026-03-01T00:00:00Z");
  sat = day_slots (f, 2026, 3, 28);
  g_assert_cmpstr (sat, ==, "07:00 08:00");
  sun = day_slots (f, 2026, 3, 29);
  /* 00:00 and 01:00 CET, then 03:00, 04:00, 05:00 CEST, then 08:00, 09:00 CEST. */
  g_assert_cmpstr (sun, ==, "23:00 00:00 01:00 02:00 03:00 06:00 07:00");
}

/* Berlin falls back on Sunday 2026-10-25 at 03:00 (to 02:00, UTC+1): the
 * night period has seven real hours, 02:00–03:00 happening twice. */
static void
test_dst_autumn (Fixture *f, gconstpointer data)
{
  g_autofree char *sun = NULL, *mon = NULL;
  g_autoptr(GArray) periods = NULL;
  GDate day;

  rule (f, 7, 0, 0, 6, 0);
  rule (f, 1, 8, 0, 9, 0);
  f->in.now = at ("2026-10-01T00:00:00Z");
  sun = day_slots (f, 2026, 10, 25);
  g_assert_cmpstr (sun, ==, "22:00 23:00 00:00 01:00 02:00 03:00 04:00");
  mon = day_slots (f, 2026, 10, 26);
  g_assert_cmpstr (mon, ==, "07:00");
  date (&day, 2026, 10, 25);
  periods = plz_slots_open_periods (&f->in, &day, &day);
  g_assert_cmpint (g_array_index (periods, PlzSlotPeriod, 0).end - g_array_index (periods, PlzSlotPeriod, 0).start,
                   ==, 7 * HOUR_US);
}

static void
test_check (Fixture *f, gconstpointer data)
{
  rule (f, 1, 8, 0, 12, 0);
  f->in.now = at ("2026-11-22T06:00:00Z");
  f->in.min_notice_us = 2 * HOUR_US;
  f->in.horizon_us = 30 * DAY_US;
  f->in.max_per_day = 2;
  check_verdict (f, "2026-11-23T06:00:00Z", PLZ_SLOT_OK);
  check_verdict (f, "2026-11-23T06:20:00Z", PLZ_SLOT_OK);      /* any minute inside the hours */
  check_verdict (f, "2026-11-23T09:30:00Z", PLZ_SLOT_OUTSIDE_HOURS);  /* ends after 12:00 */
  check_verdict (f, "2026-11-24T06:00:00Z", PLZ_SLOT_OUTSIDE_HOURS);  /* Tuesday */
  check_verdict (f, "2026-11-22T07:00:00Z", PLZ_SLOT_TOO_SOON);
  check_verdict (f, "2027-01-04T06:00:00Z", PLZ_SLOT_TOO_FAR);
  busy (f, "2026-11-23T06:00:00Z", "2026-11-23T07:00:00Z", TRUE);
  check_verdict (f, "2026-11-23T06:30:00Z", PLZ_SLOT_UNAVAILABLE);
  check_verdict (f, "2026-11-23T07:00:00Z", PLZ_SLOT_OK);     /* back to back */
  busy (f, "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z", TRUE);
  check_verdict (f, "2026-11-23T07:00:00Z", PLZ_SLOT_DAILY_LIMIT);
}

static void
test_overlap (void)
{
  PlzSlotBusy b[] = {
    { 0, 100, FALSE }, { 10, 20, FALSE }, { 15, 50, FALSE }, { 60, 70, FALSE }, { 200, 300, FALSE },
  };

  g_assert_cmpuint (plz_slots_max_overlap (b, G_N_ELEMENTS (b), 0, 10), ==, 1);
  g_assert_cmpuint (plz_slots_max_overlap (b, G_N_ELEMENTS (b), 0, 30), ==, 3);
  g_assert_cmpuint (plz_slots_max_overlap (b, G_N_ELEMENTS (b), 20, 60), ==, 2);
  g_assert_cmpuint (plz_slots_max_overlap (b, G_N_ELEMENTS (b), 100, 200), ==, 0);
  g_assert_cmpuint (plz_slots_max_overlap (b, G_N_ELEMENTS (b), 250, 260), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/slots/basic", Fixture, NULL, setup, test_basic, teardown);
  g_test_add ("/slots/several-periods", Fixture, NULL, setup, test_several_periods, teardown);
  g_test_add ("/slots/buffers", Fixture, NULL, setup, test_buffers, teardown);
  g_test_add ("/slots/capacity", Fixture, NULL, setup, test_capacity, teardown);
  g_test_add ("/slots/exceptions", Fixture, NULL, setup, test_exceptions, teardown);
  g_test_add ("/slots/notice-and-horizon", Fixture, NULL, setup, test_notice_and_horizon, teardown);
  g_test_add ("/slots/max-per-day", Fixture, NULL, setup, test_max_per_day, teardown);
  g_test_add ("/slots/dst-spring-berlin", Fixture, "Europe/Berlin", setup, test_dst_spring, teardown);
  g_test_add ("/slots/dst-autumn-berlin", Fixture, "Europe/Berlin", setup, test_dst_autumn, teardown);
  g_test_add ("/slots/check", Fixture, NULL, setup, test_check, teardown);
  g_test_add_func ("/slots/overlap", test_overlap);
  return g_test_run ();
}
