/* plz-link-http.c — the link without WebSockets: long-poll GET /api/v1/events
 * for the event log and POST .../messages for the outbox */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plz-link-private.h"
#include "plz-api.h"
#include "plz-error.h"
#include "plz-json.h"

#define POLL_TIMEOUT_S 25

typedef struct
{
  PlzLink     *self;       /* no reference: the link cancels us before it goes */
  SoupMessage *msg;
  char        *client_id;  /* POST only */
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->msg);
  g_free (request->client_id);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static SoupMessage *
new_message (PlzLink    *self,
             const char *method,
             const char *path)
{
  g_autofree char *url = g_strconcat (self->server_url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (msg != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  return msg;
}

/* The wire code of an error answer, as sent (NULL when there is none). */
static char *
wire_code (GBytes *body)
{
  g_autoptr(JsonObject) object = NULL;
  JsonNode *inner;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data == NULL || (object = plz_json_parse_object (data, len, NULL)) == NULL)
    return NULL;
  inner = json_object_get_member (object, "error");
  if (inner == NULL || !JSON_NODE_HOLDS_OBJECT (inner))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (inner),
                                                               "code", NULL));
}

/* A 401, or a 403 that says the account is closed: the session is over. */
static gboolean
ends_session (guint       status,
              const char *code)
{
  return status == SOUP_STATUS_UNAUTHORIZED ||
         (status == SOUP_STATUS_FORBIDDEN &&
          (g_strcmp0 (code, "account_suspended") == 0 || g_strcmp0 (code, "account_banned") == 0));
}

/* ---- the long poll ------------------------------------------------------------ */

static void poll_once (PlzLink *self, guint timeout);

static void
poll_failed (PlzLink *self)
{
  _plz_link_poll_stop (self);
  _plz_link_schedule_retry (self);
}

static void
handle_events (PlzLink    *self,
               JsonObject *answer)
{
  JsonNode *node = json_object_get_member (answer, "events");
  JsonArray *events;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  events = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (events) && self->running; i++)
    {
      JsonNode *element = json_array_get_element (events, i);
      JsonObject *event;
      JsonNode *data;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      event = json_node_get_object (element);
      data = json_object_get_member (event, "data");
      _plz_link_emit_event (self, json_object_get_int_member_with_default (event, "seq", 0),
                            json_object_get_string_member_with_default (event, "kind", ""),
                            data != NULL && JSON_NODE_HOLDS_OBJECT (data)
                              ? json_node_get_object (data) : NULL);
    }
}

static void
polled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *code = NULL;
  PlzLink *self = request->self;
  guint status;
  gsize len = 0;
  const char *data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      g_debug ("Long poll failed: %s", error->message);
      poll_failed (self);
      return;
    }
  status = soup_message_get_status (request->msg);
  code = wire_code (body);
  if (ends_session (status, code))
    {
      g_autoptr(GError) reason = plz_api_error_from_body (status, body);

      _plz_link_auth_failed (self, reason->message);
      return;
    }
  data = g_bytes_get_data (body, &len);
  if (status != SOUP_STATUS_OK || (answer = plz_json_parse_object (data, len, NULL)) == NULL)
    {
      g_debug ("Long poll answered %u", status);
      poll_failed (self);
      return;
    }

  g_object_ref (self);
  _plz_link_polling_works (self);
  handle_events (self, answer);
  /* The WebSocket may have come back while we waited. */
  if (self->running && self->poll_cancellable != NULL && !self->ws_ready)
    poll_once (self, POLL_TIMEOUT_S);
  g_object_unref (self);
}

static void
poll_once (PlzLink *self,
           guint    timeout)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT "&timeout=%u",
                                           self->last_seq, timeout);
  Request *request = g_new0 (Request, 1);

  request->self = self;
  request->msg = new_message (self, SOUP_METHOD_GET, path);
  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                                    self->poll_cancellable, polled_cb, request);
}

