/* plz-bench-ws.c — a WebSocket client for load: many connections on one
 * epoll set, framed by wslay, driven by plz_bench_ws_poll() */
#include "plz-bench-ws.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <wslay/wslay.h>

#define MAX_EVENTS 512

typedef enum
{
  STATE_CONNECTING,
  STATE_HANDSHAKE,  /* request sent, reading the 101 */
  STATE_OPEN,
  STATE_CLOSED,
} State;

struct _PlzBenchConn
{
  PlzBenchWs              *ws;
  int                      fd;
  guint                    index;
  State                    state;
  gboolean                 in_flush;
  gboolean                 want_out;
  gboolean                 rx_drained;
  gboolean                 rx_lost;
  wslay_event_context_ptr  ctx;
  GString                 *head;      /* the handshake answer, then bytes read past it */
  gsize                    head_off;  /* bytes of head already given to wslay */
  GByteArray              *out;
  gsize                    out_off;
  PlzBenchConn            *flush_next;
  gpointer                 data;
};

struct _PlzBenchWs
{
  int                  epfd;
  struct sockaddr_in   addr;
  char                *request;
  PlzBenchWsCallbacks  callbacks;
  gpointer             user_data;
  GPtrArray           *conns;       /* every connection ever started, by index */
  PlzBenchConn        *flush_head;
  guint                n_open;
  guint                n_pending;
  guint32              rand;
  struct epoll_event   events[MAX_EVENTS];
};

gint64
plz_bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
watch (PlzBenchConn *conn,
       int           op,
       guint32       events)
{
  struct epoll_event ev = { .events = events, .data.ptr = conn };

  epoll_ctl (conn->ws->epfd, op, conn->fd, &ev);
}

static void
schedule_flush (PlzBenchConn *conn)
{
  if (conn->in_flush)
    return;
  conn->in_flush = TRUE;
  conn->flush_next = conn->ws->flush_head;
  conn->ws->flush_head = conn;
}

