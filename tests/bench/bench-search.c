/* bench-search.c — catalogue search latency at scale: seeds N listings into a
 * fresh database and times a mix of searches through the service layer.
 * Usage: bench-search [--listings N] [--queries N]. Prints p50/p95/p99. */
#include "plz-test-server.h"
#include "catalogue/plz-catalogue.h"
#include "plz-demo.h"
#include "plz-time.h"

#include <stdlib.h>

static const char *words[] = {
  "sparkle", "budget", "premium", "express", "mobile", "eco", "deluxe", "family", "quick", "reliable",
  "friendly", "professional", "weekend", "local", "trusted", "careful", "affordable", "expert",
};

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  gint64 n_listings = 100000, n_queries = 2000;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "listings", 0, 0, G_OPTION_ARG_INT64, &n_listings, "Listings to seed", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT64, &n_queries, "Searches to time", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the database and print where it is", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— time catalogue searches");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plaza-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plaza.db", NULL);
  g_autoptr(PlzStore) store = NULL;
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_autoptr(PlzCatalogue) cat = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  const char *mix[] = { "text", "text+category", "category+price", "near", "near+text", "attr", "newest", "page2",
                        "prefix", "two words", "text by price", "text+narrow" };
  GArray *per[G_N_ELEMENTS (mix)];
  gint64 t0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    g_error ("%s", error->message);

  store = plz_store_open_and_migrate (path, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  if (!plz_demo_seed_bulk (store, (guint) n_listings, 42, &error))
    g_error ("seed: %s", error->message);
  g_print ("seeded %" G_GINT64_FORMAT " listings in %.1f s\n", n_listings, (g_get_monotonic_time () - t0) / 1e6);
  g_free (config->data_dir);
  config->data_dir = g_strdup (dir);
  cat = plz_catalogue_new (store, config, &error);
  g_assert_no_error (error);

  for (guint k = 0; k < G_N_ELEMENTS (mix); k++)
    per[k] = g_array_new (FALSE, FALSE, sizeof (double));

  for (gint64 i = 0; i < n_queries; i++)
    {
      guint k = (guint) (i % G_N_ELEMENTS (mix));
      g_autoptr(PlzSearch) s = plz_search_new ();
      g_autoptr(PlzSearchPage) page = NULL;
      double ms;

      switch (k)
        {
        case 0: s->query = plz_search_fts_query (words[i % G_N_ELEMENTS (words)]); s->sort = PLZ_SORT_RELEVANCE; break;
        case 1: s->query = plz_search_fts_query ("wash"); s->category_id = 10; s->sort = PLZ_SORT_RELEVANCE; break;
        case 2: s->category_id = 1; s->min_price = 10000; s->max_price = 60000; s->sort = PLZ_SORT_PRICE_ASC; break;
        case 3: s->near = TRUE; s->lat = -26.1 + (i % 7) * 0.01; s->lng = 28.05; s->radius_km = 5; s->sort = PLZ_SORT_DISTANCE; break;
        case 4: s->near = TRUE; s->lat = -26.2; s->lng = 28.0; s->radius_km = 10; s->query = plz_search_fts_query ("cleaning"); s->sort = PLZ_SORT_RELEVANCE; break;
        case 5:
          {
            PlzAttrFilter *f = g_new0 (PlzAttrFilter, 1);
            f->key = g_strdup ("vehicle_size");
            f->value = json_node_init_string (json_node_alloc (), "suv");
            g_ptr_array_add (s->attr_filters, f);
            s->category_id = 10;
            s->sort = PLZ_SORT_NEWEST;
            break;
          }
        case 6: s->sort = PLZ_SORT_NEWEST; break;
        case 8: s->query = plz_search_fts_query (i % 2 ? "sp" : "cl"); s->sort = PLZ_SORT_RELEVANCE; break;
        case 9: s->query = plz_search_fts_query ("eco cleaning"); s->sort = PLZ_SORT_RELEVANCE; break;
        case 10: s->query = plz_search_fts_query ("mobile"); s->sort = PLZ_SORT_PRICE_ASC; break;
        case 11:
          /* A filter few text matches pass: the probe comes up short and the
           * search reads in full. */
          s->query = plz_search_fts_query ("professional");
          s->min_price = 100000;
          s->max_price = 110000;
          s->sort = PLZ_SORT_RELEVANCE;
          break;
        case 7:
          s->sort = PLZ_SORT_PRICE_DESC;
          s->has_after = TRUE;
          s->after_value = json_node_init_int (json_node_alloc (), 250000);
          s->after_id = g_strdup ("ffff");
          break;
        }
      t0 = g_get_monotonic_time ();
      page = plz_catalogue_search (cat, s, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
      g_array_append_val (all, ms);
      g_array_append_val (per[k], ms);
    }

  g_array_sort (all, compare);
  g_print ("%-16s %8s %8s %8s\n", "searches", "p50 ms", "p95 ms", "p99 ms");
  for (guint k = 0; k < G_N_ELEMENTS (mix); k++)
    {
      g_array_sort (per[k], compare);
      g_print ("%-16s %8.2f %8.2f %8.2f\n", mix[k], g_array_index (per[k], double, per[k]->len / 2),
               g_array_index (per[k], double, per[k]->len * 95 / 100),
               g_array_index (per[k], double, per[k]->len * 99 / 100));
      g_array_unref (per[k]);
    }
  g_print ("%-16s %8.2f %8.2f %8.2f  (%u searches over %" G_GINT64_FORMAT " listings)\n", "all",
           g_array_index (all, double, all->len / 2), g_array_index (all, double, all->len * 95 / 100),
           g_array_index (all, double, all->len * 99 / 100), all->len, n_listings);
  g_clear_object (&store);
  if (keep)
    g_print ("database kept in %s\n", path);
  else
    plz_test_rm_rf (dir);
  return 0;
}
