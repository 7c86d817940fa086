/* plz-hub-upgrade.c — the WebSocket handshake: libsoup answers it, then the
 * socket leaves libsoup for the hub */
#define G_LOG_DOMAIN "plaza-hub"

#include "plz-hub-private.h"
#include "plz-json.h"

#include <string.h>

static void
set_error_answer (SoupServerMessage *msg,
                  guint              status,
                  const char        *code,
                  const char        *message)
{
  g_autoptr(JsonObject) outer = json_object_new ();
  JsonObject *inner = json_object_new ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char *body;

  json_object_set_string_member (inner, "code", code);
  json_object_set_string_member (inner, "message", message);
  json_object_set_object_member (outer, "error", inner);
  body = plz_json_object_to_string (outer);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
  soup_message_headers_replace (headers, "Connection", "close");
}

/* libsoup 3.2 hands over a stream whose "GSocket" data is set only when it
 * accepted the socket itself; ours come through soup_server_accept_iostream,
 * so the socket is found under the SoupIOStream's base stream. */
static GSocket *
find_socket (GIOStream *stream)
{
  GSocket *socket = g_object_get_data (G_OBJECT (stream), "GSocket");
  g_autoptr(GIOStream) base = NULL;

  if (socket != NULL)
    return g_object_ref (socket);
  if (G_IS_SOCKET_CONNECTION (stream))
    return g_object_ref (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)));
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-iostream") != NULL)
    g_object_get (stream, "base-iostream", &base, NULL);
  if (base != NULL && G_IS_SOCKET_CONNECTION (base))
    return g_object_ref (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)));
  return NULL;
}

/* The 101 is on the wire: take the socket. Only a reference on the GSocket
 * is kept (no dup(): that would double the descriptors in a connect burst,
 * as libsoup drops its own references a little later). */
static void
upgrade_written_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  PlzHub *hub = user_data;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocket) socket = NULL;
  PlzHubConn *conn;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  socket = find_socket (stream);
  if (socket == NULL)
    {
      g_warning ("Cannot find the socket of an upgraded connection");
      g_io_stream_close (stream, NULL, NULL);
      return;
    }
  if (hub->freed)
    {
      g_socket_close (socket, NULL);
      return;
    }
  /* The server's idle timeout was for HTTP; pings watch this link now. */
  g_socket_set_timeout (socket, 0);
  conn = _plz_hub_conn_new (hub, socket);
  if (conn == NULL)
    return;
  _plz_hub_schedule (hub);
  if (hub->callbacks.opened != NULL)
    {
      plz_hub_conn_ref (conn);
      hub->callbacks.opened (hub, conn, hub->user_data);
      plz_hub_conn_unref (conn);
    }
}

static void
hub_closure_unref (gpointer  data,
                   GClosure *closure)
{
  _plz_hub_unref (data);
}

gboolean
plz_hub_upgrade (PlzHub             *hub,
                 SoupServerMessage  *msg,
                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (hub != NULL, FALSE);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);

  headers = soup_server_message_get_response_headers (msg);
  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &local_error))
    {
      if (g_error_matches (local_error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET))
        {
          set_error_answer (msg, 426, "upgrade_required",
                            "This address speaks WebSocket only: send an upgrade request");
          soup_message_headers_replace (headers, "Upgrade", "websocket");
        }
      else
        {
          g_autofree char *message = g_strdup_printf ("Bad WebSocket handshake: %s",
                                                      local_error->message);

          set_error_answer (msg, SOUP_STATUS_BAD_REQUEST, "invalid_input", message);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The server says "Connection: close" on plain requests; an upgrade says
   * "Connection: Upgrade" alone. */
  soup_message_headers_remove (headers, "Connection");
  soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL);
  g_signal_connect_data (msg, "wrote-informational", G_CALLBACK (upgrade_written_cb),
                         _plz_hub_ref (hub), hub_closure_unref, 0);
  return TRUE;
}
