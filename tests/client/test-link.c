/* test-link.c — PlzLink and its outbox against the real plaza-server: the
 * stream, the long-poll fallback (through a proxy that refuses WebSocket
 * upgrades), resume by seq, the outbox across server and app restarts */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "plz-catalogue-test.h"
#include "plz-client-test.h"
#include "plz-link.h"

/* ---- a proxy that refuses WebSockets ---------------------------------------- */

typedef struct
{
  SoupServer  *server;
  SoupSession  *session;   /* to the real server */
  GCancellable *cancellable;
  char         *target;
  char        *url;
} Proxy;

typedef struct
{
  SoupServerMessage *msg;
  SoupMessage       *upstream;
} Forward;

static void
forwarded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessageHeaders *headers = soup_message_get_response_headers (forward->upstream);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;  /* the proxy is gone, and the client with it */
  else if (body == NULL)
    soup_server_message_set_status (forward->msg, SOUP_STATUS_BAD_GATEWAY, NULL);
  else
    {
      soup_server_message_set_status (forward->msg, soup_message_get_status (forward->upstream), NULL);
      soup_server_message_set_response (forward->msg, type != NULL ? type : "application/json",
                                        SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    soup_server_message_unpause (forward->msg);
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Proxy *proxy = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = NULL;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  Forward *forward;
  const char *auth, *key;

  if (g_str_equal (path, "/api/v1/stream"))
    {
      /* What a proxy that does not pass Upgrade does. */
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      return;
    }
  url = g_strconcat (proxy->target, path, g_uri_get_query (uri) ? "?" : "",
                     g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);
  forward = g_new0 (Forward, 1);
  forward->msg = g_object_ref (msg);
  forward->upstream = soup_message_new (soup_server_message_get_method (msg), url);
  auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  if (auth != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (forward->upstream), "Authorization", auth);
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (forward->upstream), "Idempotency-Key", key);
  if (request_body->length > 0)
    {
      bytes = soup_message_body_flatten (request_body);
      soup_message_set_request_body_from_bytes (forward->upstream, "application/json", bytes);
    }
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (proxy->session, forward->upstream, G_PRIORITY_DEFAULT,
                                    proxy->cancellable, forwarded_cb, forward);
}

static Proxy *
proxy_new (const char *target)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  proxy->target = g_strdup (target);
  proxy->cancellable = g_cancellable_new ();
  proxy->session = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 20, NULL);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_cb, proxy, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->server);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  g_cancellable_cancel (proxy->cancellable);
  g_object_unref (proxy->cancellable);
  soup_server_disconnect (proxy->server);
  g_object_unref (proxy->server);
  g_object_unref (proxy->session);
  g_free (proxy->target);
  g_free (proxy->url);
  g_free (proxy);
}

/* ---- a peer: one link and what it heard -------------------------------------- */

typedef struct
{
  PlzLink     *link;
  SoupSession *session;
  char        *dir;
  GArray    *seqs;        /* gint64 of every "event" */
  GPtrArray *bodies;      /* the message.created bodies, in order */
  GPtrArray *acked;       /* client_ids */
  GPtrArray *refused;     /* "client_id code" */
  guint      n_auth_failed;
} Peer;

static void
event_cb (PlzLink    *link,
          const char *kind,
          JsonObject *data,
          gint64      seq,
          Peer       *peer)
{
  g_array_append_val (peer->seqs, seq);
  if (g_str_equal (kind, "message.created"))
    {
      JsonObject *message = json_object_get_object_member (data, "message");

      g_ptr_array_add (peer->bodies, g_strdup (json_object_get_string_member (message, "body")));
    }
}

static void
acked_cb (PlzLink    *link,
          const char *client_id,
          JsonObject *message,
          Peer       *peer)
{
  g_assert_nonnull (message);
  g_assert_cmpstr (json_object_get_string_member (message, "client_id"), ==, client_id);
  g_ptr_array_add (peer->acked, g_strdup (client_id));
}

