/* plz-hub.h — the live hub: every WebSocket served from one epoll set that
 * the main loop sees as a single source, framed by wslay */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _PlzHub     PlzHub;
typedef struct _PlzHubConn PlzHubConn;

/* Close codes the hub uses itself (RFC 6455, 7.4.1). */
#define PLZ_HUB_CLOSE_NORMAL        1000
#define PLZ_HUB_CLOSE_GOING_AWAY    1001  /* server shutting down (plz_hub_close_all) */
#define PLZ_HUB_CLOSE_PROTOCOL      1002
#define PLZ_HUB_CLOSE_UNSUPPORTED   1003  /* binary frames */
#define PLZ_HUB_CLOSE_ABNORMAL      1006  /* link lost or dead: no close frame either way */
#define PLZ_HUB_CLOSE_INVALID_DATA  1007  /* text that is not UTF-8 */
#define PLZ_HUB_CLOSE_POLICY        1008  /* slow reader: too much output waiting */
#define PLZ_HUB_CLOSE_TOO_BIG       1009

/* Called in the thread-default main context the hub was made in. A
 * connection's data may be sent to from any callback, including for other
 * connections. @text's @data is valid UTF-8 and is not NUL-terminated. After
 * @closed nothing more arrives on the connection and sends are dropped; the
 * socket may linger briefly for the closing handshake. */
typedef struct
{
  void (*opened) (PlzHub *hub, PlzHubConn *conn, gpointer user_data);
  void (*text)   (PlzHub *hub, PlzHubConn *conn, const char *data, gsize len, gpointer user_data);
  void (*closed) (PlzHub *hub, PlzHubConn *conn, gpointer user_data);
} PlzHubCallbacks;

typedef struct
{
  gsize max_message_size;  /* larger text messages are refused with 1009 (default 64 KiB) */
  gsize max_buffered;      /* output waiting for a slow reader before it is closed with
                            * 1008 (default 1 MiB) */
  guint ping_interval_ms;  /* a link silent this long is pinged (default 30 s) */
  guint ping_timeout_ms;   /* and closed if still silent this much later (default 15 s) */
  guint close_timeout_ms;  /* time the closing handshake may take (default 5 s) */
} PlzHubOptions;

/* Fills @options with the defaults. */
void        plz_hub_options_init        (PlzHubOptions         *options);

/* Makes a hub serving its connections in the thread-default main context. */
PlzHub     *plz_hub_new                 (const PlzHubCallbacks *callbacks,
                                         gpointer               user_data);

/* Changes the limits and timers; applies to new frames and the next tick. */
void        plz_hub_set_options         (PlzHub                *hub,
                                         const PlzHubOptions   *options);

/* Closes every connection at once (no handshake, no callbacks) and frees
 * @hub. Connections still referenced elsewhere stay valid but closed. */
void        plz_hub_free                (PlzHub                *hub);

/* Starts the closing handshake on every open connection with @code. */
void        plz_hub_close_all           (PlzHub                *hub,
                                         guint16                code,
                                         const char            *reason);

/* Answers a WebSocket handshake from an ordinary libsoup handler: 101, and
 * once that is written the socket leaves libsoup for the hub (@opened runs
 * then). Anything else is answered 426 (not an upgrade) or 400 (a bad
 * handshake) in the API's error shape, and FALSE returned with @error set. */
gboolean    plz_hub_upgrade             (PlzHub                *hub,
                                         SoupServerMessage     *msg,
                                         GError               **error);

/* Open connections plus those still closing. Safe from any thread. */
guint       plz_hub_get_n_connections   (PlzHub                *hub);

/* Queues a text frame (@len -1: NUL-terminated); it goes out with the
 * connection's other output in one send() when the loop is next idle. FALSE
 * when the connection is not open (or was just closed as a slow reader). */
gboolean    plz_hub_conn_send_text      (PlzHubConn            *conn,
                                         const char            *text,
                                         gssize                 len);

/* Starts the closing handshake with @code (1000, or 3000-4999 for the
 * application) and @reason (at most 123 bytes, may be NULL). */
void        plz_hub_conn_close          (PlzHubConn            *conn,
                                         guint16                code,
                                         const char            *reason);

/* TRUE until the connection starts closing. */
gboolean    plz_hub_conn_is_open        (PlzHubConn            *conn);

/* The close code sent or received (1006 when the link was lost), 0 while open. */
guint16     plz_hub_conn_get_close_code (PlzHubConn            *conn);

/* Application data, freed with @destroy when replaced or when the connection is freed. */
void        plz_hub_conn_set_data       (PlzHubConn            *conn,
                                         gpointer               data,
                                         GDestroyNotify         destroy);

/* The data set with plz_hub_conn_set_data(), or NULL. */
gpointer    plz_hub_conn_get_data       (PlzHubConn            *conn);

/* Adds a reference; a connection outlives the hub's use of it while held. */
PlzHubConn *plz_hub_conn_ref            (PlzHubConn            *conn);

/* Drops a reference. */
void        plz_hub_conn_unref          (PlzHubConn            *conn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzHubConn, plz_hub_conn_unref)

G_END_DECLS
