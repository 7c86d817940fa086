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
  g_test_add_func ("/time/parse", test_parse);
  g_test_add_func ("/time/round-trip", test_round_trip);
  return g_test_run ();
}