static void
refused_cb (PlzLink    *link,
            const char *client_id,
            const char *code,
            const char *message,
            Peer       *peer)
{
  g_ptr_array_add (peer->refused, g_strdup_printf ("%s %s", client_id, code));
}

static void
auth_failed_cb (PlzLink    *link,
                const char *message,
                Peer       *peer)
{
  peer->n_auth_failed++;
}

static void
peer_open (Peer       *peer,
           const char *url,
           const char *token)
{
  g_assert_null (peer->link);
  /* A session each, as two apps would have. */
  if (peer->session == NULL)
    peer->session = soup_session_new_with_options ("timeout", 30, NULL);
  peer->link = plz_link_new (peer->session, url, token, peer->dir);
  g_signal_connect (peer->link, "event", G_CALLBACK (event_cb), peer);
  g_signal_connect (peer->link, "acked", G_CALLBACK (acked_cb), peer);
  g_signal_connect (peer->link, "refused", G_CALLBACK (refused_cb), peer);
  g_signal_connect (peer->link, "auth-failed", G_CALLBACK (auth_failed_cb), peer);
}

static void
peer_close (Peer *peer)
{
  if (peer->link == NULL)
    return;
  plz_link_stop (peer->link);
  g_assert_finalize_object (peer->link);
  peer->link = NULL;
}

static void
peer_init (Peer *peer)
{
  g_autoptr(GError) error = NULL;

  peer->dir = g_dir_make_tmp ("plaza-link-XXXXXX", &error);
  g_assert_no_error (error);
  peer->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  peer->bodies = g_ptr_array_new_with_free_func (g_free);
  peer->acked = g_ptr_array_new_with_free_func (g_free);
  peer->refused = g_ptr_array_new_with_free_func (g_free);
}

static void
peer_clear (Peer *peer)
{
  peer_close (peer);
  g_clear_object (&peer->session);
  plz_test_remove_tree (peer->dir);
  g_free (peer->dir);
  g_array_unref (peer->seqs);
  g_ptr_array_unref (peer->bodies);
  g_ptr_array_unref (peer->acked);
  g_ptr_array_unref (peer->refused);
}

/* ---- fixture ------------------------------------------------------------------ */

typedef struct
{
  PlzTestServer *server;
  Proxy         *proxy;
  char          *consumer_token;
  char          *operator_token;
  char          *conversation_id;
  Peer           consumer;
  Peer           op;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *listing = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) answer = NULL;

  peer_init (&fixture->consumer);
  peer_init (&fixture->op);
  fixture->server = plz_test_server_start (FALSE);
  if (fixture->server == NULL)
    return;
  fixture->operator_token = plz_test_sign_up (fixture->server->url, "op@plaza.test", TRUE);
  fixture->consumer_token = plz_test_sign_up (fixture->server->url, "cu@plaza.test", FALSE);
  listing = plz_test_make_listing (fixture->server->url, fixture->operator_token, "Full valet", 350, 0);
  path = g_strdup_printf ("/api/v1/listings/%s/inquiries", listing);
  answer = plz_test_api (fixture->server->url, "POST", path,
                         "{\"body\":\"Is Saturday free?\",\"client_id\":\"c-first\"}",
                         fixture->consumer_token, 201);
  fixture->conversation_id =
    g_strdup (json_object_get_string_member (json_object_get_object_member (answer, "message"),
                                             "conversation_id"));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  peer_clear (&fixture->consumer);
  peer_clear (&fixture->op);
  g_clear_pointer (&fixture->proxy, proxy_free);
  plz_test_server_stop (fixture->server);
  g_free (fixture->consumer_token);
  g_free (fixture->operator_token);
  g_free (fixture->conversation_id);
}

/* The address the links use: the proxy's when there is one. */
static const char *
link_url (Fixture *fixture)
{
  return fixture->proxy != NULL ? fixture->proxy->url : fixture->server->url;
}

static void
open_both (Fixture *fixture)
{
  peer_open (&fixture->consumer, link_url (fixture), fixture->consumer_token);
  peer_open (&fixture->op, link_url (fixture), fixture->operator_token);
}

