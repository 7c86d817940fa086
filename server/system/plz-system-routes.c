/* plz-system-routes.c — routes about the server itself */
#define G_LOG_DOMAIN "plaza-server"

#include "config.h"

#include "plz-system-routes.h"
#include "plz-server.h"
#include "store/plz-migrations.h"

void
plz_system_health (PlzRequest *request)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 schema;

  schema = plz_migrations_current_version (plz_server_get_store (request->server), &error);
  if (schema < 0)
    {
      plz_request_reply_gerror (request, error);
      return;
    }

  json_object_set_string_member (body, "status", "ok");
  json_object_set_string_member (body, "version", PACKAGE_VERSION);
  json_object_set_int_member (body, "schema_version", schema);
  json_object_set_int_member (body, "uptime_seconds", plz_server_get_uptime (request->server));
  plz_request_reply_object (request, SOUP_STATUS_OK, body);
}
