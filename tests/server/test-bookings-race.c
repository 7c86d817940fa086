/* test-bookings-race.c — many people racing for the last seats: exactly capacity win */
#include "plz-test-bookings.h"
#include "plz-error.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"
#include "bookings/plz-bookings.h"

#include <string.h>

#define CAPACITY 3
#define RACERS   24

typedef struct
{
  PlzTestServer *ts;
  char          *op;
  char          *service;
  char          *start;
  char          *tokens[RACERS];
  char          *ids[RACERS];
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
  f->op = plz_test_sign_up (f->ts, "op@example.com", TRUE, NULL);
  plz_test_open_hours (f->ts, f->op, CAPACITY, "");
  f->service = plz_test_make_service (f->ts, f->op, NULL, "");
  f->start = plz_test_local_time (3, 10);
  for (guint i = 0; i < RACERS; i++)
    {
      g_autofree char *email = g_strdup_printf ("racer%u@example.com", i);

      f->tokens[i] = plz_test_sign_up (f->ts, email, FALSE, &f->ids[i]);
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->ts, plz_test_server_free);
  g_free (f->op);
  g_free (f->service);
  g_free (f->start);
  for (guint i = 0; i < RACERS; i++)
    {
      g_free (f->tokens[i]);
      g_free (f->ids[i]);
    }
}

/* Seats held at the contested time, read over HTTP by the operator. */
static guint
seats_taken (Fixture *f)
{
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", "/api/v1/me/bookings?role=operator&limit=100",
                                                        NULL, f->op);

  g_assert_cmpuint (r->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (r->json), "bookings"));
}

/* Over HTTP: every request sent at once, on one client main loop. */
typedef struct
{
  guint    pending;
  guint    created;
  guint    refused;
  GString *other;
} Tally;

static void
answered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Tally *t = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  if (soup_message_get_status (msg) == 201)
    t->created++;
  else if (soup_message_get_status (msg) == 409 &&
           strstr (g_bytes_get_data (body, NULL), "\"slot_unavailable\"") != NULL)
    t->refused++;
  else
    g_string_append_printf (t->other, "%u %.*s\n", soup_message_get_status (msg), (int) g_bytes_get_size (body),
                            (const char *) g_bytes_get_data (body, NULL));
  t->pending--;
}

