/* plz-server.h — the HTTP front: one SoupServer, one route table, one store */
#pragma once

#include <gio/gio.h>

#include "plz-config.h"
#include "plz-router.h"
#include "store/plz-store.h"

G_BEGIN_DECLS

#define PLZ_TYPE_SERVER (plz_server_get_type ())
G_DECLARE_FINAL_TYPE (PlzServer, plz_server, PLZ, SERVER, GObject)

/* Opens and migrates the store under @config's data directory and serves
 * the API's route table. Takes ownership of @config. */
PlzServer  *plz_server_new              (PlzConfig            *config,
                                         GError              **error);

/* Like plz_server_new(), but serves @routes (tests add their own). */
PlzServer  *plz_server_new_with_routes  (PlzConfig            *config,
                                         const PlzRoute       *routes,
                                         gsize                 n_routes,
                                         GError              **error);

/* Starts listening on the configured address and port (0 picks one), in the
 * thread-default main context. */
gboolean    plz_server_start            (PlzServer            *self,
                                         GError              **error);

/* The port actually bound (after plz_server_start). */
guint       plz_server_get_port         (PlzServer            *self);

/* "http://ADDRESS:PORT" of the listening socket. */
char       *plz_server_get_base_url     (PlzServer            *self);

/* The store the routes use. */
PlzStore   *plz_server_get_store        (PlzServer            *self);

/* The accounts service every route authenticates through. */
struct _PlzAccounts *plz_server_get_accounts (PlzServer       *self);

/* The catalogue service. */
struct _PlzCatalogue *plz_server_get_catalogue (PlzServer     *self);

/* Messaging, its long poll and the per-user event log. */
struct _PlzMessaging *plz_server_get_messaging (PlzServer     *self);
struct _PlzLongPoll  *plz_server_get_long_poll (PlzServer     *self);
struct _PlzEvents    *plz_server_get_events    (PlzServer     *self);
struct _PlzStream    *plz_server_get_stream    (PlzServer     *self);
/* Services, availability, slots and bookings. */
struct _PlzBookings  *plz_server_get_bookings  (PlzServer     *self);
/* The durable jobs scheduler. */
struct _PlzJobs      *plz_server_get_jobs      (PlzServer     *self);
/* The moderation service: contact details policy and leak cases. */
struct _PlzModeration *plz_server_get_moderation (PlzServer   *self);

/* The configuration the server runs with. */
const PlzConfig *plz_server_get_config  (PlzServer            *self);

/* Seconds since plz_server_start. */
gint64      plz_server_get_uptime       (PlzServer            *self);

/* Requests read but not yet answered. */
guint       plz_server_get_in_flight    (PlzServer            *self);

/* Sockets allowed open at once (after plz_server_start; default: the
 * descriptor limit less a reserve); more wait in the kernel's queue. */
void        plz_server_set_max_connections (PlzServer         *self,
                                            guint              max_connections);

/* Accepted sockets still open, HTTP and WebSocket alike. Safe from any thread. */
guint       plz_server_get_n_connections   (PlzServer         *self);

/* Stops accepting, lets in-flight requests finish (at most @timeout_ms),
 * closes every connection and the store. */
void        plz_server_shutdown_async   (PlzServer            *self,
                                         guint                 timeout_ms,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);

/* Finishes plz_server_shutdown_async(); FALSE if requests were cut off. */
gboolean    plz_server_shutdown_finish  (PlzServer            *self,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
