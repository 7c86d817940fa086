/* test-listing-model.c — search results paging in from a real server, the
 * saved listings, and the picture cache, against listings made through the API */

#include "config.h"

#include <gtk/gtk.h>

#include "plz-catalogue-test.h"
#include "plz-client-test.h"
#include "plz-favorites.h"
#include "plz-listing-model.h"
#include "plz-texture-cache.h"

typedef struct
{
  PlzTestServer *server;
  char          *operator;   /* token */
  PlzAccount    *account;    /* a signed-in consumer */
  PlzFavorites  *favorites;
  GPtrArray     *ids;        /* listing ids, in the order made */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  guint n = GPOINTER_TO_UINT (data);

  fixture->ids = g_ptr_array_new_with_free_func (g_free);
  fixture->server = plz_test_server_start (FALSE);
  if (fixture->server == NULL)
    return;
  fixture->operator = plz_test_sign_up (fixture->server->url, "op@example.org", TRUE);
  for (guint i = 0; i < n; i++)
    {
      /* Prices 100, 110, ... so that price order is the order made. */
      g_autofree char *title = g_strdup_printf ("%s wash %u", i % 2 ? "Alpha" : "Beta", i);

      g_ptr_array_add (fixture->ids, plz_test_make_listing (fixture->server->url, fixture->operator,
                                                            title, 100 + 10 * i, i < 3 ? 1 : 0));
    }
  fixture->account = plz_test_consumer (fixture->server->url, "thandi@example.org");
  fixture->favorites = plz_favorites_new (fixture->account);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->favorites);
  /* Requests still on their way hold the account until they end. */
  plz_test_spin (100);
  if (fixture->account != NULL)
    g_assert_finalize_object (fixture->account);
  plz_test_server_stop (fixture->server);
  g_free (fixture->operator);
  g_ptr_array_unref (fixture->ids);
}

static gboolean
model_idle (gpointer data)
{
  return !plz_listing_model_get_loading (data);
}

static void
wait_idle (PlzListingModel *model)
{
  g_assert_true (plz_test_wait_until (model_idle, model, 10000));
}

static PlzListingModel *
new_model (Fixture *fixture, guint page_size)
{
  PlzListingModel *model = plz_listing_model_new (fixture->account, fixture->favorites);

  plz_listing_model_set_page_size (model, page_size);
  return model;
}

/* The ids the model lists, checking that none shows twice. */
static GHashTable *
listed_ids (PlzListingModel *model)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(PlzListingItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_false (g_hash_table_contains (ids, plz_listing_item_get_id (item)));
      g_hash_table_add (ids, g_strdup (plz_listing_item_get_id (item)));
    }
  return ids;
}

static void
count_changes_cb (GListModel *list, guint position, guint removed, guint added, guint *changes)
{
  (*changes)++;
}

static void
test_pages (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzListingModel) model = NULL;
  g_autoptr(PlzSearchQuery) query = plz_search_query_new ();
  g_autoptr(GHashTable) ids = NULL;
  guint pages = 1, changes = 0;

  if (fixture->server == NULL)
    return;
  model = new_model (fixture, 10);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_IDLE);

  query->sort = g_strdup ("price_asc");
  plz_listing_model_search (model, query);
  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_LOADING);
  g_assert_true (plz_listing_model_get_loading (model));
  /* One request at a time. */
  g_assert_false (plz_listing_model_load_more (model));
  wait_idle (model);
  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_READY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  g_assert_true (plz_listing_model_get_has_more (model));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == PLZ_TYPE_LISTING_ITEM);

  while (plz_listing_model_load_more (model))
    {
      g_assert_false (plz_listing_model_load_more (model));
      wait_idle (model);
      pages++;
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_false (plz_listing_model_get_has_more (model));
  g_assert_null (plz_listing_model_get_error_message (model));
  g_assert_cmpuint (changes, ==, 3);

  /* Every listing once, in price order. */
  ids = listed_ids (model);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 25);
  for (guint i = 0; i < fixture->ids->len; i++)
    {
      g_autoptr(PlzListingItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpstr (plz_listing_item_get_id (item), ==, fixture->ids->pdata[i]);
    }
  g_assert_nonnull (plz_listing_model_lookup (model, fixture->ids->pdata[7]));
  g_assert_null (plz_listing_model_lookup (model, "no-such-listing"));
}

