/* test-hub.c — the live hub: echo, relay, many links, close codes for bad
 * frames, pings, dead peers, slow readers, graceful shutdown, bad upgrades */
#include "plz-test-server.h"
#include "messaging/plz-hub.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <arpa/inet.h>

/* ---- the server side: a hub behind a test route, driven by text commands:
 *   echo:TEXT        answers TEXT
 *   to:ID:TEXT       sends TEXT to connection ID (each gets "id:N" on open)
 *   flood:N:SIZE     sends N messages of SIZE bytes, until a send is refused
 *   close:CODE       closes with CODE
 * Everything here runs in the server's thread; the test reads the record
 * under the lock. */

typedef struct
{
  guint id;
} ConnInfo;

static PlzHub        *hub;
static PlzHubOptions  hub_options;
static GHashTable    *conns_by_id;   /* server thread only */
static guint          next_id;

static GMutex         record_lock;
static guint          n_opened;
static GArray        *close_codes;   /* guint16, as the closed callback saw them */
static guint          n_refused_sends;

static void
opened_cb (PlzHub     *h,
           PlzHubConn *conn,
           gpointer    user_data)
{
  ConnInfo *info = g_new0 (ConnInfo, 1);
  g_autofree char *hello = NULL;

  info->id = ++next_id;
  plz_hub_conn_set_data (conn, info, g_free);
  g_hash_table_insert (conns_by_id, GUINT_TO_POINTER (info->id), conn);
  hello = g_strdup_printf ("id:%u", info->id);
  g_assert_true (plz_hub_conn_send_text (conn, hello, -1));
  g_mutex_lock (&record_lock);
  n_opened++;
  g_mutex_unlock (&record_lock);
}

static void
text_cb (PlzHub     *h,
         PlzHubConn *conn,
         const char *data,
         gsize       len,
         gpointer    user_data)
{
  g_autofree char *text = g_strndup (data, len);

  g_assert_true (g_utf8_validate (data, len, NULL));
  if (g_str_has_prefix (text, "echo:"))
    plz_hub_conn_send_text (conn, text + 5, len - 5);
  else if (g_str_has_prefix (text, "to:"))
    {
      char *end;
      guint id = strtoul (text + 3, &end, 10);
      PlzHubConn *to = g_hash_table_lookup (conns_by_id, GUINT_TO_POINTER (id));

      if (to != NULL && *end == ':')
        plz_hub_conn_send_text (to, end + 1, -1);
    }
  else if (g_str_has_prefix (text, "flood:"))
    {
      char *end;
      guint n = strtoul (text + 6, &end, 10);
      gsize size = strtoul (end + 1, NULL, 10);
      g_autofree char *chunk = g_malloc (size);

      memset (chunk, 'x', size);
      for (guint i = 0; i < n; i++)
        if (!plz_hub_conn_send_text (conn, chunk, size))
          {
            g_mutex_lock (&record_lock);
            n_refused_sends++;
            g_mutex_unlock (&record_lock);
            break;
          }
    }
  else if (g_str_has_prefix (text, "close:"))
    plz_hub_conn_close (conn, strtoul (text + 6, NULL, 10), "asked to");
}

static void
closed_cb (PlzHub     *h,
           PlzHubConn *conn,
           gpointer    user_data)
{
  ConnInfo *info = plz_hub_conn_get_data (conn);
  guint16 code = plz_hub_conn_get_close_code (conn);

  g_assert_false (plz_hub_conn_is_open (conn));
  g_assert_false (plz_hub_conn_send_text (conn, "too late", -1));
  g_hash_table_remove (conns_by_id, GUINT_TO_POINTER (info->id));
  g_mutex_lock (&record_lock);
  g_array_append_val (close_codes, code);
  g_mutex_unlock (&record_lock);
}

static const PlzHubCallbacks callbacks = { opened_cb, text_cb, closed_cb };

static void
ws_handler (PlzRequest *request)
{
  if (hub == NULL)
    {
      hub = plz_hub_new (&callbacks, NULL);
      plz_hub_set_options (hub, &hub_options);
    }
  plz_hub_upgrade (hub, request->msg, NULL);
}

