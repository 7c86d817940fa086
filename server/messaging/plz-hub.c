/* plz-hub.c — the live hub: every WebSocket served from one epoll set that
 * the main loop sees as a single source, framed by wslay.
 *
 * Why this shape: GLib's main loop costs ~1.8 µs per source per iteration,
 * so one GSource per socket makes every event pay for every idle link. Here
 * the loop sees one fd; per-connection work happens only for connections that
 * have input, output to flush, or a timer due. Idle connections also hold no
 * wslay context: contexts are pooled and only lent while a message is in
 * progress, which keeps an idle link to a few hundred bytes. */
#define G_LOG_DOMAIN "plaza-hub"

#include "plz-hub-private.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#define MAX_EVENTS   256
#define RX_BUDGET    (64 * 1024)  /* bytes read per connection per wakeup, for fairness */
#define POOL_MAX     64           /* idle wslay contexts kept for reuse */
#define OUT_KEEP     4096         /* output buffers above this are freed once flushed */

static const struct wslay_event_callbacks ws_callbacks;

/* ---- connection lists (one per timer: idle, pinged, closing) ------------ */

static void
list_unlink (PlzHub     *hub,
             PlzHubConn *conn)
{
  ConnList *list;

  if (conn->list == LIST_NONE)
    return;
  list = &hub->lists[conn->list];
  if (conn->prev != NULL)
    conn->prev->next = conn->next;
  else
    list->head = conn->next;
  if (conn->next != NULL)
    conn->next->prev = conn->prev;
  else
    list->tail = conn->prev;
  conn->prev = conn->next = NULL;
  conn->list = LIST_NONE;
}

/* Appends with @stamp = now: every list stays sorted by stamp. */
static void
list_append (PlzHub     *hub,
             PlzHubConn *conn,
             ListId      id)
{
  ConnList *list = &hub->lists[id];

  list_unlink (hub, conn);
  conn->list = id;
  conn->stamp = hub_now (hub);
  conn->prev = list->tail;
  if (list->tail != NULL)
    list->tail->next = conn;
  else
    list->head = conn;
  list->tail = conn;
}

/* ---- output ------------------------------------------------------------- */

static void
out_append (PlzHubConn *conn,
            const void *data,
            gsize       len)
{
  gsize need = conn->out_len + len;

  if (need > conn->out_cap)
    {
      gsize cap = MAX (conn->out_cap, 256);

      /* Drop what was already sent before growing. */
      if (conn->out_off > 0)
        {
          memmove (conn->out, conn->out + conn->out_off, conn->out_len - conn->out_off);
          conn->out_len -= conn->out_off;
          conn->out_off = 0;
          need = conn->out_len + len;
        }
      while (cap < need)
        cap *= 2;
      if (cap != conn->out_cap)
        {
          conn->out = g_realloc (conn->out, cap);
          conn->out_cap = cap;
        }
    }
  memcpy (conn->out + conn->out_len, data, len);
  conn->out_len += len;
}

static gsize
out_pending (PlzHubConn *conn)
{
  return conn->out_len - conn->out_off;
}

void
_plz_hub_conn_schedule_flush (PlzHubConn *conn)
{
  PlzHub *hub = conn->hub;

  if (conn->in_flush || hub == NULL)
    return;
  conn->in_flush = TRUE;
  conn->flush_next = hub->flush_head;
  hub->flush_head = plz_hub_conn_ref (conn);
}

static void
set_want_out (PlzHubConn *conn,
              gboolean    want)
{
  struct epoll_event ev = { 0 };

  if (conn->want_out == want)
    return;
  conn->want_out = want;
  ev.events = EPOLLIN | (want ? EPOLLOUT : 0);
  ev.data.ptr = conn;
  epoll_ctl (conn->hub->epfd, EPOLL_CTL_MOD, conn->fd, &ev);
}

/* Our close frame has reached the kernel. The server closes TCP first
 * (RFC 6455, 7.1.1): at once if the peer's close is in, else after a FIN
 * that tells the peer to answer, at the latest when the close timer fires. */
static void
close_written (PlzHubConn *conn)
{
  if (conn->peer_closed)
    {
      _plz_hub_conn_finish (conn);
      return;
    }
  if (!conn->wr_shut)
    {
      conn->wr_shut = TRUE;
      shutdown (conn->fd, SHUT_WR);
    }
}

