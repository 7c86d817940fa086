/* test-stream.c — the WebSocket protocol: hello/ready, replay, send/ack with
 * group commit, retries, typing, bad frames, floods and suspension */
#include "plz-test-server.h"
#include "plz-test-ws.h"
#include "plz-server.h"
#include "plz-json.h"
#include "accounts/plz-accounts-store.h"
#include "messaging/plz-stream.h"

#include <string.h>

typedef struct
{
  PlzTestServer *ts;
  char          *op, *op_id;
  char          *buyer, *buyer_id;
  char          *other;
  char          *conversation;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();
  g_autofree char *listing = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PlzTestResponse) r = NULL;

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
  f->op = plz_test_sign_up (f->ts, "op@example.com", TRUE, &f->op_id);
  f->buyer = plz_test_sign_up (f->ts, "buyer@example.com", FALSE, &f->buyer_id);
  f->other = plz_test_sign_up (f->ts, "other@example.com", FALSE, NULL);
  listing = plz_test_make_listing (f->ts, f->op, "Sparkle car wash", TRUE);
  path = g_strdup_printf ("/api/v1/listings/%s/inquiries", listing);
  r = plz_test_request_auth (f->ts, "POST", path, "{\"body\":\"Hello\"}", f->buyer);
  g_assert_cmpuint (r->status, ==, 201);
  f->conversation = g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (r->json), "conversation"), "id"));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->ts, plz_test_server_free);
  g_free (f->op);
  g_free (f->op_id);
  g_free (f->buyer);
  g_free (f->buyer_id);
  g_free (f->other);
  g_free (f->conversation);
}

static PlzTestWs *
client_new (Fixture *f)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/stream", plz_test_server_get_url (f->ts));

  return plz_test_ws_new (url);
}

static void
test_send_and_receive (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestWs) buyer = client_new (f);
  g_autoptr(PlzTestWs) op = client_new (f);
  g_autoptr(GPtrArray) replayed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) ack = NULL, again = NULL, event = NULL;
  g_autofree char *history = g_strdup_printf ("/api/v1/conversations/%s/messages", f->conversation);
  g_autoptr(PlzTestResponse) h = NULL;
  gint64 seq = plz_test_ws_hello (buyer, f->buyer, 0, replayed);

  /* The inquiry's event is replayed before ready. */
  g_assert_cmpint (seq, ==, 1);
  g_assert_cmpuint (replayed->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (replayed->pdata[0], "kind"), ==, "message.created");
  plz_test_ws_hello (op, f->op, 0, NULL);

  plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"m-1\",\"conversation_id\":\"%s\",\"body\":\"Saturday?\"}",
               f->conversation);
  ack = plz_test_ws_wait_frame (buyer, "ack", NULL);
  g_assert_cmpstr (json_object_get_string_member (ack, "client_id"), ==, "m-1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ack, "message"), "body"),
                   ==, "Saturday?");
  event = plz_test_ws_wait_frame (op, "event", NULL);
  g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "message.created");

  /* The retry gets the same ack and creates nothing. */
  plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"m-1\",\"conversation_id\":\"%s\",\"body\":\"Saturday?\"}",
               f->conversation);
  again = plz_test_ws_wait_frame (buyer, "ack", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (again, "message"), "id"),
                   ==, json_object_get_string_member (json_object_get_object_member (ack, "message"), "id"));
  h = plz_test_request_auth (f->ts, "GET", history, NULL, f->buyer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (h->json),
                                                                         "messages")), ==, 2);

  /* Typing is relayed to the other side, not stored. */
  plz_test_ws_send (op, "{\"type\":\"typing\",\"conversation_id\":\"%s\"}", f->conversation);
  {
    g_autoptr(JsonObject) typing = plz_test_ws_wait_frame (buyer, "typing", NULL);

    g_assert_cmpstr (json_object_get_string_member (typing, "user_id"), ==, f->op_id);
  }
}

static gboolean
one_user_online (gpointer data)
{
  Fixture *f = data;

  return plz_stream_get_n_users (plz_server_get_stream (plz_test_server_get_server (f->ts))) == 1;
}

static gboolean
is_receipt_for (JsonObject *frame,
                const char *id)
{
  JsonObject *data;

  if (g_strcmp0 (json_object_get_string_member_with_default (frame, "kind", NULL), "message.receipt") != 0)
    return FALSE;
  data = json_object_get_object_member (frame, "data");
  return g_strcmp0 (json_array_get_string_element (json_object_get_array_member (data, "message_ids"), 0), id) == 0;
}

/* The message.receipt event for message @id among @skipped (frames that came
 * before the ack) or, failing that, to come. */
