/* plz-router.c — the route table: method + path pattern → handler */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-router.h"
#include "accounts/plz-auth.h"

#include <string.h>

typedef struct
{
  const PlzRoute  *route;
  char           **segments;
} CompiledRoute;

struct _PlzRouter
{
  GArray *routes;  /* CompiledRoute */
};

static void
compiled_route_clear (gpointer data)
{
  CompiledRoute *cr = data;
  g_strfreev (cr->segments);
}

PlzRouter *
plz_router_new (const PlzRoute *routes,
                gsize           n_routes)
{
  PlzRouter *router = g_new0 (PlzRouter, 1);

  router->routes = g_array_sized_new (FALSE, FALSE, sizeof (CompiledRoute), n_routes);
  g_array_set_clear_func (router->routes, compiled_route_clear);
  for (gsize i = 0; i < n_routes; i++)
    {
      CompiledRoute cr = { &routes[i], g_strsplit (routes[i].pattern + 1, "/", -1) };

      g_return_val_if_fail (routes[i].pattern[0] == '/', router);
      if (routes[i].access == PLZ_ACCESS_UNSET)
        g_error ("Route %s %s does not say who may call it", routes[i].method, routes[i].pattern);
      g_array_append_val (router->routes, cr);
    }
  return router;
}

void
plz_router_free (PlzRouter *router)
{
  if (router == NULL)
    return;
  g_array_unref (router->routes);
  g_free (router);
}

/* Matches @path (split) against @cr, filling @params with {name} segments. */
static gboolean
match (const CompiledRoute  *cr,
       char                **parts,
       GHashTable           *params)
{
  guint i;

  for (i = 0; cr->segments[i] != NULL && parts[i] != NULL; i++)
    {
      const char *seg = cr->segments[i];
      gsize len = strlen (seg);

      if (len > 2 && seg[0] == '{' && seg[len - 1] == '}')
        {
          if (parts[i][0] == '\0')
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strndup (seg + 1, len - 2), g_strdup (parts[i]));
        }
      else if (strcmp (seg, parts[i]) != 0)
        return FALSE;
    }
  return cr->segments[i] == NULL && parts[i] == NULL;
}

void
plz_router_dispatch (PlzRouter         *router,
                     PlzServer         *server,
                     SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_auto(GStrv) parts = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
  g_autoptr(GString) allow = NULL;

  for (guint i = 0; i < router->routes->len; i++)
    {
      CompiledRoute *cr = &g_array_index (router->routes, CompiledRoute, i);
      g_autoptr(GHashTable) params = NULL;
      PlzRequest request;

      if (strcmp (cr->route->method, method) != 0)
        {
          if (match (cr, parts, NULL))
            {
              if (allow == NULL)
                allow = g_string_new (cr->route->method);
              else
                g_string_append_printf (allow, ", %s", cr->route->method);
            }
          continue;
        }

      params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (!match (cr, parts, params))
        continue;

      request = (PlzRequest) { server, msg, path, params, NULL, NULL };
      if (plz_auth_check (&request, cr->route->access))
        cr->route->handler (&request);
      g_clear_pointer (&request.user, plz_user_free);
      g_clear_pointer (&request.session, plz_session_free);
      return;
    }

  if (allow != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not allowed here; use %s", method, allow->str);

      plz_message_set_error (msg, PLZ_ERROR_METHOD_NOT_ALLOWED, message, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allow->str);
      return;
    }

  plz_message_set_error (msg, PLZ_ERROR_NOT_FOUND, "There is nothing at this address", NULL);
}
