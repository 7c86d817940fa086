/* bench-stream.c — the live protocol end to end under load. Seeds N/2 pairs
 * of users with a conversation each straight into a fresh data directory
 * (the server's own store and domain code, before it starts), runs the real
 * `plaza-server serve` on it pinned to CPU 0, opens N WebSockets from this
 * process pinned to CPU 1, says hello on each, then has the pairs exchange
 * messages with {"type":"send"} at a fixed rate (or flat out) and prints:
 * connections accepted and the time to accept them and to get every
 * "ready", RSS per connection, idle CPU, delivered messages a second,
 * send→ack and send→deliver (the event at the peer) latencies, and the
 * server's CPU per message (/proc/PID/stat).
 *
 * Usage: bench-stream [--connections 100,1000,10000] [--rate 1000,10000]
 *                     [--flat-out] [--window 2000] [--seconds 10]
 *                     [--durability full|process] [--size 100] [--active PAIRS]
 *                     [--server PATH]
 * The server comes from --server, else $PLAZA_SERVER_BIN, else the build
 * tree next to this program. */
#define _GNU_SOURCE
#include "plz-bench-ws.h"
#include "plz-test-seed.h"
#include "plz-test-server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_HANDSHAKES 1000

/* ---- the server ----------------------------------------------------------- */

static void
pin_to_cpu (int cpu)
{
  cpu_set_t set;

  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  if (sched_setaffinity (0, sizeof set, &set) != 0)
    g_printerr ("Cannot pin to CPU %d: %s\n", cpu, g_strerror (errno));
}

static void
child_setup (gpointer data)
{
  pin_to_cpu (0);
}

/* A port nothing listens on now (the kernel's pick for port 0). */
static guint16
free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (fd < 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 ||
      getsockname (fd, (struct sockaddr *) &addr, &len) != 0)
    g_error ("Cannot find a free port: %s", g_strerror (errno));
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

static GPid
spawn_server (const char *bin,
              const char *dir,
              const char *durability,
              guint16     port)
{
  g_autofree char *config = g_build_filename (dir, "plaza.ini", NULL);
  g_autofree char *log = g_build_filename (dir, "server.log", NULL);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  /* The per-user send limit is lifted: the load is many messages from few users. */
  g_autofree char *contents = g_strdup_printf ("[server]\ndurability=%s\nsend-burst=100000\n"
                                               "send-rate=100000\n", durability);
  const char *argv[] = { bin, "serve", "--data-dir", dir, "--port", port_text, "--config", config, NULL };
  g_autoptr(GError) error = NULL;
  int err_fd = -1;
  GPid pid;

  if (!g_file_set_contents (config, contents, -1, &error))
    g_error ("%s", error->message);
  /* Each upgrade is logged: keep it out of the figures. */
  err_fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (!g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, child_setup, NULL,
                               &pid, -1, err_fd, err_fd, &error))
    g_error ("Cannot start %s: %s", bin, error->message);
  close (err_fd);
  for (int i = 0; i < 500 && !port_answers (port); i++)
    g_usleep (20000);
  if (!port_answers (port))
    g_error ("The server did not start; see %s", log);
  return pid;
}

static void
stop_server (GPid pid)
{
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

/* Warnings in the server's log would make the figures suspect: show them. */
static void
report_server_log (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "server.log", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint shown = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && shown < 5; i++)
    if (strstr (lines[i], "WARNING") != NULL || strstr (lines[i], "CRITICAL") != NULL)
      {
        printf ("  server: %s\n", lines[i]);
        shown++;
      }
}

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

/* User plus system CPU of the whole process, in µs (fields 14 and 15 of
 * /proc/PID/stat, after the command name in parentheses). */
static gint64
cpu_us (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strrchr (text, ')')) == NULL)
    return -1;
  fields = g_strsplit (p + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  /* fields[0] is field 3 (state): utime is field 14, stime 15. */
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10)) *
         G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

static gint64
self_cpu_us (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (gint64) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * G_USEC_PER_SEC + ru.ru_utime.tv_usec +
         ru.ru_stime.tv_usec;
}

/* ---- the load -------------------------------------------------------------- */

