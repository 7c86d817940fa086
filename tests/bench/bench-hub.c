/* bench-hub.c — the live hub under load. Starts plaza-server's HTTP front
 * with a relay route in a child process pinned to CPU 0, drives it from
 * this process pinned to CPU 1, and prints for each connection count: time
 * to accept, RSS per idle connection, idle CPU, relay latency at a fixed rate
 * and the server's CPU per message, then the most it relays.
 *
 * Usage: bench-hub [--connections 100,1000,10000,19900] [--rate 1000]
 *                  [--seconds 5] [--size 100]
 * The relay protocol: each connection is greeted "id:N"; "to:N:TEXT" sends
 * TEXT to connection N. Messages carry their send time for the latency. */
#define _GNU_SOURCE
#include "plz-bench-ws.h"
#include "plz-test-server.h"
#include "messaging/plz-hub.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* ---- the server, in the child ------------------------------------------- */

static PlzHub    *hub;
static GPtrArray *by_id;

static void
server_opened_cb (PlzHub     *h,
                  PlzHubConn *conn,
                  gpointer    user_data)
{
  char hello[32];
  int n = g_snprintf (hello, sizeof hello, "id:%u", by_id->len);

  plz_hub_conn_set_data (conn, GUINT_TO_POINTER (by_id->len + 1), NULL);
  g_ptr_array_add (by_id, conn);
  plz_hub_conn_send_text (conn, hello, n);
}

static void
server_text_cb (PlzHub     *h,
                PlzHubConn *conn,
                const char *data,
                gsize       len,
                gpointer    user_data)
{
  const char *p = data + 3, *end = data + len;
  guint id = 0;

  if (len < 4 || memcmp (data, "to:", 3) != 0)
    return;
  while (p < end && *p >= '0' && *p <= '9')
    id = id * 10 + (*p++ - '0');
  if (p < end && *p == ':' && id < by_id->len && by_id->pdata[id] != NULL)
    {
      if (!plz_hub_conn_send_text (by_id->pdata[id], p + 1, end - p - 1))
        g_printerr ("The hub refused a message to connection %u\n", id);
    }
}

static void
server_closed_cb (PlzHub     *h,
                  PlzHubConn *conn,
                  gpointer    user_data)
{
  by_id->pdata[GPOINTER_TO_UINT (plz_hub_conn_get_data (conn)) - 1] = NULL;
}

