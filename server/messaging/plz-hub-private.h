/* plz-hub-private.h — the hub's insides, shared by plz-hub.c (the loop and
 * framing) and plz-hub-upgrade.c (the handshake, the only libsoup part) */
#pragma once

#include "plz-hub.h"

#include <sys/epoll.h>
#include <wslay/wslay.h>

G_BEGIN_DECLS

typedef enum
{
  CONN_OPEN,
  CONN_CLOSING,  /* close frame sent or received; waiting for the other side */
  CONN_CLOSED,   /* socket closed, out of the epoll set */
} ConnState;

/* Each connection is on one timer list, sorted by stamp. */
typedef enum
{
  LIST_NONE = -1,
  LIST_IDLE,     /* stamp: last byte received; pinged after ping_interval */
  LIST_PINGED,   /* stamp: ping sent; closed after ping_timeout */
  LIST_CLOSING,  /* stamp: close started; socket closed after close_timeout */
  N_LISTS
} ListId;

typedef struct
{
  PlzHubConn *head;
  PlzHubConn *tail;
} ConnList;

struct _PlzHubConn
{
  int                      ref_count;
  int                      fd;
  PlzHub                  *hub;         /* NULL once the hub is freed */
  GSocket                 *socket;      /* owns the fd; libsoup let go of it */
  wslay_event_context_ptr  ws;          /* lent from the pool while a message is in progress */

  guint8                  *out;         /* framed output not yet sent */
  gsize                    out_len;
  gsize                    out_off;
  gsize                    out_cap;

  gint64                   stamp;
  PlzHubConn              *prev;
  PlzHubConn              *next;
  PlzHubConn              *flush_next;

  gpointer                 data;
  GDestroyNotify           data_destroy;

  guint64                  payload_left; /* frame boundary scanner */
  gsize                    rx_budget;
  guint8                   hdr[14];
  guint8                   hdr_len;
  gint8                    list;
  guint8                   state;
  guint16                  close_code;

  guint                    in_flush : 1;
  guint                    in_wslay : 1;
  guint                    in_fragment : 1;
  guint                    want_out : 1;  /* EPOLLOUT registered */
  guint                    peer_closed : 1;
  guint                    close_queued : 1;
  guint                    wr_shut : 1;
  guint                    rx_drained : 1;
  guint                    rx_got : 1;
  guint                    rx_lost : 1;
};

struct _PlzHub
{
  int                      ref_count;    /* the owner's, plus upgrades in progress */
  int                      epfd;
  gint                     n_conns;      /* atomic */
  gboolean                 freed;
  gboolean                 dispatching;
  PlzHubCallbacks          callbacks;
  gpointer                 user_data;
  PlzHubOptions            options;

  GMainContext            *context;
  GSource                 *source;
  gpointer                 fd_tag;
  gint64                   tick_at;      /* -1: no timer */

  ConnList                 lists[N_LISTS];
  PlzHubConn              *flush_head;
  GPtrArray               *dead;         /* finished during a dispatch, freed after it */
  GPtrArray               *pool;         /* idle wslay contexts */
  wslay_frame_context_ptr  tx;           /* frames app messages and pings */
  PlzHubConn              *tx_conn;
  PlzHubConn              *cur;          /* whose wslay context is running */

  struct epoll_event       events[256];
  guint8                   scratch[4096];
};

typedef struct
{
  GSource  parent;
  PlzHub  *hub;
} HubSource;

static inline gint64
hub_now (PlzHub *hub)
{
  return hub->source != NULL ? g_source_get_time (hub->source) : g_get_monotonic_time ();
}

PlzHub     *_plz_hub_ref                (PlzHub     *hub);
void        _plz_hub_unref              (PlzHub     *hub);
void        _plz_hub_schedule           (PlzHub     *hub);

/* Takes a ref on @socket and watches it; NULL if epoll refused it. */
PlzHubConn *_plz_hub_conn_new           (PlzHub     *hub,
                                         GSocket    *socket);
void        _plz_hub_conn_read          (PlzHubConn *conn);
void        _plz_hub_conn_flush         (PlzHubConn *conn);
void        _plz_hub_conn_schedule_flush (PlzHubConn *conn);
void        _plz_hub_conn_frame         (PlzHubConn *conn,
                                         guint8      opcode,
                                         const void *data,
                                         gsize       len);
void        _plz_hub_conn_begin_closing (PlzHubConn *conn,
                                         guint16     code);
void        _plz_hub_conn_finish        (PlzHubConn *conn);
void        _plz_hub_conn_abort         (PlzHubConn *conn);

G_END_DECLS
