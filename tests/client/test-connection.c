/* test-connection.c — PlzConnection against an in-process stand-in server */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "plz-client-error.h"
#include "plz-client-test.h"
#include "plz-connection.h"

typedef enum
{
  MODE_HEALTHY,
  MODE_FAILING,     /* 503 with a Plaza error body */
  MODE_NOT_PLAZA,   /* 200 with something that is not a health answer */
} ServerMode;

/* The stand-in server answers in its own threads with plain sockets: libsoup
 * 3.2's SoupServer leaks every connection a client closes (fixed in 3.3). */
typedef struct
{
  GSocketService *service;
  char           *url;
  int             mode;       /* ServerMode, atomic */
  int             requests;   /* atomic */
  PlzConnection  *connection;
} Fixture;

/* The status line, content type and body the stand-in answers with. */
static void
answer_for (ServerMode   mode,
            const char **status,
            const char **type,
            const char **body)
{
  switch (mode)
    {
    case MODE_HEALTHY:
      *status = "200 OK";
      *type = "application/json";
      *body = "{\"status\":\"ok\",\"version\":\"9.8.7\",\"schema_version\":1,\"uptime_seconds\":3}";
      break;

    case MODE_FAILING:
      *status = "503 Service Unavailable";
      *type = "application/json";
      *body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"The database is being restored\"}}";
      break;

    case MODE_NOT_PLAZA:
    default:
      *status = "200 OK";
      *type = "text/html";
      *body = "<html>It works!</html>";
      break;
    }
}

/* Runs in a worker thread: reads one request's head, answers, closes. */
static gboolean
incoming_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source,
             gpointer                user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  const char *status, *type, *body;
  g_autofree char *answer = NULL;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL)
        return TRUE;  /* the client went away */
      if (*line == '\0' || g_str_equal (line, "\r"))
        break;
    }

  g_atomic_int_inc (&fixture->requests);
  answer_for (g_atomic_int_get (&fixture->mode), &status, &type, &body);
  answer = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                            "Connection: close\r\n\r\n%s",
                            status, type, strlen (body), body);
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  fixture->service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (fixture->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->service, "run", G_CALLBACK (incoming_cb), fixture);
  g_socket_service_start (fixture->service);

  fixture->url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  fixture->connection = plz_connection_new (fixture->url);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->connection);
  g_socket_service_stop (fixture->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fixture->service));
  g_clear_object (&fixture->service);
  g_clear_pointer (&fixture->url, g_free);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} CheckResult;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CheckResult *check = user_data;

  check->ok = plz_connection_check_finish (PLZ_CONNECTION (source), result, &check->error);
  check->done = TRUE;
}

static gboolean
check_once (PlzConnection  *connection,
            GError        **error)
{
  CheckResult check = { FALSE, FALSE, NULL };

  plz_connection_check_async (connection, NULL, checked_cb, &check);
  g_assert_true (plz_test_wait_for_flag (&check.done, 10000));
  if (check.error != NULL)
    g_propagate_error (error, check.error);

  return check.ok;
}

static void
test_starts_connecting (Fixture       *fixture,
                        gconstpointer  data)
{
  g_assert_cmpint (plz_connection_get_state (fixture->connection), ==, PLZ_CONNECTION_STATE_CONNECTING);
  g_assert_cmpstr (plz_connection_get_server_url (fixture->connection), ==, fixture->url);
  g_assert_null (plz_connection_get_server_version (fixture->connection));
  g_assert_true (SOUP_IS_SESSION (plz_connection_get_session (fixture->connection)));
  g_assert_cmpint (g_atomic_int_get (&fixture->requests), ==, 0);
}

static void
test_online (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (check_once (fixture->connection, &error));
  g_assert_no_error (error);
  g_assert_cmpint (plz_connection_get_state (fixture->connection), ==, PLZ_CONNECTION_STATE_ONLINE);
  g_assert_cmpstr (plz_connection_get_server_version (fixture->connection), ==, "9.8.7");
  g_assert_null (plz_connection_get_last_error (fixture->connection));
}

static void
test_error_body (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_atomic_int_set (&fixture->mode, MODE_FAILING);
  g_assert_false (check_once (fixture->connection, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "The database is being restored"));
  g_assert_cmpint (plz_connection_get_state (fixture->connection), ==, PLZ_CONNECTION_STATE_OFFLINE);
  g_assert_cmpstr (plz_connection_get_last_error (fixture->connection), ==, error->message);
}

