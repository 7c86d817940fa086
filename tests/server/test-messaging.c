/* test-messaging.c — conversations, messages, receipts, the event log and its long poll */
#include "plz-test-server.h"
#include "plz-server.h"
#include "plz-time.h"
#include "messaging/plz-long-poll.h"

#include <string.h>

typedef struct
{
  PlzTestServer *ts;
  char          *op, *op_id;        /* operator */
  char          *buyer, *buyer_id;  /* consumer */
  char          *other;             /* someone else entirely */
  char          *listing;
} Fixture;

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static const char *
error_field (PlzTestResponse *r)
{
  JsonObject *err = json_object_get_object_member (root (r), "error");

  return json_object_get_string_member_with_default (err, "field", NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
  f->op = plz_test_sign_up (f->ts, "op@example.com", TRUE, &f->op_id);
  f->buyer = plz_test_sign_up (f->ts, "buyer@example.com", FALSE, &f->buyer_id);
  f->other = plz_test_sign_up (f->ts, "other@example.com", FALSE, NULL);
  f->listing = plz_test_make_listing (f->ts, f->op, "Sparkle car wash", TRUE);
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
  g_free (f->listing);
}

/* Asks about the fixture's listing; returns the conversation id. */
static char *
inquire (Fixture *f, const char *body, const char *client_id, guint expected_status, char **message_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/inquiries", f->listing);
  g_autofree char *json = client_id != NULL
    ? g_strdup_printf ("{\"body\":\"%s\",\"client_id\":\"%s\"}", body, client_id)
    : g_strdup_printf ("{\"body\":\"%s\"}", body);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", path, json, f->buyer);
  JsonObject *o;

  if (r->status != expected_status)
    g_error ("inquire: %u %s", r->status, r->body);
  o = root (r);
  if (message_id != NULL)
    *message_id = g_strdup (json_object_get_string_member (json_object_get_object_member (o, "message"), "id"));
  return g_strdup (json_object_get_string_member (json_object_get_object_member (o, "conversation"), "id"));
}

static PlzTestResponse *
send_message (Fixture *f, const char *token, const char *conversation, const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/messages", conversation);

  return plz_test_request_auth (f->ts, "POST", path, json, token);
}

static JsonArray *
events_of (Fixture *f, const char *token, gint64 since)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT, since);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", path, NULL, token);

  g_assert_cmpuint (r->status, ==, 200);
  return json_array_ref (json_object_get_array_member (root (r), "events"));
}

static gint64
listing_counter (Fixture *f, const char *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s", f->listing);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", path, NULL, f->op);
  JsonObject *l = json_object_get_object_member (root (r), "listing");

  if (g_str_equal (name, "response_time_s"))
    return json_object_get_null_member (l, name) ? -1 : json_object_get_int_member (l, name);
  return json_object_get_int_member (json_object_get_object_member (l, "counters"), name);
}

