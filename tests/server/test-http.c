/* test-http.c — the HTTP front: health, error shapes, limits, request bodies */
#include "plz-test-server.h"
#include "plz-routes.h"
#include "store/plz-migrations.h"

#include "config.h"
#define PACKAGE_VERSION_FOR_TESTS PACKAGE_VERSION

#include <string.h>

typedef struct
{
  PlzTestServer *ts;
} Fixture;

/* A route that echoes its parsed body, to test body handling shared by every
 * JSON route without depending on one domain. */
static void
echo_handler (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);

  if (body != NULL)
    plz_request_reply_object (request, 200, body);
}

static void
param_handler (PlzRequest *request)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "id", plz_request_get_param (request, "id"));
  plz_request_reply_object (request, 200, body);
}

static PlzRoute *test_routes;
static gsize n_test_routes;

static void
build_test_routes (void)
{
  gsize n;
  const PlzRoute *api = plz_routes_get (&n);

  test_routes = g_new0 (PlzRoute, n + 3);
  memcpy (test_routes, api, n * sizeof (PlzRoute));
  test_routes[n] = (PlzRoute) { "POST", "/test/echo", PLZ_ACCESS_ANYONE, echo_handler };
  test_routes[n + 1] = (PlzRoute) { "PUT", "/test/echo", PLZ_ACCESS_ANYONE, echo_handler };
  test_routes[n + 2] = (PlzRoute) { "GET", "/test/things/{id}", PLZ_ACCESS_ANYONE, param_handler };
  n_test_routes = n + 3;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();

  g_clear_pointer (&config->data_dir, g_free);
  config->max_body_size = 1024;
  f->ts = plz_test_server_new_with_routes (config, test_routes, n_test_routes);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->ts, plz_test_server_free);
}

static void
test_health (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "GET", "/api/v1/health", NULL, NULL);
  JsonObject *o;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  g_assert_nonnull (r->json);
  o = json_node_get_object (r->json);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (o, "version"), ==, PACKAGE_VERSION_FOR_TESTS);
  g_assert_cmpint (json_object_get_int_member (o, "schema_version"), ==, plz_migrations_latest_version ());
  g_assert_cmpint (json_object_get_int_member (o, "uptime_seconds"), >=, 0);
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "uptime_seconds")));
}

static void
test_not_found (Fixture *f, gconstpointer data)
{
  const char *paths[] = { "/", "/api/v1/nothing", "/api/v1/health/extra", "/api/v2/health",
                          "/api/v1/HEALTH", "/api/v1/../v1/nothing" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "GET", paths[i], NULL, NULL);

      g_test_message ("GET %s", paths[i]);
      g_assert_cmpuint (r->status, ==, 404);
      plz_assert_json_equal (r->json, "{\"error\":{\"code\":\"not_found\","
                                      "\"message\":\"There is nothing at this address\"}}");
    }
}

static void
test_method_not_allowed (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "DELETE", "/api/v1/health", NULL, NULL);
  g_autoptr(PlzTestResponse) r2 = plz_test_request (f->ts, "GET", "/test/echo", NULL, NULL);

  g_assert_cmpuint (r->status, ==, 405);
  g_assert_cmpstr (plz_test_response_error_code (r), ==, "method_not_allowed");
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Allow"), ==, "GET");

  g_assert_cmpuint (r2->status, ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (r2->headers, "Allow"), ==, "POST, PUT");
}

static void
test_path_params (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "GET", "/test/things/abc123", NULL, NULL);
  g_autoptr(PlzTestResponse) empty = plz_test_request (f->ts, "GET", "/test/things/", NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  plz_assert_json_equal (r->json, "{\"id\":\"abc123\"}");
  g_assert_cmpuint (empty->status, ==, 404);
}

static void
test_echo_ok (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/test/echo",
                                                   "{\"a\": [1, 2, {\"b\": \"c\"}]}", NULL);

  g_assert_cmpuint (r->status, ==, 200);
  plz_assert_json_equal (r->json, "{\"a\": [1, 2, {\"b\": \"c\"}]}");
}