typedef struct
{
  PlzLink      *link;
  PlzLinkState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return plz_link_get_state (wait->link) == wait->state;
}

static void
wait_state (PlzLink      *link,
            PlzLinkState  state,
            guint         timeout_ms)
{
  StateWait wait = { link, state };

  if (!plz_test_wait_until (state_is, &wait, timeout_ms))
    g_error ("The link is in state %d, not %d", plz_link_get_state (link), state);
}

typedef struct
{
  GPtrArray *array;
  guint      n;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return wait->array->len >= wait->n;
}

static void
wait_count (GPtrArray *array,
            guint      n,
            guint      timeout_ms)
{
  CountWait wait = { array, n };

  if (!plz_test_wait_until (count_reached, &wait, timeout_ms))
    g_error ("Waited for %u, have %u", n, array->len);
}

static void
assert_increasing (GArray *seqs)
{
  for (guint i = 1; i < seqs->len; i++)
    g_assert_cmpint (g_array_index (seqs, gint64, i - 1), <, g_array_index (seqs, gint64, i));
}

/* Every message of the conversation, as the consumer reads it (newest first). */
static JsonArray *
history (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/messages?limit=100",
                                           fixture->conversation_id);
  g_autoptr(JsonObject) answer = plz_test_api (fixture->server->url, "GET", path, NULL,
                                               fixture->consumer_token, 200);

  return json_array_ref (json_object_get_array_member (answer, "messages"));
}

/* How many stored messages carry @client_id. */
static guint
count_in_history (JsonArray  *messages,
                  const char *client_id)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (messages); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (messages, i),
                                                               "client_id", NULL), client_id) == 0)
      n++;
  return n;
}

static void
exchange (Fixture *fixture,
          guint    n)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint before = fixture->op.bodies->len;
  guint acked = fixture->consumer.acked->len;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %u", i);

      g_ptr_array_add (ids, plz_link_send (fixture->consumer.link, fixture->conversation_id, body, NULL));
    }
  wait_count (fixture->consumer.acked, acked + n, 20000);
  wait_count (fixture->op.bodies, before + n, 20000);
  plz_test_spin (300);  /* anything twice would arrive by now */

  g_assert_cmpuint (fixture->consumer.acked->len, ==, acked + n);
  g_assert_cmpuint (fixture->op.bodies->len, ==, before + n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %u", i);

      g_assert_cmpstr (g_ptr_array_index (fixture->op.bodies, before + i), ==, body);
      g_assert_cmpstr (g_ptr_array_index (fixture->consumer.acked, acked + i), ==, g_ptr_array_index (ids, i));
    }
  assert_increasing (fixture->op.seqs);
  assert_increasing (fixture->consumer.seqs);
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (fixture->consumer.link)), ==, 0);
}

/* ---- tests --------------------------------------------------------------------- */

static void
test_stream_exchange (Fixture       *fixture,
                      gconstpointer  data)
{
  if (fixture->server == NULL)
    return;
  open_both (fixture);
  g_assert_cmpint (plz_link_get_state (fixture->op.link), ==, PLZ_LINK_STATE_OFFLINE);
  plz_link_start (fixture->consumer.link);
  plz_link_start (fixture->op.link);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_ONLINE, 10000);
  wait_state (fixture->op.link, PLZ_LINK_STATE_ONLINE, 10000);
  /* The replay brought the inquiry made before the link started. */
  g_assert_cmpuint (fixture->op.bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->op.bodies, 0), ==, "Is Saturday free?");

  exchange (fixture, 10);
  g_assert_cmpuint (fixture->consumer.refused->len, ==, 0);
}