static void
close_all_handler (PlzRequest *request)
{
  if (hub != NULL)
    plz_hub_close_all (hub, PLZ_HUB_CLOSE_GOING_AWAY, "Server shutting down");
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static const PlzRoute routes[] = {
  { "GET",  "/test/ws",           PLZ_ACCESS_ANYONE, ws_handler },
  { "POST", "/test/ws/close-all", PLZ_ACCESS_ANYONE, close_all_handler },
};

/* ---- the test side ------------------------------------------------------ */

typedef struct
{
  PlzTestServer *ts;
  SoupSession   *session;
  guint          port;
} Fixture;

static guint
n_conns (void)
{
  return hub != NULL ? plz_hub_get_n_connections (hub) : 0;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Spins the test's main context until @cond holds; FALSE after @ms. */
#define WAIT_FOR(cond, ms) \
  G_STMT_START { \
    gint64 end_ = g_get_monotonic_time () + (ms) * 1000; \
    while (!(cond) && g_get_monotonic_time () < end_) \
      if (!g_main_context_iteration (NULL, FALSE)) \
        g_usleep (1000); \
    if (!(cond)) \
      g_error ("Timed out after %u ms waiting for %s", (guint) (ms), #cond); \
  } G_STMT_END

static guint
n_closed_with (guint16 code)
{
  guint n = 0;

  g_mutex_lock (&record_lock);
  for (guint i = 0; i < close_codes->len; i++)
    n += g_array_index (close_codes, guint16, i) == code;
  g_mutex_unlock (&record_lock);
  return n;
}

static guint
n_closed (void)
{
  guint n;

  g_mutex_lock (&record_lock);
  n = close_codes->len;
  g_mutex_unlock (&record_lock);
  return n;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const PlzHubOptions *options = data;
  g_autoptr(GUri) uri = NULL;
  PlzConfig *config;

  if (options != NULL)
    hub_options = *options;
  else
    {
      plz_hub_options_init (&hub_options);
      hub_options.max_message_size = 1024;
    }
  conns_by_id = g_hash_table_new (NULL, NULL);
  close_codes = g_array_new (FALSE, FALSE, sizeof (guint16));
  n_opened = n_refused_sends = next_id = 0;
  config = plz_config_new ();
  g_clear_pointer (&config->data_dir, g_free);  /* a temporary one */
  f->ts = plz_test_server_new_with_routes (config, routes, G_N_ELEMENTS (routes));
  f->session = soup_session_new ();
  uri = g_uri_parse (plz_test_server_get_url (f->ts), G_URI_FLAGS_NONE, NULL);
  f->port = g_uri_get_port (uri);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  spin (10);
  g_clear_pointer (&f->ts, plz_test_server_free);
  /* The server thread has stopped: nothing else touches the hub now. */
  g_clear_pointer (&hub, plz_hub_free);
  g_clear_pointer (&conns_by_id, g_hash_table_unref);
  g_clear_pointer (&close_codes, g_array_unref);
}

/* A libsoup WebSocket client, recording what arrives. */
typedef struct
{
  SoupWebsocketConnection *ws;
  GQueue                   received;  /* char * */
  gboolean                 closed;
} Client;

static void
client_message_cb (SoupWebsocketConnection *ws,
                   gint                     type,
                   GBytes                  *message,
                   Client                  *c)
{
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  g_queue_push_tail (&c->received, g_strndup (data, len));
}

static void
client_closed_cb (SoupWebsocketConnection *ws,
                  Client                  *c)
{
  c->closed = TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Client *c = user_data;
  g_autoptr(GError) error = NULL;

  c->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static Client *
client_new (Fixture *f)
{
  Client *c = g_new0 (Client, 1);
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/test/ws", f->port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, c);
  WAIT_FOR (c->ws != NULL, 5000);
  g_signal_connect (c->ws, "message", G_CALLBACK (client_message_cb), c);
  g_signal_connect (c->ws, "closed", G_CALLBACK (client_closed_cb), c);
  /* Every connection is greeted with its id. */
  WAIT_FOR (c->received.length > 0, 5000);
  return c;
}

/* The next message, waiting for it; owned by the caller. */
static char *
client_next (Client *c)
{
  WAIT_FOR (c->received.length > 0 || c->closed, 5000);
  return g_queue_pop_head (&c->received);
}

static guint
client_id (Client *c)
{
  const char *hello = g_queue_peek_head (&c->received);

  g_assert_true (g_str_has_prefix (hello, "id:"));
  return strtoul (hello + 3, NULL, 10);
}

static void
client_free (Client *c)
{
  if (c->ws != NULL && soup_websocket_connection_get_state (c->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      soup_websocket_connection_close (c->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      WAIT_FOR (c->closed, 5000);
    }
  g_clear_object (&c->ws);
  g_queue_clear_full (&c->received, g_free);
  g_free (c);
}

/* A raw client on a blocking socket, for frames libsoup would not send. */
static int
raw_connect (Fixture *f,
             int      rcvbuf)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (f->port) };
  struct timeval tv = { 5, 0 };
  const char *request = "GET /test/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n";
  g_autoptr(GString) answer = g_string_new (NULL);
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  char ch;

  g_assert_cmpint (fd, >=, 0);
  if (rcvbuf > 0)
    setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  inet_pton (AF_INET, "127.0.0.1", &addr.sin_addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (write (fd, request, strlen (request)), ==, (gssize) strlen (request));
  /* Byte by byte, so that nothing after the headers is swallowed. */
  while (!g_str_has_suffix (answer->str, "\r\n\r\n") && read (fd, &ch, 1) == 1)
    g_string_append_c (answer, ch);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 101"));
  g_assert_nonnull (strstr (answer->str, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
  g_assert_null (g_strrstr (answer->str, "close"));
  return fd;
}

static void
raw_send (int         fd,
          guint8      first_byte,
          const void *data,
          gsize       len,
          gboolean    masked)
{
  static const guint8 key[4] = { 0x37, 0xfa, 0x21, 0x3d };
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  guint8 b;

  g_byte_array_append (frame, &first_byte, 1);
  if (len < 126)
    {
      b = (masked ? 0x80 : 0) | len;
      g_byte_array_append (frame, &b, 1);
    }
  else
    {
      guint8 ext[3] = { (masked ? 0x80 : 0) | 126, len >> 8, len & 0xff };

      g_assert_cmpuint (len, <, 65536);
      g_byte_array_append (frame, ext, 3);
    }
  if (masked)
    g_byte_array_append (frame, key, 4);
  for (gsize i = 0; i < len; i++)
    {
      b = ((const guint8 *) data)[i] ^ (masked ? key[i % 4] : 0);
      g_byte_array_append (frame, &b, 1);
    }
  g_assert_cmpint (write (fd, frame->data, frame->len), ==, (gssize) frame->len);
}

static gboolean
read_exact (int     fd,
            guint8 *buf,
            gsize   len)
{
  gsize got = 0;

  while (got < len)
    {
      ssize_t n = read (fd, buf + got, len - got);

      if (n <= 0)
        return FALSE;
      got += n;
    }
  return TRUE;
}

/* Reads one server frame: its opcode (-1 at EOF) and payload. */
static int
raw_read (int         fd,
          GByteArray *payload)
{
  guint8 h[2];
  guint64 len;

  g_byte_array_set_size (payload, 0);
  if (!read_exact (fd, h, 2))
    return -1;
  g_assert_cmpint (h[1] & 0x80, ==, 0);  /* servers never mask */
  len = h[1] & 0x7f;
  if (len >= 126)
    {
      guint8 ext[8];
      guint n = len == 126 ? 2 : 8;

      g_assert_true (read_exact (fd, ext, n));
      len = 0;
      for (guint i = 0; i < n; i++)
        len = (len << 8) | ext[i];
    }
  g_byte_array_set_size (payload, len);
  g_assert_true (read_exact (fd, payload->data, len));
  return h[0] & 0x0f;
}

static guint16
raw_close_code (GByteArray *payload)
{
  g_assert_cmpuint (payload->len, >=, 2);
  return (payload->data[0] << 8) | payload->data[1];
}

/* Reads past the greeting, then expects a close with @code and EOF. */
static void
raw_expect_close (int     fd,
                  guint16 code)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  int opcode;

  while ((opcode = raw_read (fd, payload)) == 0x1)
    ;
  g_assert_cmpint (opcode, ==, 0x8);
  g_assert_cmpuint (raw_close_code (payload), ==, code);
  /* We answer, then the server closes TCP. */
  raw_send (fd, 0x88, payload->data, 2, TRUE);
  g_assert_cmpint (raw_read (fd, payload), ==, -1);
  close (fd);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  Client *c = client_new (f);
  g_autofree char *hello = client_next (c);
  g_autofree char *answer = NULL;
  g_autofree char *unicode = NULL;

  g_assert_true (g_str_has_prefix (hello, "id:"));
  g_assert_cmpuint (n_conns (), ==, 1);
  soup_websocket_connection_send_text (c->ws, "echo:hello");
  answer = client_next (c);
  g_assert_cmpstr (answer, ==, "hello");
  soup_websocket_connection_send_text (c->ws, "echo:Sawubona, ñandú ✓");
  unicode = client_next (c);
  g_assert_cmpstr (unicode, ==, "Sawubona, ñandú ✓");

  client_free (c);
  WAIT_FOR (n_conns () == 0, 5000);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_NORMAL), ==, 1);
}

static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  Client *clients[60];

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    clients[i] = client_new (f);
  g_assert_cmpuint (n_conns (), ==, G_N_ELEMENTS (clients));
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autofree char *msg = g_strdup_printf ("echo:client %u", i);

      g_free (client_next (clients[i]));  /* the greeting */
      soup_websocket_connection_send_text (clients[i]->ws, msg);
    }
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autofree char *want = g_strdup_printf ("client %u", i);
      g_autofree char *got = client_next (clients[i]);

      g_assert_cmpstr (got, ==, want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    client_free (clients[i]);
  WAIT_FOR (n_conns () == 0, 5000);
  g_assert_cmpuint (n_opened, ==, G_N_ELEMENTS (clients));
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_NORMAL), ==, G_N_ELEMENTS (clients));
}

static void
test_relay (Fixture       *f,
            gconstpointer  data)
{
  Client *a = client_new (f);
  Client *b = client_new (f);
  guint id_a = client_id (a), id_b = client_id (b);
  g_autofree char *to_b = g_strdup_printf ("to:%u:hello b", id_b);
  g_autofree char *to_a = g_strdup_printf ("to:%u:hello a", id_a);
  g_autofree char *got_b = NULL;
  g_autofree char *got_a = NULL;

  g_free (client_next (a));
  g_free (client_next (b));
  soup_websocket_connection_send_text (a->ws, to_b);
  soup_websocket_connection_send_text (b->ws, to_a);
  got_b = client_next (b);
  got_a = client_next (a);
  g_assert_cmpstr (got_b, ==, "hello b");
  g_assert_cmpstr (got_a, ==, "hello a");

  /* Many in a row arrive in order. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *msg = g_strdup_printf ("to:%u:%u", id_b, i);

      soup_websocket_connection_send_text (a->ws, msg);
    }
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *got = client_next (b);
      g_autofree char *want = g_strdup_printf ("%u", i);

      g_assert_cmpstr (got, ==, want);
    }
  client_free (a);
  client_free (b);
  WAIT_FOR (n_conns () == 0, 5000);
}

static void
test_server_close (Fixture       *f,
                   gconstpointer  data)
{
  Client *c = client_new (f);

  soup_websocket_connection_send_text (c->ws, "close:4001");
  WAIT_FOR (c->closed, 5000);
  g_assert_cmpint (soup_websocket_connection_get_close_code (c->ws), ==, 4001);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (c->ws), ==, "asked to");
  WAIT_FOR (n_conns () == 0, 5000);
  g_assert_cmpuint (n_closed_with (4001), ==, 1);
  client_free (c);
}

static void
test_bad_frames (Fixture       *f,
                 gconstpointer  data)
{
  static const guint8 not_utf8[] = { 'o', 'k', 0xff, 0xfe };
  char big[2000];
  int fd;

  memset (big, 'a', sizeof big);

  fd = raw_connect (f, 0);
  raw_send (fd, 0x82, "\x01\x02", 2, TRUE);                  /* binary */
  raw_expect_close (fd, PLZ_HUB_CLOSE_UNSUPPORTED);

  fd = raw_connect (f, 0);
  raw_send (fd, 0x81, big, sizeof big, TRUE);                /* over max_message_size */
  raw_expect_close (fd, PLZ_HUB_CLOSE_TOO_BIG);

  fd = raw_connect (f, 0);
  raw_send (fd, 0x81, not_utf8, sizeof not_utf8, TRUE);      /* not UTF-8 */
  raw_expect_close (fd, PLZ_HUB_CLOSE_INVALID_DATA);

  fd = raw_connect (f, 0);
  raw_send (fd, 0x01, "echo:\xe2\x9c", 7, TRUE);             /* a character split over */
  raw_send (fd, 0x80, "\x93", 1, TRUE);                      /* two fragments is fine */
  {
    g_autoptr(GByteArray) payload = g_byte_array_new ();

    g_assert_cmpint (raw_read (fd, payload), ==, 0x1);       /* id:N */
    g_assert_cmpint (raw_read (fd, payload), ==, 0x1);
    g_assert_cmpmem (payload->data, payload->len, "\xe2\x9c\x93", 3);
  }
  raw_send (fd, 0x81, "echo:x", 6, FALSE);                   /* clients must mask */
  raw_expect_close (fd, PLZ_HUB_CLOSE_PROTOCOL);

  /* Fragments adding up to too much are refused too. */
  fd = raw_connect (f, 0);
  raw_send (fd, 0x01, big, 1000, TRUE);
  raw_send (fd, 0x80, big, 1000, TRUE);
  raw_expect_close (fd, PLZ_HUB_CLOSE_TOO_BIG);

  WAIT_FOR (n_conns () == 0, 5000);
  g_assert_cmpuint (n_closed (), ==, 5);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_UNSUPPORTED), ==, 1);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_TOO_BIG), ==, 2);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_INVALID_DATA), ==, 1);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_PROTOCOL), ==, 1);
}