static void
test_conversation (Fixture *f, gconstpointer data)
{
  g_autofree char *m1 = NULL, *m1_again = NULL;
  g_autofree char *c1 = inquire (f, "Is Saturday free?", "c-1", 201, &m1);
  g_autofree char *c1_again = inquire (f, "Is Saturday free?", "c-1", 200, &m1_again);
  g_autofree char *c2 = inquire (f, "Also, do you do interiors?", NULL, 201, NULL);
  g_autoptr(PlzTestResponse) reply = send_message (f, f->op, c1, "{\"body\":\"Yes, from 9.\",\"client_id\":\"o-1\"}");
  g_autoptr(PlzTestResponse) list = plz_test_request_auth (f->ts, "GET", "/api/v1/conversations", NULL, f->buyer);
  JsonObject *conv;

  /* One conversation per listing and consumer; a retry is the first send. */
  g_assert_cmpstr (c1, ==, c1_again);
  g_assert_cmpstr (c1, ==, c2);
  g_assert_cmpstr (m1, ==, m1_again);
  g_assert_cmpint (listing_counter (f, "inquiries"), ==, 1);

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (reply), "message"), "kind"),
                   ==, "response");
  /* The operator's first answer gives the listing a response time. */
  g_assert_cmpint (listing_counter (f, "response_time_s"), >=, 0);

  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (list), "conversations")), ==, 1);
  conv = json_array_get_object_element (json_object_get_array_member (root (list), "conversations"), 0);
  g_assert_cmpstr (json_object_get_string_member (conv, "stage"), ==, "pre_booking");
  g_assert_cmpstr (json_object_get_string_member (conv, "role"), ==, "consumer");
  g_assert_cmpint (json_object_get_int_member (conv, "unread"), ==, 1);
  /* The context card: what the conversation is about, and with whom. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (conv, "listing"), "title"),
                   ==, "Sparkle car wash");
  g_assert_true (json_object_has_member (json_object_get_object_member (conv, "listing"), "price"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (conv, "operator"), "id"),
                   ==, f->op_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (conv, "last_message"), "body"),
                   ==, "Yes, from 9.");
}

static void
test_history (Fixture *f, gconstpointer data)
{
  g_autofree char *c = inquire (f, "Message 0", NULL, 201, NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  gboolean more = TRUE;

  for (guint i = 1; i < 12; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"body\":\"Message %u\"}", i);
      g_autoptr(PlzTestResponse) r = send_message (f, i % 2 ? f->op : f->buyer, c, json);

      g_assert_cmpuint (r->status, ==, 201);
    }

  /* Newest first, five at a time, "load older" until there is no more. */
  while (more)
    {
      g_autofree char *path = before != NULL
        ? g_strdup_printf ("/api/v1/conversations/%s/messages?limit=5&before=%s", c, before)
        : g_strdup_printf ("/api/v1/conversations/%s/messages?limit=5", c);
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", path, NULL, f->buyer);
      JsonArray *page = json_object_get_array_member (root (r), "messages");

      g_assert_cmpuint (r->status, ==, 200);
      for (guint i = 0; i < json_array_get_length (page); i++)
        g_ptr_array_add (seen, g_strdup (json_object_get_string_member (json_array_get_object_element (page, i),
                                                                         "body")));
      more = json_object_get_boolean_member (root (r), "more");
      g_free (before);
      before = g_strdup (json_object_get_string_member (
                 json_array_get_object_element (page, json_array_get_length (page) - 1), "id"));
    }
  g_assert_cmpuint (seen->len, ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *expected = g_strdup_printf ("Message %u", 11 - i);
      g_assert_cmpstr (seen->pdata[i], ==, expected);
    }
}

/* The event log: each participant hears of every message once, in order, with
 * sequence numbers that count up without gaps; receipts reach the sender. */
static void
test_events_and_receipts (Fixture *f, gconstpointer data)
{
  g_autofree char *c = inquire (f, "Hello", NULL, 201, NULL);
  g_autoptr(PlzTestResponse) r1 = send_message (f, f->op, c, "{\"body\":\"Hi there\"}");
  g_autoptr(JsonArray) buyer_events = events_of (f, f->buyer, 0);
  g_autoptr(JsonArray) op_events = events_of (f, f->op, 0);
  g_autoptr(JsonArray) later = NULL;
  g_autoptr(JsonArray) other_events = events_of (f, f->other, 0);
  g_autofree char *read_path = g_strdup_printf ("/api/v1/conversations/%s/read", c);
  g_autoptr(PlzTestResponse) read = NULL;
  gint64 last;

  g_assert_cmpuint (json_array_get_length (buyer_events), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *e = json_array_get_object_element (buyer_events, i);

      g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "message.created");
    }
  g_assert_cmpuint (json_array_get_length (op_events), >=, 2);
  g_assert_cmpuint (json_array_get_length (other_events), ==, 0);

  /* The conversation's first message and the operator's first answer (their
   * response time) change its card: their events carry it whole. */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *d = json_object_get_object_member (json_array_get_object_element (buyer_events, i), "data");

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (d, "conversation"), "id"), ==, c);
    }

  /* The buyer's poll delivered the reply; the operator heard of it. */
  {
    JsonObject *e = json_array_get_object_element (op_events, json_array_get_length (op_events) - 1);

    g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "message.receipt");
    g_assert_true (json_object_has_member (json_object_get_object_member (e, "data"), "delivered_at"));
  }
  last = json_object_get_int_member (json_array_get_object_element (op_events, json_array_get_length (op_events) - 1),
                                     "seq");
  later = events_of (f, f->op, last);
  g_assert_cmpuint (json_array_get_length (later), ==, 0);

  read = plz_test_request_auth (f->ts, "POST", read_path, NULL, f->buyer);
  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (root (read), "marked"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root (read), "conversation"),
                                               "unread"), ==, 0);
  {
    g_autoptr(JsonArray) receipts = events_of (f, f->op, last);
    JsonObject *d;

    g_assert_cmpuint (json_array_get_length (receipts), ==, 1);
    d = json_object_get_object_member (json_array_get_object_element (receipts, 0), "data");
    g_assert_true (json_object_has_member (d, "read_at"));
    g_assert_cmpstr (json_object_get_string_member (d, "by"), ==, f->buyer_id);
  }
  {
    g_autoptr(JsonArray) seen = events_of (f, f->buyer, 0);
    gint64 buyer_seen = json_object_get_int_member (
      json_array_get_object_element (seen, json_array_get_length (seen) - 1), "seq");
    g_autoptr(PlzTestResponse) r2 = send_message (f, f->op, c, "{\"body\":\"Still there?\"}");
    g_autoptr(JsonArray) more = events_of (f, f->buyer, buyer_seen);
    JsonObject *d;

    /* A later message carries only itself and the reader's unread count. */
    g_assert_cmpuint (r2->status, ==, 201);
    g_assert_cmpuint (json_array_get_length (more), ==, 1);
    d = json_object_get_object_member (json_array_get_object_element (more, 0), "data");
    g_assert_false (json_object_has_member (d, "conversation"));
    g_assert_cmpint (json_object_get_int_member (d, "unread"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (d, "message"), "body"), ==,
                     "Still there?");
  }
}