static void
test_resend_same_client_id (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autofree char *outbox_path = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(JsonArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;
  open_both (fixture);
  /* Written while stopped: the outbox file is the one a crash would leave. */
  client_id = plz_link_send (fixture->consumer.link, fixture->conversation_id, "once only", NULL);
  outbox_path = g_build_filename (fixture->consumer.dir, "outbox.json", NULL);
  g_file_get_contents (outbox_path, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (saved, client_id));

  plz_link_start (fixture->consumer.link);
  wait_count (fixture->consumer.acked, 1, 10000);
  /* The app died after the server stored it but before it noted the ack. */
  peer_close (&fixture->consumer);
  g_file_set_contents (outbox_path, saved, -1, &error);
  g_assert_no_error (error);
  peer_open (&fixture->consumer, link_url (fixture), fixture->consumer_token);
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (fixture->consumer.link)), ==, 1);
  plz_link_start (fixture->consumer.link);
  wait_count (fixture->consumer.acked, 2, 10000);
  g_assert_cmpstr (g_ptr_array_index (fixture->consumer.acked, 1), ==, client_id);
  g_assert_false (g_file_test (outbox_path, G_FILE_TEST_EXISTS));

  messages = history (fixture);
  g_assert_cmpuint (count_in_history (messages, client_id), ==, 1);
}

static void
test_long_poll (Fixture       *fixture,
                gconstpointer  data)
{
  if (fixture->server == NULL)
    return;
  fixture->proxy = proxy_new (fixture->server->url);
  open_both (fixture);
  plz_link_start (fixture->consumer.link);
  plz_link_start (fixture->op.link);
  /* Two WebSocket failures (1 s of backoff between), then polling. */
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_POLLING, 10000);
  wait_state (fixture->op.link, PLZ_LINK_STATE_POLLING, 10000);
  wait_count (fixture->op.bodies, 1, 5000);

  exchange (fixture, 6);

  /* Asking for the WebSocket again fails, and the link keeps polling. */
  plz_link_reconnect_now (fixture->op.link);
  plz_test_spin (500);
  g_assert_cmpint (plz_link_get_state (fixture->op.link), ==, PLZ_LINK_STATE_POLLING);
  exchange (fixture, 2);
}

static void
test_resume_since (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *seq_path = NULL;
  g_autofree char *saved = NULL;
  gint64 seen;

  if (fixture->server == NULL)
    return;
  open_both (fixture);
  plz_link_start (fixture->consumer.link);
  plz_link_start (fixture->op.link);
  wait_state (fixture->op.link, PLZ_LINK_STATE_ONLINE, 10000);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_ONLINE, 10000);
  exchange (fixture, 2);

  seen = plz_link_get_last_seq (fixture->op.link);
  peer_close (&fixture->op);
  seq_path = g_build_filename (fixture->op.dir, "last-seq", NULL);
  g_assert_true (g_file_get_contents (seq_path, &saved, NULL, NULL));
  g_assert_cmpint (g_ascii_strtoll (saved, NULL, 10), ==, seen);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("missed %u", i);
      g_free (plz_link_send (fixture->consumer.link, fixture->conversation_id, body, NULL));
    }
  wait_count (fixture->consumer.acked, 5, 10000);

  /* A new link object, as after the app restarts: only the three missed. */
  g_array_set_size (fixture->op.seqs, 0);
  g_ptr_array_set_size (fixture->op.bodies, 0);
  peer_open (&fixture->op, link_url (fixture), fixture->operator_token);
  g_assert_cmpint (plz_link_get_last_seq (fixture->op.link), ==, seen);
  plz_link_start (fixture->op.link);
  wait_state (fixture->op.link, PLZ_LINK_STATE_ONLINE, 10000);
  plz_test_spin (300);
  g_assert_cmpuint (fixture->op.bodies->len, ==, 3);
  g_assert_cmpuint (fixture->op.seqs->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("missed %u", i);

      g_assert_cmpstr (g_ptr_array_index (fixture->op.bodies, i), ==, body);
      g_assert_cmpint (g_array_index (fixture->op.seqs, gint64, i), ==, seen + 1 + i);
    }
}

