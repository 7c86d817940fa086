/* plz-test-server.c — an in-process server on port 0 in its own thread */
#include "plz-test-server.h"
#include "plz-json.h"

#include <glib/gstdio.h>
#include <string.h>

struct _PlzTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  PlzServer    *server;
  PlzConfig    *config;
  char         *tmp_dir;
  char         *url;
  SoupSession  *session;
  GError       *start_error;
  const PlzRoute *routes;
  gsize         n_routes;

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
};

static gpointer
server_thread (gpointer data)
{
  PlzTestServer *ts = data;

  g_main_context_push_thread_default (ts->context);

  if (ts->routes != NULL)
    ts->server = plz_server_new_with_routes (g_steal_pointer (&ts->config), ts->routes,
                                             ts->n_routes, &ts->start_error);
  else
    ts->server = plz_server_new (g_steal_pointer (&ts->config), &ts->start_error);
  if (ts->server != NULL && plz_server_start (ts->server, &ts->start_error))
    ts->url = plz_server_get_base_url (ts->server);

  g_mutex_lock (&ts->lock);
  ts->ready = TRUE;
  g_cond_signal (&ts->cond);
  g_mutex_unlock (&ts->lock);

  if (ts->url != NULL)
    g_main_loop_run (ts->loop);

  /* Let closing connections finish and drop their last references. */
  g_clear_object (&ts->server);
  for (guint i = 0; i < 100 && g_main_context_iteration (ts->context, FALSE); i++)
    ;
  g_main_context_pop_thread_default (ts->context);
  return NULL;
}

PlzTestServer *
plz_test_server_new_with (PlzConfig *config)
{
  return plz_test_server_new_with_routes (config, NULL, 0);
}

PlzTestServer *
plz_test_server_new_with_routes (PlzConfig      *config,
                                 const PlzRoute *routes,
                                 gsize           n_routes)
{
  PlzTestServer *ts = g_new0 (PlzTestServer, 1);

  ts->routes = routes;
  ts->n_routes = n_routes;

  g_free (config->listen);
  config->listen = g_strdup ("127.0.0.1");
  config->port = 0;
  if (config->data_dir == NULL)
    {
      ts->tmp_dir = g_dir_make_tmp ("plaza-test-XXXXXX", NULL);
      g_assert_nonnull (ts->tmp_dir);
      config->data_dir = g_strdup (ts->tmp_dir);
    }
  ts->config = config;
  ts->context = g_main_context_new ();
  ts->loop = g_main_loop_new (ts->context, FALSE);
  g_mutex_init (&ts->lock);
  g_cond_init (&ts->cond);

  ts->thread = g_thread_new ("test-server", server_thread, ts);
  g_mutex_lock (&ts->lock);
  while (!ts->ready)
    g_cond_wait (&ts->cond, &ts->lock);
  g_mutex_unlock (&ts->lock);

  g_assert_no_error (ts->start_error);
  ts->session = soup_session_new_with_options ("timeout", 10, NULL);
  return ts;
}

PlzTestServer *
plz_test_server_new (void)
{
  PlzConfig *config = plz_config_new ();

  g_clear_pointer (&config->data_dir, g_free);
  return plz_test_server_new_with (config);
}

