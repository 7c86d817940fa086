/* plz-test-proxy.c — a byte-forwarding TCP proxy that can refuse WebSockets.
 * It reads each connection's first request head: an upgrade while refusing is
 * answered 400 and closed, anything else is written to the server and then
 * the two sides are spliced. libsoup opens a new connection for every
 * WebSocket handshake, so the first head is the one that matters. */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "plz-test-proxy.h"

#define MAX_HEAD (64 * 1024)

struct _PlzTestProxy
{
  GSocketService *service;
  GSocketClient  *client;
  GCancellable   *cancellable;
  char           *target_host;
  guint16         target_port;
  char           *url;
  gboolean        refuse;
  guint           n_refused;
  guint           n_upgrades;
};

typedef struct
{
  PlzTestProxy      *proxy;       /* only while not cancelled */
  GSocketConnection *downstream;
  GSocketConnection *upstream;
  GByteArray        *head;
  guint8             buffer[4096];
} Conn;

static const char refusal[] =
  "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

static void
conn_free (Conn *conn)
{
  if (conn->downstream != NULL)
    g_io_stream_close (G_IO_STREAM (conn->downstream), NULL, NULL);
  if (conn->upstream != NULL)
    g_io_stream_close (G_IO_STREAM (conn->upstream), NULL, NULL);
  g_clear_object (&conn->downstream);
  g_clear_object (&conn->upstream);
  g_byte_array_unref (conn->head);
  g_free (conn);
}

/* Whether the head carries "Upgrade: websocket" (names and values in any case). */
static gboolean
asks_upgrade (GByteArray *head)
{
  g_autofree char *text = g_ascii_strdown ((const char *) head->data, head->len);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "upgrade:") && strstr (lines[i], "websocket") != NULL)
      return TRUE;
  return FALSE;
}

static void
spliced_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Conn *conn = user_data;

  g_io_stream_splice_finish (result, NULL);
  conn_free (conn);
}

static void
head_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Conn *conn = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      conn_free (conn);
      return;
    }
  g_io_stream_splice_async (G_IO_STREAM (conn->downstream), G_IO_STREAM (conn->upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, conn->proxy->cancellable, spliced_cb, conn);
}

static void
upstream_connected_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Conn *conn = user_data;
  g_autoptr(GError) error = NULL;

  conn->upstream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (conn->upstream == NULL)
    {
      conn_free (conn);
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (conn->upstream)),
                                   conn->head->data, conn->head->len, G_PRIORITY_DEFAULT,
                                   conn->proxy->cancellable, head_written_cb, conn);
}

static void
refusal_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  conn_free (user_data);
}

static void read_head (Conn *conn);

static void
head_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Conn *conn = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  PlzTestProxy *proxy;

  if (n <= 0)
    {
      conn_free (conn);
      return;
    }
  g_byte_array_append (conn->head, conn->buffer, (guint) n);
  if (g_strstr_len ((const char *) conn->head->data, conn->head->len, "\r\n\r\n") == NULL
      && conn->head->len < MAX_HEAD)
    {
      read_head (conn);
      return;
    }

  proxy = conn->proxy;
  if (asks_upgrade (conn->head))
    {
      if (proxy->refuse)
        {
          proxy->n_refused++;
          g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (conn->downstream)),
                                           refusal, strlen (refusal), G_PRIORITY_DEFAULT, proxy->cancellable,
                                           refusal_written_cb, conn);
          return;
        }
      proxy->n_upgrades++;
    }
  g_socket_client_connect_to_host_async (proxy->client, proxy->target_host, proxy->target_port,
                                         proxy->cancellable, upstream_connected_cb, conn);
}

static void
read_head (Conn *conn)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (conn->downstream)),
                             conn->buffer, sizeof conn->buffer, G_PRIORITY_DEFAULT,
                             conn->proxy->cancellable, head_read_cb, conn);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  Conn *conn = g_new0 (Conn, 1);

  conn->proxy = user_data;
  conn->downstream = g_object_ref (connection);
  conn->head = g_byte_array_new ();
  read_head (conn);
  return TRUE;
}

PlzTestProxy *
plz_test_proxy_new (const char *target_url)
{
  PlzTestProxy *self = g_new0 (PlzTestProxy, 1);
  g_autoptr(GUri) uri = g_uri_parse (target_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (uri);
  self->target_host = g_strdup (g_uri_get_host (uri));
  self->target_port = (guint16) g_uri_get_port (uri);
  self->refuse = TRUE;
  self->cancellable = g_cancellable_new ();
  self->client = g_socket_client_new ();
  self->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  return self;
}

const char *
plz_test_proxy_get_url (PlzTestProxy *self)
{
  return self->url;
}

void
plz_test_proxy_set_refuse_websockets (PlzTestProxy *self,
                                      gboolean      refuse)
{
  self->refuse = refuse;
}

guint
plz_test_proxy_get_n_refused (PlzTestProxy *self)
{
  return self->n_refused;
}

guint
plz_test_proxy_get_n_upgrades (PlzTestProxy *self)
{
  return self->n_upgrades;
}

void
plz_test_proxy_free (PlzTestProxy *self)
{
  g_cancellable_cancel (self->cancellable);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  /* Let the cancelled operations finish, so that each connection is closed and freed. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_object_unref (self->service);
  g_object_unref (self->client);
  g_object_unref (self->cancellable);
  g_free (self->target_host);
  g_free (self->url);
  g_free (self);
}