static void
test_outbox_server_down (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autoptr(JsonArray) messages = NULL;
  PlzOutboxItem *item;

  if (fixture->server == NULL)
    return;
  open_both (fixture);
  plz_link_start (fixture->consumer.link);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_ONLINE, 10000);

  plz_test_server_kill (fixture->server);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_RECONNECTING, 10000);
  g_assert_cmpuint (plz_link_get_retry_seconds (fixture->consumer.link), >=, 1);
  client_id = plz_link_send (fixture->consumer.link, fixture->conversation_id, "sent offline", NULL);
  g_assert_true (g_str_has_prefix (client_id, "c-"));
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (fixture->consumer.link)), ==, 1);
  item = g_list_model_get_item (plz_link_get_outbox (fixture->consumer.link), 0);
  g_assert_cmpstr (plz_outbox_item_get_client_id (item), ==, client_id);
  g_assert_cmpstr (plz_outbox_item_get_body (item), ==, "sent offline");
  g_assert_nonnull (plz_outbox_item_get_created_at (item));
  g_object_unref (item);

  plz_test_server_restart (fixture->server);
  /* Retries come on their own; the test does not wait out the backoff. */
  plz_test_spin (1500);
  plz_link_reconnect_now (fixture->consumer.link);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_ONLINE, 15000);
  wait_count (fixture->consumer.acked, 1, 10000);
  plz_test_spin (300);
  g_assert_cmpuint (fixture->consumer.acked->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (fixture->consumer.link)), ==, 0);

  messages = history (fixture);
  g_assert_cmpuint (count_in_history (messages, client_id), ==, 1);
}

static void
test_outbox_app_restart (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autoptr(JsonArray) messages = NULL;

  if (fixture->server == NULL)
    return;
  open_both (fixture);
  /* Written with the link never started, as when the app quits offline. */
  client_id = plz_link_send (fixture->consumer.link, fixture->conversation_id, "from last time", NULL);
  peer_close (&fixture->consumer);

  peer_open (&fixture->consumer, link_url (fixture), fixture->consumer_token);
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (fixture->consumer.link)), ==, 1);
  plz_link_start (fixture->op.link);
  plz_link_start (fixture->consumer.link);
  wait_count (fixture->consumer.acked, 1, 10000);
  wait_count (fixture->op.bodies, 2, 10000);
  plz_test_spin (300);
  g_assert_cmpuint (fixture->consumer.acked->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->op.bodies, 1), ==, "from last time");
  g_assert_cmpuint (fixture->op.bodies->len, ==, 2);

  messages = history (fixture);
  g_assert_cmpuint (count_in_history (messages, client_id), ==, 1);
}

typedef struct
{
  Fixture   *fixture;
  GPtrArray *ids;
  guint      left;
} Flow;

static gboolean
send_one_cb (gpointer data)
{
  Flow *flow = data;
  g_autofree char *body = g_strdup_printf ("flowing %u", flow->ids->len);

  g_ptr_array_add (flow->ids, plz_link_send (flow->fixture->consumer.link,
                                             flow->fixture->conversation_id, body, NULL));
  return --flow->left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
test_kill_while_flowing (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) acked_before = NULL;
  g_autoptr(JsonArray) messages = NULL;
  Flow flow = { fixture, ids, 40 };

  if (fixture->server == NULL)
    return;
  open_both (fixture);
  plz_link_start (fixture->consumer.link);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_ONLINE, 10000);

  /* 40 messages at ~16 a second (under the server's rate limit); the server
   * dies a second in, while they flow. */
  g_timeout_add (60, send_one_cb, &flow);
  wait_count (fixture->consumer.acked, 5, 10000);
  plz_test_spin (700);
  plz_test_server_kill (fixture->server);
  acked_before = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < fixture->consumer.acked->len; i++)
    g_ptr_array_add (acked_before, g_strdup (g_ptr_array_index (fixture->consumer.acked, i)));
  g_assert_cmpuint (acked_before->len, <, 40);

  plz_test_spin (1000);
  plz_test_server_restart (fixture->server);
  plz_test_spin (1000);
  plz_link_reconnect_now (fixture->consumer.link);
  wait_count (fixture->consumer.acked, 40, 30000);
  plz_test_spin (300);
  g_assert_cmpuint (fixture->consumer.acked->len, ==, 40);
  g_assert_cmpuint (flow.left, ==, 0);

  /* Every message acked before the kill survived it, and nothing is twice. */
  messages = history (fixture);
  for (guint i = 0; i < acked_before->len; i++)
    g_assert_cmpuint (count_in_history (messages, g_ptr_array_index (acked_before, i)), ==, 1);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (count_in_history (messages, g_ptr_array_index (ids, i)), ==, 1);
  g_assert_cmpuint (json_array_get_length (messages), ==, 41);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *client_id = NULL;

  if (fixture->server == NULL)
    return;
  open_both (fixture);
  plz_link_start (fixture->op.link);
  wait_state (fixture->op.link, PLZ_LINK_STATE_ONLINE, 10000);
  /* Not a conversation of this user: refused for good, out of the outbox. */
  client_id = plz_link_send (fixture->op.link, "no-such-conversation", "hello?", NULL);
  wait_count (fixture->op.refused, 1, 10000);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->op.refused, 0), client_id));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fixture->op.refused, 0), " not_found"));
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (fixture->op.link)), ==, 0);
  g_assert_cmpuint (fixture->op.acked->len, ==, 0);
}

