/* plz-fixture-server.c — an in-process HTTP server answering with JSON fixtures */

#include "config.h"

#include <libsoup/soup.h>

#include "plz-fixture-server.h"

typedef struct
{
  guint       status;
  char       *body;
  guint       count;
  JsonObject *last_body;
  char       *last_query;
} Route;

struct _PlzFixtureServer
{
  SoupServer *server;
  char       *url;
  GHashTable *routes;   /* "METHOD path" → Route */
};

static void
route_free (Route *route)
{
  g_free (route->body);
  g_clear_pointer (&route->last_body, json_object_unref);
  g_free (route->last_query);
  g_free (route);
}

JsonObject *
plz_fixture_load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "client", "data", "bookings", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
answer_text (Route *route)
{
  g_autofree char *path = NULL;
  char *text = NULL;

  if (!g_str_has_suffix (route->body, ".json"))
    return g_strdup (route->body);
  path = g_test_build_filename (G_TEST_DIST, "client", "data", "bookings", route->body, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  PlzFixtureServer *self = user_data;
  g_autofree char *key = g_strdup_printf ("%s %s", soup_server_message_get_method (message), path);
  Route *route = g_hash_table_lookup (self->routes, key);
  SoupMessageBody *request = soup_server_message_get_request_body (message);
  g_autofree char *text = NULL;

  if (route == NULL)
    {
      const char *missing = "{\"error\":{\"code\":\"not_found\",\"message\":\"No such fixture route\"}}";

      soup_server_message_set_status (message, 404, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, missing, strlen (missing));
      return;
    }
  route->count++;
  g_clear_pointer (&route->last_body, json_object_unref);
  if (request->length > 0)
    {
      g_autoptr(JsonNode) node = json_from_string (request->data, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        route->last_body = json_object_ref (json_node_get_object (node));
    }
  g_free (route->last_query);
  route->last_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (message)));
  text = answer_text (route);
  soup_server_message_set_status (message, route->status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

PlzFixtureServer *
plz_fixture_server_new (void)
{
  PlzFixtureServer *self = g_new0 (PlzFixtureServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  self->server = soup_server_new (NULL, NULL);
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) route_free);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return self;
}

const char *
plz_fixture_server_get_url (PlzFixtureServer *self)
{
  return self->url;
}

void
plz_fixture_server_answer (PlzFixtureServer *self,
                           const char       *method,
                           const char       *path,
                           guint             status,
                           const char       *body)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  Route *route = g_hash_table_lookup (self->routes, key);

  if (route == NULL)
    {
      route = g_new0 (Route, 1);
      g_hash_table_insert (self->routes, g_steal_pointer (&key), route);
    }
  route->status = status;
  g_free (route->body);
  route->body = g_strdup (body);
}

static Route *
find_route (PlzFixtureServer *self,
            const char       *method,
            const char       *path)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);

  return g_hash_table_lookup (self->routes, key);
}

guint
plz_fixture_server_count (PlzFixtureServer *self,
                          const char       *method,
                          const char       *path)
{
  Route *route = find_route (self, method, path);

  return route != NULL ? route->count : 0;
}

JsonObject *
plz_fixture_server_last_body (PlzFixtureServer *self,
                              const char       *method,
                              const char       *path)
{
  Route *route = find_route (self, method, path);

  return route != NULL ? route->last_body : NULL;
}

const char *
plz_fixture_server_last_query (PlzFixtureServer *self,
                               const char       *method,
                               const char       *path)
{
  Route *route = find_route (self, method, path);

  return route != NULL ? route->last_query : NULL;
}

void
plz_fixture_server_free (PlzFixtureServer *self)
{
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_hash_table_unref (self->routes);
  g_free (self->url);
  g_free (self);
}