static JsonObject *
wait_delivered (PlzTestWs  *buyer,
                GPtrArray  *skipped,
                const char *id)
{
  for (guint i = 0; i < skipped->len; i++)
    if (is_receipt_for (skipped->pdata[i], id))
      return json_object_ref (json_object_get_object_member (skipped->pdata[i], "data"));
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonObject) event = plz_test_ws_wait_frame (buyer, "event", NULL);

      if (is_receipt_for (event, id))
        return json_object_ref (json_object_get_object_member (event, "data"));
    }
  g_assert_not_reached ();
}

/* The data of the message.created event for message @id among @frames. */
static JsonObject *
own_message_event (GPtrArray  *frames,
                   const char *id)
{
  for (guint i = 0; i < frames->len; i++)
    {
      JsonObject *frame = frames->pdata[i];
      JsonObject *data;

      if (g_strcmp0 (json_object_get_string_member_with_default (frame, "kind", NULL), "message.created") != 0)
        continue;
      data = json_object_get_object_member (frame, "data");
      if (g_strcmp0 (json_object_get_string_member (json_object_get_object_member (data, "message"), "id"), id) == 0)
        return json_object_ref (data);
    }
  g_assert_not_reached ();
}

/* A message to someone online is marked delivered in its own commit; to
 * someone offline, once they are back. */
static void
test_delivered (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestWs) buyer = client_new (f);
  g_autoptr(JsonObject) ack = NULL, receipt = NULL, later = NULL, ack2 = NULL;
  g_autoptr(GPtrArray) before_ack = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  const char *id;

  plz_test_ws_hello (buyer, f->buyer, 0, NULL);
  {
    g_autoptr(PlzTestWs) op = client_new (f);

    plz_test_ws_hello (op, f->op, 0, NULL);
    plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"d-1\",\"conversation_id\":\"%s\","
                      "\"body\":\"Online?\"}", f->conversation);
    ack = plz_test_ws_wait_frame (buyer, "ack", before_ack);
    id = json_object_get_string_member (json_object_get_object_member (ack, "message"), "id");
    /* In the same commit: the sender's own message.created, before the ack,
     * says the operator had it; no message.receipt of its own. */
    receipt = own_message_event (before_ack, id);
    g_assert_nonnull (json_object_get_string_member (receipt, "delivered_at"));
    for (guint i = 0; i < before_ack->len; i++)
      g_assert_false (is_receipt_for (before_ack->pdata[i], id));
  }
  /* Offline (once the server has seen the link go): no receipt until the
   * operator says hello again. */
  g_assert_true (plz_test_ws_spin_until (one_user_online, f, 5000));
  plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"d-2\",\"conversation_id\":\"%s\","
                    "\"body\":\"Still there?\"}", f->conversation);
  g_ptr_array_set_size (before_ack, 0);
  ack2 = plz_test_ws_wait_frame (buyer, "ack", before_ack);
  /* (Receipts for the inquiry, delivered when the operator came, may be there.) */
  for (guint i = 0; i < before_ack->len; i++)
    g_assert_false (is_receipt_for (before_ack->pdata[i],
                                    json_object_get_string_member (json_object_get_object_member (ack2, "message"),
                                                                   "id")));
  {
    g_autoptr(JsonObject) own = own_message_event (
      before_ack, json_object_get_string_member (json_object_get_object_member (ack2, "message"), "id"));

    g_assert_false (json_object_has_member (own, "delivered_at"));
  }
  {
    g_autofree char *history = g_strdup_printf ("/api/v1/conversations/%s/messages", f->conversation);
    g_autoptr(PlzTestResponse) h = plz_test_request_auth (f->ts, "GET", history, NULL, f->buyer);
    JsonObject *newest = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (h->json), "messages"), 0);
    JsonObject *before = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (h->json), "messages"), 1);

    g_assert_true (json_object_get_null_member (newest, "delivered_at"));
    g_assert_false (json_object_get_null_member (before, "delivered_at"));
  }
  {
    g_autoptr(PlzTestWs) op = client_new (f);

    plz_test_ws_hello (op, f->op, 0, NULL);
    later = wait_delivered (buyer, none, json_object_get_string_member (json_object_get_object_member (ack2, "message"),
                                                                         "id"));
    g_assert_cmpstr (json_object_get_string_member (later, "by"), ==, f->op_id);
  }
}

/* Reconnecting with since gets exactly what was missed, in order, once. */
static void
test_resume (Fixture *f, gconstpointer data)
{
  gint64 seen;
  g_autoptr(GPtrArray) missed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  {
    g_autoptr(PlzTestWs) buyer = client_new (f);

    seen = plz_test_ws_hello (buyer, f->buyer, 0, NULL);
  }
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/messages", f->conversation);
      g_autofree char *body = g_strdup_printf ("{\"body\":\"Missed %u\"}", i);
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", path, body, f->op);

      g_assert_cmpuint (r->status, ==, 201);
    }
  {
    g_autoptr(PlzTestWs) buyer = client_new (f);
    gint64 now = plz_test_ws_hello (buyer, f->buyer, seen, missed);

    g_assert_cmpuint (missed->len, ==, 5);
    g_assert_cmpint (now, ==, seen + 5);
    for (guint i = 0; i < 5; i++)
      {
        JsonObject *e = missed->pdata[i];
        g_autofree char *body = g_strdup_printf ("Missed %u", i);

        g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, seen + 1 + i);
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
          json_object_get_object_member (e, "data"), "message"), "body"), ==, body);
      }
  }
}