typedef struct
{
  gint64  sent;       /* ns */
  gint64  acked;      /* ns after sent; 0 until then */
  gint64  delivered;  /* ns after sent, at the peer; 0 until then */
  guint   from;       /* connection index */
} Msg;

typedef struct
{
  PlzBenchWs *ws;
  GPtrArray  *pairs;      /* PlzTestPair */
  guint       n_ready;
  guint       n_closed;
  guint       n_errors;
  guint64     n_receipts;
  guint64     n_acked;
  guint64     n_delivered;
  GArray     *msgs;       /* Msg of the current run, by number - base */
  guint64     base;       /* the first message number of the run */
  guint64     next;       /* the next message number */
} Load;

/* Connection i is pair i / 2's consumer (even) or operator (odd). */
static const char *
token_of (Load  *load,
          guint  index)
{
  PlzTestPair *pair = load->pairs->pdata[index / 2];

  return index % 2 == 0 ? pair->consumer_token : pair->operator_token;
}

static void
opened_cb (PlzBenchWs   *ws,
           PlzBenchConn *conn,
           gpointer      user_data)
{
  Load *load = user_data;
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\",\"since\":0}",
                                            token_of (load, plz_bench_conn_get_index (conn)));

  plz_bench_conn_send_text (conn, hello, strlen (hello));
}

/* The message number in the first "client_id":"bN" of @data, or -1. */
static gint64
client_number (const char *data,
               gsize       len)
{
  static const char key[] = "\"client_id\":\"b";
  const char *p = memmem (data, len, key, sizeof key - 1);

  if (p == NULL)
    return -1;
  return g_ascii_strtoll (p + sizeof key - 1, NULL, 10);
}

static Msg *
msg_of (Load   *load,
        gint64  number)
{
  if (number < (gint64) load->base || load->msgs == NULL || number - load->base >= load->msgs->len)
    return NULL;
  return &g_array_index (load->msgs, Msg, number - load->base);
}

static gboolean
has_prefix (const char *data,
            gsize       len,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && memcmp (data, prefix, n) == 0;
}

static void
text_cb (PlzBenchWs   *ws,
         PlzBenchConn *conn,
         const char   *data,
         gsize         len,
         gpointer      user_data)
{
  Load *load = user_data;
  gint64 now = plz_bench_now_ns ();
  Msg *m;

  if (data == NULL)
    return;
  if (has_prefix (data, len, "{\"type\":\"event\""))
    {
      /* A delivery to someone online comes in the sender's own event, at
       * its end; others as message.receipt events. */
      if (memmem (data, MIN (len, 80), "\"kind\":\"message.receipt\"", 24) != NULL ||
          (len > 64 && memmem (data + len - 64, 64, ",\"delivered_at\":\"", 17) != NULL))
        load->n_receipts++;
      else if ((m = msg_of (load, client_number (data, len))) != NULL &&
               m->from != plz_bench_conn_get_index (conn) && m->delivered == 0)
        {
          m->delivered = now - m->sent;
          load->n_delivered++;
        }
    }
  else if (has_prefix (data, len, "{\"type\":\"ack\""))
    {
      if ((m = msg_of (load, client_number (data, len))) != NULL && m->acked == 0)
        {
          m->acked = now - m->sent;
          load->n_acked++;
        }
    }
  else if (has_prefix (data, len, "{\"type\":\"ready\""))
    load->n_ready++;
  else if (has_prefix (data, len, "{\"type\":\"error\""))
    {
      if (load->n_errors++ < 5)
        g_printerr ("error frame: %.*s\n", (int) MIN (len, 300), data);
    }
}

static void
closed_cb (PlzBenchWs   *ws,
           PlzBenchConn *conn,
           guint16       code,
           gpointer      user_data)
{
  ((Load *) user_data)->n_closed++;
}

static const PlzBenchWsCallbacks callbacks = { opened_cb, text_cb, closed_cb };

/* Opens @n connections (at most MAX_HANDSHAKES at once) and says hello on
 * each; *@accept_s: until every upgrade was answered, *@ready_s: until every
 * "ready". */
