/* bench-search.c — catalogue search latency at scale: seeds N listings into a
 * fresh database and times a mix of searches through the service layer.
 * Usage: bench-search [--listings N] [--queries N]. Prints p50/p95/p99. */
#include "plz-test-server.h"
#include "catalogue/plz-catalogue.h"
#include "plz-time.h"

#include <stdlib.h>

static const char *words[] = {
  "sparkle", "budget", "premium", "express", "mobile", "eco", "deluxe", "family", "quick", "reliable",
  "friendly", "professional", "weekend", "local", "trusted", "careful", "affordable", "expert",
};
static const char *things[][3] = {
  { "10", "car wash", "{\"vehicle_size\":\"suv\",\"mobile\":true,\"duration_min\":45}" },
  { "2", "home cleaning", "{\"property_type\":\"house\",\"bedrooms\":3,\"eco_products\":true}" },
  { "21", "garden landscaping", "{\"garden_size_m2\":300,\"refuse_removal\":true}" },
  { "30", "maths tutoring", "{\"subject\":\"mathematics\",\"grade_from\":8,\"grade_to\":12,\"online\":true}" },
  { "41", "plumbing repairs", "{\"trade\":\"plumbing\",\"emergency\":true,\"certified\":true}" },
  { "50", "hair braiding", "{\"service\":\"braiding\",\"home_visits\":true,\"duration_min\":120}" },
  { "62", "tool hire", "{\"item\":\"drill\",\"deposit_minor\":50000,\"delivery\":true}" },
};

static gboolean
seed (PlzStore *store, guint n, GError **error)
{
  sqlite3_stmt *u, *l;
  GRand *rand = g_rand_new_with_seed (42);

  if (!plz_store_exec (store, "BEGIN", error))
    return FALSE;
  u = plz_store_prepare (store, "INSERT INTO users (id, email, password_hash, display_name, is_operator, "
                         "created_at, updated_at) VALUES (?1, ?2, '$y$x', 'Bench operator', 1, 0, 0)", error);
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *id = g_strdup_printf ("%032x", i);
      g_autofree char *email = g_strdup_printf ("op%u@bench.test", i);

      sqlite3_bind_text (u, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (u, 2, email, -1, SQLITE_TRANSIENT);
      if (!plz_store_step_done (store, u, error))
        return FALSE;
    }
  l = plz_store_prepare (store, "INSERT INTO listings (id, operator_id, category_id, title, slug, description, "
                         "price_minor, currency, pricing_type, attributes, lat, lng, city, status, created_at, "
                         "updated_at, rating_avg) VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6, 'ZAR', 'fixed', ?7, ?8, ?9, "
                         "'Johannesburg', ?10, ?11, ?11, ?12)", error);
  for (guint i = 0; i < n; i++)
    {
      guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (things));
      g_autofree char *id = g_strdup_printf ("%032x", 1000000 + i);
      g_autofree char *op = g_strdup_printf ("%032x", g_rand_int_range (rand, 0, 500));
      g_autofree char *title = g_strdup_printf ("%s %s %s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], things[k][1]);
      g_autofree char *desc = g_strdup_printf ("We offer %s across the city. %s and %s service, booked in minutes.",
                                               things[k][1], words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);

      sqlite3_bind_text (l, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (l, 2, op, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (l, 3, atoi (things[k][0]));
      sqlite3_bind_text (l, 4, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (l, 5, desc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (l, 6, g_rand_int_range (rand, 5000, 500000));
      sqlite3_bind_text (l, 7, things[k][2], -1, SQLITE_STATIC);
      /* Spread over Gauteng: about 100 km square. */
      sqlite3_bind_double (l, 8, -26.2 + g_rand_double_range (rand, -0.5, 0.5));
      sqlite3_bind_double (l, 9, 28.0 + g_rand_double_range (rand, -0.5, 0.5));
      sqlite3_bind_text (l, 10, g_rand_int_range (rand, 0, 10) < 9 ? "active" : "paused", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (l, 11, (gint64) i * 1000000);
      sqlite3_bind_double (l, 12, g_rand_double_range (rand, 3.0, 5.0));
      if (!plz_store_step_done (store, l, error))
        return FALSE;
    }
  g_rand_free (rand);
  return plz_store_exec (store, "COMMIT; ANALYZE", error);
}

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
  if (!seed (store, (guint) n_listings, &error))
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