/* One send() of everything waiting; EPOLLOUT only when the kernel is full. */
void
_plz_hub_conn_flush (PlzHubConn *conn)
{
  while (out_pending (conn) > 0)
    {
      gsize want = out_pending (conn);
      ssize_t n = send (conn->fd, conn->out + conn->out_off, want, MSG_NOSIGNAL | MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          set_want_out (conn, TRUE);
          return;
        }
      if (n < 0)
        {
          _plz_hub_conn_abort (conn);
          return;
        }
      conn->out_off += n;
      if ((gsize) n < want)
        {
          set_want_out (conn, TRUE);
          return;
        }
    }

  conn->out_off = conn->out_len = 0;
  if (conn->out_cap > OUT_KEEP || conn->state != CONN_OPEN)
    {
      g_clear_pointer (&conn->out, g_free);
      conn->out_cap = 0;
    }
  set_want_out (conn, FALSE);
  if (conn->close_queued)
    close_written (conn);
}

/* ws's and the shared framer's send callback: everything goes into the
 * connection's buffer (header and payload arrive separately), so wslay never
 * blocks and a flush is one send(). */
static ssize_t
ws_send_cb (wslay_event_context_ptr ctx,
            const uint8_t          *data,
            size_t                  len,
            int                     flags,
            gpointer                user_data)
{
  PlzHub *hub = user_data;

  out_append (hub->cur, data, len);
  return len;
}

static ssize_t
tx_send_cb (const uint8_t *data,
            size_t         len,
            int            flags,
            gpointer       user_data)
{
  PlzHub *hub = user_data;

  out_append (hub->tx_conn, data, len);
  return len;
}

static int
tx_genmask_cb (uint8_t *buf,
               size_t   len,
               gpointer user_data)
{
  return -1;  /* server frames are never masked */
}

/* Frames one unmasked message into @conn's buffer through the shared framer;
 * the callback always takes everything, so the framer is idle again after. */
void
_plz_hub_conn_frame (PlzHubConn *conn,
                     guint8      opcode,
                     const void *data,
                     gsize       len)
{
  PlzHub *hub = conn->hub;
  struct wslay_frame_iocb iocb = { 0 };

  iocb.fin = 1;
  iocb.opcode = opcode;
  iocb.payload_length = len;
  iocb.data = data;
  iocb.data_length = len;
  hub->tx_conn = conn;
  wslay_frame_send (hub->tx, &iocb);
  hub->tx_conn = NULL;
  _plz_hub_conn_schedule_flush (conn);
}

/* ---- wslay contexts, lent while a message is in progress ---------------- */

static gboolean
conn_take_ws (PlzHubConn *conn)
{
  PlzHub *hub = conn->hub;

  if (conn->ws != NULL)
    return TRUE;
  if (hub->pool->len > 0)
    conn->ws = g_ptr_array_steal_index_fast (hub->pool, hub->pool->len - 1);
  else if (wslay_event_context_server_init (&conn->ws, &ws_callbacks, hub) != 0)
    return FALSE;
  wslay_event_config_set_max_recv_msg_length (conn->ws, hub->options.max_message_size);
  wslay_event_set_error (conn->ws, 0);
  return TRUE;
}

/* A context is as good as new when its parser stopped on a frame boundary
 * outside a fragmented message and nothing is queued in it. */
static void
conn_release_ws (PlzHubConn *conn)
{
  PlzHub *hub = conn->hub;

  if (conn->ws == NULL || conn->state != CONN_OPEN || conn->hdr_len != 0 ||
      conn->payload_left != 0 || conn->in_fragment ||
      wslay_event_want_write (conn->ws) || !wslay_event_get_read_enabled (conn->ws))
    return;
  if (hub->pool->len < POOL_MAX)
    g_ptr_array_add (hub->pool, conn->ws);
  else
    wslay_event_context_free (conn->ws);
  conn->ws = NULL;
}

/* Moves frames wslay queued itself (pongs, close replies) into the buffer. */
static void
ws_send_now (PlzHubConn *conn)
{
  PlzHub *hub = conn->hub;
  PlzHubConn *saved;

  if (conn->ws == NULL || conn->in_wslay || !wslay_event_want_write (conn->ws))
    return;
  saved = hub->cur;
  hub->cur = conn;
  wslay_event_send (conn->ws);
  hub->cur = saved;
  if (wslay_event_get_close_sent (conn->ws))
    conn->close_queued = TRUE;
  _plz_hub_conn_schedule_flush (conn);
}