static void
relay_handler (PlzRequest *request)
{
  plz_hub_upgrade (hub, request->msg, NULL);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
pin_to_cpu (int cpu)
{
  cpu_set_t set;

  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  if (sched_setaffinity (0, sizeof set, &set) != 0)
    g_printerr ("Cannot pin to CPU %d: %s\n", cpu, g_strerror (errno));
}

static int
serve (void)
{
  static const PlzRoute routes[] = { { "GET", "/bench/ws", PLZ_ACCESS_ANYONE, relay_handler } };
  static const PlzHubCallbacks callbacks = { server_opened_cb, server_text_cb, server_closed_cb };
  PlzConfig *config = plz_config_new ();
  g_autofree char *dir = g_dir_make_tmp ("plaza-bench-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  pin_to_cpu (0);
  g_free (config->listen);
  config->listen = g_strdup ("127.0.0.1");
  config->port = 0;
  g_free (config->data_dir);
  config->data_dir = g_strdup (dir);
  server = plz_server_new_with_routes (config, routes, G_N_ELEMENTS (routes), &error);
  if (server == NULL || !plz_server_start (server, &error))
    g_error ("Cannot start the server: %s", error->message);
  by_id = g_ptr_array_new ();
  hub = plz_hub_new (&callbacks, NULL);
  printf ("%u\n", plz_server_get_port (server));
  fflush (stdout);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  plz_hub_free (hub);
  g_ptr_array_unref (by_id);
  plz_test_rm_rf (dir);
  return 0;
}

/* ---- measuring the child ------------------------------------------------ */

static gint64
rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

/* CPU time of every thread, in ns (schedstat is finer than stat's ticks). */
static gint64
cpu_ns (GPid pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  gint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/schedstat", dir_path, name);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        total += g_ascii_strtoll (text, NULL, 10);
    }
  return total;
}

/* ---- the load ------------------------------------------------------------ */

typedef struct
{
  PlzBenchWs *ws;
  guint       greeted;
  guint       closed;
  guint      *server_id;   /* by connection index */
  GArray     *latencies;   /* gint64 ns; NULL: not recording */
  guint64     delivered;
  guint64     refused;     /* sends the client could not queue */
  gint64      last_delivery;
} Load;

static void
client_text_cb (PlzBenchWs   *ws,
                PlzBenchConn *conn,
                const char   *data,
                gsize         len,
                gpointer      user_data)
{
  Load *load = user_data;

  if (len > 3 && memcmp (data, "id:", 3) == 0)
    {
      load->server_id[plz_bench_conn_get_index (conn)] = strtoul (data + 3, NULL, 10) + 1;
      load->greeted++;
      return;
    }
  load->delivered++;
  load->last_delivery = plz_bench_now_ns ();
  if (load->latencies != NULL)
    {
      gint64 sent = g_ascii_strtoll (data, NULL, 10);
      gint64 latency = plz_bench_now_ns () - sent;

      g_array_append_val (load->latencies, latency);
    }
}

static void
client_closed_cb (PlzBenchWs   *ws,
                  PlzBenchConn *conn,
                  guint16       code,
                  gpointer      user_data)
{
  ((Load *) user_data)->closed++;
}

static const PlzBenchWsCallbacks client_callbacks = { NULL, client_text_cb, client_closed_cb };

/* Opens @n connections, keeping at most 1000 handshakes in flight. */
static double
connect_all (Load  *load,
             guint  n)
{
  gint64 start = plz_bench_now_ns ();
  guint started = 0;

  while (load->greeted + load->closed < n)
    {
      guint room = 1000 - MIN (1000, plz_bench_ws_get_n_pending (load->ws));
      guint want = MIN (room, n - started);

      if (want > 0)
        {
          guint got = plz_bench_ws_connect (load->ws, want);

          started += got;
          if (got < want)
            {
              g_printerr ("Out of descriptors after %u connections\n", started);
              n = started;
            }
        }
      plz_bench_ws_poll (load->ws, 1);
      if (plz_bench_now_ns () - start > 120 * G_GINT64_CONSTANT (1000000000))
        break;
    }
  return (plz_bench_now_ns () - start) / 1e9;
}

static void
poll_for (Load  *load,
          double seconds)
{
  gint64 end = plz_bench_now_ns () + seconds * 1e9;

  while (plz_bench_now_ns () < end)
    plz_bench_ws_poll (load->ws, 10);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted,
               double  p)
{
  if (sorted->len == 0)
    return 0;
  return g_array_index (sorted, gint64, MIN (sorted->len - 1, (guint) (p * sorted->len))) / 1e6;
}

/* Sends "to:PEER:TIME padding" from connection 2k to 2k+1 and back, walking
 * the pairs so that consecutive messages use different connections. */
static void
send_one (Load      *load,
          GPtrArray *conns,
          guint64    i,
          guint      size)
{
  guint pairs = conns->len / 2;
  guint pair = i % pairs;
  gboolean back = (i / pairs) % 2;
  PlzBenchConn *from = conns->pdata[2 * pair + back];
  guint to = load->server_id[plz_bench_conn_get_index (conns->pdata[2 * pair + !back])] - 1;
  char msg[1024];
  int n = g_snprintf (msg, sizeof msg, "to:%u:%" G_GINT64_FORMAT " ", to, plz_bench_now_ns ());

  while ((guint) n < MIN (size, sizeof msg))
    msg[n++] = 'x';
  if (!plz_bench_conn_send_text (from, msg, n))
    load->refused++;
}

typedef struct
{
  double  msgs_per_s;
  double  cpu_us_per_msg;
  double  p50, p95, p99;
  guint64 lost;
} RelayFigures;

/* At @rate messages a second (0: as fast as it goes, 500 in flight). */
static RelayFigures
relay (Load      *load,
       GPtrArray *conns,
       GPid       pid,
       guint      rate,
       double     seconds,
       guint      size)
{
  RelayFigures fig = { 0 };
  guint64 sent = 0;
  gint64 start, end, cpu;

  load->latencies = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1 << 16);
  load->delivered = 0;
  cpu = cpu_ns (pid);
  start = plz_bench_now_ns ();
  end = start + seconds * 1e9;
  for (gint64 now = start; now < end; now = plz_bench_now_ns ())
    {
      guint64 due = rate > 0 ? (guint64) ((now - start) / 1e9 * rate) : load->delivered + 500;

      while (sent < due)
        send_one (load, conns, sent++, size);
      plz_bench_ws_poll (load->ws, rate > 0 ? 1 : 0);
    }
  /* Let the last ones arrive; one that loopback TCP had to retransmit may
   * take a few seconds. */
  for (gint64 stop = plz_bench_now_ns () + 10e9; load->delivered < sent && plz_bench_now_ns () < stop;)
    plz_bench_ws_poll (load->ws, 5);
  cpu = cpu_ns (pid) - cpu;

  g_array_sort (load->latencies, compare_gint64);
  fig.msgs_per_s = load->delivered / ((load->last_delivery - start) / 1e9);
  fig.cpu_us_per_msg = load->delivered > 0 ? cpu / 1e3 / load->delivered : 0;
  fig.p50 = percentile_ms (load->latencies, 0.50);
  fig.p95 = percentile_ms (load->latencies, 0.95);
  fig.p99 = percentile_ms (load->latencies, 0.99);
  fig.lost = sent - load->delivered;
  g_clear_pointer (&load->latencies, g_array_unref);
  return fig;
}