/* A message event read back from the log (replay, long poll) carries the
 * same data as the one sent live, though the log keeps the message alone;
 * and the message in it is the one the history shows. */
static void
test_replay_matches_live (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestWs) op = client_new (f);
  g_autoptr(PlzTestWs) buyer = client_new (f);
  g_autoptr(GPtrArray) replayed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) live = NULL;
  g_autoptr(JsonObject) ack = NULL;
  g_autoptr(JsonNode) live_data = NULL;
  g_autofree char *live_text = NULL;
  g_autofree char *events_path = NULL;
  g_autofree char *history_path = g_strdup_printf ("/api/v1/conversations/%s/messages", f->conversation);
  g_autoptr(PlzTestResponse) polled = NULL;
  g_autoptr(PlzTestResponse) h = NULL;
  gint64 seen = plz_test_ws_hello (op, f->op, 0, NULL);
  JsonObject *message;

  plz_test_ws_hello (buyer, f->buyer, 0, NULL);
  plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"r-1\",\"conversation_id\":\"%s\","
               "\"body\":\"Quotes \\\" and \\\\ and \\n and \u00e9\"}", f->conversation);
  ack = plz_test_ws_wait_frame (buyer, "ack", NULL);
  live = plz_test_ws_wait_frame (op, "event", NULL);
  g_assert_cmpstr (json_object_get_string_member (live, "kind"), ==, "message.created");
  live_data = json_node_init_object (json_node_alloc (), json_object_get_object_member (live, "data"));
  live_text = json_to_string (live_data, FALSE);
  message = json_object_get_object_member (json_object_get_object_member (live, "data"), "message");
  g_assert_cmpstr (json_object_get_string_member (message, "body"), ==, "Quotes \" and \\ and \n and \u00e9");
  /* Not the conversation's first message, nor a change to its card: the
   * message and the operator's unread count are all that is new. */
  g_assert_false (json_object_has_member (json_object_get_object_member (live, "data"), "conversation"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (live, "data"), "unread"), ==, 2);

  {
    g_autoptr(PlzTestWs) again = client_new (f);

    plz_test_ws_hello (again, f->op, seen, replayed);
  }
  g_assert_cmpuint (replayed->len, ==, 1);
  plz_assert_json_equal (json_object_get_member (replayed->pdata[0], "data"), live_text);

  events_path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT, seen);
  polled = plz_test_request_auth (f->ts, "GET", events_path, NULL, f->op);
  g_assert_cmpuint (polled->status, ==, 200);
  plz_assert_json_equal (json_object_get_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (polled->json), "events"), 0), "data"), live_text);

  /* The ack and the history show the same message. */
  h = plz_test_request_auth (f->ts, "GET", history_path, NULL, f->op);
  {
    JsonObject *newest = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (h->json), "messages"), 0);
    g_autoptr(JsonNode) acked = json_node_init_object (json_node_alloc (),
                                                       json_object_get_object_member (ack, "message"));
    g_autofree char *acked_text = json_to_string (acked, FALSE);
    g_autoptr(JsonNode) shown = json_node_init_object (json_node_alloc (), newest);

    g_assert_cmpstr (json_object_get_string_member (newest, "id"), ==, json_object_get_string_member (message, "id"));
    /* Delivered by now (the operator was online); otherwise the same. */
    json_object_set_null_member (newest, "delivered_at");
    plz_assert_json_equal (shown, acked_text);
  }
}