static void
connect_all (Load   *load,
             guint   n,
             double *accept_s,
             double *ready_s)
{
  gint64 start = plz_bench_now_ns ();
  gint64 deadline = start + 120 * G_GINT64_CONSTANT (1000000000);
  guint started = 0;

  *accept_s = -1;
  while (load->n_ready + load->n_closed < n && plz_bench_now_ns () < deadline)
    {
      guint room = MAX_HANDSHAKES - MIN (MAX_HANDSHAKES, plz_bench_ws_get_n_pending (load->ws));
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
      if (*accept_s < 0 && started == n && plz_bench_ws_get_n_pending (load->ws) == 0)
        *accept_s = (plz_bench_now_ns () - start) / 1e9;
    }
  *ready_s = (plz_bench_now_ns () - start) / 1e9;
  if (*accept_s < 0)
    *accept_s = *ready_s;
}

static void
poll_for (Load   *load,
          double  seconds)
{
  gint64 end = plz_bench_now_ns () + seconds * 1e9;

  while (plz_bench_now_ns () < end)
    plz_bench_ws_poll (load->ws, 10);
}

/* Pairs that exchange messages (0: all); the other connections stay idle. */
static int active_pairs;

/* Message @number goes over pair (number % pairs), consumer and operator
 * taking turns, so that consecutive messages use different connections. */
static void
send_one (Load       *load,
          GPtrArray  *conns,
          guint       size)
{
  guint64 number = load->next++;
  guint pairs = active_pairs > 0 ? MIN (conns->len / 2, (guint) active_pairs) : conns->len / 2;
  guint pair = number % pairs;
  gboolean back = (number / pairs) % 2;
  PlzBenchConn *from = conns->pdata[2 * pair + back];
  PlzTestPair *p = load->pairs->pdata[plz_bench_conn_get_index (from) / 2];
  Msg m = { plz_bench_now_ns (), 0, 0, plz_bench_conn_get_index (from) };
  g_autoptr(GString) frame = g_string_sized_new (size + 128);

  g_string_printf (frame, "{\"type\":\"send\",\"client_id\":\"b%" G_GUINT64_FORMAT "\",\"conversation_id\":\"%s\","
                   "\"body\":\"", number, p->conversation_id);
  for (guint i = 0; i < size; i++)
    g_string_append_c (frame, 'a' + i % 26);
  g_string_append (frame, "\"}");
  g_array_append_val (load->msgs, m);
  plz_bench_conn_send_text (from, frame->str, frame->len);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  double p50, p95, p99;
} Percentiles;

static Percentiles
percentiles (GArray *values)
{
  Percentiles p = { 0 };

  if (values->len == 0)
    return p;
  g_array_sort (values, compare_gint64);
#define AT(q) (g_array_index (values, gint64, MIN (values->len - 1, (guint) ((q) * values->len))) / 1e6)
  p.p50 = AT (0.50);
  p.p95 = AT (0.95);
  p.p99 = AT (0.99);
#undef AT
  return p;
}

/* Sends at @rate messages a second for @seconds (@rate 0: flat out, keeping
 * @window messages waiting for their ack), waits up to a minute for the last
 * ones, and prints the figures. */
