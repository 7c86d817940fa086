/* plz-api.c — one REST request to the server: JSON in, JSON or a PLZ_ERROR out */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-api.h"
#include "plz-error.h"
#include "plz-health.h"
#include "plz-json.h"
#include "plz-server-address.h"

/* Some codes deserve the client's own (translated) words. */
static const char *
message_for_code (PlzErrorCode code)
{
  switch (code)
    {
    case PLZ_ERROR_INVALID_CREDENTIALS:
      return _("The email or password is not right");
    case PLZ_ERROR_TOO_MANY_ATTEMPTS:
      return _("Too many attempts to sign in. Wait 15 minutes, then try again.");
    case PLZ_ERROR_SESSION_EXPIRED:
      return _("Your session has expired. Sign in again.");
    case PLZ_ERROR_UNAUTHORIZED:
      return _("You were signed out. Sign in again.");
    case PLZ_ERROR_EMAIL_TAKEN:
      return _("There is already an account with this email address. Sign in instead?");
    case PLZ_ERROR_PAYLOAD_TOO_LARGE:
      return _("This is too big to send to the server");
    default:
      return NULL;
    }
}

GError *
plz_api_error_from_body (guint   status,
                         GBytes *body)
{
  g_autoptr(JsonObject) object = NULL;
  const char *name = NULL, *message = NULL, *field = NULL;
  PlzErrorCode code = PLZ_ERROR_INTERNAL;
  GError *error;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data != NULL)
    object = plz_json_parse_object (data, len, NULL);
  if (object != NULL && json_object_has_member (object, "error")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    {
      JsonObject *inner = json_object_get_object_member (object, "error");

      plz_json_get_string (inner, "code", FALSE, &name, NULL);
      plz_json_get_string (inner, "message", FALSE, &message, NULL);
      if (json_object_has_member (inner, "field") && !json_object_get_null_member (inner, "field"))
        plz_json_get_string (inner, "field", FALSE, &field, NULL);
    }

  if (name != NULL)
    code = plz_error_code_from_name (name);
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    code = PLZ_ERROR_UNAUTHORIZED;

  if (message_for_code (code) != NULL)
    message = message_for_code (code);
  if (message == NULL)
    message = _("The server could not do this. Try again later.");

  error = g_error_new_literal (PLZ_ERROR, code, message);
  if (field != NULL)
    plz_error_set_field (error, field);
  if (name != NULL)
    plz_error_set_wire_code (error, name);
  return error;
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GTask) task = user_data;
  const char *base_url = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;
  guint status;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, plz_health_describe_transport_error (error, base_url));
      return;
    }

  msg = soup_session_get_async_result_message (session, result);
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, plz_api_error_from_body (status, body));
      return;
    }

  if (g_task_get_source_tag (task) == plz_api_fetch_async)
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
    }
  else
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);
      JsonObject *object = plz_json_parse_object (data, len, NULL);

      if (object == NULL)
        g_task_return_new_error (task, PLZ_ERROR, PLZ_ERROR_INTERNAL,
                                 _("The server at %s gave an answer Plaza does not understand"),
                                 base_url);
      else
        g_task_return_pointer (task, object, (GDestroyNotify) json_object_unref);
    }
}

static void
send (SoupSession         *session,
      const char          *base_url,
      const char          *token,
      const char          *method,
      const char          *path,
      GBytes              *body,
      const char          *content_type,
      GCancellable        *cancellable,
      gpointer             source_tag,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = plz_server_address_build (base_url, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (base_url), g_free);
  if (msg == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid server address"), base_url);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", body);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    request_sent_cb, g_steal_pointer (&task));
}

void
plz_api_request_async (SoupSession         *session,
                       const char          *base_url,
                       const char          *token,
                       const char          *method,
                       const char          *path,
                       GBytes              *body,
                       const char          *content_type,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (base_url != NULL && method != NULL && path != NULL);

  send (session, base_url, token, method, path, body, content_type, cancellable,
        plz_api_request_async, callback, user_data);
}

JsonObject *
plz_api_request_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plz_api_fetch_async (SoupSession         *session,
                     const char          *base_url,
                     const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (base_url != NULL && path != NULL);

  send (session, base_url, NULL, SOUP_METHOD_GET, path, NULL, NULL, cancellable,
        plz_api_fetch_async, callback, user_data);
}

GBytes *
plz_api_fetch_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