/* Tracks frame boundaries in the bytes handed to wslay, to know when its
 * context holds no partial frame and can go back to the pool. */
static void
scan_frames (PlzHubConn   *conn,
             const guint8 *p,
             gsize         n)
{
  while (n > 0)
    {
      guint need, len7;
      guint64 payload = 0;

      if (conn->payload_left > 0)
        {
          gsize k = MIN (n, conn->payload_left);

          p += k;
          n -= k;
          conn->payload_left -= k;
          continue;
        }
      conn->hdr[conn->hdr_len++] = *p++;
      n--;
      if (conn->hdr_len < 2)
        continue;
      len7 = conn->hdr[1] & 0x7f;
      need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((conn->hdr[1] & 0x80) ? 4 : 0);
      if (conn->hdr_len < need)
        continue;
      if (len7 < 126)
        payload = len7;
      else
        for (guint i = 0; i < (len7 == 126 ? 2u : 8u); i++)
          payload = (payload << 8) | conn->hdr[2 + i];
      if ((conn->hdr[0] & 0x08) == 0)  /* data frames, not control frames */
        conn->in_fragment = (conn->hdr[0] & 0x80) == 0;
      conn->payload_left = payload;
      conn->hdr_len = 0;
    }
}

/* Reads once, and again only while the kernel filled the whole buffer: a
 * short read means it is empty, so the EAGAIN call wslay would make is saved. */
static ssize_t
ws_recv_cb (wslay_event_context_ptr ctx,
            uint8_t                *buf,
            size_t                  len,
            int                     flags,
            gpointer                user_data)
{
  PlzHub *hub = user_data;
  PlzHubConn *conn = hub->cur;
  ssize_t n;

  if (conn->rx_drained || conn->rx_budget == 0)
    {
      wslay_event_set_error (ctx, WSLAY_ERR_WOULDBLOCK);
      return -1;
    }
  len = MIN (len, conn->rx_budget);
  do
    n = recv (conn->fd, buf, len, 0);
  while (n < 0 && errno == EINTR);

  if (n > 0)
    {
      conn->rx_got = TRUE;
      conn->rx_budget -= n;
      if ((size_t) n < len)
        conn->rx_drained = TRUE;
      scan_frames (conn, buf, n);
      return n;
    }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    {
      wslay_event_set_error (ctx, WSLAY_ERR_WOULDBLOCK);
      return -1;
    }
  conn->rx_lost = TRUE;  /* EOF or reset */
  wslay_event_set_error (ctx, WSLAY_ERR_CALLBACK_FAILURE);
  return -1;
}

/* Binary frames are refused before their payload is buffered. */
static void
ws_frame_start_cb (wslay_event_context_ptr                           ctx,
                   const struct wslay_event_on_frame_recv_start_arg *arg,
                   gpointer                                          user_data)
{
  PlzHub *hub = user_data;
  PlzHubConn *conn = hub->cur;
  static const char reason[] = "Binary frames are not accepted";

  if (arg->opcode != WSLAY_BINARY_FRAME || conn->state != CONN_OPEN)
    return;
  wslay_event_queue_close (ctx, PLZ_HUB_CLOSE_UNSUPPORTED, (const uint8_t *) reason, strlen (reason));
  wslay_event_shutdown_read (ctx);
  _plz_hub_conn_begin_closing (conn, PLZ_HUB_CLOSE_UNSUPPORTED);
}

static void
ws_msg_cb (wslay_event_context_ptr                    ctx,
           const struct wslay_event_on_msg_recv_arg *arg,
           gpointer                                   user_data)
{
  PlzHub *hub = user_data;
  PlzHubConn *conn = hub->cur;

  if (arg->opcode == WSLAY_TEXT_FRAME && conn->state == CONN_OPEN)
    {
      if (hub->callbacks.text != NULL)
        hub->callbacks.text (hub, conn, (const char *) arg->msg, arg->msg_length, hub->user_data);
    }
  else if (arg->opcode == WSLAY_CONNECTION_CLOSE)
    {
      conn->peer_closed = TRUE;
      _plz_hub_conn_begin_closing (conn, arg->status_code != 0 ? arg->status_code : 1005);
    }
}

static const struct wslay_event_callbacks ws_callbacks = {
  ws_recv_cb, ws_send_cb, NULL, ws_frame_start_cb, NULL, NULL, ws_msg_cb,
};