typedef struct
{
  char    *url;
  char    *token;
  gint64   since;
  guint    status;
  char    *body;
  gint64   elapsed_us;
} Poll;

static gpointer
poll_thread (gpointer data)
{
  Poll *p = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/events?since=%" G_GINT64_FORMAT "&timeout=10", p->url, p->since);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", p->token);
  gint64 start = g_get_monotonic_time ();

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 20, NULL);
  msg = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  p->status = soup_message_get_status (msg);
  p->body = reply != NULL ? g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply)) : NULL;
  p->elapsed_us = g_get_monotonic_time () - start;
  g_clear_object (&msg);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* A long poll waits while there is nothing new and answers as soon as an
 * event arrives; an empty wait ends at its timeout with nothing. */
static void
test_long_poll (Fixture *f, gconstpointer data)
{
  g_autofree char *c = inquire (f, "Hello", NULL, 201, NULL);
  g_autoptr(JsonArray) now = events_of (f, f->buyer, 0);
  gint64 last = json_object_get_int_member (json_array_get_object_element (now, json_array_get_length (now) - 1),
                                            "seq");
  Poll p = { (char *) plz_test_server_get_url (f->ts), f->buyer, last, 0, NULL, 0 };
  PlzLongPoll *lp = plz_server_get_long_poll (plz_test_server_get_server (f->ts));
  GThread *thread = g_thread_new ("poll", poll_thread, &p);
  g_autoptr(PlzTestResponse) empty = NULL;
  g_autoptr(PlzTestResponse) sent = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* The server's loop runs in its own thread; wait for the poll to park. */
  while (plz_long_poll_get_waiting (lp) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (plz_long_poll_get_waiting (lp), ==, 1);
  sent = send_message (f, f->op, c, "{\"body\":\"Saturday at 9 works\"}");
  g_assert_cmpuint (sent->status, ==, 201);
  g_thread_join (thread);

  g_assert_cmpuint (p.status, ==, 200);
  g_assert_nonnull (strstr (p.body, "Saturday at 9 works"));
  g_assert_cmpint (p.elapsed_us, <, 8 * G_USEC_PER_SEC);
  g_free (p.body);

  empty = plz_test_request_auth (f->ts, "GET", "/api/v1/events?since=1000&timeout=1", NULL, f->other);
  g_assert_cmpuint (empty->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (empty), "events")), ==, 0);
  g_assert_cmpuint (plz_long_poll_get_waiting (lp), ==, 0);
}

/* Only participants can read, send, mark read or learn that a conversation
 * exists: everyone else gets the answer for one that does not. */
