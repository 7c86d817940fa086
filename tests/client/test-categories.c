/* test-categories.c — the app's reading of the category tree and schemas */
#include "plz-categories.h"

#include <string.h>

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static const char *tree =
  "[{\"id\":1,\"slug\":\"cleaning\",\"name\":\"Cleaning\",\"parent_id\":null,\"icon\":\"x\","
  "  \"attributes\":[{\"key\":\"bedrooms\",\"label\":\"Bedrooms\",\"type\":\"integer\"},"
  "                  {\"key\":\"eco\",\"label\":\"Eco\",\"type\":\"boolean\"}]},"
  " {\"id\":10,\"slug\":\"car-wash\",\"name\":\"Car wash\",\"parent_id\":null,"
  "  \"attributes\":[{\"key\":\"duration_min\",\"label\":\"Duration\",\"type\":\"integer\",\"unit\":\"min\"},"
  "                  {\"key\":\"size\",\"label\":\"Size\",\"type\":\"enum\",\"values\":[\"small\",\"suv\"]}]},"
  " {\"id\":2,\"slug\":\"home-cleaning\",\"name\":\"Home cleaning\",\"parent_id\":1,"
  "  \"attributes\":[{\"key\":\"pets\",\"label\":\"Pets ok\",\"type\":\"boolean\"}]},"
  " {\"name\":\"no id\"}, 42,"
  " {\"id\":3,\"slug\":\"deep\",\"name\":\"Deep clean\",\"parent_id\":2,\"attributes\":[]}]";

static void
test_tree (void)
{
  g_autoptr(JsonArray) rows = parse_array (tree);
  g_autoptr(PlzCategories) c = NULL;
  const PlzCategory *home, *deep;

  g_test_expect_message ("plaza", G_LOG_LEVEL_WARNING, "*malformed*");
  g_test_expect_message ("plaza", G_LOG_LEVEL_WARNING, "*malformed*");
  c = plz_categories_new (rows);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (plz_categories_get_n (c), ==, 4);
  /* Tree order: children follow their parent even when listed later. */
  g_assert_cmpstr (plz_categories_get_nth (c, 0)->slug, ==, "cleaning");
  g_assert_cmpstr (plz_categories_get_nth (c, 1)->slug, ==, "home-cleaning");
  g_assert_cmpstr (plz_categories_get_nth (c, 2)->slug, ==, "deep");
  g_assert_cmpstr (plz_categories_get_nth (c, 3)->slug, ==, "car-wash");

  home = plz_categories_lookup (c, 2);
  deep = plz_categories_lookup_slug (c, "deep");
  g_assert_nonnull (home);
  g_assert_cmpuint (home->depth, ==, 1);
  g_assert_cmpuint (deep->depth, ==, 2);
  g_assert_null (plz_categories_lookup (c, 99));
  g_assert_null (plz_categories_lookup_slug (c, "nope"));

  /* Attributes are inherited down the tree. */
  g_assert_cmpuint (json_array_get_length (deep->attributes), ==, 3);
  g_assert_nonnull (plz_category_find_attribute (deep, "bedrooms"));
  g_assert_nonnull (plz_category_find_attribute (deep, "pets"));
  g_assert_cmpstr (plz_category_attribute_label (deep, "pets"), ==, "Pets ok");
  g_assert_cmpstr (plz_category_attribute_label (deep, "unknown"), ==, "unknown");
}

static void
test_format_value (void)
{
  g_autoptr(JsonArray) rows = parse_array (tree);
  g_autoptr(PlzCategories) c = NULL;
  const PlzCategory *wash;
  g_autoptr(JsonNode) b = json_node_init_boolean (json_node_alloc (), TRUE);
  g_autoptr(JsonNode) i = json_node_init_int (json_node_alloc (), 90);
  g_autoptr(JsonNode) e = json_node_init_string (json_node_alloc (), "suv");
  g_autoptr(JsonNode) n = json_node_init_null (json_node_alloc ());
  g_autofree char *yes = NULL, *mins = NULL, *suv = NULL, *none = NULL, *free_text = NULL;

  g_test_expect_message ("plaza", G_LOG_LEVEL_WARNING, "*malformed*");
  g_test_expect_message ("plaza", G_LOG_LEVEL_WARNING, "*malformed*");
  c = plz_categories_new (rows);
  wash = plz_categories_lookup_slug (c, "car-wash");

  yes = plz_category_format_value (wash, "mobile", b);
  mins = plz_category_format_value (wash, "duration_min", i);
  suv = plz_category_format_value (wash, "size", e);
  none = plz_category_format_value (wash, "size", n);
  free_text = plz_category_format_value (wash, "unknown", e);
  g_assert_cmpstr (yes, ==, "Yes");
  g_assert_cmpstr (mins, ==, "90 min");
  g_assert_cmpstr (suv, ==, "Suv");
  g_assert_cmpstr (none, ==, "—");
  g_assert_cmpstr (free_text, ==, "suv");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/categories/tree", test_tree);
  g_test_add_func ("/categories/format-value", test_format_value);
  return g_test_run ();
}
