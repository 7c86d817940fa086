/* test-cli.c — the real plaza-server binary: commands, config order, backup
 * while serving, graceful shutdown */
#include "plz-test-server.h"
#include "plz-json.h"
#include "store/plz-migrations.h"

#include <signal.h>
#include <string.h>

typedef struct
{
  char *dir;
  char *bin;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("plaza-cli-XXXXXX", NULL);
  f->bin = g_strdup (g_getenv ("PLAZA_SERVER_BIN"));
  g_assert_nonnull (f->bin);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->bin);
}

/* Runs plaza-server with @args (NULL-terminated) and @env additions; returns
 * the exit status and fills @out / @err. */
static int
run (Fixture     *f,
     const char **env_add,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, f->bin);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; env_add != NULL && env_add[i] != NULL; i += 2)
    env = g_environ_setenv (env, env_add[i], env_add[i + 1], TRUE);

  /* Output not asked for is dropped: it would corrupt the TAP stream. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env,
                               (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0) |
                               (err == NULL ? G_SPAWN_STDERR_TO_DEV_NULL : 0), NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static void
test_help (Fixture *f, gconstpointer data)
{
  const char *commands[] = { "serve", "migrate", "seed-demo", "backup", "version", "moderation" };
  g_autofree char *out = NULL;

  g_assert_cmpint (run (f, NULL, &out, NULL, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (out, commands[i]));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *cmd_out = NULL;

      g_assert_cmpint (run (f, NULL, &cmd_out, NULL, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (cmd_out, commands[i]));
    }
  {
    g_autofree char *serve_out = NULL;

    run (f, NULL, &serve_out, NULL, "serve", "--help", NULL);
    g_assert_nonnull (strstr (serve_out, "--listen"));
    g_assert_nonnull (strstr (serve_out, "--port"));
    g_assert_nonnull (strstr (serve_out, "--data-dir"));
    g_assert_nonnull (strstr (serve_out, "--config"));
  }
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *err1 = NULL, *err2 = NULL, *err3 = NULL, *err4 = NULL;

  g_assert_cmpint (run (f, NULL, NULL, &err1, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err1, "unknown command"));
  g_assert_cmpint (run (f, NULL, NULL, &err2, "serve", "--port", "99999", "--data-dir", f->dir, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "port"));
  g_assert_cmpint (run (f, NULL, NULL, &err3, "backup", "--data-dir", f->dir, NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, &err4, "backup", "x.db", "--data-dir", f->dir, NULL), ==, 1);
  g_assert_nonnull (strstr (err4, "no database"));
}

static void
test_version (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run (f, NULL, &out, NULL, "version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "plaza-server "));
}

static void
test_migrate_and_seed (Fixture *f, gconstpointer data)
{
  g_autofree char *out1 = NULL, *out2 = NULL, *out3 = NULL;
  g_autofree char *db = g_build_filename (f->dir, "plaza.db", NULL);
  g_autoptr(PlzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seeded = NULL;

  g_assert_cmpint (run (f, NULL, &out1, NULL, "migrate", "--data-dir", f->dir, NULL), ==, 0);
  g_assert_nonnull (strstr (out1, "applied"));
  g_assert_cmpint (run (f, NULL, &out2, NULL, "migrate", "--data-dir", f->dir, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "0 migrations applied"));
  g_assert_cmpint (run (f, NULL, &out3, NULL, "seed-demo", "--data-dir", f->dir, NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, NULL, "seed-demo", "--data-dir", f->dir, NULL), ==, 0);

  store = plz_store_open (db, &error);
  g_assert_no_error (error);
  seeded = plz_store_get_meta (store, "demo_seeded_at", &error);
  g_assert_nonnull (seeded);

  /* The demo operators' listings are published with their photos, once. */
  g_assert_cmpint (plz_store_query_int (store, "SELECT count(*) FROM listings WHERE status = ?1", "active", &error),
                   ==, 15);
  g_assert_cmpint (plz_store_query_int (store, "SELECT count(DISTINCT listing_id) FROM listing_photos", NULL, &error),
                   ==, 15);
  g_clear_object (&store);

  /* Generated listings for load tests; nonsense counts are refused. */
  g_assert_cmpint (run (f, NULL, NULL, NULL, "seed-demo", "--data-dir", f->dir, "--listings", "300", NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, NULL, "seed-demo", "--data-dir", f->dir, "--listings", "-5", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, "seed-demo", "--data-dir", f->dir, "--listings", "lots", NULL), ==, 2);
  store = plz_store_open (db, &error);
  g_assert_cmpint (plz_store_query_int (store, "SELECT count(*) FROM listings", NULL, &error), ==, 315);
  g_assert_no_error (error);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, addr, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

