/* test-json.c — strict parsing, typed getters and JSON equality */
#include "plz-error.h"
#include "plz-json.h"

#include <string.h>

static JsonObject *
parse (const char *text, GError **error)
{
  return plz_json_parse_object (text, strlen (text), error);
}

static void
test_parse_ok (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = parse ("{\"a\": 1, \"b\": \"x\"}", &error);

  g_assert_no_error (error);
  g_assert_nonnull (o);
  g_assert_cmpint (json_object_get_int_member (o, "a"), ==, 1);
}

static void
test_parse_errors (void)
{
  const struct { const char *text; const char *needle; } cases[] = {
    { "", "empty" },
    { "{\"a\": }", "1:" },
    { "{\"a\": 1,\n \"b\" 2}", "2:" },
    { "[1, 2]", "object" },
    { "42", "object" },
    { "\"text\"", "object" },
    { "{\"a\": \"\xff\xfe\"}", "UTF-8" },
    { "{\"a\": 1} trailing", "1:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonObject *o = parse (cases[i].text, &error);

      g_assert_null (o);
      g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_JSON);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].needle);
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fine = NULL;
  JsonObject *o;

  /* 100 000 levels would overflow json-glib's recursion. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":");
  o = plz_json_parse_object (deep->str, deep->len, &error);
  g_assert_null (o);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_JSON);
  g_clear_error (&error);

  /* Brackets inside strings do not count; 32 levels are fine. */
  g_string_append (ok, "{\"s\":\"[[[[{{{{\\\"[[[\",\"a\":");
  for (guint i = 0; i < PLZ_JSON_MAX_DEPTH - 2; i++)
    g_string_append (ok, "[");
  for (guint i = 0; i < PLZ_JSON_MAX_DEPTH - 2; i++)
    g_string_append (ok, "]");
  g_string_append (ok, "}");
  fine = plz_json_parse_object (ok->str, ok->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fine);
}

static void
test_getters (void)
{
  g_autoptr(JsonObject) o = parse ("{\"s\": \"x\", \"i\": 7, \"b\": true, \"d\": 1.5, \"n\": null}", NULL);
  g_autoptr(GError) error = NULL;
  const char *s = NULL;
  gint64 i = 0;
  gboolean b = FALSE;

  g_assert_true (plz_json_get_string (o, "s", TRUE, &s, &error));
  g_assert_cmpstr (s, ==, "x");
  g_assert_true (plz_json_get_int (o, "i", TRUE, &i, &error));
  g_assert_cmpint (i, ==, 7);
  g_assert_true (plz_json_get_bool (o, "b", TRUE, &b, &error));
  g_assert_true (b);

  /* Absent or null optional members leave the value alone. */
  s = "unchanged";
  g_assert_true (plz_json_get_string (o, "missing", FALSE, &s, &error));
  g_assert_true (plz_json_get_string (o, "n", FALSE, &s, &error));
  g_assert_cmpstr (s, ==, "unchanged");
  g_assert_no_error (error);

  g_assert_false (plz_json_get_string (o, "missing", TRUE, &s, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  g_assert_false (plz_json_get_string (o, "i", TRUE, &s, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (plz_json_get_int (o, "d", TRUE, &i, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (plz_json_get_int (o, "s", TRUE, &i, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (plz_json_get_bool (o, "i", TRUE, &b, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
}

static void
test_equal (void)
{
  const struct { const char *a, *b; gboolean equal; } cases[] = {
    { "{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1}", TRUE },
    { "{\"a\":1}", "{\"a\":1.0}", TRUE },
    { "{\"a\":1}", "{\"a\":2}", FALSE },
    { "{\"a\":1}", "{\"a\":1,\"b\":null}", FALSE },
    { "[1,2]", "[2,1]", FALSE },
    { "\"1\"", "1", FALSE },
    { "null", "null", TRUE },
    { "{\"a\":{\"b\":true}}", "{\"a\":{\"b\":false}}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) a = json_from_string (cases[i].a, NULL);
      g_autoptr(JsonNode) b = json_from_string (cases[i].b, NULL);

      if (plz_json_equal (a, b) != cases[i].equal)
        g_error ("case %u: %s vs %s", i, cases[i].a, cases[i].b);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/parse-ok", test_parse_ok);
  g_test_add_func ("/json/parse-errors", test_parse_errors);
  g_test_add_func ("/json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json/getters", test_getters);
  g_test_add_func ("/json/equal", test_equal);
  return g_test_run ();
}
