/* test-time.c — RFC 3339 on the wire, microseconds inside */
#include "plz-time.h"

static void
test_format (void)
{
  g_autofree char *epoch = plz_time_format_rfc3339 (0);
  g_autofree char *t = plz_time_format_rfc3339 (G_GINT64_CONSTANT (1795348800123456));
  g_autofree char *before = plz_time_format_rfc3339 (-1);

  g_assert_cmpstr (epoch, ==, "1970-01-01T00:00:00.000000Z");
  g_assert_cmpstr (t, ==, "2026-11-22T12:00:00.123456Z");
  g_assert_cmpstr (before, ==, "1969-12-31T23:59:59.999999Z");
}

/* The arithmetic formatter agrees with GDateTime across the years it allows. */
static void
test_format_matches_gdatetime (void)
{
  static const gint64 edges[] = { 0, -1, 1, 951782400000000 /* 2000-02-29 */, 4107456000000000 /* 2100-02-28 */,
                                  -62135596800000000 /* 0001-01-01 */, 253402300799999999 /* 9999-12-31 */ };
  char text[PLZ_TIME_RFC3339_SIZE];
  GRand *rand = g_rand_new_with_seed (2026);

  for (guint i = 0; i < 20000 + G_N_ELEMENTS (edges); i++)
    {
      gint64 usec = i < G_N_ELEMENTS (edges) ? edges[i]
                    : (gint64) (g_rand_double_range (rand, -62135596800.0, 253402300799.0) * G_USEC_PER_SEC);
      gint64 secs = usec / G_USEC_PER_SEC - (usec % G_USEC_PER_SEC < 0);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (secs);
      /* RFC 3339 years have four digits; GDateTime's %Y does not pad. */
      g_autofree char *base = g_date_time_format (dt, "-%m-%dT%H:%M:%S");
      g_autofree char *expected = g_strdup_printf ("%04d%s.%06" G_GINT64_FORMAT "Z", g_date_time_get_year (dt), base,
                                                   usec - secs * G_USEC_PER_SEC);

      g_assert_true (plz_time_format_rfc3339_to (usec, text));
      g_assert_cmpstr (text, ==, expected);
    }
  g_rand_free (rand);
  /* Outside what RFC 3339's four-digit years can say. */
  g_assert_false (plz_time_format_rfc3339_to (G_GINT64_CONSTANT (253402300800000000), text));
  g_assert_null (plz_time_format_rfc3339 (G_GINT64_CONSTANT (-62135596800000001)));
}

static void
test_parse (void)
{
  gint64 us = 0;

  g_assert_true (plz_time_parse_rfc3339 ("2026-11-22T12:00:00.123456Z", &us));
  g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1795348800123456));
  g_assert_true (plz_time_parse_rfc3339 ("2026-11-22T14:00:00+02:00", &us));
  g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1795348800000000));

  g_assert_false (plz_time_parse_rfc3339 ("2026-11-22", &us));
  g_assert_false (plz_time_parse_rfc3339 ("2026-11-22 12:00:00Z", &us));
  g_assert_false (plz_time_parse_rfc3339 ("yesterday", &us));
  g_assert_false (plz_time_parse_rfc3339 (NULL, &us));
}

static void
test_round_trip (void)
{
  gint64 now = plz_time_now_us ();
  g_autofree char *text = plz_time_format_rfc3339 (now);
  gint64 back = 0;

  g_assert_true (plz_time_parse_rfc3339 (text, &back));
  g_assert_cmpint (back, ==, now);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/time/format", test_format);
  g_test_add_func ("/time/format-matches-gdatetime", test_format_matches_gdatetime);
  g_test_add_func ("/time/parse", test_parse);
  g_test_add_func ("/time/round-trip", test_round_trip);
  return g_test_run ();
}
