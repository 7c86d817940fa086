/* test-server-launcher.c — PlzServerLauncher with the real plaza-server and with
 * small stand-in programs that fail in known ways */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "plz-client-error.h"
#include "plz-client-test.h"
#include "plz-connection.h"
#include "plz-server-launcher.h"

typedef struct
{
  char              *tmpdir;
  char              *data_dir;
  char              *url;
  PlzServerLauncher *launcher;
} Fixture;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} StartResult;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("plaza-launcher-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->tmpdir, "data", NULL);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  fixture->launcher = plz_server_launcher_new ();
  plz_server_launcher_set_data_dir (fixture->launcher, fixture->data_dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  plz_server_launcher_stop (fixture->launcher);
  g_assert_finalize_object (fixture->launcher);
  plz_test_remove_tree (fixture->tmpdir);

  g_clear_pointer (&fixture->tmpdir, g_free);
  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->url, g_free);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StartResult *start = user_data;

  start->ok = plz_server_launcher_start_finish (PLZ_SERVER_LAUNCHER (source), result, &start->error);
  start->done = TRUE;
}

static gboolean
start (PlzServerLauncher  *launcher,
       const char         *url,
       GCancellable       *cancellable,
       GError            **error)
{
  StartResult result = { FALSE, FALSE, NULL };

  plz_server_launcher_start_async (launcher, url, cancellable, started_cb, &result);
  g_assert_true (plz_test_wait_for_flag (&result.done, 30000));
  if (result.error != NULL)
    g_propagate_error (error, result.error);

  return result.ok;
}

static void
connection_checked_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  gboolean *done = user_data;

  plz_connection_check_finish (PLZ_CONNECTION (source), result, NULL);
  *done = TRUE;
}

/* The connection's view of @url: online or offline. */
static PlzConnectionState
probe (const char *url)
{
  g_autoptr(PlzConnection) connection = plz_connection_new (url);
  gboolean done = FALSE;

  plz_connection_check_async (connection, NULL, connection_checked_cb, &done);
  g_assert_true (plz_test_wait_for_flag (&done, 10000));
  return plz_connection_get_state (connection);
}

static const char *
real_server (void)
{
  const char *path = g_getenv ("PLAZA_SERVER_BIN");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("PLAZA_SERVER_BIN does not name a built plaza-server");
      return NULL;
    }

  return path;
}

/* A stand-in server: a shell script with @body. */
static char *
write_script (Fixture    *fixture,
              const char *body)
{
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\n%s\n", body);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->tmpdir, "fake-server", NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

static gboolean
process_exists (const char *pid)
{
  return kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), 0) == 0 || errno != ESRCH;
}