void
_plz_link_poll_start (PlzLink *self)
{
  if (self->poll_cancellable != NULL)
    return;
  self->poll_cancellable = g_cancellable_new ();
  /* The first poll answers at once: it is also the test that HTTP works. */
  poll_once (self, 0);
}

void
_plz_link_poll_stop (PlzLink *self)
{
  if (self->poll_cancellable != NULL)
    {
      g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
  if (self->post_cancellable != NULL)
    {
      g_cancellable_cancel (self->post_cancellable);
      g_clear_object (&self->post_cancellable);
    }
  g_hash_table_remove_all (self->posting);
}

/* ---- sending over HTTP -------------------------------------------------------- */

static void
posted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) reason = NULL;
  g_autofree char *code = NULL;
  PlzLink *self = request->self;
  guint status;
  gsize len = 0;
  const char *data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove (self->posting, request->client_id);
  if (body == NULL)
    {
      /* No answer: it may or may not have been stored; the resend will tell. */
      _plz_link_send_failed (self, request->client_id, NULL, error->message, FALSE);
      return;
    }

  status = soup_message_get_status (request->msg);
  data = g_bytes_get_data (body, &len);
  if (SOUP_STATUS_IS_SUCCESSFUL (status) &&
      (answer = plz_json_parse_object (data, len, NULL)) != NULL)
    {
      JsonNode *message = json_object_get_member (answer, "message");

      _plz_link_acked (self, request->client_id,
                       message != NULL && JSON_NODE_HOLDS_OBJECT (message)
                         ? json_node_get_object (message) : NULL);
      _plz_link_post_next (self);
      return;
    }

  code = wire_code (body);
  reason = plz_api_error_from_body (status, body);
  if (ends_session (status, code))
    {
      _plz_link_auth_failed (self, reason->message);
      return;
    }
  /* 4xx is the server's final word, except a timeout or "too many". */
  _plz_link_send_failed (self, request->client_id,
                         code != NULL ? code : plz_error_code_name (reason->code), reason->message,
                         status >= 400 && status < 500 &&
                         status != SOUP_STATUS_REQUEST_TIMEOUT && status != 429 /* Too Many Requests */);
  /* After a passing failure the flush timer tries again, in order. */
  if (plz_outbox_lookup (self->outbox, request->client_id) == NULL)
    _plz_link_post_next (self);
}

/* One at a time, oldest first: parallel POSTs could be stored out of order. */
void
_plz_link_post_next (PlzLink *self)
{
  GListModel *items = plz_outbox_get_items (self->outbox);
  g_autoptr(PlzOutboxItem) item = NULL;
  const char *client_id;
  const char *attachments;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Request *request;
  char *text;

  if (self->state != PLZ_LINK_STATE_POLLING || g_hash_table_size (self->posting) > 0 ||
      g_list_model_get_n_items (items) == 0)
    return;
  item = g_list_model_get_item (items, 0);
  client_id = plz_outbox_item_get_client_id (item);
  attachments = plz_outbox_item_get_attachments_json (item);
  escaped = g_uri_escape_string (plz_outbox_item_get_conversation_id (item), NULL, FALSE);
  path = g_strconcat ("/api/v1/conversations/", escaped, "/messages", NULL);
  if (self->post_cancellable == NULL)
    self->post_cancellable = g_cancellable_new ();

  json_object_set_string_member (o, "client_id", client_id);
  json_object_set_string_member (o, "body", plz_outbox_item_get_body (item));
  if (attachments != NULL)
    json_object_set_member (o, "attachments", json_from_string (attachments, NULL));
  node = json_node_init_object (json_node_alloc (), o);
  text = json_to_string (node, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));

  request = g_new0 (Request, 1);
  request->self = self;
  request->client_id = g_strdup (client_id);
  request->msg = new_message (self, SOUP_METHOD_POST, path);
  soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                                "Idempotency-Key", client_id);
  soup_message_set_request_body_from_bytes (request->msg, "application/json", bytes);
  g_hash_table_add (self->posting, g_strdup (client_id));
  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                                    self->post_cancellable, posted_cb, request);
}