static gboolean
auth_failed (gpointer data)
{
  return ((Peer *) data)->n_auth_failed > 0;
}

static void
test_bad_token (Fixture       *fixture,
                gconstpointer  data)
{
  if (fixture->server == NULL)
    return;
  peer_open (&fixture->op, link_url (fixture), "not-a-token");
  plz_link_start (fixture->op.link);
  plz_test_wait_until (auth_failed, &fixture->op, 10000);
  g_assert_cmpuint (fixture->op.n_auth_failed, ==, 1);
  g_assert_cmpint (plz_link_get_state (fixture->op.link), ==, PLZ_LINK_STATE_OFFLINE);
}

static void
test_account_link (void)
{
  PlzTestServer *server = plz_test_server_start (FALSE);
  g_autoptr(PlzAccount) account = NULL;
  g_autofree char *dir = NULL;
  PlzLink *link;

  if (server == NULL)
    return;
  account = plz_test_consumer (server->url, "link@plaza.test");
  link = plz_account_get_link (account);
  g_assert_nonnull (link);
  wait_state (link, PLZ_LINK_STATE_ONLINE, 10000);
  /* Its state lives under the account's own folder. */
  dir = g_build_filename (g_get_user_state_dir (), "plaza", NULL);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  g_object_add_weak_pointer (G_OBJECT (link), (gpointer *) &link);
  plz_account_forget (account);
  g_assert_null (plz_account_get_link (account));
  g_assert_null (link);
  g_assert_finalize_object (g_steal_pointer (&account));
  plz_test_server_stop (server);
}

static void
test_bad_outbox_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plaza-outbox-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "outbox.json", NULL);
  g_autofree char *aside = g_strconcat (path, ".bad", NULL);
  g_autoptr(PlzOutbox) outbox = NULL;

  g_file_set_contents (path, "[{\"client_id\":\"c-1\"}", -1, &error);
  g_assert_no_error (error);
  g_test_expect_message ("plaza", G_LOG_LEVEL_WARNING, "*cannot be read*");
  outbox = plz_outbox_new (path);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (plz_outbox_get_items (outbox)), ==, 0);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  plz_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  /* The account's link keeps its state there: never in the real home. */
  g_autofree char *state = g_dir_make_tmp ("plaza-link-state-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/link/bad-outbox-file", test_bad_outbox_file);
  g_test_add_func ("/link/account-link", test_account_link);
#define ADD(path, func) g_test_add ("/link/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("stream-exchange", test_stream_exchange);
  ADD ("resend-same-client-id", test_resend_same_client_id);
  ADD ("long-poll", test_long_poll);
  ADD ("resume-since", test_resume_since);
  ADD ("outbox-server-down", test_outbox_server_down);
  ADD ("outbox-app-restart", test_outbox_app_restart);
  ADD ("kill-while-flowing", test_kill_while_flowing);
  ADD ("refused", test_refused);
  ADD ("bad-token", test_bad_token);
#undef ADD
  status = g_test_run ();
  plz_test_remove_tree (state);
  return status;
}
