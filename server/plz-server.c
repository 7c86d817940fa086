/* plz-server.c — the HTTP front: one SoupServer, one route table, one store */
#define G_LOG_DOMAIN "plaza-server"

#include "config.h"

#include "plz-server.h"
#include "plz-acceptor.h"
#include "plz-router.h"
#include "plz-routes.h"
#include "plz-request.h"
#include "plz-log.h"
#include "accounts/plz-accounts.h"
#include "bookings/plz-bookings.h"
#include "catalogue/plz-catalogue.h"
#include "events/plz-events.h"
#include "jobs/plz-jobs.h"
#include "messaging/plz-attachments.h"
#include "messaging/plz-attachments-sweep.h"
#include "messaging/plz-long-poll.h"
#include "messaging/plz-messaging.h"
#include "messaging/plz-stream.h"
#include "moderation/plz-moderation.h"
#include "store/plz-checkpointer.h"
#include "plz-json.h"

#include <libsoup/soup.h>
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#define DRAIN_POLL_MS 20
#define PLZ_IDLE_TIMEOUT_S 30

struct _PlzServer
{
  GObject     parent_instance;

  PlzConfig  *config;
  PlzStore   *store;
  PlzAccounts *accounts;
  PlzCatalogue *catalogue;
  PlzEvents  *events;
  PlzMessaging *messaging;
  PlzLongPoll *long_poll;
  PlzStream  *stream;
  PlzModeration *moderation;
  PlzJobs    *jobs;
  PlzAttachmentsSweep *attachments_sweep;
  PlzBookings *bookings;
  SoupServer *soup;
  PlzAcceptor *acceptor;
  PlzCheckpointer *checkpointer;
  PlzRouter  *router;
  gint64      started_at;   /* monotonic µs */
  guint       port;
  guint       in_flight;
  gboolean    draining;
};

G_DEFINE_FINAL_TYPE (PlzServer, plz_server, G_TYPE_OBJECT)

static GQuark request_start_quark;

static void
plz_server_dispose (GObject *object)
{
  PlzServer *self = PLZ_SERVER (object);

  g_clear_pointer (&self->acceptor, plz_acceptor_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->checkpointer, plz_checkpointer_stop);
  if (self->jobs != NULL)
    plz_jobs_stop (self->jobs);
  if (self->store != NULL)
    plz_store_close (self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plz_server_parent_class)->dispose (object);
}

static void
plz_server_finalize (GObject *object)
{
  PlzServer *self = PLZ_SERVER (object);

  g_clear_pointer (&self->router, plz_router_free);
  g_clear_pointer (&self->bookings, plz_bookings_free);
  g_clear_pointer (&self->jobs, plz_jobs_free);
  g_clear_pointer (&self->attachments_sweep, plz_attachments_sweep_free);
  g_clear_pointer (&self->moderation, plz_moderation_free);
  g_clear_pointer (&self->accounts, plz_accounts_free);
  g_clear_pointer (&self->stream, plz_stream_free);
  g_clear_pointer (&self->long_poll, plz_long_poll_free);
  g_clear_pointer (&self->messaging, plz_messaging_free);
  g_clear_pointer (&self->events, plz_events_free);
  g_clear_pointer (&self->catalogue, plz_catalogue_free);
  g_clear_pointer (&self->config, plz_config_free);

  G_OBJECT_CLASS (plz_server_parent_class)->finalize (object);
}

static void
plz_server_class_init (PlzServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plz_server_dispose;
  object_class->finalize = plz_server_finalize;
  request_start_quark = g_quark_from_static_string ("plz-request-start");
}

static void
plz_server_init (PlzServer *self)
{
}

typedef struct
{
  GIOStream *stream;
  char      *response;
} Rejection;

static void
rejection_free (Rejection *r)
{
  g_clear_object (&r->stream);
  g_free (r->response);
  g_free (r);
}

static void
rejection_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Rejection *r = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  /* Closing with an unread body behind us may reset the link; the client has
   * its answer by then, and nothing here needs the outcome. */
  g_io_stream_close (r->stream, NULL, NULL);
  rejection_free (r);
}

/* Answers from the headers alone and closes the connection. libsoup would
 * read the whole body before answering (except after Expect: 100-continue),
 * so the connection is taken from it, as for a WebSocket upgrade. */