static void
test_start_and_stop (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = NULL;

  if (real_server () == NULL)
    return;

  g_assert_cmpint (probe (fixture->url), ==, PLZ_CONNECTION_STATE_OFFLINE);

  g_assert_true (start (fixture->launcher, fixture->url, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (plz_server_launcher_owns_server (fixture->launcher));
  g_assert_cmpint (plz_server_launcher_get_state (fixture->launcher), ==, PLZ_SERVER_LAUNCHER_STATE_RUNNING);
  g_assert_null (plz_server_launcher_get_error_message (fixture->launcher));
  g_assert_true (g_file_test (fixture->data_dir, G_FILE_TEST_IS_DIR));

  g_assert_cmpint (probe (fixture->url), ==, PLZ_CONNECTION_STATE_ONLINE);

  pid = g_strdup (plz_server_launcher_get_identifier (fixture->launcher));
  g_assert_nonnull (pid);
  g_assert_true (process_exists (pid));

  plz_server_launcher_stop (fixture->launcher);
  g_assert_false (plz_server_launcher_owns_server (fixture->launcher));
  g_assert_null (plz_server_launcher_get_identifier (fixture->launcher));
  g_assert_cmpint (plz_server_launcher_get_state (fixture->launcher), ==, PLZ_SERVER_LAUNCHER_STATE_IDLE);
  g_assert_false (process_exists (pid));
  g_assert_cmpint (probe (fixture->url), ==, PLZ_CONNECTION_STATE_OFFLINE);
}

static void
test_already_running (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PlzServerLauncher) other = plz_server_launcher_new ();
  g_autoptr(GError) error = NULL;

  if (real_server () == NULL)
    return;

  g_assert_true (start (fixture->launcher, fixture->url, NULL, &error));
  g_assert_no_error (error);

  /* A second launcher finds the server answering and starts nothing. */
  plz_server_launcher_set_program (other, "/nonexistent/plaza-server");
  g_assert_true (start (other, fixture->url, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (plz_server_launcher_owns_server (other));
  g_assert_cmpint (plz_server_launcher_get_state (other), ==, PLZ_SERVER_LAUNCHER_STATE_RUNNING);

  /* Stopping it leaves the first one's server alone. */
  plz_server_launcher_stop (other);
  g_assert_cmpint (probe (fixture->url), ==, PLZ_CONNECTION_STATE_ONLINE);
}

static gboolean
launcher_failed (gpointer data)
{
  return plz_server_launcher_get_state (data) == PLZ_SERVER_LAUNCHER_STATE_FAILED;
}

static void
test_unexpected_exit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *message;
  pid_t pid;

  if (real_server () == NULL)
    return;

  g_assert_true (start (fixture->launcher, fixture->url, NULL, &error));
  g_assert_no_error (error);

  pid = (pid_t) g_ascii_strtoll (plz_server_launcher_get_identifier (fixture->launcher), NULL, 10);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

  g_assert_true (plz_test_wait_until (launcher_failed, fixture->launcher, 5000));
  message = plz_server_launcher_get_error_message (fixture->launcher);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "stopped unexpectedly"));
  g_assert_nonnull (strstr (message, "signal 9"));
  g_assert_false (plz_server_launcher_owns_server (fixture->launcher));
}

static void
test_missing_program (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  plz_server_launcher_set_program (fixture->launcher, "/nonexistent/plaza-server");
  g_assert_false (start (fixture->launcher, fixture->url, NULL, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "/nonexistent/plaza-server"));
  g_assert_cmpint (plz_server_launcher_get_state (fixture->launcher), ==, PLZ_SERVER_LAUNCHER_STATE_FAILED);
  g_assert_cmpstr (plz_server_launcher_get_error_message (fixture->launcher), ==, error->message);
  g_assert_false (plz_server_launcher_owns_server (fixture->launcher));
}

static void
test_missing_env_program (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *saved = g_strdup (g_getenv ("PLAZA_SERVER_BIN"));
  g_autoptr(GError) error = NULL;

  /* A wrong PLAZA_SERVER_BIN is reported, never replaced by another program. */
  g_setenv ("PLAZA_SERVER_BIN", "/nonexistent/bin/plaza-server", TRUE);
  g_assert_false (start (fixture->launcher, fixture->url, NULL, &error));
  if (saved != NULL)
    g_setenv ("PLAZA_SERVER_BIN", saved, TRUE);
  else
    g_unsetenv ("PLAZA_SERVER_BIN");

  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "PLAZA_SERVER_BIN"));
  g_assert_nonnull (strstr (error->message, "/nonexistent/bin/plaza-server"));
}

static void
test_exits_while_starting (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *script = write_script (fixture,
    "echo '2026-01-01T00:00:00.000000Z info plaza-store: Applied migration 0001' >&2\n"
    "echo 'plaza-server serve: Cannot open the database: disk full' >&2\n"
    "exit 3");
  g_autoptr(GError) error = NULL;

  plz_server_launcher_set_program (fixture->launcher, script);
  g_assert_false (start (fixture->launcher, fixture->url, NULL, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_EXITED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "exit status 3"));
  g_assert_nonnull (strstr (error->message, "Cannot open the database: disk full"));
  g_assert_cmpint (plz_server_launcher_get_state (fixture->launcher), ==, PLZ_SERVER_LAUNCHER_STATE_FAILED);
  g_assert_false (plz_server_launcher_owns_server (fixture->launcher));
}

