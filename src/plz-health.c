/* plz-health.c — one request to the server's health endpoint */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-client-error.h"
#include "plz-health.h"
#include "plz-json.h"
#include "plz-server-address.h"

typedef struct
{
  char *base_url;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->base_url);
  g_free (data);
}

GError *
plz_health_describe_transport_error (const GError *error,
                                     const char   *base_url)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                        _("Nothing answers at %s"), base_url);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        _("The server at %s did not answer in time"), base_url);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (error->domain, error->code,
                        _("Cannot find the server of %s"), base_url);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (error->domain, error->code,
                        _("Cannot make a secure connection to %s: %s"), base_url, error->message);

  return g_error_new (error->domain, error->code,
                      _("Cannot reach %s: %s"), base_url, error->message);
}

/* The message of an {"error":{"message":...}} body, if there is one. */
static char *
error_body_message (GBytes *body)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *inner;
  const char *message = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  object = plz_json_parse_object (data, len, NULL);
  if (object == NULL || !json_object_has_member (object, "error"))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return NULL;

  inner = json_object_get_object_member (object, "error");
  if (!plz_json_get_string (inner, "message", TRUE, &message, NULL))
    return NULL;

  return g_strdup (message);
}

static void
health_received_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  SoupMessage *msg;
  const char *status = NULL;
  const char *version = NULL;
  gsize len = 0;
  const char *text;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, plz_health_describe_transport_error (error, data->base_url));
      return;
    }

  msg = soup_session_get_async_result_message (session, result);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_autofree char *message = error_body_message (body);

      g_task_return_new_error (task, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_BAD_RESPONSE,
                               _("The server at %s answered “%u %s”%s%s"),
                               data->base_url,
                               soup_message_get_status (msg),
                               soup_message_get_reason_phrase (msg),
                               message != NULL ? ": " : "",
                               message != NULL ? message : "");
      return;
    }

  text = g_bytes_get_data (body, &len);
  object = plz_json_parse_object (text, len, NULL);
  if (object == NULL
      || !plz_json_get_string (object, "status", TRUE, &status, NULL)
      || !plz_json_get_string (object, "version", TRUE, &version, NULL))
    {
      g_task_return_new_error (task, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_BAD_RESPONSE,
                               _("The program at %s does not answer like a Plaza server"),
                               data->base_url);
      return;
    }

  if (g_strcmp0 (status, "ok") != 0)
    {
      g_task_return_new_error (task, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_BAD_RESPONSE,
                               _("The server at %s reports that it is not working (“%s”)"),
                               data->base_url, status);
      return;
    }

  g_task_return_pointer (task, g_strdup (version), g_free);
}

void
plz_health_check_async (SoupSession         *session,
                        const char          *base_url,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  CheckData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (base_url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_health_check_async);

  data = g_new0 (CheckData, 1);
  data->base_url = g_strdup (base_url);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  url = plz_server_address_build (base_url, "/api/v1/health");
  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL,
                               _("“%s” is not a valid server address"), base_url);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    health_received_cb, g_steal_pointer (&task));
}

char *
plz_health_check_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plz_health_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