static void
reject_without_reading (PlzServer         *self,
                        SoupServerMessage *msg,
                        guint              status,
                        PlzErrorCode       code,
                        const char        *message)
{
  g_autoptr(JsonObject) outer = json_object_new ();
  JsonObject *inner = json_object_new ();
  g_autofree char *body = NULL;
  Rejection *r = g_new0 (Rejection, 1);

  json_object_set_string_member (inner, "code", plz_error_code_name (code));
  json_object_set_string_member (inner, "message", message);
  json_object_set_object_member (outer, "error", inner);
  body = plz_json_object_to_string (outer);

  r->response = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                 "Server: plaza-server/" PACKAGE_VERSION "\r\n"
                                 "Content-Type: application/json; charset=utf-8\r\n"
                                 "Content-Length: %zu\r\n"
                                 "Connection: close\r\n\r\n%s",
                                 status, soup_status_get_phrase (status), strlen (body), body);

  soup_server_message_set_status (msg, status, NULL);
  plz_log_request (soup_server_message_get_method (msg),
                   g_uri_get_path (soup_server_message_get_uri (msg)), status, 0, FALSE);
  r->stream = soup_server_message_steal_connection (msg);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (r->stream),
                                   r->response, strlen (r->response), G_PRIORITY_DEFAULT,
                                   NULL, rejection_written_cb, r);
}

/* Uploads of pictures may be larger than other bodies. */
static gint64
body_limit (PlzServer         *self,
            SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (g_str_has_suffix (path, "/photos") || g_str_has_suffix (path, "/avatar"))
    return MAX (self->config->max_upload_size, self->config->max_body_size);
  /* Message attachments have their own fixed limit (10 MiB, see plz-attachments.h). */
  if (g_str_has_suffix (path, "/attachments"))
    return MAX (PLZ_ATTACHMENT_MAX_BYTES, self->config->max_body_size);
  return self->config->max_body_size;
}

static void request_done (PlzServer *self, SoupServerMessage *msg, gboolean aborted);

static void
upgrade_written_cb (SoupServerMessage *msg,
                    PlzServer         *self)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_SWITCHING_PROTOCOLS)
    request_done (self, msg, FALSE);
}

/* Runs once the headers are in, before any of the body is read. Counted from
 * here on: a keep-alive connection waiting for its next request also has a
 * message, but nothing is in flight on it. */
static void
got_headers_cb (SoupServerMessage *msg,
                PlzServer         *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  gint64 *start;

  if (self->draining)
    {
      reject_without_reading (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE, PLZ_ERROR_UNAVAILABLE,
                              "The server is shutting down");
      return;
    }
  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    {
      /* Without a length the limit could only be enforced after reading. */
      reject_without_reading (self, msg, SOUP_STATUS_LENGTH_REQUIRED, PLZ_ERROR_LENGTH_REQUIRED,
                              "Request bodies must have a Content-Length");
      return;
    }
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > body_limit (self, msg))
    {
      g_autofree char *message = g_strdup_printf ("The request body is larger than %" G_GINT64_FORMAT " bytes",
                                                  body_limit (self, msg));

      reject_without_reading (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                              PLZ_ERROR_PAYLOAD_TOO_LARGE, message);
      return;
    }

  /* libsoup keeps a connection alive only while it has listeners of its own,
   * and ours are not (see connection_accepted_cb): it closes after every
   * answer, so say so, or a client may send its next request into a closing
   * connection. A WebSocket upgrade says "Upgrade" instead, and is done as a
   * request once its 101 is written and the socket leaves libsoup. */
  if (soup_message_headers_header_contains (headers, "Connection", "Upgrade") &&
      soup_message_headers_header_contains (headers, "Upgrade", "websocket"))
    g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (upgrade_written_cb), self, 0);
  else
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  start = g_new (gint64, 1);
  *start = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), request_start_quark, start, g_free);
  self->in_flight++;
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    PlzServer         *self)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
}

static void
request_done (PlzServer         *self,
              SoupServerMessage *msg,
              gboolean           aborted)
{
  gint64 *start = g_object_steal_qdata (G_OBJECT (msg), request_start_quark);
  double ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0;
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);

  plz_log_request (method != NULL ? method : "-",
                   uri != NULL ? g_uri_get_path (uri) : "-",
                   soup_server_message_get_status (msg), ms, aborted);
  if (start != NULL)
    self->in_flight--;
  g_free (start);
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     PlzServer         *self)
{
  request_done (self, msg, FALSE);
}

static void
request_aborted_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    PlzServer         *self)
{
  request_done (self, msg, TRUE);
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  plz_router_dispatch (((PlzServer *) user_data)->router, user_data, msg);
}