/* ---- connection life ---------------------------------------------------- */

void
_plz_hub_conn_begin_closing (PlzHubConn *conn,
                             guint16     code)
{
  PlzHub *hub = conn->hub;

  if (conn->state != CONN_OPEN)
    return;
  conn->state = CONN_CLOSING;
  conn->close_code = code;
  list_append (hub, conn, LIST_CLOSING);
  if (hub->callbacks.closed != NULL)
    {
      plz_hub_conn_ref (conn);
      hub->callbacks.closed (hub, conn, hub->user_data);
      plz_hub_conn_unref (conn);
    }
}

/* Closes the socket and lets go of the connection. While the hub is
 * dispatching, the last reference waits for the end of the batch, so events
 * already fetched for it are skipped rather than read from freed memory. */
void
_plz_hub_conn_finish (PlzHubConn *conn)
{
  PlzHub *hub = conn->hub;

  if (conn->state == CONN_CLOSED)
    return;
  if (conn->state == CONN_OPEN)
    _plz_hub_conn_begin_closing (conn, PLZ_HUB_CLOSE_ABNORMAL);
  conn->state = CONN_CLOSED;
  list_unlink (hub, conn);
  epoll_ctl (hub->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  g_socket_close (conn->socket, NULL);
  g_clear_pointer (&conn->ws, wslay_event_context_free);
  g_clear_pointer (&conn->out, g_free);
  conn->out_len = conn->out_off = conn->out_cap = 0;
  g_atomic_int_dec_and_test (&hub->n_conns);
  if (hub->dispatching)
    g_ptr_array_add (hub->dead, conn);
  else
    plz_hub_conn_unref (conn);
}

/* The link is gone or dead: no handshake is possible. */
void
_plz_hub_conn_abort (PlzHubConn *conn)
{
  _plz_hub_conn_begin_closing (conn, PLZ_HUB_CLOSE_ABNORMAL);
  _plz_hub_conn_finish (conn);
}

static void
conn_touch (PlzHubConn *conn)
{
  if (conn->list == LIST_IDLE || conn->list == LIST_PINGED)
    list_append (conn->hub, conn, LIST_IDLE);
}

/* After our close is out and the peer's is in (or will never come). */
static void
conn_discard_input (PlzHubConn *conn)
{
  PlzHub *hub = conn->hub;
  ssize_t n;

  do
    n = recv (conn->fd, hub->scratch, sizeof hub->scratch, 0);
  while (n < 0 && errno == EINTR);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
    _plz_hub_conn_finish (conn);
}

void
_plz_hub_conn_read (PlzHubConn *conn)
{
  PlzHub *hub = conn->hub;
  PlzHubConn *saved = hub->cur;
  int r;

  if (conn->state == CONN_CLOSING && (conn->ws == NULL || !wslay_event_get_read_enabled (conn->ws)))
    {
      conn_discard_input (conn);
      return;
    }
  if (!conn_take_ws (conn))
    {
      _plz_hub_conn_abort (conn);
      return;
    }

  conn->rx_drained = conn->rx_got = conn->rx_lost = FALSE;
  conn->rx_budget = RX_BUDGET;
  plz_hub_conn_ref (conn);
  hub->cur = conn;
  conn->in_wslay = TRUE;
  r = wslay_event_recv (conn->ws);
  conn->in_wslay = FALSE;
  hub->cur = saved;

  if (conn->state != CONN_CLOSED)
    {
      if (conn->rx_got && conn->state == CONN_OPEN)
        conn_touch (conn);
      if (r != 0 || conn->rx_lost)
        _plz_hub_conn_abort (conn);
      else
        {
          ws_send_now (conn);
          /* wslay queued a close itself: bad frame, too big, not UTF-8. */
          if (conn->state == CONN_OPEN && !wslay_event_get_read_enabled (conn->ws))
            _plz_hub_conn_begin_closing (conn, wslay_event_get_status_code_sent (conn->ws));
          conn_release_ws (conn);
        }
    }
  plz_hub_conn_unref (conn);
}

PlzHubConn *
_plz_hub_conn_new (PlzHub  *hub,
                   GSocket *socket)
{
  PlzHubConn *conn = g_new0 (PlzHubConn, 1);
  struct epoll_event ev = { 0 };
  int one = 1;

  conn->ref_count = 1;  /* the hub's, dropped by _plz_hub_conn_finish */
  conn->hub = hub;
  conn->socket = g_object_ref (socket);
  conn->fd = g_socket_get_fd (socket);
  conn->state = CONN_OPEN;
  conn->list = LIST_NONE;
  /* Small frames must not wait for Nagle; libsoup only sets this on
   * sockets it accepted itself. */
  setsockopt (conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ev.events = EPOLLIN;
  ev.data.ptr = conn;
  if (epoll_ctl (hub->epfd, EPOLL_CTL_ADD, conn->fd, &ev) != 0)
    {
      g_warning ("Cannot watch a WebSocket: %s", g_strerror (errno));
      g_socket_close (socket, NULL);
      g_object_unref (conn->socket);
      g_free (conn);
      return NULL;
    }
  list_append (hub, conn, LIST_IDLE);
  g_atomic_int_inc (&hub->n_conns);
  return conn;
}

/* ---- public connection API ---------------------------------------------- */

gboolean
plz_hub_conn_send_text (PlzHubConn *conn,
                        const char *text,
                        gssize      len)
{
  PlzHub *hub;
  gsize n;
  gboolean ok = TRUE;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  hub = conn->hub;
  if (hub == NULL || conn->state != CONN_OPEN)
    return FALSE;
  n = len < 0 ? strlen (text) : (gsize) len;

  plz_hub_conn_ref (conn);
  /* Over the cap: try the kernel first, then give up on a reader that
   * stopped reading. Its close frame still goes after what is queued. */
  if (out_pending (conn) + n + 14 > hub->options.max_buffered && !conn->want_out)
    _plz_hub_conn_flush (conn);
  if (conn->state != CONN_OPEN)
    ok = FALSE;
  else if (out_pending (conn) + n + 14 > hub->options.max_buffered)
    {
      g_debug ("Closing a WebSocket that reads too slowly (%zu bytes waiting)", out_pending (conn));
      plz_hub_conn_close (conn, PLZ_HUB_CLOSE_POLICY, "Too much output waiting: reading too slowly");
      ok = FALSE;
    }
  else
    _plz_hub_conn_frame (conn, WSLAY_TEXT_FRAME, text, n);
  plz_hub_conn_unref (conn);
  return ok;
}

void
plz_hub_conn_close (PlzHubConn *conn,
                    guint16     code,
                    const char *reason)
{
  gsize reason_len = reason != NULL ? strlen (reason) : 0;

  g_return_if_fail (conn != NULL);

  if (conn->hub == NULL || conn->state != CONN_OPEN)
    return;
  /* A reason must fit a control frame; cut at a character boundary. */
  if (reason_len > 123)
    reason_len = g_utf8_find_prev_char (reason, reason + 124) - reason;

  plz_hub_conn_ref (conn);
  if (!conn_take_ws (conn))
    _plz_hub_conn_abort (conn);
  else
    {
      wslay_event_queue_close (conn->ws, code, (const uint8_t *) reason, reason_len);
      _plz_hub_conn_begin_closing (conn, code);
      /* Inside this connection's own callbacks, _plz_hub_conn_read sends it
       * when wslay returns. */
      ws_send_now (conn);
    }
  plz_hub_conn_unref (conn);
}

gboolean
plz_hub_conn_is_open (PlzHubConn *conn)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  return conn->state == CONN_OPEN;
}

guint16
plz_hub_conn_get_close_code (PlzHubConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return conn->state == CONN_OPEN ? 0 : conn->close_code;
}

void
plz_hub_conn_set_data (PlzHubConn     *conn,
                       gpointer        data,
                       GDestroyNotify  destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (conn != NULL);

  old_data = conn->data;
  old_destroy = conn->data_destroy;
  conn->data = data;
  conn->data_destroy = destroy;
  if (old_destroy != NULL && old_data != NULL)
    old_destroy (old_data);
}

gpointer
plz_hub_conn_get_data (PlzHubConn *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return conn->data;
}

PlzHubConn *
plz_hub_conn_ref (PlzHubConn *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  conn->ref_count++;
  return conn;
}

void
plz_hub_conn_unref (PlzHubConn *conn)
{
  g_return_if_fail (conn != NULL);

  if (--conn->ref_count > 0)
    return;
  g_assert (conn->state == CONN_CLOSED);
  if (conn->data_destroy != NULL && conn->data != NULL)
    conn->data_destroy (conn->data);
  g_clear_object (&conn->socket);
  g_free (conn);
}

/* ---- the hub's source: epoll fd, flush list, one timer ------------------ */

static gint64
round_up (gint64 t,
          gint64 granularity)
{
  return ((t + granularity - 1) / granularity) * granularity;
}

/* The earliest deadline of the three sorted lists, rounded up so that
 * connections falling due together are handled in one wakeup. */
void
_plz_hub_schedule (PlzHub *hub)
{
  const PlzHubOptions *o = &hub->options;
  gint64 next = G_MAXINT64;
  gint64 gran = MIN (MIN (o->ping_interval_ms, o->ping_timeout_ms), o->close_timeout_ms) * 250;

  gran = CLAMP (gran, 1000, G_USEC_PER_SEC);
  if (hub->lists[LIST_IDLE].head != NULL)
    next = MIN (next, hub->lists[LIST_IDLE].head->stamp + (gint64) o->ping_interval_ms * 1000);
  if (hub->lists[LIST_PINGED].head != NULL)
    next = MIN (next, hub->lists[LIST_PINGED].head->stamp + (gint64) o->ping_timeout_ms * 1000);
  if (hub->lists[LIST_CLOSING].head != NULL)
    next = MIN (next, hub->lists[LIST_CLOSING].head->stamp + (gint64) o->close_timeout_ms * 1000);
  hub->tick_at = next == G_MAXINT64 ? -1 : round_up (next, gran);
  if (hub->source != NULL && g_source_get_ready_time (hub->source) != hub->tick_at)
    g_source_set_ready_time (hub->source, hub->tick_at);
}

static void
hub_tick (PlzHub *hub)
{
  const PlzHubOptions *o = &hub->options;
  gint64 now = hub_now (hub);
  PlzHubConn *conn;

  while ((conn = hub->lists[LIST_IDLE].head) != NULL &&
         conn->stamp + (gint64) o->ping_interval_ms * 1000 <= now)
    {
      _plz_hub_conn_frame (conn, WSLAY_PING, NULL, 0);
      list_append (hub, conn, LIST_PINGED);
    }
  while ((conn = hub->lists[LIST_PINGED].head) != NULL &&
         conn->stamp + (gint64) o->ping_timeout_ms * 1000 <= now)
    {
      g_debug ("Closing a WebSocket that stopped answering pings");
      _plz_hub_conn_abort (conn);
    }
  while ((conn = hub->lists[LIST_CLOSING].head) != NULL &&
         conn->stamp + (gint64) o->close_timeout_ms * 1000 <= now)
    _plz_hub_conn_finish (conn);
}

static void
hub_flush_all (PlzHub *hub)
{
  PlzHubConn *conn;

  while ((conn = hub->flush_head) != NULL)
    {
      hub->flush_head = conn->flush_next;
      conn->flush_next = NULL;
      conn->in_flush = FALSE;
      if (conn->state != CONN_CLOSED && !conn->want_out)
        _plz_hub_conn_flush (conn);
      plz_hub_conn_unref (conn);
    }
}

static gboolean
hub_source_prepare (GSource *source,
                    gint    *timeout)
{
  PlzHub *hub = ((HubSource *) source)->hub;

  *timeout = -1;
  return hub->flush_head != NULL;
}

static gboolean
hub_source_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  PlzHub *hub = ((HubSource *) source)->hub;

  hub->dispatching = TRUE;
  if (g_source_query_unix_fd (source, hub->fd_tag) & G_IO_IN)
    {
      int n = epoll_wait (hub->epfd, hub->events, MAX_EVENTS, 0);

      for (int i = 0; i < n; i++)
        {
          PlzHubConn *conn = hub->events[i].data.ptr;
          guint32 ev = hub->events[i].events;

          if (conn->state != CONN_CLOSED && (ev & EPOLLOUT))
            _plz_hub_conn_flush (conn);
          if (conn->state != CONN_CLOSED && (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)))
            _plz_hub_conn_read (conn);
        }
    }
  if (hub->tick_at >= 0 && hub_now (hub) >= hub->tick_at)
    hub_tick (hub);
  hub_flush_all (hub);
  hub->dispatching = FALSE;
  g_ptr_array_set_size (hub->dead, 0);
  _plz_hub_schedule (hub);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs hub_source_funcs = {
  hub_source_prepare, NULL, hub_source_dispatch, NULL, NULL, NULL,
};