static void
test_peer_closes_tcp (Fixture       *f,
                      gconstpointer  data)
{
  int fd = raw_connect (f, 0);

  WAIT_FOR (n_conns () == 1, 5000);
  close (fd);  /* no close frame: the link is just gone */
  WAIT_FOR (n_conns () == 0, 5000);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_ABNORMAL), ==, 1);
}

static void
test_bad_upgrades (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PlzTestResponse) plain = plz_test_request (f->ts, "GET", "/test/ws", NULL, NULL);
  g_autofree char *bad = NULL;
  const char *request = "GET /test/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n";

  g_assert_cmpuint (plain->status, ==, 426);
  g_assert_cmpstr (plz_test_response_error_code (plain), ==, "upgrade_required");
  g_assert_cmpstr (soup_message_headers_get_one (plain->headers, "Upgrade"), ==, "websocket");

  bad = plz_test_raw_request (f->ts, request, strlen (request));  /* no key */
  g_assert_true (g_str_has_prefix (bad, "HTTP/1.1 400"));
  g_assert_nonnull (strstr (bad, "\"invalid_input\""));
  g_assert_nonnull (strstr (bad, "Connection: close"));
  g_assert_cmpuint (n_conns (), ==, 0);
}

static const PlzHubOptions fast_pings = {
  .max_message_size = 1024, .max_buffered = 1024 * 1024,
  .ping_interval_ms = 100, .ping_timeout_ms = 300, .close_timeout_ms = 300,
};