static void
test_race_http (Fixture *f, gconstpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  Tally t = { RACERS, 0, 0, g_string_new (NULL) };

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("max-conns", RACERS * 2, "max-conns-per-host", RACERS * 2, NULL);
  for (guint i = 0; i < RACERS; i++)
    {
      g_autofree char *uri = g_strconcat (plz_test_server_get_url (f->ts), "/api/v1/bookings", NULL);
      g_autofree char *body = g_strdup_printf ("{\"client_id\":\"race-%u\",\"service_id\":\"%s\",\"start\":\"%s\"}",
                                               i, f->service, f->start);
      g_autofree char *auth = g_strconcat ("Bearer ", f->tokens[i], NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, answered_cb, &t);
    }
  while (t.pending > 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_cmpstr (t.other->str, ==, "");
  g_assert_cmpuint (t.created, ==, CAPACITY);
  g_assert_cmpuint (t.refused, ==, RACERS - CAPACITY);
  g_assert_cmpuint (seats_taken (f), ==, CAPACITY);
  g_string_free (t.other, TRUE);
}

/* In threads: each racer has its own connection to the database and its own
 * domain objects, so the only thing between them is SQLite's locking. */
typedef struct
{
  Fixture      *f;
  guint         index;
  GMutex       *lock;
  GCond        *cond;
  gboolean     *go;
  PlzErrorCode  code;     /* PLZ_ERROR_INTERNAL for a success */
  gboolean      won;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *r = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = NULL;
  g_autoptr(PlzEvents) events = NULL;
  g_autoptr(PlzCatalogue) catalogue = NULL;
  g_autoptr(PlzMessaging) messaging = NULL;
  g_autoptr(PlzJobs) jobs = NULL;
  g_autoptr(PlzBookings) bookings = NULL;
  g_autoptr(PlzUser) user = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_autofree char *path = g_build_filename (plz_test_server_get_data_dir (r->f->ts), "plaza.db", NULL);
  g_autofree char *client_id = g_strdup_printf ("thread-%u", r->index);
  gboolean created = FALSE;

  g_main_context_push_thread_default (context);
  g_free (config->data_dir);
  config->data_dir = g_strdup (plz_test_server_get_data_dir (r->f->ts));
  store = plz_store_open (path, &error);
  g_assert_no_error (error);
  events = plz_events_new (store);
  catalogue = plz_catalogue_new (store, config, &error);
  g_assert_no_error (error);
  messaging = plz_messaging_new (store, events, catalogue);
  jobs = plz_jobs_new (store);
  bookings = plz_bookings_new (store, events, messaging, catalogue, jobs);
  user = plz_accounts_store_get_user (store, r->f->ids[r->index], &error);
  g_assert_no_error (error);
  json_object_set_string_member (body, "client_id", client_id);
  json_object_set_string_member (body, "service_id", r->f->service);
  json_object_set_string_member (body, "start", r->f->start);

  g_mutex_lock (r->lock);
  while (!*r->go)
    g_cond_wait (r->cond, r->lock);
  g_mutex_unlock (r->lock);

  answer = plz_bookings_create (bookings, user, body, &created, &error);
  r->won = answer != NULL && created;
  r->code = error != NULL ? (PlzErrorCode) error->code : PLZ_ERROR_INTERNAL;
  if (error != NULL && error->code != PLZ_ERROR_SLOT_UNAVAILABLE)
    g_printerr ("racer %u: %s\n", r->index, error->message);
  g_clear_pointer (&bookings, plz_bookings_free);
  plz_store_close (store);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_race_threads (Fixture *f, gconstpointer data)
{
  GThread *threads[RACERS];
  Racer racers[RACERS];
  GMutex lock;
  GCond cond;
  gboolean go = FALSE;
  guint won = 0, refused = 0;

  g_mutex_init (&lock);
  g_cond_init (&cond);
  for (guint i = 0; i < RACERS; i++)
    {
      racers[i] = (Racer) { f, i, &lock, &cond, &go, PLZ_ERROR_INTERNAL, FALSE };
      threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
    }
  /* Let every racer get ready before the start. */
  g_usleep (300000);
  g_mutex_lock (&lock);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);
  for (guint i = 0; i < RACERS; i++)
    {
      g_thread_join (threads[i]);
      if (racers[i].won)
        won++;
      else if (racers[i].code == PLZ_ERROR_SLOT_UNAVAILABLE)
        refused++;
    }
  g_mutex_clear (&lock);
  g_cond_clear (&cond);

  g_assert_cmpuint (won, ==, CAPACITY);
  g_assert_cmpuint (refused, ==, RACERS - CAPACITY);
  g_assert_cmpuint (seats_taken (f), ==, CAPACITY);
}

/* Retries of the same request, all at once: one booking, the rest answer with it. */
typedef struct
{
  guint      pending;
  guint      created;
  guint      repeated;
  GPtrArray *ids;
} Retries;

static void
retry_answered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Retries *t = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *booking;

  g_assert_nonnull (body);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
  booking = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "booking");
  g_assert_nonnull (booking);
  g_ptr_array_add (t->ids, g_strdup (json_object_get_string_member (booking, "id")));
  if (soup_message_get_status (msg) == 201)
    t->created++;
  else if (soup_message_get_status (msg) == 200)
    t->repeated++;
  t->pending--;
}

static void
test_retries_at_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  Retries t = { 8, 0, 0, g_ptr_array_new_with_free_func (g_free) };

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("max-conns", 16, "max-conns-per-host", 16, NULL);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *uri = g_strconcat (plz_test_server_get_url (f->ts), "/api/v1/bookings", NULL);
      g_autofree char *body = g_strdup_printf ("{\"client_id\":\"same\",\"service_id\":\"%s\",\"start\":\"%s\"}",
                                               f->service, f->start);
      g_autofree char *auth = g_strconcat ("Bearer ", f->tokens[0], NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, retry_answered_cb, &t);
    }
  while (t.pending > 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_cmpuint (t.created, ==, 1);
  g_assert_cmpuint (t.repeated, ==, 7);
  for (guint i = 1; i < t.ids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (t.ids, i), ==, g_ptr_array_index (t.ids, 0));
  g_assert_cmpuint (seats_taken (f), ==, 1);
  g_ptr_array_unref (t.ids);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bookings-race/http", Fixture, NULL, fixture_setup, test_race_http, fixture_teardown);
  g_test_add ("/bookings-race/threads", Fixture, NULL, fixture_setup, test_race_threads, fixture_teardown);
  g_test_add ("/bookings-race/retries", Fixture, NULL, fixture_setup, test_retries_at_once, fixture_teardown);
  return g_test_run ();
}