/* A listing whose price changes between two pages comes back on a later
 * page; it shows once. */
static void
test_no_duplicates (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzListingModel) model = NULL;
  g_autoptr(PlzSearchQuery) query = plz_search_query_new ();
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) patched = NULL;

  if (fixture->server == NULL)
    return;
  model = new_model (fixture, 5);
  query->sort = g_strdup ("price_asc");
  plz_listing_model_search (model, query);
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);

  /* The cheapest becomes the dearest: the server lists it again at the end. */
  path = g_strdup_printf ("/api/v1/listings/%s", (char *) fixture->ids->pdata[0]);
  patched = plz_test_api (fixture->server->url, "PATCH", path, "{\"price\":{\"amount_minor\":9999900}}",
                          fixture->operator, 200);
  while (plz_listing_model_load_more (model))
    wait_idle (model);

  ids = listed_ids (model);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 25);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 25);
}

static void
test_cancel_on_new_query (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzListingModel) model = NULL;
  g_autoptr(PlzSearchQuery) alpha = plz_search_query_new ();
  g_autoptr(PlzSearchQuery) beta = plz_search_query_new ();

  if (fixture->server == NULL)
    return;
  model = new_model (fixture, 50);
  alpha->text = g_strdup ("alpha");
  beta->text = g_strdup ("beta");

  plz_listing_model_search (model, alpha);
  plz_listing_model_search (model, beta);
  wait_idle (model);
  /* Let a stale answer arrive, if one were still coming. */
  plz_test_spin (300);

  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_READY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 13);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(PlzListingItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (g_str_has_prefix (plz_listing_item_get_title (item), "Beta"));
    }
  g_assert_true (plz_search_query_equal (plz_listing_model_get_query (model), beta));

  /* Nothing matching is a state of its own. */
  {
    g_autoptr(PlzSearchQuery) none = plz_search_query_new ();

    none->text = g_strdup ("zeppelin");
    plz_listing_model_search (model, none);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
    wait_idle (model);
    g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_EMPTY);
  }
}

static void
test_errors (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzListingModel) model = NULL;
  g_autoptr(PlzSearchQuery) query = plz_search_query_new ();
  g_autoptr(PlzSearchQuery) bad = plz_search_query_new ();

  if (fixture->server == NULL)
    return;
  model = new_model (fixture, 10);

  /* The server refuses a category it does not have: the first page fails. */
  bad->category_id = 999;
  plz_listing_model_search (model, bad);
  wait_idle (model);
  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_ERROR);
  g_assert_nonnull (plz_listing_model_get_error_message (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* A good query clears the error. */
  plz_listing_model_search (model, query);
  wait_idle (model);
  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_READY);
  g_assert_null (plz_listing_model_get_error_message (model));

  /* The server goes away: the next page fails, what is listed stays. */
  plz_test_server_stop (g_steal_pointer (&fixture->server));
  g_assert_true (plz_listing_model_load_more (model));
  wait_idle (model);
  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_READY);
  g_assert_nonnull (plz_listing_model_get_error_message (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  g_assert_true (plz_listing_model_get_has_more (model));
  plz_listing_model_retry (model);
  g_assert_true (plz_listing_model_get_loading (model));
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);

  /* And a new search shows the failure as the page's state. */
  plz_listing_model_search (model, query);
  wait_idle (model);
  g_assert_cmpint (plz_listing_model_get_state (model), ==, PLZ_LISTING_MODEL_ERROR);
}