static void
test_ping_keeps_alive (Fixture       *f,
                       gconstpointer  data)
{
  Client *c = client_new (f);
  g_autofree char *answer = NULL;

  /* Silent for several ping timeouts: libsoup answers the pings. */
  spin (1000);
  g_assert_false (c->closed);
  g_assert_cmpuint (n_conns (), ==, 1);
  g_free (client_next (c));
  soup_websocket_connection_send_text (c->ws, "echo:still here");
  answer = client_next (c);
  g_assert_cmpstr (answer, ==, "still here");
  client_free (c);
}

static void
test_dead_peer (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  int fd = raw_connect (f, 0);
  guint pings = 0;
  int opcode;

  /* A peer that reads but never answers is closed after a ping goes
   * unanswered, without a handshake. */
  WAIT_FOR (n_conns () == 1, 5000);
  WAIT_FOR (n_conns () == 0, 2000);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_ABNORMAL), ==, 1);
  while ((opcode = raw_read (fd, payload)) != -1)
    pings += opcode == 0x9;
  g_assert_cmpuint (pings, ==, 1);
  close (fd);
}

static const PlzHubOptions small_buffers = {
  .max_message_size = 1024, .max_buffered = 256 * 1024,
  .ping_interval_ms = 30000, .ping_timeout_ms = 15000, .close_timeout_ms = 5000,
};