static void
shutdown_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlzTestServer *ts = user_data;
  g_autoptr(GError) error = NULL;

  plz_server_shutdown_finish (PLZ_SERVER (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (ts->loop);
}

static gboolean
begin_shutdown_cb (gpointer user_data)
{
  PlzTestServer *ts = user_data;

  plz_server_shutdown_async (ts->server, 5000, NULL, shutdown_done_cb, ts);
  return G_SOURCE_REMOVE;
}

void
plz_test_server_free (PlzTestServer *ts)
{
  if (ts == NULL)
    return;

  g_clear_object (&ts->session);
  if (ts->url != NULL)
    {
      g_main_context_invoke (ts->context, begin_shutdown_cb, ts);
      g_thread_join (ts->thread);
    }
  else
    g_thread_join (ts->thread);

  g_clear_object (&ts->server);
  g_clear_pointer (&ts->loop, g_main_loop_unref);
  g_clear_pointer (&ts->context, g_main_context_unref);
  g_clear_pointer (&ts->config, plz_config_free);
  g_clear_error (&ts->start_error);
  if (ts->tmp_dir != NULL)
    plz_test_rm_rf (ts->tmp_dir);
  g_free (ts->tmp_dir);
  g_free (ts->url);
  g_mutex_clear (&ts->lock);
  g_cond_clear (&ts->cond);
  g_free (ts);
}

PlzServer *
plz_test_server_get_server (PlzTestServer *ts)
{
  return ts->server;
}

const char *
plz_test_server_get_url (PlzTestServer *ts)
{
  return ts->url;
}

const char *
plz_test_server_get_data_dir (PlzTestServer *ts)
{
  return plz_server_get_config (ts->server)->data_dir;
}

PlzTestResponse *
plz_test_request_bytes (PlzTestServer *ts,
                        const char    *method,
                        const char    *path,
                        GBytes        *bytes,
                        const char    *content_type,
                        const char    *token)
{
  g_autofree char *uri = g_strconcat (ts->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  PlzTestResponse *response;

  g_assert_nonnull (msg);
  if (bytes != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", bytes);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  reply = soup_session_send_and_read (ts->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (PlzTestResponse, 1);
  response->status = soup_message_get_status (msg);
  response->length = g_bytes_get_size (reply);
  /* Binary bodies (images) may hold NULs: copy bytes, then terminate. */
  response->body = g_malloc (response->length + 1);
  if (response->length > 0)
    memcpy (response->body, g_bytes_get_data (reply, NULL), response->length);
  response->body[response->length] = '\0';
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (json_parser_load_from_data (parser, response->body, (gssize) response->length, NULL) &&
      json_parser_get_root (parser) != NULL)
    response->json = json_node_copy (json_parser_get_root (parser));
  return response;
}

PlzTestResponse *
plz_test_request_auth (PlzTestServer *ts,
                       const char    *method,
                       const char    *path,
                       const char    *body,
                       const char    *token)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  return plz_test_request_bytes (ts, method, path, bytes, NULL, token);
}

PlzTestResponse *
plz_test_request (PlzTestServer *ts,
                  const char    *method,
                  const char    *path,
                  const char    *body,
                  const char    *content_type)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  return plz_test_request_bytes (ts, method, path, bytes, content_type, NULL);
}

char *
plz_test_raw_request (PlzTestServer *ts,
                      const char    *raw,
                      gsize          raw_length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GInputStream *in;
  char buf[4096];
  gssize n;

  g_socket_client_set_timeout (client, 5);
  conn = g_socket_client_connect_to_host (client, ts->url + strlen ("http://"), 0, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                             raw, raw_length, NULL, NULL, &error);
  g_assert_no_error (error);

  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, &error)) > 0)
    g_string_append_len (out, buf, n);
  /* A timeout is fine: the answer is judged by what arrived. */
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
plz_test_response_free (PlzTestResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

const char *
plz_test_response_error_code (PlzTestResponse *response)
{
  JsonObject *root, *err;

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  root = json_node_get_object (response->json);
  if (!json_object_has_member (root, "error"))
    return NULL;
  err = json_object_get_object_member (root, "error");
  return err != NULL ? json_object_get_string_member_with_default (err, "code", NULL) : NULL;
}

void
plz_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          plz_test_rm_rf (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
plz_test_assert_json_equal (const char *file,
                            int         line,
                            const char *func,
                            const char *expr,
                            JsonNode   *actual,
                            const char *expected)
{
  g_autoptr(JsonNode) want = json_from_string (expected, NULL);
  g_autofree char *got = NULL;
  g_autofree char *msg = NULL;

  if (want == NULL)
    g_assertion_message (G_LOG_DOMAIN, file, line, func, "expected value is not JSON");
  if (plz_json_equal (actual, want))
    return;

  got = actual != NULL ? plz_json_to_string (actual) : g_strdup ("(null)");
  msg = g_strdup_printf ("%s is %s, expected %s", expr, got, expected);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
}

char *
plz_test_sign_up (PlzTestServer  *ts,
                  const char     *email,
                  gboolean        operator,
                  char          **user_id)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"correct horse battery staple\","
                                           "\"display_name\":\"Person\"}", email);
  g_autoptr(PlzTestResponse) r = plz_test_request (ts, "POST", "/api/v1/accounts", body, NULL);
  JsonObject *root;

  if (r->status != 201 || r->json == NULL)
    g_error ("sign-up %s: %u %s", email, r->status, r->body);
  root = json_node_get_object (r->json);
  if (user_id != NULL)
    *user_id = g_strdup (json_object_get_string_member (json_object_get_object_member (root, "user"), "id"));
  if (operator)
    {
      g_autoptr(PlzTestResponse) op = plz_test_request_auth (ts, "POST", "/api/v1/me/operator",
        "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-26.1,\"lng\":28.0,\"radius_km\":30}}",
        json_object_get_string_member (root, "token"));

      if (op->status != 200)
        g_error ("become operator: %u %s", op->status, op->body);
    }
  return g_strdup (json_object_get_string_member (root, "token"));
}

char *
plz_test_make_listing (PlzTestServer  *ts,
                       const char     *token,
                       const char     *title,
                       gboolean        publish)
{
  g_autofree char *body = g_strdup_printf (
    "{\"category_id\":10,\"title\":\"%s\",\"description\":\"Hand wash and polish\","
    "\"price\":{\"amount_minor\":15000,\"currency\":\"ZAR\"},\"pricing_type\":\"fixed\","
    "\"location\":{\"lat\":-26.1,\"lng\":28.0,\"city\":\"Johannesburg\",\"country\":\"ZA\"}}", title);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (ts, "POST", "/api/v1/listings", body, token);
  const char *id;

  if (r->status != 201)
    g_error ("create listing: %u %s", r->status, r->body);
  id = json_object_get_string_member (json_object_get_object_member (json_node_get_object (r->json), "listing"),
                                      "id");
  if (publish)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/status", id);
      g_autoptr(PlzTestResponse) p = plz_test_request_auth (ts, "POST", path, "{\"status\":\"active\"}", token);

      if (p->status != 200)
        g_error ("publish: %u %s", p->status, p->body);
    }
  return g_strdup (id);
}
