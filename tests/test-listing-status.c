/* test-listing-status.c — the listing lifecycle that server and app share */
#include "plz-listing-status.h"

static const char * const all[] = { "draft", "active", "paused", "sold", "archived" };

/* Every legal move, as "from>to". */
static const char * const legal[] = {
  "draft>active", "draft>archived",
  "active>paused", "active>sold", "active>archived",
  "paused>active", "paused>archived",
  "sold>active", "sold>archived",
  NULL,
};

static void
test_moves (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint j = 0; j < G_N_ELEMENTS (all); j++)
      {
        g_autofree char *move = g_strdup_printf ("%s>%s", all[i], all[j]);
        gboolean expected = g_strv_contains (legal, move);

        g_assert_true (plz_listing_status_can_move (all[i], all[j]) == expected);
        /* The offered moves are exactly the legal ones. */
        g_assert_true (g_strv_contains (plz_listing_status_moves (all[i]), all[j]) == expected);
      }

  g_assert_false (plz_listing_status_can_move ("draft", NULL));
  g_assert_false (plz_listing_status_can_move (NULL, "active"));
  g_assert_false (plz_listing_status_can_move ("deleted", "active"));
  g_assert_null (plz_listing_status_moves ("deleted")[0]);
  g_assert_null (plz_listing_status_moves ("archived")[0]);
  /* Publishing comes first for a draft, pausing for a live listing. */
  g_assert_cmpstr (plz_listing_status_moves ("draft")[0], ==, "active");
  g_assert_cmpstr (plz_listing_status_moves ("active")[0], ==, "paused");
}

static void
test_names (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_assert_true (plz_listing_status_is_valid (all[i]));
  g_assert_false (plz_listing_status_is_valid ("Active"));
  g_assert_false (plz_listing_status_is_valid (""));
  g_assert_false (plz_listing_status_is_valid (NULL));
  g_assert_cmpstr (plz_listing_status_label ("sold"), ==, "Sold");
  g_assert_cmpstr (plz_listing_status_label ("draft"), ==, "Draft");
  g_assert_cmpstr (plz_listing_status_label ("mystery"), ==, "mystery");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/listing-status/moves", test_moves);
  g_test_add_func ("/listing-status/names", test_names);
  return g_test_run ();
}