typedef struct
{
  GSubprocess *proc;
  guint        port;
} Served;

static gboolean
health_ok (guint port)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/health", port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  return body != NULL && soup_message_get_status (msg) == 200;
}

/* Starts `plaza-server serve` with @extra args and env; waits for health on @port. */
static GSubprocess *
serve (Fixture     *f,
       guint        port,
       const char **env_add,
       const char **extra)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  for (guint i = 0; env_add != NULL && env_add[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env_add[i], env_add[i + 1], TRUE);
  g_ptr_array_add (argv, f->bin);
  g_ptr_array_add (argv, (char *) "serve");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200 && !health_ok (port); i++)
    g_usleep (25000);
  g_assert_true (health_ok (port));
  return proc;
}

static void
stop (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

/* Flags beat PLAZA_* variables, which beat the key file. */
static void
test_config_order (Fixture *f, gconstpointer data)
{
  guint file_port = free_port (), env_port = free_port (), flag_port = free_port ();
  g_autofree char *file_port_s = g_strdup_printf ("%u", file_port);
  g_autofree char *env_port_s = g_strdup_printf ("%u", env_port);
  g_autofree char *flag_port_s = g_strdup_printf ("%u", flag_port);
  g_autofree char *ini = g_build_filename (f->dir, "plaza.ini", NULL);
  g_autofree char *contents = g_strdup_printf ("[server]\nport=%u\ndata-dir=%s\n", file_port, f->dir);
  const char *env[] = { "PLAZA_PORT", env_port_s, NULL };
  GSubprocess *p;

  g_assert_true (g_file_set_contents (ini, contents, -1, NULL));

  p = serve (f, file_port, NULL, (const char *[]) { "--config", ini, NULL });
  stop (p);
  g_object_unref (p);

  p = serve (f, env_port, env, (const char *[]) { "--config", ini, NULL });
  g_assert_false (health_ok (file_port));
  stop (p);
  g_object_unref (p);

  p = serve (f, flag_port, env, (const char *[]) { "--config", ini, "--port", flag_port_s, NULL });
  g_assert_false (health_ok (env_port));
  stop (p);
  g_object_unref (p);
}

/* SIGTERM while a request's body is still on its way: the server stops
 * accepting, still reads and answers that request (405: health takes no
 * POST), then exits 0 with the database closed. */
static void
test_graceful_shutdown (Fixture *f, gconstpointer data)
{
  guint port = free_port ();
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocess) p = serve (f, port, NULL, (const char *[]) { "--port", port_s, "--data-dir", f->dir, NULL });
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", port);
  const char *head = "POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
  const char *tail = "{}";
  GOutputStream *out;
  char buf[2048] = { 0 };
  gsize got = 0;
  g_autofree char *wal = g_build_filename (f->dir, "plaza.db-wal", NULL);

  conn = g_socket_client_connect_to_host (client, host, 0, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error));
  /* "100 Continue" proves the server has read the headers: the request is in
   * flight before the signal, however slow the machine. */
  {
    char cont[64] = { 0 };
    gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), cont,
                                    sizeof cont - 1, NULL, &error);
    g_assert_cmpint (n, >, 0);
    g_assert_true (g_str_has_prefix (cont, "HTTP/1.1 100"));
  }

  g_subprocess_send_signal (p, SIGTERM);
  g_usleep (200000);
  /* No new connections now. */
  g_assert_false (health_ok (port));

  g_assert_true (g_output_stream_write_all (out, tail, strlen (tail), NULL, NULL, &error));
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (conn)), buf, sizeof buf - 1,
                           &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (buf, "HTTP/1.1 405"));

  g_assert_true (g_subprocess_wait (p, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
  /* A clean close checkpoints and removes the write-ahead log. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_backup_while_serving (Fixture *f, gconstpointer data)
{
  guint port = free_port ();
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  g_autofree char *dest = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(PlzStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seeded = NULL;

  g_assert_cmpint (run (f, NULL, NULL, NULL, "seed-demo", "--data-dir", f->dir, NULL), ==, 0);
  p = serve (f, port, NULL, (const char *[]) { "--port", port_s, "--data-dir", f->dir, NULL });
  g_assert_cmpint (run (f, NULL, &out, NULL, "backup", dest, "--data-dir", f->dir, NULL), ==, 0);
  g_assert_true (health_ok (port));
  stop (p);

  copy = plz_store_open (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plz_migrations_current_version (copy, &error), ==, plz_migrations_latest_version ());
  seeded = plz_store_get_meta (copy, "demo_seeded_at", &error);
  g_assert_nonnull (seeded);
}

static guint
count_fds (GSubprocess *p)
{
  g_autofree char *dir = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (p));
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Clients that come and go leave no sockets behind (libsoup 3.2 kept idle
 * keep-alive connections in CLOSE-WAIT forever). */
static void
test_no_connection_leak (Fixture *f, gconstpointer data)
{
  guint port = free_port ();
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocess) p = serve (f, port, NULL, (const char *[]) { "--port", port_s, "--data-dir", f->dir, NULL });
  guint before, after;

  g_usleep (200000);
  before = count_fds (p);
  for (guint i = 0; i < 40; i++)
    g_assert_true (health_ok (port));  /* a new session, closed, each time */
  g_usleep (300000);
  after = count_fds (p);
  g_assert_cmpuint (after, <=, before + 2);
  stop (p);
}

/* Runs plaza-server with @args (NULL-terminated) and @input on its standard
 * input; returns the exit status and fills @out. */
static int
run_with_input (Fixture     *f,
                const char  *input,
                gsize        input_len,
                char       **out,
                const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GBytes) in = g_bytes_new (input, input_len);
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, f->bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                         G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (p, in, NULL, &stdout_bytes, NULL, &error));
  g_assert_no_error (error);
  *out = g_strndup (g_bytes_get_data (stdout_bytes, NULL), g_bytes_get_size (stdout_bytes));
  return g_subprocess_get_exit_status (p);
}

