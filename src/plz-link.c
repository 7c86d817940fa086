/* plz-link.c — the live link: the WebSocket stream, its states and backoff,
 * dedupe by seq and the outbox; plz-link-http.c is the long-poll fallback */

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "plz-link-private.h"
#include "plz-client-private.h"

#define BACKOFF_FIRST_S        1
#define BACKOFF_MAX_S         60
#define FAILURES_BEFORE_POLL   2
#define PROBE_INTERVAL_S      60
#define KEEPALIVE_S           15   /* we ping; the pong proves the link alive */
#define DEAD_AFTER_S          45   /* nothing heard this long: the link is dead */
#define TYPING_INTERVAL_US    (3 * G_USEC_PER_SEC)
#define FLUSH_DELAY_S          3
#define CLOSE_BAD_TOKEN     4001
#define CLOSE_SUSPENDED     4003

G_DEFINE_FINAL_TYPE (PlzLink, plz_link, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlzLinkState, plz_link_state,
  G_DEFINE_ENUM_VALUE (PLZ_LINK_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (PLZ_LINK_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (PLZ_LINK_STATE_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (PLZ_LINK_STATE_POLLING, "polling"),
  G_DEFINE_ENUM_VALUE (PLZ_LINK_STATE_RECONNECTING, "reconnecting"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_RETRY_SECONDS,
  PROP_LAST_SEQ,
  PROP_PROBE_INTERVAL,
  N_PROPS
};

enum {
  SIGNAL_EVENT,
  SIGNAL_ACKED,
  SIGNAL_REFUSED,
  SIGNAL_TYPING,
  SIGNAL_AUTH_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_ws (PlzLink *self, gboolean probe);
static void drop_ws (PlzLink *self);

/* ---- state ------------------------------------------------------------------ */

void
_plz_link_set_state (PlzLink      *self,
                     PlzLinkState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_retry_seconds (PlzLink *self,
                   guint    seconds)
{
  if (self->retry_seconds == seconds)
    return;
  self->retry_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_SECONDS]);
}

static void
cancel_retry (PlzLink *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  set_retry_seconds (self, 0);
}

static gboolean
countdown_cb (gpointer user_data)
{
  PlzLink *self = user_data;
  gint64 left = self->retry_at_us - g_get_monotonic_time ();

  set_retry_seconds (self, (guint) MAX ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 0));
  return G_SOURCE_CONTINUE;
}

static gboolean
retry_cb (gpointer user_data)
{
  PlzLink *self = user_data;

  self->retry_id = 0;
  cancel_retry (self);
  connect_ws (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* The next delay: 1 s doubling to 60 s, ±20 % so that many clients do not
 * come back in step after a server restart. */
static guint
backoff_ms (guint attempt)
{
  double delay = BACKOFF_FIRST_S;

  for (guint i = 1; i < attempt && delay < BACKOFF_MAX_S; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_S);
  return (guint) (delay * g_random_double_range (0.8, 1.2) * 1000);
}

void
_plz_link_schedule_retry (PlzLink *self)
{
  guint delay;

  if (!self->running)
    return;
  cancel_retry (self);
  self->attempt++;
  delay = backoff_ms (self->attempt);
  self->retry_at_us = g_get_monotonic_time () + (gint64) delay * 1000;
  self->retry_id = g_timeout_add (delay, retry_cb, self);
  self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
  countdown_cb (self);
  _plz_link_set_state (self, PLZ_LINK_STATE_RECONNECTING);
}

/* ---- events ----------------------------------------------------------------- */

static gboolean
save_seq_cb (gpointer user_data)
{
  PlzLink *self = user_data;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", self->last_seq);
  g_autoptr(GError) error = NULL;

  self->save_id = 0;
  /* Atomic, not fsync'd: a seq lost in a crash only replays events, which
   * the seq dedupe drops. */
  if (!g_file_set_contents_full (self->seq_path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    g_warning ("Could not save the last event seen: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
save_seq_now (PlzLink *self)
{
  if (self->save_id != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      save_seq_cb (self);
    }
}

void
_plz_link_emit_event (PlzLink    *self,
                      gint64      seq,
                      const char *kind,
                      JsonObject *data)
{
  /* Replays after a reconnect and the overlap of poll and stream. */
  if (seq <= self->last_seq)
    return;

  self->last_seq = seq;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQ]);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, kind, data, seq);
  /* Saved once the batch arriving together has been handed on. */
  if (self->save_id == 0)
    self->save_id = g_idle_add (save_seq_cb, self);
}

static gint64
load_seq (const char *path)
{
  g_autofree char *text = NULL;
  gint64 seq = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  g_strstrip (text);
  if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &seq, NULL))
    {
      g_warning ("“%s” holds no event seq; starting from the beginning", path);
      return 0;
    }
  return seq;
}

/* ---- sending ---------------------------------------------------------------- */

static void
send_json (PlzLink    *self,
           JsonObject *frame)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), frame);
  g_autofree char *text = json_to_string (node, FALSE);

  soup_websocket_connection_send_text (self->ws, text);
}

static void
send_item_ws (PlzLink       *self,
              PlzOutboxItem *item)
{
  const char *client_id = plz_outbox_item_get_client_id (item);
  const char *attachments = plz_outbox_item_get_attachments_json (item);
  g_autoptr(JsonObject) frame = json_object_new ();

  if (g_hash_table_contains (self->sent, client_id))
    return;
  json_object_set_string_member (frame, "type", "send");
  json_object_set_string_member (frame, "client_id", client_id);
  json_object_set_string_member (frame, "conversation_id", plz_outbox_item_get_conversation_id (item));
  json_object_set_string_member (frame, "body", plz_outbox_item_get_body (item));
  if (attachments != NULL)
    json_object_set_member (frame, "attachments", json_from_string (attachments, NULL));
  send_json (self, frame);
  g_hash_table_add (self->sent, g_strdup (client_id));
}

/* Sends what is not on its way yet, over whichever transport works. */
static void
flush_outbox (PlzLink *self)
{
  GListModel *items = plz_outbox_get_items (self->outbox);

  if (!self->ws_ready)
    {
      _plz_link_post_next (self);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlzOutboxItem) item = g_list_model_get_item (items, i);

      send_item_ws (self, item);
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  PlzLink *self = user_data;

  self->flush_id = 0;
  flush_outbox (self);
  return G_SOURCE_REMOVE;
}

void
_plz_link_schedule_flush (PlzLink *self)
{
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add_seconds (FLUSH_DELAY_S, flush_cb, self);
}

void
_plz_link_acked (PlzLink    *self,
                 const char *client_id,
                 JsonObject *message)
{
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->sent, client_id);
  /* A resend on another transport can be acked twice; say it once. */
  if (plz_outbox_lookup (self->outbox, client_id) == NULL)
    return;
  if (!plz_outbox_remove (self->outbox, client_id, &error))
    g_warning ("Could not update the outbox: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_ACKED], 0, client_id, message);
}

gboolean
_plz_link_code_is_final (const char *code)
{
  static const char * const passing[] = {
    "too_many_attempts", "internal_error", "store_error", "unavailable", NULL
  };

  return code != NULL && !g_strv_contains (passing, code);
}

void
_plz_link_send_failed (PlzLink    *self,
                       const char *client_id,
                       const char *code,
                       const char *message,
                       gboolean    final)
{
  PlzOutboxItem *item = plz_outbox_lookup (self->outbox, client_id);
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->sent, client_id);
  if (item == NULL)
    return;
  if (!final)
    {
      plz_outbox_item_set_last_error (item, message);
      _plz_link_schedule_flush (self);
      return;
    }
  if (!plz_outbox_remove (self->outbox, client_id, &error))
    g_warning ("Could not update the outbox: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_REFUSED], 0, client_id, code, message);
}

char *
plz_link_send (PlzLink    *self,
               const char *conversation_id,
               const char *body,
               const char *attachments_json)
{
  g_autoptr(PlzOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  char *client_id;

  g_return_val_if_fail (PLZ_IS_LINK (self), NULL);
  g_return_val_if_fail (conversation_id != NULL && *conversation_id != '\0', NULL);
  g_return_val_if_fail (body != NULL && g_utf8_validate (body, -1, NULL), NULL);
  if (attachments_json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (attachments_json, NULL);

      g_return_val_if_fail (node != NULL && JSON_NODE_HOLDS_ARRAY (node), NULL);
    }

  client_id = g_strconcat ("c-", uuid, NULL);
  item = plz_outbox_item_new (client_id, conversation_id, body, attachments_json);
  if (!plz_outbox_add (self->outbox, item, &error))
    {
      /* Still sent while the app runs; the item says it would not survive a restart. */
      g_warning ("Could not save the outbox: %s", error->message);
      plz_outbox_item_set_last_error (item, _("Not saved on this computer yet"));
    }
  if (self->ws_ready)
    send_item_ws (self, item);
  else
    _plz_link_post_next (self);
  return client_id;
}

GListModel *
plz_link_get_outbox (PlzLink *self)
{
  g_return_val_if_fail (PLZ_IS_LINK (self), NULL);

  return plz_outbox_get_items (self->outbox);
}

void
plz_link_send_typing (PlzLink    *self,
                      const char *conversation_id)
{
  g_autoptr(JsonObject) frame = NULL;
  gpointer last;
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (PLZ_IS_LINK (self));
  g_return_if_fail (conversation_id != NULL);

  if (!self->ws_ready)
    return;
  if (g_hash_table_lookup_extended (self->typing_at, conversation_id, NULL, &last) &&
      now - *(gint64 *) last < TYPING_INTERVAL_US)
    return;
  g_hash_table_insert (self->typing_at, g_strdup (conversation_id), g_memdup2 (&now, sizeof now));

  frame = json_object_new ();
  json_object_set_string_member (frame, "type", "typing");
  json_object_set_string_member (frame, "conversation_id", conversation_id);
  send_json (self, frame);
}

/* ---- the WebSocket ---------------------------------------------------------- */

void
_plz_link_auth_failed (PlzLink    *self,
                       const char *message)
{
  g_object_ref (self);
  plz_link_stop (self);
  g_signal_emit (self, signals[SIGNAL_AUTH_FAILED], 0, message);
  g_object_unref (self);
}

static void
ws_ready (PlzLink *self)
{
  self->ws_ready = TRUE;
  self->ws_probe = FALSE;
  self->ws_failures = 0;
  self->attempt = 0;
  cancel_retry (self);
  g_clear_handle_id (&self->probe_id, g_source_remove);
  _plz_link_poll_stop (self);
  _plz_link_set_state (self, PLZ_LINK_STATE_ONLINE);
  /* Everything not acked goes again; the server answers a repeat with the first ack. */
  g_hash_table_remove_all (self->sent);
  flush_outbox (self);
}

static gboolean
probe_cb (gpointer user_data)
{
  PlzLink *self = user_data;

  self->probe_id = 0;
  connect_ws (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_probe (PlzLink *self)
{
  g_clear_handle_id (&self->probe_id, g_source_remove);
  self->probe_id = g_timeout_add (self->probe_interval_ms, probe_cb, self);
}

void
_plz_link_polling_works (PlzLink *self)
{
  if (self->state == PLZ_LINK_STATE_POLLING)
    return;
  self->attempt = 0;
  cancel_retry (self);
  _plz_link_set_state (self, PLZ_LINK_STATE_POLLING);
  schedule_probe (self);
  flush_outbox (self);
}

/* A WebSocket attempt failed or an open one was lost. */
static void
ws_failed (PlzLink *self,
           gboolean was_ready)
{
  gboolean probe = self->ws_probe;

  drop_ws (self);
  if (!self->running)
    return;
  if (probe && self->state == PLZ_LINK_STATE_POLLING)
    {
      schedule_probe (self);
      return;
    }
  /* A drop after "ready" counts once: one more failure and we poll. */
  self->ws_failures = was_ready ? 1 : self->ws_failures + 1;
  if (was_ready)
    self->attempt = 0;
  if (self->ws_failures >= FAILURES_BEFORE_POLL)
    _plz_link_poll_start (self);
  else
    _plz_link_schedule_retry (self);
}

static void
handle_frame (PlzLink    *self,
              JsonObject *frame)
{
  const char *type = json_object_get_string_member_with_default (frame, "type", "");

  if (g_str_equal (type, "event"))
    {
      JsonNode *data = json_object_get_member (frame, "data");

      _plz_link_emit_event (self, json_object_get_int_member_with_default (frame, "seq", 0),
                            json_object_get_string_member_with_default (frame, "kind", ""),
                            data != NULL && JSON_NODE_HOLDS_OBJECT (data)
                              ? json_node_get_object (data) : NULL);
    }
  else if (g_str_equal (type, "ready"))
    ws_ready (self);
  else if (g_str_equal (type, "ack"))
    {
      JsonNode *message = json_object_get_member (frame, "message");

      _plz_link_acked (self, json_object_get_string_member_with_default (frame, "client_id", ""),
                       message != NULL && JSON_NODE_HOLDS_OBJECT (message)
                         ? json_node_get_object (message) : NULL);
    }
  else if (g_str_equal (type, "error"))
    {
      const char *client_id = json_object_get_string_member_with_default (frame, "client_id", NULL);
      const char *code = json_object_get_string_member_with_default (frame, "code", "internal_error");
      const char *message = json_object_get_string_member_with_default (frame, "message", code);

      if (client_id != NULL)
        _plz_link_send_failed (self, client_id, code, message, _plz_link_code_is_final (code));
      else
        g_debug ("The server said: %s (%s)", message, code);
    }
  else if (g_str_equal (type, "typing"))
    g_signal_emit (self, signals[SIGNAL_TYPING], 0,
                   json_object_get_string_member_with_default (frame, "conversation_id", ""),
                   json_object_get_string_member_with_default (frame, "user_id", ""));
  else
    g_debug ("Ignoring a “%s” frame", type);
}

static void
ws_message_cb (SoupWebsocketConnection *ws,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               PlzLink                 *self)
{
  g_autoptr(SoupWebsocketConnection) keep = g_object_ref (ws);  /* a handler may drop it */
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonNode *root;

  self->last_rx_us = g_get_monotonic_time ();
  if (type != SOUP_WEBSOCKET_DATA_TEXT ||
      !json_parser_load_from_data (parser, data, (gssize) size, &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("The server sent a frame that is not a JSON object");
      return;
    }
  /* A handler may stop the link (and drop this socket) under us. */
  g_object_ref (self);
  handle_frame (self, json_node_get_object (root));
  g_object_unref (self);
}

static void
ws_pong_cb (SoupWebsocketConnection *ws,
            GBytes                  *message,
            PlzLink                 *self)
{
  self->last_rx_us = g_get_monotonic_time ();
}

static void
ws_closed_cb (SoupWebsocketConnection *ws,
              PlzLink                 *self)
{
  g_autoptr(SoupWebsocketConnection) keep = g_object_ref (ws);  /* dropped below */
  gushort code = soup_websocket_connection_get_close_code (ws);
  g_autofree char *reason = g_strdup (soup_websocket_connection_get_close_data (ws));

  if (code == CLOSE_BAD_TOKEN || code == CLOSE_SUSPENDED)
    {
      _plz_link_auth_failed (self, reason != NULL && *reason != '\0' ? reason
                             : code == CLOSE_SUSPENDED ? _("This account is suspended")
                             : _("Your session has ended; please sign in again"));
      return;
    }
  ws_failed (self, self->ws_ready);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  PlzLink *self = user_data;

  if (g_get_monotonic_time () - self->last_rx_us < DEAD_AFTER_S * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  /* No pong, no frame: the network went away without closing the socket. */
  self->watchdog_id = 0;
  ws_failed (self, self->ws_ready);
  return G_SOURCE_REMOVE;
}

/* Forgets the WebSocket (closing it if open) and any attempt in flight. */
static void
drop_ws (PlzLink *self)
{
  if (self->ws_cancellable != NULL)
    {
      g_cancellable_cancel (self->ws_cancellable);
      g_clear_object (&self->ws_cancellable);
    }
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->ws);
    }
  self->ws_ready = FALSE;
  self->ws_probe = FALSE;
  g_hash_table_remove_all (self->sent);
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(JsonObject) hello = json_object_new ();
  PlzLink *self;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PLZ_LINK (user_data);
  g_clear_object (&self->ws_cancellable);
  if (ws == NULL)
    {
      g_debug ("WebSocket attempt failed: %s", error->message);
      ws_failed (self, FALSE);
      return;
    }

  self->ws = g_steal_pointer (&ws);
  self->last_rx_us = g_get_monotonic_time ();
  soup_websocket_connection_set_keepalive_interval (self->ws, KEEPALIVE_S);
  g_signal_connect (self->ws, "message", G_CALLBACK (ws_message_cb), self);
  g_signal_connect (self->ws, "pong", G_CALLBACK (ws_pong_cb), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (ws_closed_cb), self);
  self->watchdog_id = g_timeout_add_seconds (5, watchdog_cb, self);

  json_object_set_string_member (hello, "type", "hello");
  json_object_set_string_member (hello, "token", self->token);
  json_object_set_int_member (hello, "since", self->last_seq);
  send_json (self, hello);
}

/* The stream's address: the server's with ws: or wss:. */
static char *
stream_url (PlzLink *self)
{
  if (g_str_has_prefix (self->server_url, "https:"))
    return g_strconcat ("wss:", self->server_url + 6, "/api/v1/stream", NULL);
  if (g_str_has_prefix (self->server_url, "http:"))
    return g_strconcat ("ws:", self->server_url + 5, "/api/v1/stream", NULL);
  return g_strconcat (self->server_url, "/api/v1/stream", NULL);
}

/* Holds no reference: dispose cancels the attempt, and a cancelled attempt
 * reports G_IO_ERROR_CANCELLED. */
static void
connect_ws (PlzLink  *self,
            gboolean  probe)
{
  g_autofree char *url = stream_url (self);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

  drop_ws (self);
  if (msg == NULL)
    {
      g_warning ("“%s” is not a server address", self->server_url);
      _plz_link_set_state (self, PLZ_LINK_STATE_OFFLINE);
      return;
    }
  self->ws_probe = probe;
  if (!probe)
    _plz_link_set_state (self, PLZ_LINK_STATE_CONNECTING);
  self->ws_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->ws_cancellable, ws_connected_cb, self);
}

/* ---- public ----------------------------------------------------------------- */

void
plz_link_start (PlzLink *self)
{
  g_return_if_fail (PLZ_IS_LINK (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->attempt = 0;
  self->ws_failures = 0;
  connect_ws (self, FALSE);
}

void
plz_link_stop (PlzLink *self)
{
  g_return_if_fail (PLZ_IS_LINK (self));

  self->running = FALSE;
  cancel_retry (self);
  g_clear_handle_id (&self->probe_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  drop_ws (self);
  _plz_link_poll_stop (self);
  save_seq_now (self);
  _plz_link_set_state (self, PLZ_LINK_STATE_OFFLINE);
}

void
plz_link_reconnect_now (PlzLink *self)
{
  g_return_if_fail (PLZ_IS_LINK (self));

  if (self->ws_ready)
    return;
  self->running = TRUE;
  cancel_retry (self);
  if (self->state == PLZ_LINK_STATE_POLLING)
    {
      g_clear_handle_id (&self->probe_id, g_source_remove);
      connect_ws (self, TRUE);
      return;
    }
  connect_ws (self, FALSE);
}

PlzLinkState
plz_link_get_state (PlzLink *self)
{
  g_return_val_if_fail (PLZ_IS_LINK (self), PLZ_LINK_STATE_OFFLINE);
  return self->state;
}

guint
plz_link_get_retry_seconds (PlzLink *self)
{
  g_return_val_if_fail (PLZ_IS_LINK (self), 0);
  return self->retry_seconds;
}

void
plz_link_set_probe_interval (PlzLink *self,
                             guint    interval_ms)
{
  g_return_if_fail (PLZ_IS_LINK (self));
  g_return_if_fail (interval_ms > 0);

  if (self->probe_interval_ms == interval_ms)
    return;
  self->probe_interval_ms = interval_ms;
  /* A probe already waiting comes at the new pace. */
  if (self->probe_id != 0)
    schedule_probe (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_INTERVAL]);
}

gint64
plz_link_get_last_seq (PlzLink *self)
{
  g_return_val_if_fail (PLZ_IS_LINK (self), 0);
  return self->last_seq;
}

PlzLink *
plz_link_new (SoupSession *session,
              const char  *server_url,
              const char  *token,
              const char  *state_dir)
{
  PlzLink *self;
  g_autofree char *outbox_path = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (state_dir != NULL, NULL);

  self = g_object_new (PLZ_TYPE_LINK, NULL);
  self->session = g_object_ref (session);
  self->server_url = g_strdup (server_url);
  /* "http://host:port/" and "http://host:port" mean the same server. */
  if (g_str_has_suffix (self->server_url, "/"))
    self->server_url[strlen (self->server_url) - 1] = '\0';
  self->token = g_strdup (token);
  self->state_dir = g_strdup (state_dir);
  if (g_mkdir_with_parents (state_dir, 0700) != 0)
    g_warning ("Could not make “%s”: %s", state_dir, g_strerror (errno));
  self->seq_path = g_build_filename (state_dir, "last-seq", NULL);
  self->last_seq = load_seq (self->seq_path);
  outbox_path = g_build_filename (state_dir, "outbox.json", NULL);
  self->outbox = plz_outbox_new (outbox_path);
  return self;
}

static void
plz_link_dispose (GObject *object)
{
  PlzLink *self = PLZ_LINK (object);

  if (self->outbox != NULL)
    plz_link_stop (self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (plz_link_parent_class)->dispose (object);
}

static void
plz_link_finalize (GObject *object)
{
  PlzLink *self = PLZ_LINK (object);

  g_free (self->server_url);
  g_free (self->token);
  g_free (self->state_dir);
  g_free (self->seq_path);
  g_hash_table_unref (self->sent);
  g_hash_table_unref (self->typing_at);
  g_hash_table_unref (self->posting);

  G_OBJECT_CLASS (plz_link_parent_class)->finalize (object);
}

static void
plz_link_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlzLink *self = PLZ_LINK (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RETRY_SECONDS:
      g_value_set_uint (value, self->retry_seconds);
      break;
    case PROP_LAST_SEQ:
      g_value_set_int64 (value, self->last_seq);
      break;
    case PROP_PROBE_INTERVAL:
      g_value_set_uint (value, self->probe_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_link_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PlzLink *self = PLZ_LINK (object);

  switch (prop_id)
    {
    case PROP_PROBE_INTERVAL:
      plz_link_set_probe_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_link_class_init (PlzLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = plz_link_dispose;
  object_class->finalize = plz_link_finalize;
  object_class->get_property = plz_link_get_property;
  object_class->set_property = plz_link_set_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PLZ_TYPE_LINK_STATE,
                                              PLZ_LINK_STATE_OFFLINE, flags);
  properties[PROP_RETRY_SECONDS] = g_param_spec_uint ("retry-seconds", NULL, NULL,
                                                      0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_SEQ] = g_param_spec_int64 ("last-seq", NULL, NULL,
                                                  0, G_MAXINT64, 0, flags);
  properties[PROP_PROBE_INTERVAL] =
    g_param_spec_uint ("probe-interval", NULL, NULL, 1, G_MAXUINT, PROBE_INTERVAL_S * 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, JSON_TYPE_OBJECT, G_TYPE_INT64);
  signals[SIGNAL_ACKED] =
    g_signal_new ("acked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[SIGNAL_REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_TYPING] =
    g_signal_new ("typing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_AUTH_FAILED] =
    g_signal_new ("auth-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
plz_link_init (PlzLink *self)
{
  self->state = PLZ_LINK_STATE_OFFLINE;
  self->probe_interval_ms = PROBE_INTERVAL_S * 1000;
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->typing_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->posting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