static void
test_malformed_json (Fixture *f, gconstpointer data)
{
  const struct { const char *body; const char *needle; } cases[] = {
    { "{\"a\": 1,}", "1:" },
    { "{\"a\":\n  tru}", "2:" },
    { "[1,2]", "object" },
    { "not json", "1:" },
    { "{\"a\": \"\xc3\x28\"}", "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/test/echo", cases[i].body, NULL);
      JsonObject *err;

      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, "invalid_json");
      err = json_object_get_object_member (json_node_get_object (r->json), "error");
      if (strstr (json_object_get_string_member (err, "message"), cases[i].needle) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, json_object_get_string_member (err, "message"),
                 cases[i].needle);
    }
}

static void
test_empty_body (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/test/echo", "", NULL);

  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (plz_test_response_error_code (r), ==, "invalid_json");
}

static void
test_wrong_content_type (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/test/echo", "{}", "text/plain");

  g_assert_cmpuint (r->status, ==, 415);
  g_assert_cmpstr (plz_test_response_error_code (r), ==, "unsupported_media_type");
}

static void
test_too_large (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_strnfill (2000, 'x');
  g_autofree char *body = g_strdup_printf ("{\"a\":\"%s\"}", big);
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/test/echo", body, NULL);

  g_assert_cmpuint (r->status, ==, 413);
  g_assert_cmpstr (plz_test_response_error_code (r), ==, "payload_too_large");
}

/* The 413 must come from the headers alone: announce a huge body, send none,
 * and expect the answer anyway (the server would otherwise wait for it). */
static void
test_too_large_not_read (Fixture *f, gconstpointer data)
{
  const char *raw = "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Content-Length: 1000000000\r\n\r\n{\"a\":";
  gint64 start = g_get_monotonic_time ();
  g_autofree char *reply = plz_test_raw_request (f->ts, raw, strlen (raw));

  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (reply, "payload_too_large"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_chunked_refused (Fixture *f, gconstpointer data)
{
  const char *raw = "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
  g_autofree char *reply = plz_test_raw_request (f->ts, raw, strlen (raw));

  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 411"));
  g_assert_nonnull (strstr (reply, "Content-Length"));
}

static void
test_garbage_request (Fixture *f, gconstpointer data)
{
  const char *raw = "\x01\x02 nonsense \xff\r\n\r\n";
  g_autofree char *reply = plz_test_raw_request (f->ts, raw, strlen (raw));
  g_autoptr(PlzTestResponse) r = NULL;

  g_assert_true (g_str_has_prefix (reply, "HTTP/1.0 400") || g_str_has_prefix (reply, "HTTP/1.1 400"));
  /* And the server is still fine. */
  r = plz_test_request (f->ts, "GET", "/api/v1/health", NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
}

/* A NUL in the path is refused by libsoup's parser before any handler. */
static void
test_nul_in_path (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "GET", "/api/v1/health%00", NULL, NULL);

  g_assert_cmpuint (r->status, ==, 400);
}

static void
test_many_requests (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "GET", "/api/v1/health", NULL, NULL);
      g_assert_cmpuint (r->status, ==, 200);
    }
  g_assert_cmpuint (plz_server_get_in_flight (plz_test_server_get_server (f->ts)), <=, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  build_test_routes ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/http/health", test_health);
  ADD ("/http/not-found", test_not_found);
  ADD ("/http/method-not-allowed", test_method_not_allowed);
  ADD ("/http/path-params", test_path_params);
  ADD ("/http/echo", test_echo_ok);
  ADD ("/http/malformed-json", test_malformed_json);
  ADD ("/http/empty-body", test_empty_body);
  ADD ("/http/wrong-content-type", test_wrong_content_type);
  ADD ("/http/too-large", test_too_large);
  ADD ("/http/too-large-not-read", test_too_large_not_read);
  ADD ("/http/chunked-refused", test_chunked_refused);
  ADD ("/http/garbage-request", test_garbage_request);
  ADD ("/http/nul-in-path", test_nul_in_path);
  ADD ("/http/many-requests", test_many_requests);
#undef ADD

  return g_test_run ();
}