static void
test_slow_reader (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  Client *other = client_new (f);
  int fd = raw_connect (f, 4096);
  gsize received = 0;
  gint64 start;
  int opcode;

  /* Far more than the kernel's buffers and ours together: a reader that
   * does not read is closed once our buffer is full. */
  raw_send (fd, 0x81, "flood:2000:60000", 16, TRUE);
  WAIT_FOR (n_closed_with (PLZ_HUB_CLOSE_POLICY) == 1, 10000);
  g_assert_cmpuint (n_refused_sends, ==, 1);

  /* The rest of the hub is not held up. */
  g_free (client_next (other));
  start = g_get_monotonic_time ();
  soup_websocket_connection_send_text (other->ws, "echo:unaffected");
  {
    g_autofree char *answer = client_next (other);

    g_assert_cmpstr (answer, ==, "unaffected");
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Reading now gets whole frames, then the close that says why. */
  while ((opcode = raw_read (fd, payload)) == 0x1)
    received += payload->len;
  g_assert_cmpint (opcode, ==, 0x8);
  g_assert_cmpuint (raw_close_code (payload), ==, PLZ_HUB_CLOSE_POLICY);
  g_assert_cmpuint (received, <, 2000 * 60000);
  g_assert_cmpuint (received, >, small_buffers.max_buffered);
  raw_send (fd, 0x88, payload->data, 2, TRUE);
  g_assert_cmpint (raw_read (fd, payload), ==, -1);
  close (fd);

  WAIT_FOR (n_conns () == 1, 5000);
  client_free (other);
  WAIT_FOR (n_conns () == 0, 5000);
}

static void
test_close_all (Fixture       *f,
                gconstpointer  data)
{
  Client *clients[5];
  g_autoptr(PlzTestResponse) response = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    clients[i] = client_new (f);
  g_assert_cmpuint (n_conns (), ==, G_N_ELEMENTS (clients));
  response = plz_test_request (f->ts, "POST", "/test/ws/close-all", NULL, NULL);
  g_assert_cmpuint (response->status, ==, 204);
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      WAIT_FOR (clients[i]->closed, 5000);
      g_assert_cmpint (soup_websocket_connection_get_close_code (clients[i]->ws), ==,
                       PLZ_HUB_CLOSE_GOING_AWAY);
      client_free (clients[i]);
    }
  WAIT_FOR (n_conns () == 0, 5000);
  g_assert_cmpuint (n_closed_with (PLZ_HUB_CLOSE_GOING_AWAY), ==, G_N_ELEMENTS (clients));
}