PlzServer *
plz_server_new (PlzConfig  *config,
                GError    **error)
{
  gsize n_routes;
  const PlzRoute *routes = plz_routes_get (&n_routes);

  return plz_server_new_with_routes (config, routes, n_routes, error);
}

PlzServer *
plz_server_new_with_routes (PlzConfig       *config,
                            const PlzRoute  *routes,
                            gsize            n_routes,
                            GError         **error)
{
  g_autoptr(PlzServer) self = g_object_new (PLZ_TYPE_SERVER, NULL);
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  self->config = config;
  self->router = plz_router_new (routes, n_routes);
  if (!plz_config_ensure_data_dir (config, error))
    return NULL;
  db_path = plz_config_get_db_path (config);
  self->store = plz_store_open_and_migrate (db_path, error);
  if (self->store == NULL)
    return NULL;
  /* WAL with FULL syncs each commit (group commit keeps that cheap); NORMAL
   * leaves the sync to checkpoints, which a machine crash can lose. */
  if (!plz_store_exec (self->store, config->durable ? "PRAGMA synchronous = FULL"
                                                    : "PRAGMA synchronous = NORMAL", error))
    return NULL;
  /* The stream's group commits sync on a thread, acking after the sync, so
   * the main loop goes on serving while the disk flushes. */
  if (config->durable && !plz_store_enable_deferred_sync (self->store, error))
    return NULL;
  self->accounts = plz_accounts_new (self->store, config);
  self->catalogue = plz_catalogue_new (self->store, config, error);
  if (self->catalogue == NULL)
    return NULL;
  self->events = plz_events_new (self->store);
  self->messaging = plz_messaging_new (self->store, self->events, self->catalogue);
  self->long_poll = plz_long_poll_new (self->events);
  self->stream = plz_stream_new (self->accounts, self->messaging, self->events);
  {
    PlzStreamOptions options;

    plz_stream_get_options (self->stream, &options);
    options.burst = config->send_burst;
    options.per_second = config->send_rate;
    plz_stream_set_options (self->stream, &options);
  }
  plz_accounts_set_events (self->accounts, self->events);
  /* Listings and bios are checked for contact details when they are saved. */
  self->moderation = plz_moderation_new (self->store, config, self->accounts);
  plz_accounts_set_moderation (self->accounts, self->moderation);
  plz_catalogue_set_moderation (self->catalogue, self->moderation);
  plz_messaging_set_moderation (self->messaging, self->moderation);
  /* Jobs run once the server starts; bookings register theirs now. */
  self->jobs = plz_jobs_new (self->store);
  self->bookings = plz_bookings_new (self->store, self->events, self->messaging, self->catalogue, self->jobs);
  plz_bookings_set_moderation (self->bookings, self->moderation);
  {
    g_autofree char *dir = plz_attachments_dir (self->catalogue);

    self->attachments_sweep = plz_attachments_sweep_new (self->store, self->jobs, dir,
                                                         (gint64) config->attachment_grace_hours * 3600 * G_USEC_PER_SEC);
    if (!plz_attachments_sweep_schedule (self->attachments_sweep, error))
      return NULL;
  }

  self->soup = soup_server_new ("server-header", "plaza-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self, 0);

  return g_steal_pointer (&self);
}

/* Connections are accepted here and handed to libsoup: when libsoup 3.2
 * listens itself it leaks every accepted GSocket, keeps connections that the
 * client closed while idle in CLOSE-WAIT (an fd each, forever), and stops
 * accepting for good after any accept error (EMFILE, say). */
static void
connection_accepted_cb (GSocket  *socket,
                        gpointer  user_data)
{
  PlzServer *self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;

  if (self->draining)
    return;  /* dropped: the socket closes with its last reference */
  /* A client that goes quiet mid-request (or never sends one) is cut off,
   * so idle sockets cannot pile up until descriptors run out. */
  g_socket_set_timeout (socket, PLZ_IDLE_TIMEOUT_S);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  connection = g_socket_connection_factory_create_connection (socket);
  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (!soup_server_accept_iostream (self->soup, G_IO_STREAM (connection), local, remote, &error))
    g_warning ("Cannot take a connection: %s", error->message);
}

/* Every connection is a descriptor: take all the kernel allows us. */
static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_debug ("Cannot raise the descriptor limit: %s", g_strerror (errno));
    }
}

