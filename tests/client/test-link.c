/* test-link.c — PlzLink and its outbox against the real plaza-server: the
 * stream, the long-poll fallback (through a proxy that refuses WebSocket
 * upgrades) and the way back, resume by seq, the outbox across server and
 * app restarts */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "plz-catalogue-test.h"
#include "plz-client-test.h"
#include "plz-link.h"
#include "plz-test-proxy.h"

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
  PlzTestProxy  *proxy;
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
  g_clear_pointer (&fixture->proxy, plz_test_proxy_free);
  plz_test_server_stop (fixture->server);
  g_free (fixture->consumer_token);
  g_free (fixture->operator_token);
  g_free (fixture->conversation_id);
}

/* The address the links use: the proxy's when there is one. */
static const char *
link_url (Fixture *fixture)
{
  return fixture->proxy != NULL ? plz_test_proxy_get_url (fixture->proxy) : fixture->server->url;
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
  fixture->proxy = plz_test_proxy_new (fixture->server->url);
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

static guint
count_body (GPtrArray  *bodies,
            const char *body)
{
  guint n = 0;

  for (guint i = 0; i < bodies->len; i++)
    n += g_strcmp0 (g_ptr_array_index (bodies, i), body) == 0;
  return n;
}

/* Three messages each way, tagged @tag; their bodies go to @from_consumer and
 * @from_op, their client ids to @ids. */
static void
send_both_ways (Fixture    *fixture,
                const char *tag,
                GPtrArray  *from_consumer,
                GPtrArray  *from_op,
                GPtrArray  *ids)
{
  for (guint i = 0; i < 3; i++)
    {
      char *mine = g_strdup_printf ("%s: consumer %u", tag, i);
      char *theirs = g_strdup_printf ("%s: operator %u", tag, i);

      g_ptr_array_add (ids, plz_link_send (fixture->consumer.link, fixture->conversation_id, mine, NULL));
      g_ptr_array_add (ids, plz_link_send (fixture->op.link, fixture->conversation_id, theirs, NULL));
      g_ptr_array_add (from_consumer, mine);
      g_ptr_array_add (from_op, theirs);
    }
}

typedef struct
{
  Fixture   *fixture;
  GPtrArray *from_consumer;
  GPtrArray *from_op;
} Arrival;

static gboolean
all_arrived (gpointer data)
{
  Arrival *arrival = data;

  for (guint i = 0; i < arrival->from_consumer->len; i++)
    if (count_body (arrival->fixture->op.bodies, g_ptr_array_index (arrival->from_consumer, i)) == 0)
      return FALSE;
  for (guint i = 0; i < arrival->from_op->len; i++)
    if (count_body (arrival->fixture->consumer.bodies, g_ptr_array_index (arrival->from_op, i)) == 0)
      return FALSE;
  return arrival->fixture->consumer.acked->len == arrival->from_consumer->len
         && arrival->fixture->op.acked->len == arrival->from_op->len;
}

static void
test_back_to_websocket (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) from_consumer = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) from_op = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) messages = NULL;
  Arrival arrival = { fixture, from_consumer, from_op };
  guint refused;

  if (fixture->server == NULL)
    return;
  /* The consumer is behind a proxy that refuses WebSockets; the operator is not. */
  fixture->proxy = plz_test_proxy_new (fixture->server->url);
  peer_open (&fixture->consumer, plz_test_proxy_get_url (fixture->proxy), fixture->consumer_token);
  peer_open (&fixture->op, fixture->server->url, fixture->operator_token);
  plz_link_set_probe_interval (fixture->consumer.link, 300);
  {
    guint interval = 0;

    g_object_get (fixture->consumer.link, "probe-interval", &interval, NULL);
    g_assert_cmpuint (interval, ==, 300);
  }
  plz_link_start (fixture->consumer.link);
  plz_link_start (fixture->op.link);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_POLLING, 10000);
  wait_state (fixture->op.link, PLZ_LINK_STATE_ONLINE, 10000);
  g_assert_cmpuint (plz_test_proxy_get_n_refused (fixture->proxy), >=, 2);
  g_assert_cmpuint (plz_test_proxy_get_n_upgrades (fixture->proxy), ==, 0);

  send_both_ways (fixture, "polling", from_consumer, from_op, ids);
  g_assert_true (plz_test_wait_until (all_arrived, &arrival, 20000));
  /* The probes keep failing and the link keeps polling. */
  refused = plz_test_proxy_get_n_refused (fixture->proxy);
  plz_test_spin (1000);
  g_assert_cmpuint (plz_test_proxy_get_n_refused (fixture->proxy), >, refused);
  g_assert_cmpint (plz_link_get_state (fixture->consumer.link), ==, PLZ_LINK_STATE_POLLING);

  /* The proxy starts carrying WebSockets and a probe goes at once, while the
   * consumer's messages are being posted: usually some are still on their
   * way when the link goes back online and sends them again over the socket. */
  plz_test_proxy_set_refuse_websockets (fixture->proxy, FALSE);
  send_both_ways (fixture, "switching", from_consumer, from_op, ids);
  plz_link_reconnect_now (fixture->consumer.link);
  wait_state (fixture->consumer.link, PLZ_LINK_STATE_ONLINE, 10000);
  g_assert_cmpuint (plz_test_proxy_get_n_upgrades (fixture->proxy), >=, 1);
  send_both_ways (fixture, "online", from_consumer, from_op, ids);
  g_assert_true (plz_test_wait_until (all_arrived, &arrival, 20000));
  plz_test_spin (500);  /* anything twice would arrive by now */
  g_assert_cmpint (plz_link_get_state (fixture->consumer.link), ==, PLZ_LINK_STATE_ONLINE);

  /* Exactly once, both ways, and in order of the event log. */
  g_assert_cmpuint (fixture->consumer.acked->len, ==, from_consumer->len);
  g_assert_cmpuint (fixture->op.acked->len, ==, from_op->len);
  for (guint i = 0; i < from_consumer->len; i++)
    {
      g_assert_cmpuint (count_body (fixture->op.bodies, g_ptr_array_index (from_consumer, i)), ==, 1);
      g_assert_cmpuint (count_body (fixture->consumer.bodies, g_ptr_array_index (from_consumer, i)), <=, 1);
    }
  for (guint i = 0; i < from_op->len; i++)
    {
      g_assert_cmpuint (count_body (fixture->consumer.bodies, g_ptr_array_index (from_op, i)), ==, 1);
      g_assert_cmpuint (count_body (fixture->op.bodies, g_ptr_array_index (from_op, i)), <=, 1);
    }
  assert_increasing (fixture->consumer.seqs);
  assert_increasing (fixture->op.seqs);
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (fixture->consumer.link)), ==, 0);
  messages = history (fixture);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (count_in_history (messages, g_ptr_array_index (ids, i)), ==, 1);
  g_assert_cmpuint (json_array_get_length (messages), ==, 1 + ids->len);
  g_assert_cmpuint (fixture->consumer.refused->len + fixture->op.refused->len, ==, 0);
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
  ADD ("back-to-websocket", test_back_to_websocket);
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