static void
exchange (Load      *load,
          GPtrArray *conns,
          GPid       pid,
          guint      rate,
          guint      window,
          double     seconds,
          guint      size)
{
  g_autoptr(GArray) acks = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) deliveries = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, end, cpu, my_cpu;
  guint64 receipts = load->n_receipts;
  guint errors = load->n_errors;
  double elapsed;
  Percentiles pa, pd;
  guint64 sent;

  load->msgs = g_array_sized_new (FALSE, FALSE, sizeof (Msg), rate > 0 ? rate * seconds : 1 << 16);
  load->base = load->next;
  load->n_acked = load->n_delivered = 0;
  cpu = cpu_us (pid);
  my_cpu = self_cpu_us ();
  start = plz_bench_now_ns ();
  end = start + seconds * 1e9;
  for (gint64 now = start; now < end; now = plz_bench_now_ns ())
    {
      guint64 due = rate > 0 ? (guint64) ((now - start) / 1e9 * rate) : load->n_acked + window;

      while (load->next - load->base < due)
        send_one (load, conns, size);
      plz_bench_ws_poll (load->ws, rate > 0 ? 1 : 0);
    }
  sent = load->next - load->base;
  /* A rate the server cannot keep up with leaves a backlog: let it drain, so
   * that the next run starts clean (and the figures say how long it took). */
  for (gint64 stop = plz_bench_now_ns () + 60e9;
       (load->n_acked < sent || load->n_delivered < sent) && plz_bench_now_ns () < stop;)
    plz_bench_ws_poll (load->ws, 5);
  elapsed = (plz_bench_now_ns () - start) / 1e9;
  cpu = cpu_us (pid) - cpu;
  my_cpu = self_cpu_us () - my_cpu;

  for (guint i = 0; i < load->msgs->len; i++)
    {
      Msg *m = &g_array_index (load->msgs, Msg, i);

      if (m->acked > 0)
        g_array_append_val (acks, m->acked);
      if (m->delivered > 0)
        g_array_append_val (deliveries, m->delivered);
    }
  pa = percentiles (acks);
  pd = percentiles (deliveries);
  if (rate > 0)
    printf ("  at %u msgs/s:", rate);
  else
    printf ("  flat out (%u in flight):", window);
  printf (" %" G_GUINT64_FORMAT " sent, %.0f delivered/s; send->ack p50 %.2f p95 %.2f p99 %.2f ms; "
          "send->deliver p50 %.2f p95 %.2f p99 %.2f ms; server CPU %.1f us/msg (%.0f %% of a core); "
          "%" G_GUINT64_FORMAT " receipts, %" G_GUINT64_FORMAT " unacked, %" G_GUINT64_FORMAT " undelivered, "
          "%u errors; client CPU %.0f %%\n",
          sent, load->n_delivered / elapsed, pa.p50, pa.p95, pa.p99, pd.p50, pd.p95, pd.p99,
          load->n_delivered > 0 ? (double) cpu / load->n_delivered : 0, cpu / elapsed / 1e4,
          load->n_receipts - receipts, sent - load->n_acked, sent - load->n_delivered, load->n_errors - errors,
          my_cpu / elapsed / 1e4);
  fflush (stdout);
  g_clear_pointer (&load->msgs, g_array_unref);
  /* Receipts for the last deliveries come after a commit or two. */
  poll_for (load, 0.2);
}

typedef struct
{
  const char *server;
  const char *durability;
  guint      *rates;
  guint       n_rates;
  gboolean    flat_out;
  guint       window;
  double      seconds;
  guint       size;
} Plan;

static void
run (const Plan *plan,
     guint       n)
{
  g_autofree char *dir = g_dir_make_tmp ("plaza-bench-stream-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conns = g_ptr_array_new ();
  Load load = { 0 };
  gint64 seed_start = g_get_monotonic_time ();
  guint16 port = free_port ();
  double accept_s, ready_s, idle_pct;
  gint64 rss0, rss1, cpu;
  GPid pid;

  n -= n % 2;
  load.pairs = plz_test_seed_pairs (dir, n / 2, &error);
  if (load.pairs == NULL)
    g_error ("Cannot seed: %s", error->message);
  printf ("%u connections (%u pairs seeded in %.1f s), durability %s\n", n, n / 2,
          (g_get_monotonic_time () - seed_start) / 1e6, plan->durability);
  pid = spawn_server (plan->server, dir, plan->durability, port);

  /* Warm up: the first links set up libsoup's, SQLite's and the hub's state. */
  load.ws = plz_bench_ws_new ("127.0.0.1", port, "/api/v1/stream", &callbacks, &load);
  connect_all (&load, MIN (n, 20), &accept_s, &ready_s);
  plz_bench_ws_free (load.ws);
  load.n_ready = load.n_closed = 0;
  g_usleep (500000);
  rss0 = rss_kib (pid);

  load.ws = plz_bench_ws_new ("127.0.0.1", port, "/api/v1/stream", &callbacks, &load);
  connect_all (&load, n, &accept_s, &ready_s);
  poll_for (&load, 1.0);
  rss1 = rss_kib (pid);
  cpu = cpu_us (pid);
  poll_for (&load, 3.0);
  idle_pct = (cpu_us (pid) - cpu) / 3e6 * 100;
  printf ("  %u open, %u ready: accepted in %.2f s, all ready in %.2f s; RSS %.1f KiB per connection "
          "(%" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT " KiB); idle CPU %.2f %%\n",
          plz_bench_ws_get_n_open (load.ws), load.n_ready, accept_s, ready_s,
          load.n_ready > 0 ? (double) (rss1 - rss0) / load.n_ready : 0, rss0, rss1, idle_pct);
  fflush (stdout);

  /* Only whole pairs that are both open take part. */
  for (guint i = 0; i + 1 < plz_bench_ws_get_n_conns (load.ws); i += 2)
    if (plz_bench_conn_is_open (plz_bench_ws_get_conn (load.ws, i)) &&
        plz_bench_conn_is_open (plz_bench_ws_get_conn (load.ws, i + 1)))
      {
        g_ptr_array_add (conns, plz_bench_ws_get_conn (load.ws, i));
        g_ptr_array_add (conns, plz_bench_ws_get_conn (load.ws, i + 1));
      }
  if (conns->len >= 2)
    {
      for (guint i = 0; i < plan->n_rates; i++)
        exchange (&load, conns, pid, plan->rates[i], 0, plan->seconds, plan->size);
      if (plan->flat_out)
        exchange (&load, conns, pid, 0, plan->window, plan->seconds, plan->size);
    }

  stop_server (pid);
  report_server_log (dir);
  plz_bench_ws_free (load.ws);
  g_ptr_array_unref (load.pairs);
  plz_test_rm_rf (dir);
}

static char *
default_server (const char *argv0)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;

  if (g_getenv ("PLAZA_SERVER_BIN") != NULL)
    return g_strdup (g_getenv ("PLAZA_SERVER_BIN"));
  /* build/tests/bench/bench-stream → build/server/plaza-server */
  dir = g_path_get_dirname (self != NULL ? self : argv0);
  return g_build_filename (dir, "..", "..", "server", "plaza-server", NULL);
}