static void
test_authorization (Fixture *f, gconstpointer data)
{
  g_autofree char *c = inquire (f, "Hello", NULL, 201, NULL);
  g_autofree char *conv = g_strdup_printf ("/api/v1/conversations/%s", c);
  g_autofree char *msgs = g_strdup_printf ("/api/v1/conversations/%s/messages", c);
  g_autofree char *read = g_strdup_printf ("/api/v1/conversations/%s/read", c);
  g_autofree char *own = g_strdup_printf ("/api/v1/listings/%s/inquiries", f->listing);
  g_autofree char *draft = plz_test_make_listing (f->ts, f->op, "Draft wash", FALSE);
  g_autofree char *draft_path = g_strdup_printf ("/api/v1/listings/%s/inquiries", draft);
  const struct { const char *method, *path, *body; } calls[] = {
    { "GET", conv, NULL }, { "GET", msgs, NULL }, { "POST", msgs, "{\"body\":\"let me in\"}" },
    { "POST", read, NULL }, { "GET", "/api/v1/conversations/nope", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, calls[i].method, calls[i].path, calls[i].body,
                                                            f->other);
      g_autoptr(PlzTestResponse) anon = plz_test_request (f->ts, calls[i].method, calls[i].path, calls[i].body, NULL);

      g_assert_cmpuint (r->status, ==, 404);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, "not_found");
      g_assert_cmpuint (anon->status, ==, 401);
    }
  {
    g_autoptr(PlzTestResponse) mine = plz_test_request_auth (f->ts, "POST", own, "{\"body\":\"me?\"}", f->op);
    g_autoptr(PlzTestResponse) hidden = plz_test_request_auth (f->ts, "POST", draft_path, "{\"body\":\"hi\"}",
                                                               f->buyer);
    g_autoptr(PlzTestResponse) list = plz_test_request_auth (f->ts, "GET", "/api/v1/conversations", NULL,
                                                             f->other);

    g_assert_cmpuint (mine->status, ==, 403);
    g_assert_cmpuint (hidden->status, ==, 404);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (list), "conversations")), ==, 0);
  }
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *c = inquire (f, "Hello", NULL, 201, NULL);
  g_autofree char *long_body = NULL;
  g_autofree char *too_long = NULL;
  const struct { const char *json; guint status; const char *field; } bad[] = {
    { "{\"body\":", 400, NULL },
    { "[]", 400, NULL },
    { "{}", 400, "body" },
    { "{\"body\":42}", 400, "body" },
    { "{\"body\":\"   \"}", 400, "body" },
    { "{\"body\":\"hi\",\"client_id\":\"bad id!\"}", 400, "client_id" },
    { "{\"body\":\"hi\",\"client_id\":\"\"}", 400, "client_id" },
    { "{\"body\":\"hi\",\"sender_id\":\"someone\"}", 400, "sender_id" },
    { "{\"body\":\"bell \\u0007 ring\"}", 400, "body" },
  };
  GString *big = g_string_new ("{\"body\":\"");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PlzTestResponse) r = send_message (f, f->buyer, c, bad[i].json);

      g_test_message ("case %u: %s", i, r->body);
      g_assert_cmpuint (r->status, ==, bad[i].status);
      if (bad[i].field != NULL)
        g_assert_cmpstr (error_field (r), ==, bad[i].field);
    }

  for (guint i = 0; i < 4001; i++)
    g_string_append_c (big, 'a');
  g_string_append (big, "\"}");
  too_long = g_string_free (big, FALSE);
  {
    g_autoptr(PlzTestResponse) r = send_message (f, f->buyer, c, too_long);
    g_autoptr(PlzTestResponse) key = NULL;
    g_autoptr(PlzTestResponse) again = NULL;
    g_autoptr(PlzTestResponse) reused = NULL;
    g_autoptr(PlzTestResponse) since = plz_test_request_auth (f->ts, "GET", "/api/v1/events?since=-1", NULL,
                                                              f->buyer);
    g_autoptr(PlzTestResponse) timeout = plz_test_request_auth (f->ts, "GET", "/api/v1/events?timeout=99", NULL,
                                                                f->buyer);
    g_autofree char *hist = g_strdup_printf ("/api/v1/conversations/%s/messages?before=nope", c);
    g_autoptr(PlzTestResponse) before = plz_test_request_auth (f->ts, "GET", hist, NULL, f->buyer);
    g_autofree char *inq = g_strdup_printf ("/api/v1/listings/%s/inquiries", f->listing);

    g_assert_cmpuint (r->status, ==, 400);
    g_assert_cmpstr (error_field (r), ==, "body");
    g_assert_cmpuint (since->status, ==, 400);
    g_assert_cmpstr (error_field (since), ==, "since");
    g_assert_cmpuint (timeout->status, ==, 400);
    g_assert_cmpuint (before->status, ==, 400);
    g_assert_cmpstr (error_field (before), ==, "before");

    /* A client id belongs to one message: reused in another conversation it
     * is refused, not silently answered with the first. */
    key = send_message (f, f->buyer, c, "{\"body\":\"Once\",\"client_id\":\"k-1\"}");
    again = send_message (f, f->buyer, c, "{\"body\":\"Once\",\"client_id\":\"k-1\"}");
    g_assert_cmpuint (key->status, ==, 201);
    g_assert_cmpuint (again->status, ==, 200);
    {
      g_autofree char *other_listing = plz_test_make_listing (f->ts, f->op, "Second wash", TRUE);
      g_autofree char *p2 = g_strdup_printf ("/api/v1/listings/%s/inquiries", other_listing);
      g_autoptr(PlzTestResponse) i2 = plz_test_request_auth (f->ts, "POST", p2, "{\"body\":\"x\"}", f->buyer);
      const char *c2 = json_object_get_string_member (json_object_get_object_member (root (i2), "conversation"),
                                                      "id");

      reused = send_message (f, f->buyer, c2, "{\"body\":\"Once\",\"client_id\":\"k-1\"}");
      g_assert_cmpuint (reused->status, ==, 400);
      g_assert_cmpstr (error_field (reused), ==, "client_id");
    }
    (void) inq;
  }
  (void) long_body;
}