static void
conn_close_now (PlzBenchConn *conn,
                guint16       code)
{
  PlzBenchWs *ws = conn->ws;
  State was = conn->state;

  if (was == STATE_CLOSED)
    return;
  conn->state = STATE_CLOSED;
  epoll_ctl (ws->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  close (conn->fd);
  conn->fd = -1;
  if (was == STATE_OPEN)
    ws->n_open--;
  else
    ws->n_pending--;
  g_clear_pointer (&conn->ctx, wslay_event_context_free);
  if (ws->callbacks.closed != NULL)
    ws->callbacks.closed (ws, conn, was == STATE_OPEN ? code : 0, ws->user_data);
}

static void
flush (PlzBenchConn *conn)
{
  while (conn->out_off < conn->out->len)
    {
      ssize_t n = send (conn->fd, conn->out->data + conn->out_off, conn->out->len - conn->out_off,
                        MSG_NOSIGNAL | MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (n < 0)
        {
          conn_close_now (conn, 1006);
          return;
        }
      conn->out_off += n;
    }
  if (conn->out_off == conn->out->len)
    {
      g_byte_array_set_size (conn->out, 0);
      conn->out_off = 0;
    }
  if (conn->want_out != (conn->out->len > 0))
    {
      conn->want_out = conn->out->len > 0;
      watch (conn, EPOLL_CTL_MOD, EPOLLIN | (conn->want_out ? EPOLLOUT : 0));
    }
}

static ssize_t
send_cb (wslay_event_context_ptr ctx,
         const uint8_t          *data,
         size_t                  len,
         int                     flags,
         gpointer                user_data)
{
  PlzBenchConn *conn = user_data;

  g_byte_array_append (conn->out, data, len);
  return len;
}

static ssize_t
recv_cb (wslay_event_context_ptr ctx,
         uint8_t                *buf,
         size_t                  len,
         int                     flags,
         gpointer                user_data)
{
  PlzBenchConn *conn = user_data;
  ssize_t n;

  /* Frames that came in with the handshake answer go first. */
  if (conn->head != NULL && conn->head_off < conn->head->len)
    {
      n = MIN (len, conn->head->len - conn->head_off);
      memcpy (buf, conn->head->str + conn->head_off, n);
      conn->head_off += n;
      return n;
    }
  if (conn->rx_drained)
    {
      wslay_event_set_error (ctx, WSLAY_ERR_WOULDBLOCK);
      return -1;
    }
  n = recv (conn->fd, buf, len, 0);
  if (n > 0)
    {
      if ((size_t) n < len)
        conn->rx_drained = TRUE;
      return n;
    }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    {
      wslay_event_set_error (ctx, WSLAY_ERR_WOULDBLOCK);
      return -1;
    }
  conn->rx_lost = TRUE;
  wslay_event_set_error (ctx, WSLAY_ERR_CALLBACK_FAILURE);
  return -1;
}

static int
genmask_cb (wslay_event_context_ptr ctx,
            uint8_t                *buf,
            size_t                  len,
            gpointer                user_data)
{
  PlzBenchConn *conn = user_data;

  for (size_t i = 0; i < len; i++)
    {
      /* xorshift: masks need not be strong here, only present. */
      conn->ws->rand ^= conn->ws->rand << 13;
      conn->ws->rand ^= conn->ws->rand >> 17;
      conn->ws->rand ^= conn->ws->rand << 5;
      buf[i] = conn->ws->rand;
    }
  return 0;
}

static void
msg_cb (wslay_event_context_ptr                    ctx,
        const struct wslay_event_on_msg_recv_arg *arg,
        gpointer                                   user_data)
{
  PlzBenchConn *conn = user_data;
  PlzBenchWs *ws = conn->ws;

  if (arg->opcode == WSLAY_TEXT_FRAME && ws->callbacks.text != NULL)
    ws->callbacks.text (ws, conn, (const char *) arg->msg, arg->msg_length, ws->user_data);
}

static const struct wslay_event_callbacks ws_callbacks = {
  recv_cb, send_cb, genmask_cb, NULL, NULL, NULL, msg_cb,
};

static void
read_frames (PlzBenchConn *conn)
{
  conn->rx_drained = FALSE;
  if (wslay_event_recv (conn->ctx) != 0 || conn->rx_lost)
    {
      conn_close_now (conn, wslay_event_get_close_received (conn->ctx) ?
                            wslay_event_get_status_code_received (conn->ctx) : 1006);
      return;
    }
  if (conn->head != NULL && conn->head_off == conn->head->len)
    {
      g_string_free (conn->head, TRUE);
      conn->head = NULL;
    }
  if (wslay_event_want_write (conn->ctx))
    {
      wslay_event_send (conn->ctx);
      schedule_flush (conn);
    }
  /* The server closes TCP after the handshake; nothing more to do here. */
  if (wslay_event_get_close_received (conn->ctx) && !wslay_event_want_write (conn->ctx))
    {
      flush (conn);
      conn_close_now (conn, wslay_event_get_status_code_received (conn->ctx));
    }
}

static void
read_handshake (PlzBenchConn *conn)
{
  PlzBenchWs *ws = conn->ws;
  char buf[4096];
  const char *end;
  ssize_t n = recv (conn->fd, buf, sizeof buf, 0);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n <= 0)
    {
      conn_close_now (conn, 0);
      return;
    }
  g_string_append_len (conn->head, buf, n);
  end = strstr (conn->head->str, "\r\n\r\n");
  if (end == NULL)
    return;
  if (!g_str_has_prefix (conn->head->str, "HTTP/1.1 101"))
    {
      conn_close_now (conn, 0);
      return;
    }
  conn->head_off = end + 4 - conn->head->str;
  wslay_event_context_client_init (&conn->ctx, &ws_callbacks, conn);
  conn->state = STATE_OPEN;
  ws->n_pending--;
  ws->n_open++;
  if (ws->callbacks.opened != NULL)
    ws->callbacks.opened (ws, conn, ws->user_data);
  if (conn->state == STATE_OPEN)
    read_frames (conn);
}

static void
connected (PlzBenchConn *conn)
{
  int error = 0;
  socklen_t len = sizeof error;
  gsize n = strlen (conn->ws->request);

  getsockopt (conn->fd, SOL_SOCKET, SO_ERROR, &error, &len);
  /* The request is small: it fits a fresh socket's buffer in one send. */
  if (error != 0 || send (conn->fd, conn->ws->request, n, MSG_NOSIGNAL) != (ssize_t) n)
    {
      conn_close_now (conn, 0);
      return;
    }
  conn->state = STATE_HANDSHAKE;
  conn->head = g_string_new (NULL);
  watch (conn, EPOLL_CTL_MOD, EPOLLIN);
}

PlzBenchWs *
plz_bench_ws_new (const char                *host,
                  guint16                    port,
                  const char                *path,
                  const PlzBenchWsCallbacks *callbacks,
                  gpointer                   user_data)
{
  PlzBenchWs *ws = g_new0 (PlzBenchWs, 1);

  ws->epfd = epoll_create1 (EPOLL_CLOEXEC);
  ws->addr.sin_family = AF_INET;
  ws->addr.sin_port = htons (port);
  if (inet_pton (AF_INET, host, &ws->addr.sin_addr) != 1)
    g_error ("“%s” is not an IPv4 address", host);
  ws->request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s:%u\r\nUpgrade: websocket\r\n"
                                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                 "Sec-WebSocket-Version: 13\r\n\r\n", path, host, port);
  ws->callbacks = *callbacks;
  ws->user_data = user_data;
  ws->conns = g_ptr_array_new ();
  ws->rand = 2463534242u;
  return ws;
}