/* ---- the hub ------------------------------------------------------------ */

void
plz_hub_options_init (PlzHubOptions *options)
{
  g_return_if_fail (options != NULL);

  options->max_message_size = 64 * 1024;
  options->max_buffered = 1024 * 1024;
  options->ping_interval_ms = 30000;
  options->ping_timeout_ms = 15000;
  options->close_timeout_ms = 5000;
}

PlzHub *
plz_hub_new (const PlzHubCallbacks *callbacks,
             gpointer               user_data)
{
  PlzHub *hub = g_new0 (PlzHub, 1);
  struct wslay_frame_callbacks tx_callbacks = { tx_send_cb, NULL, tx_genmask_cb };

  g_return_val_if_fail (callbacks != NULL, NULL);

  hub->ref_count = 1;
  hub->callbacks = *callbacks;
  hub->user_data = user_data;
  plz_hub_options_init (&hub->options);
  hub->tick_at = -1;
  hub->pool = g_ptr_array_new ();
  hub->dead = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_hub_conn_unref);
  if (wslay_frame_context_init (&hub->tx, &tx_callbacks, hub) != 0)
    g_error ("Out of memory for the WebSocket framer");
  hub->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (hub->epfd < 0)
    g_error ("Cannot make an epoll set: %s", g_strerror (errno));

  hub->source = g_source_new (&hub_source_funcs, sizeof (HubSource));
  ((HubSource *) hub->source)->hub = hub;
  g_source_set_static_name (hub->source, "[plaza] live hub");
  hub->fd_tag = g_source_add_unix_fd (hub->source, hub->epfd, G_IO_IN);
  /* Held so that the source can be destroyed even after the loop that ran
   * it has stopped and dropped the context. */
  hub->context = g_main_context_ref_thread_default ();
  g_source_attach (hub->source, hub->context);
  return hub;
}