static guint *
parse_list (const char *text,
            guint      *n)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint *values = g_new0 (guint, g_strv_length (parts) + 1);

  *n = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXUINT32, &v, NULL))
        {
          g_printerr ("“%s” is not a positive number\n", parts[i]);
          exit (2);
        }
      values[(*n)++] = v;
    }
  return values;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *connections = g_strdup ("100,1000,10000");
  g_autofree char *rates = g_strdup ("1000");
  g_autofree char *durability = g_strdup ("full");
  g_autofree char *server = NULL;
  gboolean flat_out = FALSE;
  int seconds = 10, size = 100, window = 1000;
  GOptionEntry entries[] = {
    { "connections", 0, 0, G_OPTION_ARG_STRING, &connections, "Connection counts to measure", "N,N,..." },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rates, "Messages a second to send, one run each", "N,N,..." },
    { "flat-out", 0, 0, G_OPTION_ARG_NONE, &flat_out, "Then send as fast as acks come", NULL },
    { "window", 0, 0, G_OPTION_ARG_INT, &window, "Messages waiting for their ack when flat out", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Length of each run", "S" },
    { "durability", 0, 0, G_OPTION_ARG_STRING, &durability, "The server's durability: full or process", "MODE" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Message body in bytes", "BYTES" },
    { "active", 0, 0, G_OPTION_ARG_INT, &active_pairs, "Pairs that exchange messages (default: all)", "N" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server, "The plaza-server to run", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure the live protocol end to end");
  g_autoptr(GError) error = NULL;
  g_autofree guint *counts = NULL;
  guint n_counts;
  struct rlimit limit;
  Plan plan;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!g_str_equal (durability, "full") && !g_str_equal (durability, "process"))
    {
      g_printerr ("--durability is full or process\n");
      return 2;
    }
  if (seconds < 1 || size < 1 || size > 4000 || window < 1)
    {
      g_printerr ("--seconds, --window and --size (up to 4000) are positive numbers\n");
      return 2;
    }
  if (server == NULL)
    server = default_server (argv[0]);
  if (!g_file_test (server, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("No plaza-server at %s (use --server)\n", server);
      return 2;
    }
  /* Every connection is a descriptor. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  signal (SIGPIPE, SIG_IGN);
  pin_to_cpu (1);

  counts = parse_list (connections, &n_counts);
  plan = (Plan) { server, durability, NULL, 0, flat_out, window, seconds, size };
  plan.rates = parse_list (rates, &plan.n_rates);
  for (guint i = 0; i < n_counts; i++)
    run (&plan, counts[i]);
  g_free (plan.rates);
  return 0;
}