static void
test_not_plaza (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_atomic_int_set (&fixture->mode, MODE_NOT_PLAZA);
  g_assert_false (check_once (fixture->connection, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "does not answer like a Plaza server"));
  g_assert_cmpint (plz_connection_get_state (fixture->connection), ==, PLZ_CONNECTION_STATE_OFFLINE);
}

static void
test_nothing_listens (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  g_autoptr(GError) error = NULL;

  plz_connection_set_server_url (fixture->connection, url);
  g_assert_false (check_once (fixture->connection, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, url));
  g_assert_cmpint (plz_connection_get_state (fixture->connection), ==, PLZ_CONNECTION_STATE_OFFLINE);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_url_change_resets (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *other = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  guint notified = 0;

  g_assert_true (check_once (fixture->connection, NULL));
  g_signal_connect (fixture->connection, "notify::state", G_CALLBACK (count_cb), &notified);

  plz_connection_set_server_url (fixture->connection, other);
  g_assert_cmpint (plz_connection_get_state (fixture->connection), ==, PLZ_CONNECTION_STATE_CONNECTING);
  g_assert_null (plz_connection_get_server_version (fixture->connection));
  g_assert_cmpuint (notified, ==, 1);

  /* The same address again changes nothing. */
  plz_connection_set_server_url (fixture->connection, other);
  g_assert_cmpuint (notified, ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->connection, &notified);
}

static void
test_stale_answer_ignored (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *other = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  CheckResult check = { FALSE, FALSE, NULL };

  /* The answer arrives after the address changed: it says nothing about the new one. */
  plz_connection_check_async (fixture->connection, NULL, checked_cb, &check);
  plz_connection_set_server_url (fixture->connection, other);
  g_assert_true (plz_test_wait_for_flag (&check.done, 10000));

  g_assert_true (check.ok);
  g_assert_cmpint (plz_connection_get_state (fixture->connection), ==, PLZ_CONNECTION_STATE_CONNECTING);
  g_assert_null (plz_connection_get_server_version (fixture->connection));
}

static gboolean
is_online (gpointer data)
{
  return plz_connection_get_state (data) == PLZ_CONNECTION_STATE_ONLINE;
}

static gboolean
is_offline (gpointer data)
{
  return plz_connection_get_state (data) == PLZ_CONNECTION_STATE_OFFLINE;
}

static void
test_periodic (Fixture       *fixture,
               gconstpointer  data)
{
  plz_connection_start (fixture->connection);
  g_assert_true (plz_test_wait_until (is_online, fixture->connection, 5000));

  /* The server breaks; a reconnect notices at once instead of in 5 s. */
  g_atomic_int_set (&fixture->mode, MODE_FAILING);
  plz_connection_reconnect (fixture->connection);
  g_assert_true (plz_test_wait_until (is_offline, fixture->connection, 5000));

  /* Offline, the first retry comes within the first backoff step (≤ 1 s). */
  g_atomic_int_set (&fixture->mode, MODE_HEALTHY);
  g_assert_true (plz_test_wait_until (is_online, fixture->connection, 3000));

  plz_connection_stop (fixture->connection);
}

static void
test_dispose_while_checking (Fixture       *fixture,
                             gconstpointer  data)
{
  PlzConnection *connection = plz_connection_new (fixture->url);
  int before = g_atomic_int_get (&fixture->requests);

  /* Dropping the connection with a periodic check in flight must not crash or
   * leave a timer behind. */
  plz_connection_start (connection);
  g_assert_finalize_object (connection);
  plz_test_spin (1500);
  g_assert_cmpint (g_atomic_int_get (&fixture->requests), <=, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/connection/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("starts-connecting", test_starts_connecting);
  ADD ("online", test_online);
  ADD ("error-body", test_error_body);
  ADD ("not-plaza", test_not_plaza);
  ADD ("nothing-listens", test_nothing_listens);
  ADD ("url-change-resets", test_url_change_resets);
  ADD ("stale-answer-ignored", test_stale_answer_ignored);
  ADD ("periodic", test_periodic);
  ADD ("dispose-while-checking", test_dispose_while_checking);

#undef ADD

  return g_test_run ();
}