/* Freeing the hub with links open closes them without callbacks. */
static void
test_free_with_open_links (Fixture       *f,
                           gconstpointer  data)
{
  Client *c = client_new (f);

  g_assert_cmpuint (n_conns (), ==, 1);
  g_clear_pointer (&f->ts, plz_test_server_free);
  g_clear_pointer (&hub, plz_hub_free);
  WAIT_FOR (c->closed, 5000);
  client_free (c);
  g_assert_cmpuint (n_closed (), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, options, fn) g_test_add (path, Fixture, options, fixture_setup, fn, fixture_teardown)
  ADD ("/hub/echo", NULL, test_echo);
  ADD ("/hub/many", NULL, test_many);
  ADD ("/hub/relay", NULL, test_relay);
  ADD ("/hub/server-close", NULL, test_server_close);
  ADD ("/hub/bad-frames", NULL, test_bad_frames);
  ADD ("/hub/peer-closes-tcp", NULL, test_peer_closes_tcp);
  ADD ("/hub/bad-upgrades", NULL, test_bad_upgrades);
  ADD ("/hub/ping-keeps-alive", &fast_pings, test_ping_keeps_alive);
  ADD ("/hub/dead-peer", &fast_pings, test_dead_peer);
  ADD ("/hub/slow-reader", &small_buffers, test_slow_reader);
  ADD ("/hub/close-all", NULL, test_close_all);
  ADD ("/hub/free-with-open-links", NULL, test_free_with_open_links);
#undef ADD

  return g_test_run ();
}