gboolean
plz_server_start (PlzServer  *self,
                  GError    **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  g_return_val_if_fail (PLZ_IS_SERVER (self), FALSE);

  address = g_inet_address_new_from_string (self->config->listen);
  if (address == NULL)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                   "“%s” is not an IP address to listen on", self->config->listen);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, self->config->port);
  if (self->checkpointer == NULL)
    {
      self->checkpointer = plz_checkpointer_start (self->store, error);
      if (self->checkpointer == NULL)
        return FALSE;
    }
  plz_jobs_start (self->jobs);
  raise_fd_limit ();
  self->acceptor = plz_acceptor_new (socket_address, connection_accepted_cb, self, &bound, error);
  if (self->acceptor == NULL)
    {
      g_prefix_error (error, "Cannot listen on %s port %u: ", self->config->listen, self->config->port);
      return FALSE;
    }
  /* Port 0 means "pick one": read back what was bound. */
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->started_at = g_get_monotonic_time ();
  return TRUE;
}

guint
plz_server_get_port (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), 0);
  return self->port;
}

char *
plz_server_get_base_url (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);

  if (strchr (self->config->listen, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u", self->config->listen, self->port);
  return g_strdup_printf ("http://%s:%u", self->config->listen, self->port);
}

PlzAccounts *
plz_server_get_accounts (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->accounts;
}

PlzCatalogue *
plz_server_get_catalogue (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->catalogue;
}

PlzMessaging *
plz_server_get_messaging (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->messaging;
}

PlzLongPoll *
plz_server_get_long_poll (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->long_poll;
}

PlzStream *
plz_server_get_stream (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->stream;
}

PlzEvents *
plz_server_get_events (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->events;
}

PlzBookings *
plz_server_get_bookings (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->bookings;
}

PlzJobs *
plz_server_get_jobs (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->jobs;
}

PlzModeration *
plz_server_get_moderation (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->moderation;
}

PlzStore *
plz_server_get_store (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->store;
}

const PlzConfig *
plz_server_get_config (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), NULL);
  return self->config;
}

gint64
plz_server_get_uptime (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), 0);
  return self->started_at == 0 ? 0 : (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC;
}

guint
plz_server_get_in_flight (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), 0);
  return self->in_flight;
}

void
plz_server_set_max_connections (PlzServer *self,
                                guint      max_connections)
{
  g_return_if_fail (PLZ_IS_SERVER (self));
  g_return_if_fail (self->acceptor != NULL);
  plz_acceptor_set_max_sockets (self->acceptor, max_connections);
}

guint
plz_server_get_n_connections (PlzServer *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER (self), 0);
  return self->acceptor != NULL ? plz_acceptor_get_n_sockets (self->acceptor) : 0;
}

typedef struct
{
  gint64 deadline;
} ShutdownData;

static void
finish_shutdown (GTask *task)
{
  PlzServer *self = g_task_get_source_object (task);
  gboolean drained = self->in_flight == 0;

  soup_server_disconnect (self->soup);
  g_clear_pointer (&self->checkpointer, plz_checkpointer_stop);
  plz_jobs_stop (self->jobs);
  plz_store_close (self->store);
  if (drained)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, PLZ_ERROR, PLZ_ERROR_UNAVAILABLE,
                             "%u requests were still running at shutdown", self->in_flight);
}

static gboolean
drain_poll_cb (gpointer user_data)
{
  GTask *task = user_data;
  PlzServer *self = g_task_get_source_object (task);
  ShutdownData *data = g_task_get_task_data (task);

  if (self->in_flight > 0 && g_get_monotonic_time () < data->deadline &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return G_SOURCE_CONTINUE;

  finish_shutdown (task);
  return G_SOURCE_REMOVE;
}

void
plz_server_shutdown_async (PlzServer           *self,
                           guint                timeout_ms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) source = NULL;
  ShutdownData *data;

  g_return_if_fail (PLZ_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_server_shutdown_async);
  data = g_new0 (ShutdownData, 1);
  data->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_task_set_task_data (task, data, g_free);

  /* Closing the listening sockets refuses new connections while requests on
   * open ones finish; soup_server_disconnect() would cut those off too. */
  self->draining = TRUE;
  /* Long polls would hold the drain for their whole timeout: answer them. */
  if (self->long_poll != NULL)
    plz_long_poll_release_all (self->long_poll);
  if (self->stream != NULL)
    plz_stream_close_all (self->stream);
  g_clear_pointer (&self->acceptor, plz_acceptor_free);

  source = g_timeout_source_new (DRAIN_POLL_MS);
  g_source_set_callback (source, drain_poll_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[plaza] drain requests");
  g_source_attach (source, g_task_get_context (task));
}

gboolean
plz_server_shutdown_finish (PlzServer     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