static gboolean
favorites_known (gpointer data)
{
  Fixture *fixture = data;

  return plz_favorites_contains (fixture->favorites, fixture->ids->pdata[1]);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SetResult;

static void
favorite_set_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SetResult *set = user_data;

  set->ok = plz_favorites_set_finish (PLZ_FAVORITES (source), result, &set->error);
  set->done = TRUE;
}

static void
test_favorites (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzListingModel) model = NULL;
  g_autoptr(PlzSearchQuery) query = plz_search_query_new ();
  const char *token;
  PlzListingItem *item;
  SetResult set = { 0 };

  if (fixture->server == NULL)
    return;
  token = plz_account_get_token (fixture->account);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/favorite", (char *) fixture->ids->pdata[i]);
      g_autoptr(JsonObject) answer = plz_test_api (fixture->server->url, "PUT", path, NULL, token, 200);
    }
  plz_favorites_reload (fixture->favorites);
  g_assert_true (plz_test_wait_until (favorites_known, fixture, 10000));

  /* Search results carry the saved marks. */
  model = new_model (fixture, 50);
  query->sort = g_strdup ("price_asc");
  plz_listing_model_search (model, query);
  wait_idle (model);
  g_assert_true (plz_listing_item_get_favorite (plz_listing_model_lookup (model, fixture->ids->pdata[1])));
  g_assert_true (plz_listing_item_get_favorite (plz_listing_model_lookup (model, fixture->ids->pdata[2])));
  g_assert_false (plz_listing_item_get_favorite (plz_listing_model_lookup (model, fixture->ids->pdata[3])));

  /* Saving shows at once and sticks on the server. */
  item = plz_listing_model_lookup (model, fixture->ids->pdata[3]);
  plz_favorites_set_async (fixture->favorites, item, TRUE, NULL, favorite_set_cb, &set);
  g_assert_true (plz_listing_item_get_favorite (item));
  g_assert_true (plz_test_wait_for_flag (&set.done, 10000));
  g_assert_no_error (set.error);
  {
    g_autoptr(JsonObject) mine = plz_test_api (fixture->server->url, "GET", "/api/v1/me/favorites", NULL, token, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (mine, "listings")), ==, 3);
  }

  /* The saved view lists them, all marked. */
  plz_listing_model_show_favorites (model);
  g_assert_true (plz_listing_model_get_favorites_only (model));
  g_assert_null (plz_listing_model_get_query (model));
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_false (plz_listing_model_get_has_more (model));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PlzListingItem) saved = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (plz_listing_item_get_favorite (saved));
    }

  /* A listing gone meanwhile: the mark goes back and the reason comes out. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s", (char *) fixture->ids->pdata[3]);
    g_autoptr(JsonObject) gone = plz_test_api (fixture->server->url, "DELETE", path, NULL, fixture->operator, 200);
    g_autoptr(PlzListingItem) kept = g_object_ref (plz_listing_model_lookup (model, fixture->ids->pdata[3]));

    set = (SetResult) { 0 };
    plz_favorites_set_async (fixture->favorites, kept, FALSE, NULL, favorite_set_cb, &set);
    g_assert_false (plz_listing_item_get_favorite (kept));
    g_assert_true (plz_test_wait_for_flag (&set.done, 10000));
    g_assert_false (set.ok);
    g_assert_nonnull (set.error);
    g_clear_error (&set.error);
    g_assert_true (plz_listing_item_get_favorite (kept));
    g_assert_true (plz_favorites_contains (fixture->favorites, fixture->ids->pdata[3]));
  }
}

typedef struct
{
  guint       done;
  GdkTexture *textures[5];
  GError     *errors[5];
} Loads;

static void
texture_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Loads *loads = user_data;
  guint i = loads->done++;

  g_assert_cmpuint (i, <, G_N_ELEMENTS (loads->textures));
  loads->textures[i] = plz_texture_cache_load_finish (PLZ_TEXTURE_CACHE (source), result, &loads->errors[i]);
}

static gboolean
two_loaded (gpointer data)
{
  return ((Loads *) data)->done == 2;
}

static void
test_texture_cache (Fixture *fixture, gconstpointer data)
{
  /* Room for two 65×64 thumbnails, not three. */
  g_autoptr(PlzTextureCache) cache = plz_texture_cache_new (2 * 66 * 64 * 4);
  g_autoptr(PlzListingModel) model = NULL;
  g_autoptr(PlzSearchQuery) query = plz_search_query_new ();
  const char *paths[3];
  const char *url;
  Loads loads = { 0 };

  if (fixture->server == NULL)
    return;
  url = fixture->server->url;
  model = new_model (fixture, 50);
  query->sort = g_strdup ("price_asc");
  plz_listing_model_search (model, query);
  wait_idle (model);
  for (guint i = 0; i < 3; i++)
    {
      paths[i] = plz_listing_item_get_thumbnail_url (plz_listing_model_lookup (model, fixture->ids->pdata[i]));
      g_assert_nonnull (paths[i]);
    }
  g_assert_null (plz_listing_item_get_thumbnail_url (plz_listing_model_lookup (model, fixture->ids->pdata[5])));

  /* Two asking for the same picture at once share one request. */
  plz_texture_cache_load_async (cache, url, paths[0], NULL, texture_loaded_cb, &loads);
  plz_texture_cache_load_async (cache, url, paths[0], NULL, texture_loaded_cb, &loads);
  g_assert_true (plz_test_wait_until (two_loaded, &loads, 10000));
  g_assert_cmpuint (plz_texture_cache_get_n_fetches (cache), ==, 1);
  g_assert_nonnull (loads.textures[0]);
  g_assert_true (loads.textures[0] == loads.textures[1]);
  g_assert_true (plz_texture_cache_lookup (cache, url, paths[0]) == loads.textures[0]);

  /* Past the budget, the least recently used picture goes. */
  for (guint i = 1; i < 3; i++)
    {
      guint before = loads.done;

      plz_texture_cache_load_async (cache, url, paths[i], NULL, texture_loaded_cb, &loads);
      while (loads.done == before)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (plz_texture_cache_get_n_fetches (cache), ==, 3);
  g_assert_cmpuint (plz_texture_cache_get_n_textures (cache), ==, 2);
  g_assert_cmpuint (plz_texture_cache_get_bytes (cache), <=, 2 * 66 * 64 * 4);
  g_assert_null (plz_texture_cache_lookup (cache, url, paths[0]));
  g_assert_nonnull (plz_texture_cache_lookup (cache, url, paths[2]));

  /* A picture that is not there is an error, and nothing is kept for it. */
  {
    guint before = loads.done;

    plz_texture_cache_load_async (cache, url, "/api/v1/photos/nope/thumbnail", NULL, texture_loaded_cb, &loads);
    while (loads.done == before)
      g_main_context_iteration (NULL, TRUE);
    g_assert_null (loads.textures[4]);
    g_assert_nonnull (loads.errors[4]);
    g_assert_cmpuint (plz_texture_cache_get_n_textures (cache), ==, 2);
  }

  for (guint i = 0; i < G_N_ELEMENTS (loads.textures); i++)
    {
      g_clear_object (&loads.textures[i]);
      g_clear_error (&loads.errors[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, n, fn) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, fn, fixture_teardown)
  ADD ("/listing-model/pages", 25, test_pages);
  ADD ("/listing-model/no-duplicates", 25, test_no_duplicates);
  ADD ("/listing-model/cancel-on-new-query", 25, test_cancel_on_new_query);
  ADD ("/listing-model/errors", 15, test_errors);
  ADD ("/listing-model/favorites", 6, test_favorites);
  ADD ("/texture-cache/share-evict-fail", 6, test_texture_cache);
#undef ADD

  return g_test_run ();
}
