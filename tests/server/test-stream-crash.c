/* test-stream-crash.c — the real plaza-server killed (SIGKILL) while messages
 * flow over the stream, then started again on the same data: every acked
 * message is there once, resends of the unacked create each at most once,
 * and the other side's reconnect with since gets what it missed, in order */
#include "plz-test-seed.h"
#include "plz-test-server.h"
#include "plz-test-ws.h"
#include "plz-json.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define IN_FLIGHT 16
#define LAST_BURST 400
#define MIN_ACKED  40

typedef struct
{
  char        *dir;
  PlzTestPair *pair;
  guint16      port;
  GPid         pid;
} Fixture;

/* The server ----------------------------------------------------------------- */

static guint16
free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

static gboolean
port_answers (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;

  close (fd);
  return ok;
}

/* Starts plaza-server serve on the fixture's data and port, durable in
 * full, with the per-user send limit out of the way of a fast sender. */
static void
server_start (Fixture *f)
{
  g_autofree char *port = g_strdup_printf ("%u", f->port);
  const char *argv[] = { g_getenv ("PLAZA_SERVER_BIN"), "serve", "--data-dir", f->dir, "--port", port, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (argv[0]);
  env = g_environ_setenv (env, "PLAZA_DURABILITY", "full", TRUE);
  env = g_environ_setenv (env, "PLAZA_SEND_BURST", "100000", TRUE);
  env = g_environ_setenv (env, "PLAZA_SEND_RATE", "100000", TRUE);
  g_assert_true (g_spawn_async (NULL, (char **) argv, env,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &f->pid, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 500 && !port_answers (f->port); i++)
    g_usleep (10000);
  g_assert_true (port_answers (f->port));
}

/* Stops it with @sig and reaps it; returns the signal it died of, or 0. */
static int
server_stop (Fixture *f,
             int      sig)
{
  int status = 0;

  kill (f->pid, sig);
  g_assert_cmpint (waitpid (f->pid, &status, 0), ==, f->pid);
  g_spawn_close_pid (f->pid);
  f->pid = 0;
  return WIFSIGNALED (status) ? WTERMSIG (status) : 0;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = NULL;

  f->dir = g_dir_make_tmp ("plaza-crash-XXXXXX", NULL);
  pairs = plz_test_seed_pairs (f->dir, 1, &error);
  g_assert_no_error (error);
  f->pair = g_steal_pointer (&pairs->pdata[0]);
  f->port = free_port ();
  server_start (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->pid != 0)
    server_stop (f, SIGKILL);
  plz_test_pair_free (f->pair);
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* The stream's address on the server under test. */
static PlzTestWs *
client_new (Fixture *f)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/stream", f->port);

  return plz_test_ws_new (url);
}

/* Every message of the conversation, oldest first, over HTTP. */
static GPtrArray *
history (Fixture *f)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *before = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/conversations/%s/messages?limit=100%s%s",
                                              f->port, f->pair->conversation_id, before != NULL ? "&before=" : "",
                                              before != NULL ? before : "");
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autofree char *auth = g_strdup_printf ("Bearer %s", f->pair->consumer_token);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) page = NULL;
      JsonArray *messages;
      gsize len;
      const char *data;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      data = g_bytes_get_data (body, &len);
      page = plz_json_parse_object (data, len, &error);
      g_assert_no_error (error);
      messages = json_object_get_array_member (page, "messages");
      /* Pages are newest first: put each message at the front. */
      for (guint i = 0; i < json_array_get_length (messages); i++)
        g_ptr_array_insert (all, 0, json_object_ref (json_array_get_object_element (messages, i)));
      more = json_object_get_boolean_member (page, "more");
      if (json_array_get_length (messages) > 0)
        {
          g_free (before);
          before = g_strdup (json_object_get_string_member (
            json_array_get_object_element (messages, json_array_get_length (messages) - 1), "id"));
        }
    }
  return all;
}

/* client id → how many messages of the history carry it */
static GHashTable *
count_client_ids (GPtrArray *messages)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      const char *id = json_object_get_string_member_with_default (messages->pdata[i], "client_id", NULL);

      if (id != NULL)
        g_hash_table_insert (counts, g_strdup (id),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)) + 1));
    }
  return counts;
}

/* The ids of the messages announced by message.created @events, checking
 * that their sequence numbers follow @after one by one. */
static GPtrArray *
created_ids (GPtrArray *events,
             gint64     after)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = events->pdata[i];

      g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "event");
      g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, after + 1 + i);
      g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "message.created");
      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
        json_object_get_object_member (json_object_get_object_member (e, "data"), "message"), "id")));
    }
  return ids;
}

