/* test-accept.c — the listening socket: a descriptor budget that holds new
 * connections back instead of failing, and accepting again after EMFILE */
#include "plz-test-server.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <arpa/inet.h>

static guint
server_port (PlzTestServer *ts)
{
  g_autoptr(GUri) uri = g_uri_parse (plz_test_server_get_url (ts), G_URI_FLAGS_NONE, NULL);

  return g_uri_get_port (uri);
}

/* A TCP connection that sends nothing; -1 when out of descriptors. */
static int
idle_connect (guint port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  inet_pton (AF_INET, "127.0.0.1", &addr.sin_addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  return fd;
}

static gboolean
readable_within (int  fd,
                 int  ms)
{
  struct pollfd p = { fd, POLLIN, 0 };

  return poll (&p, 1, ms) == 1;
}

static void
wait_for_connections (PlzServer *server,
                      guint      n)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (plz_server_get_n_connections (server) != n && g_get_monotonic_time () < end)
    g_usleep (5000);
  g_assert_cmpuint (plz_server_get_n_connections (server), ==, n);
}

/* At the budget, new connections wait in the kernel's queue and are served
 * as soon as others close. */
static void
test_budget (void)
{
  g_autoptr(PlzTestServer) ts = plz_test_server_new ();
  PlzServer *server = plz_test_server_get_server (ts);
  guint port = server_port (ts);
  const char *request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  int idle[10];
  int waiting;
  char answer[64] = "";

  plz_server_set_max_connections (server, G_N_ELEMENTS (idle));
  for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
    idle[i] = idle_connect (port);
  wait_for_connections (server, G_N_ELEMENTS (idle));

  g_test_expect_message ("plaza-server", G_LOG_LEVEL_WARNING,
                         "Not accepting connections for now: the connection limit is reached");
  waiting = idle_connect (port);
  g_assert_cmpint (write (waiting, request, strlen (request)), ==, (gssize) strlen (request));
  g_assert_false (readable_within (waiting, 400));
  g_assert_cmpuint (plz_server_get_n_connections (server), ==, G_N_ELEMENTS (idle));

  for (guint i = 0; i < 3; i++)
    close (idle[i]);
  g_assert_true (readable_within (waiting, 3000));
  g_assert_cmpint (read (waiting, answer, sizeof answer - 1), >, 0);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));
  g_test_assert_expected_messages ();

  close (waiting);
  for (guint i = 3; i < G_N_ELEMENTS (idle); i++)
    close (idle[i]);
  wait_for_connections (server, 0);
}

static gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* Out of descriptors, the server waits instead of spinning on accept, warns
 * once, and serves again once descriptors are free. Runs in a subprocess:
 * it lowers the process's descriptor limit for good. */
static void
test_emfile (void)
{
  if (g_test_subprocess ())
    {
      struct rlimit limit = { 128, 128 };
      g_autoptr(PlzTestServer) ts = NULL;
      g_autoptr(PlzTestResponse) health = NULL;
      PlzServer *server;
      int fds[200];
      guint n = 0;
      gint64 cpu;

      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
      ts = plz_test_server_new ();
      server = plz_test_server_get_server (ts);
      /* No budget: let accept() itself run out. */
      plz_server_set_max_connections (server, G_MAXUINT);

      while (n < G_N_ELEMENTS (fds) && (fds[n] = idle_connect (server_port (ts))) >= 0)
        n++;
      g_assert_cmpint (errno, ==, EMFILE);
      /* Make sure the server, not only this side, meets EMFILE: free a
       * descriptor and take it again with a connection it must accept. The
       * server may win the freed descriptor for a queued connection (it
       * retries accepting): then free another. */
      for (guint tries = 0; ; tries++)
        {
          int fd;

          g_assert_cmpuint (tries, <, 20);
          close (fds[--n]);
          if ((fd = idle_connect (server_port (ts))) >= 0)
            {
              fds[n++] = fd;
              break;
            }
          g_usleep (20000);
        }
      g_usleep (200000);
      cpu = cpu_time_us ();
      g_usleep (500000);
      g_assert_cmpint (cpu_time_us () - cpu, <, 100000);

      while (n > 0)
        close (fds[--n]);
      health = plz_test_request (ts, "GET", "/api/v1/health", NULL, NULL);
      g_assert_cmpuint (health->status, ==, 200);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Not accepting connections for now: *open files*");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/accept/budget", test_budget);
  g_test_add_func ("/accept/emfile", test_emfile);
  return g_test_run ();
}