/* Before a booking, contact details are refused (high risk) or hidden
 * (medium), whether the message comes over HTTP or a client skips the app's
 * own check; ordinary messages pass untouched. */
static void
test_contact_policy (Fixture *f, gconstpointer data)
{
  g_autofree char *c = inquire (f, "Is Saturday at 10:30 fine for R350?", NULL, 201, NULL);
  g_autoptr(PlzTestResponse) phone = send_message (f, f->buyer, c, "{\"body\":\"call me on 082 555 1234\"}");
  g_autoptr(PlzTestResponse) ask = send_message (f, f->op, c, "{\"body\":\"whats your number?\"}");
  g_autofree char *inq = g_strdup_printf ("/api/v1/listings/%s/inquiries", f->listing);
  g_autoptr(PlzTestResponse) inquiry = plz_test_request_auth (f->ts, "POST", inq,
                                                              "{\"body\":\"my insta is @shiny_cars\"}", f->buyer);
  g_autofree char *hist = g_strdup_printf ("/api/v1/conversations/%s/messages", c);
  g_autoptr(PlzTestResponse) history = NULL;
  JsonArray *messages;

  g_assert_cmpuint (phone->status, ==, 422);
  g_assert_cmpstr (plz_test_response_error_code (phone), ==, "contact_details_not_allowed");
  g_assert_cmpstr (error_field (phone), ==, "body");
  g_assert_cmpuint (inquiry->status, ==, 422);

  g_assert_cmpuint (ask->status, ==, 201);
  g_assert_true (json_object_has_member (root (ask), "notice"));
  g_assert_null (strstr (json_object_get_string_member (json_object_get_object_member (root (ask), "message"),
                                                        "body"), "number"));

  /* Nothing refused was stored; the first message kept its price and time. */
  history = plz_test_request_auth (f->ts, "GET", hist, NULL, f->buyer);
  messages = json_object_get_array_member (root (history), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "body"),
                   ==, "Is Saturday at 10:30 fine for R350?");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/messaging/conversation", test_conversation);
  ADD ("/messaging/history", test_history);
  ADD ("/messaging/events-and-receipts", test_events_and_receipts);
  ADD ("/messaging/long-poll", test_long_poll);
  ADD ("/messaging/authorization", test_authorization);
  ADD ("/messaging/bad-input", test_bad_input);
  ADD ("/messaging/contact-policy", test_contact_policy);
  return g_test_run ();
}
