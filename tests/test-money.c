/* test-money.c — formatting amounts for people and parsing what they type */
#include "plz-error.h"
#include "plz-money.h"

#define NNBSP "\u202f"

static void
test_format (void)
{
  const struct { gint64 amount; const char *currency; const char *expected; } cases[] = {
    { 0, "ZAR", "R0.00" },
    { 5, "ZAR", "R0.05" },
    { 120000, "ZAR", "R1" NNBSP "200.00" },
    { 4599, "USD", "$45.99" },
    { 123456789012, "EUR", "€1" NNBSP "234" NNBSP "567" NNBSP "890.12" },
    { 1500, "JPY", "¥1" NNBSP "500" },
    { 100, "XYZ", "XYZ1.00" },
    { -250, "ZAR", "−R2.50" },
    { G_MININT64, "ZAR", "−R92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = plz_money_format (cases[i].amount, cases[i].currency);
      g_assert_cmpstr (s, ==, cases[i].expected);
    }
}

static void
test_format_price (void)
{
  const struct { gint64 amount; const char *type; const char *expected; } cases[] = {
    { 35000, "hourly", "R350 / hour" },
    { 35050, "hourly", "R350.50 / hour" },
    { 120000, "per_night", "R1" NNBSP "200 / night" },
    { 90000, "per_project", "R900 per project" },
    { 50000, "negotiable", "R500 (negotiable)" },
    { 50000, "contact", "Contact for price" },
    { 50000, "fixed", "R500" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = plz_money_format_price (cases[i].amount, "ZAR", cases[i].type);
      g_assert_cmpstr (s, ==, cases[i].expected);
    }
}

static void
test_parse (void)
{
  const struct { const char *text; const char *currency; gint64 expected; } good[] = {
    { "350", "ZAR", 35000 },
    { " 350 ", "ZAR", 35000 },
    { "1 200.50", "ZAR", 120050 },
    { "1,200.5", "ZAR", 120050 },
    { "12,50", "ZAR", 1250 },
    { "R 1200", "ZAR", 120000 },
    { "R1" NNBSP "200.00", "ZAR", 120000 },
    { "ZAR 99", "ZAR", 9900 },
    { "1500", "JPY", 1500 },
    { "0", "ZAR", 0 },
  };
  const struct { const char *text; const char *currency; } bad[] = {
    { "", "ZAR" }, { "   ", "ZAR" }, { "abc", "ZAR" }, { "-5", "ZAR" },
    { "1.234", "ZAR" }, { "1.5", "JPY" }, { "12 apples", "ZAR" },
    { "99999999999999999999", "ZAR" }, { "1.2.3", "ZAR" }, { NULL, "ZAR" },
    { "R", "ZAR" }, { "١٢٣", "ZAR" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 amount = -1;

      g_assert_true (plz_money_parse (good[i].text, good[i].currency, &amount, &error));
      g_assert_no_error (error);
      g_assert_cmpint (amount, ==, good[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 amount = -1;

      g_assert_false (plz_money_parse (bad[i].text, bad[i].currency, &amount, &error));
      g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
      g_assert_cmpstr (plz_error_get_field (error), ==, "price");
      g_assert_cmpint (amount, ==, -1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/format-price", test_format_price);
  g_test_add_func ("/money/parse", test_parse);
  return g_test_run ();
}
