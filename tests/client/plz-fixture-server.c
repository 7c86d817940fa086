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
  GPtrArray  *variants;   /* Variant: answers for some queries of this path */
} Route;

typedef struct
{
  char **params;   /* "key=value" each the query must have */
  guint  status;
  char  *body;
} Variant;

struct _PlzFixtureServer
{
  SoupServer *server;
  char       *url;
  GHashTable *routes;   /* "METHOD path" → Route */
};

static void
variant_free (Variant *variant)
{
  g_strfreev (variant->params);
  g_free (variant->body);
  g_free (variant);
}

static void
route_free (Route *route)
{
  g_clear_pointer (&route->variants, g_ptr_array_unref);
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
answer_text (const char *body)
{
  g_autofree char *path = NULL;
  char *text = NULL;

  if (!g_str_has_suffix (body, ".json"))
    return g_strdup (body);
  path = g_test_build_filename (G_TEST_DIST, "client", "data", "bookings", body, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static gboolean
query_has (char       **query,
           const char  *param)
{
  return query != NULL && g_strv_contains ((const char * const *) query, param);
}

/* The variant whose parameters the query all has, the one naming most of them. */
static Variant *
find_variant (Route      *route,
              const char *query)
{
  g_auto(GStrv) params = query != NULL ? g_strsplit (query, "&", -1) : NULL;
  Variant *best = NULL;

  for (guint i = 0; route->variants != NULL && i < route->variants->len; i++)
    {
      Variant *variant = g_ptr_array_index (route->variants, i);
      gboolean all = TRUE;

      for (guint p = 0; all && variant->params[p] != NULL; p++)
        all = query_has (params, variant->params[p]);
      if (all && (best == NULL || g_strv_length (variant->params) > g_strv_length (best->params)))
        best = variant;
    }
  return best;
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
  Variant *variant;

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
  variant = find_variant (route, route->last_query);
  text = answer_text (variant != NULL ? variant->body : route->body);
  soup_server_message_set_status (message, variant != NULL ? variant->status : route->status, NULL);
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

void
plz_fixture_server_answer_query (PlzFixtureServer *self,
                                 const char       *method,
                                 const char       *path,
                                 const char       *query,
                                 guint             status,
                                 const char       *body)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  Route *route = g_hash_table_lookup (self->routes, key);
  g_auto(GStrv) params = g_strsplit (query, "&", -1);
  Variant *variant = NULL;

  if (route == NULL)
    {
      /* Queries no variant matches get a 404 until plz_fixture_server_answer. */
      route = g_new0 (Route, 1);
      route->status = 404;
      route->body = g_strdup ("{\"error\":{\"code\":\"not_found\",\"message\":\"No such fixture query\"}}");
      g_hash_table_insert (self->routes, g_steal_pointer (&key), route);
    }
  if (route->variants == NULL)
    route->variants = g_ptr_array_new_with_free_func ((GDestroyNotify) variant_free);
  for (guint i = 0; variant == NULL && i < route->variants->len; i++)
    if (g_strv_equal ((const char * const *) ((Variant *) g_ptr_array_index (route->variants, i))->params,
                      (const char * const *) params))
      variant = g_ptr_array_index (route->variants, i);
  if (variant == NULL)
    {
      variant = g_new0 (Variant, 1);
      variant->params = g_steal_pointer (&params);
      g_ptr_array_add (route->variants, variant);
    }
  variant->status = status;
  g_free (variant->body);
  variant->body = g_strdup (body);
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