static void
test_passes_arguments (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *script = write_script (fixture, "echo \"args: $*\" >&2\nexit 1");
  const char *port = strrchr (fixture->url, ':') + 1;
  g_autofree char *expected = g_strdup_printf ("args: serve --listen 127.0.0.1 --port %s --data-dir %s",
                                               port, fixture->data_dir);
  g_autoptr(GError) error = NULL;

  plz_server_launcher_set_program (fixture->launcher, script);
  g_assert_false (start (fixture->launcher, fixture->url, NULL, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_EXITED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
}

static void
test_times_out (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *script = write_script (fixture, "exec sleep 30");
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  plz_server_launcher_set_program (fixture->launcher, script);
  plz_server_launcher_set_startup_timeout (fixture->launcher, 700);
  g_assert_false (start (fixture->launcher, fixture->url, NULL, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_TIMED_OUT);
  g_test_message ("%s", error->message);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_false (plz_server_launcher_owns_server (fixture->launcher));
  g_assert_null (plz_server_launcher_get_identifier (fixture->launcher));
}

static void
test_port_busy (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *script = write_script (fixture, "exit 0");
  g_autoptr(GError) error = NULL;
  guint16 port = plz_test_free_port ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);

  /* Something listens there but never answers. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, NULL, &error);
  g_assert_no_error (error);

  plz_server_launcher_set_program (fixture->launcher, script);
  g_assert_false (start (fixture->launcher, url, NULL, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_PORT_BUSY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "another program"));
  g_socket_listener_close (listener);
}

static void
test_not_local (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (start (fixture->launcher, "https://plaza.example.org", NULL, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_NOT_LOCAL);
  g_assert_nonnull (strstr (error->message, "plaza.example.org"));
  g_clear_error (&error);

  g_assert_false (start (fixture->launcher, "plaza.example.org:8470", NULL, &error));
  g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *script = write_script (fixture, "exec sleep 30");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  plz_server_launcher_set_program (fixture->launcher, script);
  g_timeout_add (600, cancel_cb, cancellable);
  g_assert_false (start (fixture->launcher, fixture->url, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (plz_server_launcher_get_state (fixture->launcher), ==, PLZ_SERVER_LAUNCHER_STATE_IDLE);
  g_assert_false (plz_server_launcher_owns_server (fixture->launcher));
}

static void
test_default_data_dir (void)
{
  g_autoptr(PlzServerLauncher) launcher = plz_server_launcher_new ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "plaza", "server", NULL);

  g_assert_cmpstr (plz_server_launcher_get_data_dir (launcher), ==, expected);
  plz_server_launcher_set_data_dir (launcher, "/somewhere/else");
  g_assert_cmpstr (plz_server_launcher_get_data_dir (launcher), ==, "/somewhere/else");
  plz_server_launcher_set_data_dir (launcher, NULL);
  g_assert_cmpstr (plz_server_launcher_get_data_dir (launcher), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server-launcher/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("start-and-stop", test_start_and_stop);
  ADD ("already-running", test_already_running);
  ADD ("unexpected-exit", test_unexpected_exit);
  ADD ("missing-program", test_missing_program);
  ADD ("missing-env-program", test_missing_env_program);
  ADD ("exits-while-starting", test_exits_while_starting);
  ADD ("passes-arguments", test_passes_arguments);
  ADD ("times-out", test_times_out);
  ADD ("port-busy", test_port_busy);
  ADD ("not-local", test_not_local);
  ADD ("cancel", test_cancel);
  g_test_add_func ("/server-launcher/default-data-dir", test_default_data_dir);

#undef ADD

  return g_test_run ();
}