static GPid
spawn_server (const char *self,
              guint      *port)
{
  const char *argv[] = { self, "--serve", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  GPid pid;
  int out;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &pid,
                                 NULL, &out, NULL, &error))
    g_error ("Cannot start the server: %s", error->message);
  channel = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL)
    g_error ("The server did not say its port");
  *port = strtoul (line, NULL, 10);
  return pid;
}

static void
run (const char *self,
     guint       n,
     guint       rate,
     double      seconds,
     guint       size)
{
  Load load = { 0 };
  g_autoptr(GPtrArray) conns = g_ptr_array_new ();
  guint port;
  GPid pid = spawn_server (self, &port);
  gint64 rss0, rss1, cpu;
  double accept_s, accept_cpu, idle_pct;
  gint64 client_cpu;
  RelayFigures fixed, most;

  load.server_id = g_new0 (guint, n);
  /* Warm up: the first connections set up libsoup's and the hub's state. */
  load.ws = plz_bench_ws_new ("127.0.0.1", port, "/bench/ws", &client_callbacks, &load);
  connect_all (&load, MIN (n, 20));
  plz_bench_ws_free (load.ws);
  load.greeted = load.closed = 0;
  memset (load.server_id, 0, n * sizeof (guint));
  g_usleep (500000);
  rss0 = rss_kib (pid);

  load.ws = plz_bench_ws_new ("127.0.0.1", port, "/bench/ws", &client_callbacks, &load);
  cpu = cpu_ns (pid);
  client_cpu = cpu_ns (getpid ());
  accept_s = connect_all (&load, n);
  accept_cpu = (cpu_ns (pid) - cpu) / 1e9;
  client_cpu = cpu_ns (getpid ()) - client_cpu;
  poll_for (&load, 1.0);
  rss1 = rss_kib (pid);
  cpu = cpu_ns (pid);
  poll_for (&load, 3.0);
  idle_pct = (cpu_ns (pid) - cpu) / 3e9 * 100;
  printf ("%6u connections: %u open, accepted in %.2f s (server CPU %.2f s, client CPU %.2f s); RSS %.2f KiB per idle connection "
          "(%" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT " KiB); idle CPU %.2f %%\n",
          n, plz_bench_ws_get_n_open (load.ws), accept_s, accept_cpu, client_cpu / 1e9,
          load.greeted > 0 ? (double) (rss1 - rss0) / load.greeted : 0, rss0, rss1, idle_pct);
  fflush (stdout);

  for (guint i = 0; i < plz_bench_ws_get_n_conns (load.ws); i++)
    {
      PlzBenchConn *conn = plz_bench_ws_get_conn (load.ws, i);

      if (plz_bench_conn_is_open (conn) && load.server_id[i] != 0)
        g_ptr_array_add (conns, conn);
    }
  if (conns->len >= 2)
    {
      fixed = relay (&load, conns, pid, rate, seconds, size);
      printf ("        at %u msgs/s: %.0f delivered/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, "
              "server CPU %.1f us/msg, %" G_GUINT64_FORMAT " lost\n",
              rate, fixed.msgs_per_s, fixed.p50, fixed.p95, fixed.p99, fixed.cpu_us_per_msg, fixed.lost);
      most = relay (&load, conns, pid, 0, seconds, size);
      printf ("        flat out (500 in flight): %.0f delivered/s, p50 %.2f ms, p99 %.2f ms, "
              "server CPU %.1f us/msg, %" G_GUINT64_FORMAT " lost\n",
              most.msgs_per_s, most.p50, most.p99, most.cpu_us_per_msg, most.lost);
      fflush (stdout);
    }
  if (load.closed > 0 || load.refused > 0)
    printf ("        %u connections closed during the runs, %" G_GUINT64_FORMAT " sends refused\n",
            load.closed, load.refused);

  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  plz_bench_ws_free (load.ws);
  g_free (load.server_id);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *connections = g_strdup ("100,1000,10000,19900");
  int rate = 1000, seconds = 5, size = 100;
  gboolean serve_only = FALSE;
  GOptionEntry entries[] = {
    { "connections", 0, 0, G_OPTION_ARG_STRING, &connections, "Connection counts to measure", "N,N,..." },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "Relayed messages a second for the latency run", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Length of each relay run", "S" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Message size in bytes", "BYTES" },
    { "serve", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &serve_only, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure the live hub");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) counts = NULL;
  struct rlimit limit;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  /* Every connection is a descriptor, on both sides. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  if (serve_only)
    return serve ();

  pin_to_cpu (1);
  counts = g_strsplit (connections, ",", -1);
  for (guint i = 0; counts[i] != NULL; i++)
    run ("/proc/self/exe", strtoul (counts[i], NULL, 10), rate, seconds, size);
  return 0;
}
