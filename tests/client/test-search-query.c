/* test-search-query.c — what Discover asks the server for, and how filters count */

#include "config.h"

#include "plz-listing-item.h"
#include "plz-search-query.h"

static void
test_to_string (void)
{
  g_autoptr(PlzSearchQuery) q = plz_search_query_new ();
  g_autofree char *empty = plz_search_query_to_string (q, NULL, 0);
  g_autofree char *paged = plz_search_query_to_string (q, "a b&c", 24);
  g_autofree char *full = NULL;

  g_assert_cmpstr (empty, ==, "");
  /* The cursor is escaped: it is opaque and may hold anything. */
  g_assert_cmpstr (paged, ==, "cursor=a%20b%26c&limit=24");

  q->text = g_strdup ("car wash & polish");
  q->category_id = 10;
  plz_search_query_set_attribute (q, "vehicle_size", "suv");
  plz_search_query_set_attribute (q, "duration_min.max", "90");
  plz_search_query_set_attribute (q, "mobile", "true");
  q->min_price = 0;
  q->max_price = 50000;
  plz_search_query_set_place (q, "Durban", -29.8587, 31.0218, 25);
  q->sort = g_strdup ("distance");
  full = plz_search_query_to_string (q, NULL, 10);
  g_assert_cmpstr (full, ==,
                   "q=car%20wash%20%26%20polish&category=10&attr.duration_min.max=90&attr.mobile=true"
                   "&attr.vehicle_size=suv&min_price=0&max_price=50000&lat=-29.858700&lng=31.021800"
                   "&radius_km=25.000000&sort=distance&limit=10");
}

/* What the server would refuse is left out rather than sent. */
static void
test_leaves_out_refusals (void)
{
  g_autoptr(PlzSearchQuery) q = plz_search_query_new ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  plz_search_query_set_attribute (q, "mobile", "true");   /* no category */
  q->sort = g_strdup ("distance");                        /* no place */
  a = plz_search_query_to_string (q, NULL, 0);
  g_assert_cmpstr (a, ==, "");

  g_free (q->sort);
  q->sort = g_strdup ("relevance");                       /* no text */
  b = plz_search_query_to_string (q, NULL, 0);
  g_assert_cmpstr (b, ==, "");

  q->text = g_strdup ("wash");
  c = plz_search_query_to_string (q, NULL, 0);
  g_assert_cmpstr (c, ==, "q=wash&sort=relevance");

  /* An empty value removes the filter. */
  q->category_id = 10;
  plz_search_query_set_attribute (q, "mobile", "");
  g_assert_cmpuint (g_hash_table_size (q->attributes), ==, 0);
}

static void
test_count_copy_equal_clear (void)
{
  g_autoptr(PlzSearchQuery) q = plz_search_query_new ();
  g_autoptr(PlzSearchQuery) copy = NULL;

  g_assert_cmpuint (plz_search_query_count_filters (q), ==, 0);
  q->text = g_strdup ("wash");
  q->sort = g_strdup ("price_asc");
  g_assert_cmpuint (plz_search_query_count_filters (q), ==, 0);
  q->category_id = 10;
  plz_search_query_set_attribute (q, "mobile", "true");
  plz_search_query_set_attribute (q, "duration_min.min", "30");
  g_assert_cmpuint (plz_search_query_count_filters (q), ==, 3);
  q->max_price = 100;
  g_assert_cmpuint (plz_search_query_count_filters (q), ==, 4);
  q->min_price = 10;  /* a range is one filter */
  g_assert_cmpuint (plz_search_query_count_filters (q), ==, 4);
  plz_search_query_set_place (q, "Pretoria", -25.7, 28.2, 10);
  g_assert_cmpuint (plz_search_query_count_filters (q), ==, 5);

  copy = plz_search_query_copy (q);
  g_assert_true (plz_search_query_equal (q, copy));
  g_assert_cmpstr (copy->place, ==, "Pretoria");
  plz_search_query_set_attribute (copy, "mobile", NULL);
  g_assert_false (plz_search_query_equal (q, copy));
  g_assert_true (plz_search_query_equal (NULL, NULL));
  g_assert_false (plz_search_query_equal (q, NULL));

  plz_search_query_clear_filters (q);
  g_assert_cmpuint (plz_search_query_count_filters (q), ==, 0);
  g_assert_cmpstr (q->text, ==, "wash");
  g_assert_cmpstr (q->sort, ==, "price_asc");
  g_assert_null (q->place);
}

static PlzListingItem *
item_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return plz_listing_item_new (json_node_get_object (node));
}

/* What a card says about a listing, from the server's JSON. */
static void
test_listing_item (void)
{
  g_autoptr(PlzListingItem) item = item_from (
    "{\"id\":\"l1\",\"title\":\"Valet\",\"category_id\":10,\"price\":{\"amount_minor\":35000,\"currency\":\"ZAR\"},"
    "\"pricing_type\":\"hourly\",\"location\":{\"city\":\"Durban\"},\"distance_km\":3.24,"
    "\"rating\":4.56,\"rating_count\":12,\"cover_thumbnail_url\":\"/api/v1/photos/p/thumbnail\"}");
  g_autoptr(PlzListingItem) bare = item_from ("{\"id\":\"l2\",\"rating\":null,\"price\":\"free\"}");
  g_autoptr(PlzListingItem) none = item_from ("{\"title\":\"no id\"}");
  g_autofree char *price = plz_listing_item_format_price (item);
  g_autofree char *place = plz_listing_item_format_place (item);
  g_autofree char *rating = plz_listing_item_format_rating (item);
  g_autofree char *bare_place = plz_listing_item_format_place (bare);
  g_autofree char *bare_rating = plz_listing_item_format_rating (bare);
  g_autofree char *bare_price = plz_listing_item_format_price (bare);

  g_assert_null (none);
  g_assert_cmpstr (plz_listing_item_get_id (item), ==, "l1");
  g_assert_cmpint (plz_listing_item_get_category_id (item), ==, 10);
  g_assert_cmpstr (price, ==, "R350 / hour");
  g_assert_cmpstr (place, ==, "Durban · 3.2 km away");
  g_assert_cmpstr (rating, ==, "★ 4.6 (12)");
  g_assert_cmpstr (plz_listing_item_get_thumbnail_url (item), ==, "/api/v1/photos/p/thumbnail");

  /* Missing or mistyped members give nothing rather than nonsense. */
  g_assert_cmpstr (plz_listing_item_get_title (bare), ==, "");
  g_assert_null (bare_place);
  g_assert_null (bare_rating);
  g_assert_null (plz_listing_item_get_thumbnail_url (bare));
  g_assert_nonnull (bare_price);

  g_assert_false (plz_listing_item_get_favorite (item));
  plz_listing_item_set_favorite (item, TRUE);
  g_assert_true (plz_listing_item_get_favorite (item));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-query/to-string", test_to_string);
  g_test_add_func ("/search-query/leaves-out-refusals", test_leaves_out_refusals);
  g_test_add_func ("/search-query/count-copy-equal-clear", test_count_copy_equal_clear);
  g_test_add_func ("/listing-item/format", test_listing_item);

  return g_test_run ();
}
