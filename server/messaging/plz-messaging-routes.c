/* plz-messaging-routes.c — HTTP routes of conversations, messages and events */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-messaging-routes.h"
#include "plz-messaging.h"
#include "plz-long-poll.h"
#include "plz-stream.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-server.h"

#include <string.h>

static PlzMessaging *
messaging (PlzRequest *request)
{
  return plz_server_get_messaging (request->server);
}

static void
reply (PlzRequest  *request,
       guint        status,
       JsonObject  *o,
       GError      *error)
{
  if (o != NULL)
    plz_request_reply_object (request, status, o);
  else
    plz_request_reply_gerror (request, error);
}

/* The body's text members (and with @attachments non-NULL its
 * "attachments" array); an Idempotency-Key header stands in for client_id. */
static gboolean
parse_send (PlzRequest   *request,
            JsonObject  **body,
            const char  **text,
            const char  **client_id,
            JsonArray   **attachments)
{
  static const char * const allowed[] = { "body", "client_id", NULL };
  static const char * const allowed_with_attachments[] = { "body", "client_id", "attachments", NULL };
  JsonNode *list;
  g_autoptr(GError) error = NULL;
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                                  "Idempotency-Key");

  *body = plz_request_parse_body (request);
  if (*body == NULL)
    return FALSE;
  list = attachments != NULL ? json_object_get_member (*body, "attachments") : NULL;
  if (list != NULL && !JSON_NODE_HOLDS_ARRAY (list))
    {
      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT, "“attachments” must be a list", "attachments");
      return FALSE;
    }
  if (attachments != NULL)
    *attachments = list != NULL ? json_node_get_array (list) : NULL;
  if (!plz_request_check_members (request, *body, attachments != NULL ? allowed_with_attachments : allowed) ||
      !plz_json_get_string (*body, "body", list == NULL, text, &error) ||
      !plz_json_get_string (*body, "client_id", FALSE, client_id, &error))
    {
      if (error != NULL)
        plz_request_reply_gerror (request, error);
      return FALSE;
    }
  if (key != NULL && *client_id != NULL && strcmp (key, *client_id) != 0)
    {
      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT,
                               "The Idempotency-Key header and client_id differ", "client_id");
      return FALSE;
    }
  if (*client_id == NULL)
    *client_id = key;
  return TRUE;
}

static guint
created_status (JsonObject *o)
{
  return o != NULL && json_object_get_boolean_member_with_default (o, "created", FALSE)
         ? SOUP_STATUS_CREATED : SOUP_STATUS_OK;
}

typedef JsonObject *(*SendFunc) (PlzMessaging *, const PlzUser *, const char *, const char *, const char *,
                                GError **);

/* Inquiry and message alike: 201 for a new message, 200 for a retry. */
static void
route_send (PlzRequest *request,
            SendFunc    send)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL, *client_id = NULL;

  if (!parse_send (request, &body, &text, &client_id, NULL))
    return;
  o = send (messaging (request), request->user, plz_request_get_param (request, "id"), text, client_id, &error);
  reply (request, created_status (o), o, error);
}

void
plz_messaging_route_inquire (PlzRequest *request)
{
  route_send (request, plz_messaging_inquire);
}

void
plz_messaging_route_send (PlzRequest *request)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL, *client_id = NULL;
  JsonArray *attachments = NULL;

  if (!parse_send (request, &body, &text, &client_id, &attachments))
    return;
  o = plz_messaging_send_with_attachments (messaging (request), request->user, plz_request_get_param (request, "id"),
                                           text, attachments, client_id, &error);
  reply (request, created_status (o), o, error);
}

void
plz_messaging_route_conversations (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonArray *list = plz_messaging_conversations (messaging (request), request->user, &error);
  g_autoptr(JsonObject) o = NULL;

  if (list == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  json_object_set_array_member (o, "conversations", list);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_messaging_route_conversation (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonObject *c = plz_messaging_conversation (messaging (request), request->user,
                                              plz_request_get_param (request, "id"), &error);
  g_autoptr(JsonObject) o = NULL;

  if (c == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  json_object_set_object_member (o, "conversation", c);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

/* A whole number from @min to @max in query parameter @name, or @fallback. */
static gboolean
query_int (PlzRequest *request,
           const char *name,
           gint64      min,
           gint64      max,
           gint64      fallback,
           gint64     *out)
{
  const char *text = plz_request_get_query (request, name);
  g_autofree char *message = NULL;

  *out = fallback;
  if (text == NULL || g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    return TRUE;
  message = g_strdup_printf ("“%s” must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                             name, min, max);
  plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT, message, name);
  return FALSE;
}

void
plz_messaging_route_history (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  gboolean more = FALSE;
  JsonArray *list;
  gint64 limit;

  if (!query_int (request, "limit", 1, 100, 30, &limit))
    return;
  list = plz_messaging_history (messaging (request), request->user, plz_request_get_param (request, "id"),
                                plz_request_get_query (request, "before"), (guint) limit, &more, &error);
  if (list == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  json_object_set_array_member (o, "messages", list);
  json_object_set_boolean_member (o, "more", more);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_messaging_route_read (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = plz_messaging_mark_read (messaging (request), request->user,
                                                     plz_request_get_param (request, "id"), &error);

  reply (request, SOUP_STATUS_OK, o, error);
}

void
plz_messaging_route_events (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  gint64 since, timeout;

  if (!query_int (request, "since", 0, G_MAXINT64, 0, &since) ||
      !query_int (request, "timeout", 0, PLZ_LONG_POLL_MAX_TIMEOUT_S, 0, &timeout))
    return;
  /* Whatever this answer carries has reached one of the user's devices. */
  if (!plz_messaging_mark_delivered (messaging (request), request->user->id, &error))
    g_warning ("Cannot record deliveries: %s", error->message);
  plz_long_poll_wait (plz_server_get_long_poll (request->server), request->msg, request->user->id,
                      since, (guint) timeout);
}

void
plz_messaging_route_stream (PlzRequest *request)
{
  plz_stream_upgrade (plz_server_get_stream (request->server), request->msg);
}