static void
test_bad_frames (Fixture *f, gconstpointer data)
{
  {
    g_autoptr(PlzTestWs) c = client_new (f);
    g_autoptr(JsonObject) err = NULL;

    plz_test_ws_send (c, "{\"type\":\"send\",\"client_id\":\"x\",\"conversation_id\":\"y\",\"body\":\"z\"}");
    err = plz_test_ws_wait_frame (c, "error", NULL);
    g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "unauthorized");
    g_assert_true (plz_test_ws_spin_until (plz_test_ws_is_closed, c, 3000));
    g_assert_cmpuint (soup_websocket_connection_get_close_code (c->ws), ==, 4000);
  }
  {
    g_autoptr(PlzTestWs) c = client_new (f);
    g_autoptr(JsonObject) err = NULL;

    plz_test_ws_send (c, "{\"type\":\"hello\",\"token\":\"not-a-token\",\"since\":0}");
    err = plz_test_ws_wait_frame (c, "error", NULL);
    g_assert_true (plz_test_ws_spin_until (plz_test_ws_is_closed, c, 3000));
    g_assert_cmpuint (soup_websocket_connection_get_close_code (c->ws), ==, 4001);
  }
  {
    g_autoptr(PlzTestWs) c = client_new (f);
    const char *bad[] = {
      "{\"type\":\"dance\"}",
      "{not json",
      "[1,2]",
      "{\"type\":\"send\",\"conversation_id\":\"x\",\"body\":\"no client id\"}",
      "{\"type\":\"send\",\"client_id\":\"b-1\",\"body\":\"no conversation\"}",
      "{\"type\":\"typing\",\"conversation_id\":\"someone-elses\"}",
      "{\"type\":\"hello\",\"token\":\"again\"}",
    };
    const char *codes[] = { "invalid_input", "invalid_json", "invalid_json", "invalid_input", "invalid_input",
                            "not_found", "invalid_input" };

    plz_test_ws_hello (c, f->other, 0, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonObject) err = NULL;

        plz_test_ws_send (c, "%s", bad[i]);
        err = plz_test_ws_wait_frame (c, "error", NULL);
        g_test_message ("frame %u: %s", i, json_object_get_string_member (err, "message"));
        g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, codes[i]);
      }
    /* Someone else's conversation: refused as if it did not exist. */
    plz_test_ws_send (c, "{\"type\":\"send\",\"client_id\":\"s-1\",\"conversation_id\":\"%s\",\"body\":\"hi\"}",
                 f->conversation);
    {
      g_autoptr(JsonObject) err = plz_test_ws_wait_frame (c, "error", NULL);

      g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "not_found");
      g_assert_cmpstr (json_object_get_string_member (err, "client_id"), ==, "s-1");
    }
    g_assert_false (c->closed);
  }
}

static gboolean
got_n_replies (gpointer data)
{
  PlzTestWs *c = data;
  guint n = 0;

  for (GList *l = c->frames.head; l != NULL; l = l->next)
    {
      const char *type = json_object_get_string_member_with_default (l->data, "type", "");

      n += g_str_equal (type, "ack") || g_str_equal (type, "error");
    }
  return n >= 60;
}

/* A flood gets a clear error for what is over the limit; what is under it
 * is delivered. */
static void
test_flood (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestWs) c = client_new (f);
  guint acks = 0, limited = 0;

  plz_test_ws_hello (c, f->buyer, 0, NULL);
  for (guint i = 0; i < 60; i++)
    plz_test_ws_send (c, "{\"type\":\"send\",\"client_id\":\"f-%u\",\"conversation_id\":\"%s\",\"body\":\"spam %u\"}",
                 i, f->conversation, i);
  g_assert_true (plz_test_ws_spin_until (got_n_replies, c, 5000));
  for (GList *l = c->frames.head; l != NULL; l = l->next)
    {
      const char *type = json_object_get_string_member_with_default (l->data, "type", "");

      if (g_str_equal (type, "ack"))
        acks++;
      else if (g_str_equal (type, "error") &&
               g_str_equal (json_object_get_string_member (l->data, "code"), "too_many_attempts"))
        limited++;
    }
  g_assert_cmpuint (acks, >=, 20);
  g_assert_cmpuint (limited, >, 0);
  g_assert_cmpuint (acks + limited, ==, 60);
}

/* A suspended user's stream is closed. */
static void
test_suspended (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestWs) c = client_new (f);
  g_autofree char *admin_id = NULL;
  g_autofree char *admin = plz_test_sign_up (f->ts, "admin@example.com", FALSE, &admin_id);
  PlzStore *store = plz_server_get_store (plz_test_server_get_server (f->ts));
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (store, admin_id, NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/users/%s/status", f->buyer_id);
  g_autoptr(PlzTestResponse) r = NULL;

  user->is_admin = TRUE;
  g_assert_true (plz_accounts_store_update_user (store, user, NULL));
  plz_test_ws_hello (c, f->buyer, 0, NULL);
  r = plz_test_request_auth (f->ts, "POST", path, "{\"status\":\"suspended\",\"reason\":\"Spam\"}", admin);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_true (plz_test_ws_spin_until (plz_test_ws_is_closed, c, 3000));
  g_assert_cmpuint (soup_websocket_connection_get_close_code (c->ws), ==, 4003);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/stream/send-and-receive", test_send_and_receive);
  ADD ("/stream/resume", test_resume);
  ADD ("/stream/delivered", test_delivered);
  ADD ("/stream/replay-matches-live", test_replay_matches_live);
  ADD ("/stream/bad-frames", test_bad_frames);
  ADD ("/stream/flood", test_flood);
  ADD ("/stream/suspended", test_suspended);
  return g_test_run ();
}
