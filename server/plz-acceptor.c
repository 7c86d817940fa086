/* plz-acceptor.c — the listening socket: accepts in batches, keeps within
 * the descriptor budget, and keeps going after EMFILE.
 *
 * Why not GSocketService: its listen backlog is 10, so a burst of connects
 * overflows the kernel's queue and clients wait for SYN retries (seconds
 * each); it accepts one socket per main-loop round trip; and after an
 * accept error such as EMFILE it retries at once, spinning and warning. */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-acceptor.h"

#include <sys/resource.h>

#define BACKLOG        4096  /* the kernel caps it at net.core.somaxconn */
#define BATCH          256   /* accepts per wakeup, so other sources get a turn */
#define FD_RESERVE     64    /* descriptors kept for the database, files, the loop */
#define RETRY_MS       100
#define WARN_EVERY_US  (10 * G_USEC_PER_SEC)

/* Outlives the acceptor: sockets count themselves out when finalized. */
typedef struct
{
  gint ref_count;
  gint live;
} Census;

struct _PlzAcceptor
{
  GSocket         *listener;
  GSource         *source;     /* readable listener; NULL while paused */
  GSource         *retry;      /* timer while paused */
  GMainContext    *context;
  Census          *census;
  guint            max_sockets;
  gint64           warned_at;
  PlzAcceptorFunc  func;
  gpointer         user_data;
};

static GQuark census_quark;

static void
census_unref (Census *census)
{
  if (g_atomic_int_dec_and_test (&census->ref_count))
    g_free (census);
}

/* An accepted socket was finalized, its descriptor closed. */
static void
socket_gone (gpointer data)
{
  Census *census = data;

  g_atomic_int_add (&census->live, -1);
  census_unref (census);
}

static void resume (PlzAcceptor *acceptor);

static void
warn_rarely (PlzAcceptor *acceptor,
             const char  *what)
{
  gint64 now = g_get_monotonic_time ();

  if (acceptor->warned_at != 0 && now - acceptor->warned_at < WARN_EVERY_US)
    return;
  acceptor->warned_at = now;
  g_warning ("Not accepting connections for now: %s", what);
}

static gboolean
retry_cb (gpointer user_data)
{
  PlzAcceptor *acceptor = user_data;

  if ((guint) g_atomic_int_get (&acceptor->census->live) >= acceptor->max_sockets)
    {
      if (g_socket_condition_check (acceptor->listener, G_IO_IN) != 0)
        warn_rarely (acceptor, "the connection limit is reached");
      return G_SOURCE_CONTINUE;
    }
  g_clear_pointer (&acceptor->retry, g_source_unref);
  resume (acceptor);
  return G_SOURCE_REMOVE;
}

/* Leaves new connections in the kernel's queue, where they cost us nothing. */
static void
pause_accepting (PlzAcceptor *acceptor)
{
  if (acceptor->source != NULL)
    {
      g_source_destroy (acceptor->source);
      g_clear_pointer (&acceptor->source, g_source_unref);
    }
  if (acceptor->retry == NULL)
    {
      acceptor->retry = g_timeout_source_new (RETRY_MS);
      g_source_set_callback (acceptor->retry, retry_cb, acceptor, NULL);
      g_source_set_static_name (acceptor->retry, "[plaza] accept retry");
      g_source_attach (acceptor->retry, acceptor->context);
    }
}

static gboolean
readable_cb (GSocket      *listener,
             GIOCondition  condition,
             gpointer      user_data)
{
  PlzAcceptor *acceptor = user_data;

  for (guint i = 0; i < BATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = NULL;

      /* At the limit: the retry timer warns if anyone is kept waiting. */
      if ((guint) g_atomic_int_get (&acceptor->census->live) >= acceptor->max_sockets)
        {
          pause_accepting (acceptor);
          return G_SOURCE_REMOVE;
        }
      socket = g_socket_accept (listener, NULL, &error);
      if (socket == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES) ||
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              warn_rarely (acceptor, error->message);
              pause_accepting (acceptor);
              return G_SOURCE_REMOVE;
            }
          /* A connection reset while queued, say: the next one may be fine. */
          g_debug ("accept: %s", error->message);
          continue;
        }
      g_atomic_int_inc (&acceptor->census->ref_count);
      g_atomic_int_inc (&acceptor->census->live);
      g_object_set_qdata_full (G_OBJECT (socket), census_quark, acceptor->census, socket_gone);
      acceptor->func (socket, acceptor->user_data);
    }
  return G_SOURCE_CONTINUE;
}

static void
resume (PlzAcceptor *acceptor)
{
  if (acceptor->source != NULL)
    return;
  acceptor->source = g_socket_create_source (acceptor->listener, G_IO_IN, NULL);
  g_source_set_callback (acceptor->source, G_SOURCE_FUNC (readable_cb), acceptor, NULL);
  g_source_set_static_name (acceptor->source, "[plaza] accept");
  g_source_attach (acceptor->source, acceptor->context);
}

static guint
default_max_sockets (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return G_MAXINT;
  return limit.rlim_cur > 2 * FD_RESERVE ? limit.rlim_cur - FD_RESERVE : limit.rlim_cur / 2;
}

PlzAcceptor *
plz_acceptor_new (GSocketAddress   *address,
                  PlzAcceptorFunc   func,
                  gpointer          user_data,
                  GSocketAddress  **bound,
                  GError          **error)
{
  g_autoptr(GSocket) listener = NULL;
  PlzAcceptor *acceptor;

  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (census_quark == 0)
    census_quark = g_quark_from_static_string ("plz-acceptor-census");
  listener = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return NULL;
  g_socket_set_blocking (listener, FALSE);
  g_socket_set_listen_backlog (listener, BACKLOG);
  if (!g_socket_bind (listener, address, TRUE, error) || !g_socket_listen (listener, error))
    return NULL;
  if (bound != NULL && (*bound = g_socket_get_local_address (listener, error)) == NULL)
    return NULL;

  acceptor = g_new0 (PlzAcceptor, 1);
  acceptor->listener = g_steal_pointer (&listener);
  acceptor->context = g_main_context_ref_thread_default ();
  acceptor->census = g_new0 (Census, 1);
  acceptor->census->ref_count = 1;
  acceptor->max_sockets = default_max_sockets ();
  acceptor->func = func;
  acceptor->user_data = user_data;
  resume (acceptor);
  return acceptor;
}

void
plz_acceptor_set_max_sockets (PlzAcceptor *acceptor,
                              guint        max_sockets)
{
  g_return_if_fail (acceptor != NULL);
  acceptor->max_sockets = max_sockets;
}

guint
plz_acceptor_get_max_sockets (PlzAcceptor *acceptor)
{
  g_return_val_if_fail (acceptor != NULL, 0);
  return acceptor->max_sockets;
}

guint
plz_acceptor_get_n_sockets (PlzAcceptor *acceptor)
{
  g_return_val_if_fail (acceptor != NULL, 0);
  return g_atomic_int_get (&acceptor->census->live);
}

void
plz_acceptor_free (PlzAcceptor *acceptor)
{
  if (acceptor == NULL)
    return;
  if (acceptor->source != NULL)
    g_source_destroy (acceptor->source);
  g_clear_pointer (&acceptor->source, g_source_unref);
  if (acceptor->retry != NULL)
    g_source_destroy (acceptor->retry);
  g_clear_pointer (&acceptor->retry, g_source_unref);
  g_socket_close (acceptor->listener, NULL);
  g_clear_object (&acceptor->listener);
  g_main_context_unref (acceptor->context);
  census_unref (acceptor->census);
  g_free (acceptor);
}