void
plz_hub_set_options (PlzHub              *hub,
                     const PlzHubOptions *options)
{
  g_return_if_fail (hub != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (options->ping_interval_ms > 0 && options->ping_timeout_ms > 0 &&
                    options->close_timeout_ms > 0 && options->max_buffered > 0);

  hub->options = *options;
  _plz_hub_schedule (hub);
}

PlzHub *
_plz_hub_ref (PlzHub *hub)
{
  hub->ref_count++;
  return hub;
}

void
_plz_hub_unref (PlzHub *hub)
{
  if (--hub->ref_count > 0)
    return;
  g_free (hub);
}

void
plz_hub_free (PlzHub *hub)
{
  PlzHubConn *conn;

  if (hub == NULL)
    return;

  hub->freed = TRUE;
  hub->callbacks = (PlzHubCallbacks) { NULL, NULL, NULL };
  g_source_destroy (hub->source);
  g_clear_pointer (&hub->source, g_source_unref);
  g_main_context_unref (hub->context);
  for (ListId id = LIST_IDLE; id <= LIST_CLOSING; id++)
    while ((conn = hub->lists[id].head) != NULL)
      {
        plz_hub_conn_ref (conn);
        _plz_hub_conn_finish (conn);
        conn->hub = NULL;
        plz_hub_conn_unref (conn);
      }
  while ((conn = hub->flush_head) != NULL)
    {
      hub->flush_head = conn->flush_next;
      conn->in_flush = FALSE;
      conn->hub = NULL;
      plz_hub_conn_unref (conn);
    }
  g_ptr_array_free (hub->dead, TRUE);
  for (guint i = 0; i < hub->pool->len; i++)
    wslay_event_context_free (hub->pool->pdata[i]);
  g_ptr_array_free (hub->pool, TRUE);
  wslay_frame_context_free (hub->tx);
  close (hub->epfd);
  _plz_hub_unref (hub);
}

void
plz_hub_close_all (PlzHub     *hub,
                   guint16     code,
                   const char *reason)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_hub_conn_unref);

  g_return_if_fail (hub != NULL);

  for (ListId id = LIST_IDLE; id <= LIST_PINGED; id++)
    for (PlzHubConn *conn = hub->lists[id].head; conn != NULL; conn = conn->next)
      g_ptr_array_add (open, plz_hub_conn_ref (conn));
  for (guint i = 0; i < open->len; i++)
    plz_hub_conn_close (open->pdata[i], code, reason);
}

guint
plz_hub_get_n_connections (PlzHub *hub)
{
  g_return_val_if_fail (hub != NULL, 0);
  return g_atomic_int_get (&hub->n_conns);
}