/* The test ----------------------------------------------------------------------- */

typedef struct
{
  GHashTable *acked;     /* client id → message id */
  GPtrArray  *sent;      /* client ids, in the order sent */
  guint       next;
} Flow;

/* Takes the acks that came in; fails on any error frame. */
static void
take_acks (PlzTestWs *c,
           Flow   *flow)
{
  JsonObject *o;

  while ((o = g_queue_pop_head (&c->frames)) != NULL)
    {
      const char *type = json_object_get_string_member (o, "type");

      if (g_str_equal (type, "error"))
        g_error ("error frame: %s", json_object_get_string_member (o, "message"));
      if (g_str_equal (type, "ack"))
        g_hash_table_insert (flow->acked, g_strdup (json_object_get_string_member (o, "client_id")),
                             g_strdup (json_object_get_string_member (json_object_get_object_member (o, "message"),
                                                                      "id")));
      json_object_unref (o);
    }
}

static void
send_next (PlzTestWs  *c,
           Fixture *f,
           Flow    *flow)
{
  g_autofree char *client_id = g_strdup_printf ("crash-%u", flow->next++);

  plz_test_ws_send (c, "{\"type\":\"send\",\"client_id\":\"%s\",\"conversation_id\":\"%s\",\"body\":\"Message %s\"}",
               client_id, f->pair->conversation_id, client_id);
  g_ptr_array_add (flow->sent, g_steal_pointer (&client_id));
}

static gboolean
acked_enough (gpointer data)
{
  gpointer *args = data;

  take_acks (args[0], args[1]);
  return g_hash_table_size (((Flow *) args[1])->acked) >= GPOINTER_TO_UINT (args[2]);
}

