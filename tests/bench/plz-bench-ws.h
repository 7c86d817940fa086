/* plz-bench-ws.h — a WebSocket client for load: many connections on one
 * epoll set, framed by wslay, driven by plz_bench_ws_poll() (no main loop) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PlzBenchWs   PlzBenchWs;
typedef struct _PlzBenchConn PlzBenchConn;

typedef struct
{
  void (*opened) (PlzBenchWs *ws, PlzBenchConn *conn, gpointer user_data);
  void (*text)   (PlzBenchWs *ws, PlzBenchConn *conn, const char *data, gsize len,
                  gpointer user_data);
  /* @code: the server's close code, 1006 when the link was lost, 0 when the
   * connect or the handshake failed. */
  void (*closed) (PlzBenchWs *ws, PlzBenchConn *conn, guint16 code, gpointer user_data);
} PlzBenchWsCallbacks;

/* A client for ws://@host:@port@path (an IPv4 address). */
PlzBenchWs *plz_bench_ws_new          (const char                *host,
                                       guint16                    port,
                                       const char                *path,
                                       const PlzBenchWsCallbacks *callbacks,
                                       gpointer                   user_data);

/* Closes every connection at once and frees @ws. */
void        plz_bench_ws_free         (PlzBenchWs                *ws);

/* Starts @n non-blocking connects (the handshake follows by itself); returns
 * how many started, fewer when out of descriptors. */
guint       plz_bench_ws_connect      (PlzBenchWs                *ws,
                                       guint                      n);

/* Waits up to @timeout_ms (0: not at all) for events, runs the callbacks,
 * then sends everything queued, one send() per connection. */
void        plz_bench_ws_poll         (PlzBenchWs                *ws,
                                       int                        timeout_ms);

/* Every connection started, by index (open or not). */
guint         plz_bench_ws_get_n_conns (PlzBenchWs              *ws);
PlzBenchConn *plz_bench_ws_get_conn    (PlzBenchWs              *ws,
                                        guint                    index);

/* Connections open, and still connecting or in the handshake. */
guint       plz_bench_ws_get_n_open    (PlzBenchWs               *ws);
guint       plz_bench_ws_get_n_pending (PlzBenchWs               *ws);

/* TRUE while the connection is open. */
gboolean    plz_bench_conn_is_open    (PlzBenchConn              *conn);

/* Queues a masked text frame; FALSE when the connection is not open. */
gboolean    plz_bench_conn_send_text  (PlzBenchConn              *conn,
                                       const char                *text,
                                       gsize                      len);

/* Starts the closing handshake with 1000. */
void        plz_bench_conn_close      (PlzBenchConn              *conn);

/* Connections are numbered from 0 in the order they were started. */
guint       plz_bench_conn_get_index  (PlzBenchConn              *conn);

/* A pointer for the caller; not freed. */
void        plz_bench_conn_set_data   (PlzBenchConn              *conn,
                                       gpointer                   data);
gpointer    plz_bench_conn_get_data   (PlzBenchConn              *conn);

/* CLOCK_MONOTONIC in nanoseconds, for latencies. */
gint64      plz_bench_now_ns          (void);

G_END_DECLS