static JsonObject *
verdict (char **lines,
         guint  i)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = plz_json_parse_object (lines[i], strlen (lines[i]), &error);

  g_assert_no_error (error);
  return o;
}

static void
test_moderation_scan (Fixture *f, gconstpointer data)
{
  /* One line each: a number after a two-byte character (offsets count
   * characters), a clean line, invalid UTF-8, a disguised number, CRLF, and a
   * last line without a newline. */
  const char input[] = "Héllo, call 082 555 1234\n"
                       "See you at 10:30, R1 200 for the lot\n"
                       "mail \xff thandi@gmail.com\r\n"
                       "zero eight two five five five one two three four\n"
                       "\n"
                       "\"quotes\" and \\ and\ttabs, whats your number?";
  g_autofree char *out = NULL, *booked = NULL, *config_out = NULL, *err = NULL;
  g_autofree char *config_path = g_build_filename (f->dir, "plaza.ini", NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) first = NULL, clean = NULL, invalid = NULL, words = NULL, empty = NULL, last = NULL;
  JsonObject *finding;

  g_assert_cmpint (run_with_input (f, input, sizeof input - 1, &out, (const char *[]) { "moderation", "scan", NULL }),
                   ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);  /* six verdicts and the empty rest after the last newline */
  g_assert_cmpstr (lines[6], ==, "");

  first = verdict (lines, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "risk"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (first, "action"), ==, "refuse");
  finding = json_array_get_object_element (json_object_get_array_member (first, "findings"), 0);
  g_assert_cmpstr (json_object_get_string_member (finding, "kind"), ==, "phone");
  g_assert_cmpint (json_object_get_int_member (finding, "start"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (finding, "end"), ==, 24);
  g_assert_cmpstr (json_object_get_string_member (finding, "text"), ==, "082 555 1234");
  g_assert_cmpfloat (json_object_get_double_member (finding, "confidence"), ==, 0.95);
  g_assert_cmpstr (json_object_get_string_member (first, "redacted"), ==, "Héllo, call [contact hidden]");

  clean = verdict (lines, 1);
  g_assert_cmpstr (json_object_get_string_member (clean, "risk"), ==, "none");
  g_assert_cmpstr (json_object_get_string_member (clean, "action"), ==, "allow");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (clean, "findings")), ==, 0);

  invalid = verdict (lines, 2);
  g_assert_cmpstr (json_object_get_string_member (invalid, "redacted"), ==, "mail \xef\xbf\xbd [contact hidden]");
  words = verdict (lines, 3);
  g_assert_cmpstr (json_object_get_string_member (words, "risk"), ==, "high");
  empty = verdict (lines, 4);
  g_assert_cmpstr (json_object_get_string_member (empty, "risk"), ==, "none");
  last = verdict (lines, 5);
  g_assert_cmpstr (json_object_get_string_member (last, "risk"), ==, "medium");
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "redact");
  g_assert_cmpstr (json_object_get_string_member (last, "redacted"), ==, "\"quotes\" and \\ and\ttabs, [contact hidden]?");

  /* The policy of the stage and of the config file decides the action. */
  g_assert_cmpint (run_with_input (f, "082 555 1234\n", 13, &booked,
                                   (const char *[]) { "moderation", "scan", "--stage", "booked", NULL }), ==, 0);
  g_assert_nonnull (strstr (booked, "\"action\":\"allow\""));
  g_assert_true (g_file_set_contents (config_path, "[moderation]\npre-booking-high=redact\n", -1, NULL));
  g_assert_cmpint (run_with_input (f, "082 555 1234\n", 13, &config_out,
                                   (const char *[]) { "moderation", "scan", "--config", config_path, NULL }), ==, 0);
  g_assert_nonnull (strstr (config_out, "\"action\":\"redact\""));

  g_assert_cmpint (run (f, NULL, NULL, &err, "moderation", "scan", "--stage", "later", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--stage"));
  g_assert_cmpint (run (f, NULL, NULL, NULL, "moderation", "rescan", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, "moderation", NULL), ==, 2);
}

static void
test_port_busy (Fixture *f, gconstpointer data)
{
  guint port = free_port ();
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  g_autoptr(GSubprocess) p = serve (f, port, NULL, (const char *[]) { "--port", port_s, "--data-dir", f->dir, NULL });
  g_autofree char *err = NULL;

  g_assert_cmpint (run (f, NULL, NULL, &err, "serve", "--port", port_s, "--data-dir", f->dir, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Cannot listen"));
  stop (p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli/help", test_help);
  ADD ("/cli/errors", test_errors);
  ADD ("/cli/version", test_version);
  ADD ("/cli/migrate-and-seed", test_migrate_and_seed);
  ADD ("/cli/config-order", test_config_order);
  ADD ("/cli/graceful-shutdown", test_graceful_shutdown);
  ADD ("/cli/backup-while-serving", test_backup_while_serving);
  ADD ("/cli/port-busy", test_port_busy);
  ADD ("/cli/no-connection-leak", test_no_connection_leak);
  ADD ("/cli/moderation-scan", test_moderation_scan);
#undef ADD

  return g_test_run ();
}
