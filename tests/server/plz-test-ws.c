/* plz-test-ws.c — a WebSocket client for the stream tests, on the default main context */
#include "plz-test-ws.h"
#include "plz-json.h"

static void
message_cb (SoupWebsocketConnection *ws,
            gint                     type,
            GBytes                  *message,
            gpointer                 data)
{
  PlzTestWs *c = data;
  gsize len;
  const char *text = g_bytes_get_data (message, &len);
  JsonObject *o = plz_json_parse_object (text, len, NULL);

  g_assert_nonnull (o);
  g_queue_push_tail (&c->frames, o);
}

static void
closed_cb (SoupWebsocketConnection *ws,
           gpointer                 data)
{
  ((PlzTestWs *) data)->closed = TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  PlzTestWs *c = data;
  g_autoptr(GError) error = NULL;

  c->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

gboolean
plz_test_ws_spin_until (gboolean (*done) (gpointer),
                        gpointer   data,
                        guint      ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
  return done (data);
}

static gboolean
is_connected (gpointer data)
{
  return ((PlzTestWs *) data)->ws != NULL;
}

gboolean
plz_test_ws_is_closed (gpointer data)
{
  return ((PlzTestWs *) data)->closed;
}

PlzTestWs *
plz_test_ws_new (const char *url)
{
  PlzTestWs *c = g_new0 (PlzTestWs, 1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, connected_cb, c);
  g_assert_true (plz_test_ws_spin_until (is_connected, c, 5000));
  g_signal_connect (c->ws, "message", G_CALLBACK (message_cb), c);
  g_signal_connect (c->ws, "closed", G_CALLBACK (closed_cb), c);
  return c;
}

void
plz_test_ws_free (PlzTestWs *c)
{
  if (soup_websocket_connection_get_state (c->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (c->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  plz_test_ws_spin_until (plz_test_ws_is_closed, c, 2000);
  g_object_unref (c->ws);
  g_queue_clear_full (&c->frames, (GDestroyNotify) json_object_unref);
  g_free (c);
}

void
plz_test_ws_send (PlzTestWs  *c,
                  const char *format,
                  ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  soup_websocket_connection_send_text (c->ws, text);
}

typedef struct
{
  PlzTestWs  *client;
  const char *type;
} Want;

static gboolean
has_frame (gpointer data)
{
  Want *w = data;

  for (GList *l = w->client->frames.head; l != NULL; l = l->next)
    if (g_strcmp0 (json_object_get_string_member_with_default (l->data, "type", ""), w->type) == 0)
      return TRUE;
  return FALSE;
}

JsonObject *
plz_test_ws_wait_frame (PlzTestWs  *c,
                        const char *type,
                        GPtrArray  *skipped)
{
  Want w = { c, type };

  if (!plz_test_ws_spin_until (has_frame, &w, 5000))
    g_error ("no %s frame came", type);
  for (;;)
    {
      JsonObject *o = g_queue_pop_head (&c->frames);

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "type", ""), type) == 0)
        return o;
      if (skipped != NULL)
        g_ptr_array_add (skipped, o);
      else
        json_object_unref (o);
    }
}

gint64
plz_test_ws_hello (PlzTestWs  *c,
                   const char *token,
                   gint64      since,
                   GPtrArray  *replayed)
{
  g_autoptr(JsonObject) ready = NULL;

  plz_test_ws_send (c, "{\"type\":\"hello\",\"token\":\"%s\",\"since\":%" G_GINT64_FORMAT "}", token, since);
  ready = plz_test_ws_wait_frame (c, "ready", replayed);
  return json_object_get_int_member (ready, "seq");
}
