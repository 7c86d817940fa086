/* plz-connection.h — the client's link to the server and its visible state */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  PLZ_CONNECTION_STATE_CONNECTING,
  PLZ_CONNECTION_STATE_ONLINE,
  PLZ_CONNECTION_STATE_OFFLINE,
} PlzConnectionState;

#define PLZ_TYPE_CONNECTION_STATE (plz_connection_state_get_type ())
#define PLZ_TYPE_CONNECTION (plz_connection_get_type ())

/* The GType of PlzConnectionState. */
GType plz_connection_state_get_type (void);

G_DECLARE_FINAL_TYPE (PlzConnection, plz_connection, PLZ, CONNECTION, GObject)

/* A connection to the server at @server_url; it checks nothing until started. */
PlzConnection      *plz_connection_new               (const char *server_url);

/* The current state: connecting until the first check ends, then online or offline. */
PlzConnectionState  plz_connection_get_state         (PlzConnection *self);

/* The server's base address, e.g. "http://127.0.0.1:8470". */
const char         *plz_connection_get_server_url    (PlzConnection *self);

/* Points the connection at @server_url; the state goes back to connecting. */
void                plz_connection_set_server_url    (PlzConnection *self,
                                                      const char    *server_url);

/* The version the server reported in its last health answer, or NULL. */
const char         *plz_connection_get_server_version (PlzConnection *self);

/* Why the last check failed, in words for people, or NULL when online. */
const char         *plz_connection_get_last_error    (PlzConnection *self);

/* The HTTP session every request to the server goes through. */
SoupSession        *plz_connection_get_session       (PlzConnection *self);

/* Starts periodic health checks: every 5 s online, backing off to 30 s offline. */
void                plz_connection_start             (PlzConnection *self);

/* Stops periodic checks and cancels the one in flight. */
void                plz_connection_stop              (PlzConnection *self);

/* Checks now and restarts the backoff; starts periodic checks if stopped. */
void                plz_connection_reconnect         (PlzConnection *self);

/* Asks the server's health endpoint once and updates the state. */
void                plz_connection_check_async       (PlzConnection       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);

/* TRUE when the server answered healthy; otherwise FALSE with @error set. */
gboolean            plz_connection_check_finish      (PlzConnection  *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);

G_END_DECLS