guint
plz_bench_ws_connect (PlzBenchWs *ws,
                      guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      PlzBenchConn *conn;
      int one = 1;
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

      if (fd < 0)
        return i;
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      /* Spread over source addresses 127.0.0.2-9: with one, past ~14,000
       * connections (Linux gives connect() the even ports first) each connect
       * searches the whole port range, and opening 20,000 takes seconds. */
      if (ntohl (ws->addr.sin_addr.s_addr) >> 24 == 127)
        {
          struct sockaddr_in local = { .sin_family = AF_INET };

          local.sin_addr.s_addr = htonl ((127u << 24) | (2 + ws->conns->len % 8));
          setsockopt (fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
          bind (fd, (struct sockaddr *) &local, sizeof local);
        }
      if (connect (fd, (struct sockaddr *) &ws->addr, sizeof ws->addr) != 0 && errno != EINPROGRESS)
        {
          close (fd);
          return i;
        }
      conn = g_new0 (PlzBenchConn, 1);
      conn->ws = ws;
      conn->fd = fd;
      conn->index = ws->conns->len;
      conn->out = g_byte_array_new ();
      g_ptr_array_add (ws->conns, conn);
      ws->n_pending++;
      watch (conn, EPOLL_CTL_ADD, EPOLLOUT);
    }
  return n;
}

void
plz_bench_ws_poll (PlzBenchWs *ws,
                   int         timeout_ms)
{
  int n = epoll_wait (ws->epfd, ws->events, MAX_EVENTS, timeout_ms);

  for (int i = 0; i < n; i++)
    {
      PlzBenchConn *conn = ws->events[i].data.ptr;
      guint32 ev = ws->events[i].events;

      if (conn->state == STATE_CONNECTING)
        connected (conn);
      else if (conn->state == STATE_HANDSHAKE)
        read_handshake (conn);
      else if (conn->state == STATE_OPEN)
        {
          if (ev & EPOLLOUT)
            flush (conn);
          if (conn->state == STATE_OPEN && (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)))
            read_frames (conn);
        }
    }
  while (ws->flush_head != NULL)
    {
      PlzBenchConn *conn = ws->flush_head;

      ws->flush_head = conn->flush_next;
      conn->in_flush = FALSE;
      if (conn->state == STATE_OPEN && !conn->want_out)
        flush (conn);
    }
}

guint
plz_bench_ws_get_n_conns (PlzBenchWs *ws)
{
  return ws->conns->len;
}

PlzBenchConn *
plz_bench_ws_get_conn (PlzBenchWs *ws,
                       guint       index)
{
  g_return_val_if_fail (index < ws->conns->len, NULL);
  return ws->conns->pdata[index];
}

gboolean
plz_bench_conn_is_open (PlzBenchConn *conn)
{
  return conn->state == STATE_OPEN;
}

guint
plz_bench_ws_get_n_open (PlzBenchWs *ws)
{
  return ws->n_open;
}

guint
plz_bench_ws_get_n_pending (PlzBenchWs *ws)
{
  return ws->n_pending;
}

gboolean
plz_bench_conn_send_text (PlzBenchConn *conn,
                          const char   *text,
                          gsize         len)
{
  struct wslay_event_msg msg = { WSLAY_TEXT_FRAME, (const uint8_t *) text, len };

  if (conn->state != STATE_OPEN || wslay_event_queue_msg (conn->ctx, &msg) != 0)
    return FALSE;
  wslay_event_send (conn->ctx);
  schedule_flush (conn);
  return TRUE;
}

void
plz_bench_conn_close (PlzBenchConn *conn)
{
  if (conn->state != STATE_OPEN)
    return;
  wslay_event_queue_close (conn->ctx, 1000, NULL, 0);
  wslay_event_send (conn->ctx);
  schedule_flush (conn);
}

guint
plz_bench_conn_get_index (PlzBenchConn *conn)
{
  return conn->index;
}

void
plz_bench_conn_set_data (PlzBenchConn *conn,
                         gpointer      data)
{
  conn->data = data;
}

gpointer
plz_bench_conn_get_data (PlzBenchConn *conn)
{
  return conn->data;
}

void
plz_bench_ws_free (PlzBenchWs *ws)
{
  for (guint i = 0; i < ws->conns->len; i++)
    {
      PlzBenchConn *conn = ws->conns->pdata[i];

      if (conn->fd >= 0)
        close (conn->fd);
      g_clear_pointer (&conn->ctx, wslay_event_context_free);
      if (conn->head != NULL)
        g_string_free (conn->head, TRUE);
      g_byte_array_unref (conn->out);
      g_free (conn);
    }
  g_ptr_array_unref (ws->conns);
  close (ws->epfd);
  g_free (ws->request);
  g_free (ws);
}