static void
test_sigkill_mid_flow (Fixture *f, gconstpointer data)
{
  Flow flow = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) missed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) after_resend = NULL;
  g_autoptr(GPtrArray) seen_ids = NULL;
  g_autoptr(GPtrArray) missed_ids = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GHashTable) counts2 = NULL;
  g_autoptr(GHashTable) announced = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) unacked = g_ptr_array_new ();
  gint64 op_seen, op_ready;
  guint n_acked_at_kill;

  {
    g_autoptr(PlzTestWs) consumer = client_new (f);
    g_autoptr(PlzTestWs) op = client_new (f);
    gint64 deadline, limit;

    plz_test_ws_hello (consumer, f->pair->consumer_token, 0, before);
    op_seen = plz_test_ws_hello (op, f->pair->operator_token, 0, before);
    g_ptr_array_set_size (before, 0);

    /* As fast as acks come, IN_FLIGHT at a time, for a good second and
     * until a fair number are acked (a loaded machine under ASan may ack
     * only a dozen in the first second), within a generous limit. */
    deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
    limit = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while ((g_get_monotonic_time () < deadline || g_hash_table_size (flow.acked) < MIN_ACKED) &&
           g_get_monotonic_time () < limit)
      {
        while (flow.next - g_hash_table_size (flow.acked) < IN_FLIGHT)
          send_next (consumer, f, &flow);
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (200);
        take_acks (consumer, &flow);
      }
    /* A last burst big enough that the server cannot have committed all of it
     * by the time the signal lands, even on a loaded machine that preempts us
     * between the writes and the kill (16 was not: CI once saw every one acked). */
    for (guint i = 0; i < LAST_BURST; i++)
      send_next (consumer, f, &flow);
    g_assert_cmpint (server_stop (f, SIGKILL), ==, SIGKILL);
    plz_test_ws_spin_until (plz_test_ws_is_closed, consumer, 2000);
    take_acks (consumer, &flow);
    n_acked_at_kill = g_hash_table_size (flow.acked);
    g_assert_cmpuint (n_acked_at_kill, >=, MIN_ACKED);
    g_assert_cmpuint (n_acked_at_kill, <, flow.sent->len);

    /* What the operator got live before the crash: the log in order. */
    plz_test_ws_spin_until (plz_test_ws_is_closed, op, 2000);
    while (!g_queue_is_empty (&op->frames))
      {
        JsonObject *o = g_queue_pop_head (&op->frames);

        if (g_str_equal (json_object_get_string_member (o, "type"), "event"))
          g_ptr_array_add (live, o);
        else
          json_object_unref (o);
      }
  }
  seen_ids = created_ids (live, op_seen);
  op_seen += live->len;

  server_start (f);

  /* Every acked message is there, once; nothing is there twice. */
  messages = history (f);
  counts = count_client_ids (messages);
  {
    GHashTableIter iter;
    gpointer client_id, message_id;

    g_hash_table_iter_init (&iter, flow.acked);
    while (g_hash_table_iter_next (&iter, &client_id, &message_id))
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, client_id)), ==, 1);
    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &client_id, &message_id))
      g_assert_cmpuint (GPOINTER_TO_UINT (message_id), ==, 1);
  }

  /* Resending what was not acked, with the same client ids (twice, as a
   * client retrying after a flaky reconnect might): each exists once. */
  for (guint i = 0; i < flow.sent->len; i++)
    if (!g_hash_table_contains (flow.acked, flow.sent->pdata[i]))
      g_ptr_array_add (unacked, flow.sent->pdata[i]);
  g_assert_cmpuint (unacked->len, >, 0);
  g_test_message ("%u sent, %u acked before the kill, %u in history after it, %u resent",
                  flow.sent->len, n_acked_at_kill, messages->len - 1, unacked->len);
  {
    g_autoptr(PlzTestWs) consumer = client_new (f);
    g_autoptr(GPtrArray) replay = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    gpointer args[3] = { consumer, &flow, GUINT_TO_POINTER (flow.sent->len) };
    g_autoptr(GHashTable) first_acks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

    plz_test_ws_hello (consumer, f->pair->consumer_token, 0, replay);
    for (guint round = 0; round < 2; round++)
      {
        for (guint i = 0; i < unacked->len; i++)
          plz_test_ws_send (consumer, "{\"type\":\"send\",\"client_id\":\"%s\",\"conversation_id\":\"%s\","
                       "\"body\":\"Message %s\"}", (char *) unacked->pdata[i], f->pair->conversation_id,
                       (char *) unacked->pdata[i]);
        g_assert_true (plz_test_ws_spin_until (acked_enough, args, 5000));
        /* The second round is answered with the first round's messages. */
        for (guint i = 0; i < unacked->len; i++)
          {
            const char *id = g_hash_table_lookup (flow.acked, unacked->pdata[i]);

            if (round == 0)
              g_hash_table_insert (first_acks, g_strdup (unacked->pdata[i]), g_strdup (id));
            else
              g_assert_cmpstr (id, ==, g_hash_table_lookup (first_acks, unacked->pdata[i]));
            g_hash_table_remove (flow.acked, unacked->pdata[i]);
          }
        args[2] = GUINT_TO_POINTER (g_hash_table_size (flow.acked) + unacked->len);
      }
  }
  after_resend = history (f);
  counts2 = count_client_ids (after_resend);
  for (guint i = 0; i < flow.sent->len; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts2, flow.sent->pdata[i])), ==, 1);
  /* The seeded inquiry and every message sent, nothing else. */
  g_assert_cmpuint (after_resend->len, ==, flow.sent->len + 1);

  /* The operator comes back with the last seq it saw and gets the rest of
   * the conversation, in order, each message once. */
  {
    g_autoptr(PlzTestWs) op = client_new (f);

    op_ready = plz_test_ws_hello (op, f->pair->operator_token, op_seen, missed);
  }
  missed_ids = created_ids (missed, op_seen);
  g_test_message ("the operator saw %u live, %u replayed after the restart", seen_ids->len, missed_ids->len);
  g_assert_cmpint (op_ready, ==, op_seen + missed->len);
  for (guint i = 0; i < seen_ids->len; i++)
    g_assert_true (g_hash_table_add (announced, seen_ids->pdata[i]));
  for (guint i = 0; i < missed_ids->len; i++)
    g_assert_true (g_hash_table_add (announced, missed_ids->pdata[i]));
  /* Everything after the seeded inquiry (announced before op_seen began)... */
  g_assert_cmpuint (g_hash_table_size (announced), ==, after_resend->len - 1);
  /* ...in the order of the history. */
  for (guint i = 0; i < seen_ids->len + missed_ids->len; i++)
    {
      const char *id = i < seen_ids->len ? seen_ids->pdata[i] : missed_ids->pdata[i - seen_ids->len];

      g_assert_cmpstr (id, ==, json_object_get_string_member (after_resend->pdata[i + 1], "id"));
    }

  g_hash_table_unref (flow.acked);
  g_ptr_array_unref (flow.sent);
}

/* libsoup says something about every frame: thousands of TAP lines. */
static void
drop_log (const char     *domain,
          GLogLevelFlags  level,
          const char     *message,
          gpointer        data)
{
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("libsoup", G_LOG_LEVEL_DEBUG, drop_log, NULL);
  signal (SIGPIPE, SIG_IGN);
  g_test_add ("/stream-crash/sigkill-mid-flow", Fixture, NULL, fixture_setup, test_sigkill_mid_flow,
              fixture_teardown);
  return g_test_run ();
}
