/* plz-request.c — one HTTP request as handlers see it, and JSON answers */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-request.h"
#include "plz-json.h"

#include <string.h>

const char *
plz_request_get_param (PlzRequest *request,
                       const char *name)
{
  return request->params != NULL ? g_hash_table_lookup (request->params, name) : NULL;
}

static void
set_json_body (SoupServerMessage *msg,
               guint              status,
               JsonObject        *object)
{
  char *text = plz_json_object_to_string (object);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

void
plz_message_set_object (SoupServerMessage *msg,
                        guint              status,
                        JsonObject        *object)
{
  set_json_body (msg, status, object);
}

void
plz_request_reply_object (PlzRequest *request,
                          guint       status,
                          JsonObject *object)
{
  set_json_body (request->msg, status, object);
}

void
plz_message_set_error (SoupServerMessage *msg,
                       PlzErrorCode       code,
                       const char        *message,
                       const char        *field)
{
  g_autoptr(JsonObject) outer = json_object_new ();
  JsonObject *inner = json_object_new ();

  json_object_set_string_member (inner, "code", plz_error_code_name (code));
  json_object_set_string_member (inner, "message", message);
  if (field != NULL)
    json_object_set_string_member (inner, "field", field);
  json_object_set_object_member (outer, "error", inner);
  set_json_body (msg, plz_error_code_status (code), outer);
}

void
plz_request_reply_error (PlzRequest   *request,
                         PlzErrorCode  code,
                         const char   *message,
                         const char   *field)
{
  plz_message_set_error (request->msg, code, message, field);
}

void
plz_request_reply_gerror (PlzRequest   *request,
                          const GError *error)
{
  if (error->domain == PLZ_ERROR && plz_error_code_status (error->code) < 500)
    {
      plz_request_reply_error (request, error->code, error->message, plz_error_get_field (error));
      return;
    }

  /* Server-side failures are logged in full but not shown to the caller. */
  g_warning ("%s %s failed: %s", soup_server_message_get_method (request->msg),
             request->path, error->message);
  plz_request_reply_error (request,
                           error->domain == PLZ_ERROR ? error->code : PLZ_ERROR_INTERNAL,
                           "Something went wrong on the server; it has been logged", NULL);
}

JsonObject *
plz_request_parse_body (PlzRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      plz_request_reply_error (request, PLZ_ERROR_UNSUPPORTED_MEDIA,
                               "The request body must be application/json", NULL);
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  object = plz_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (object == NULL)
    plz_request_reply_gerror (request, error);
  return object;
}

gboolean
plz_request_check_members (PlzRequest          *request,
                           JsonObject          *body,
                           const char * const  *allowed)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &node))
    if (!g_strv_contains (allowed, name))
      {
        g_autofree char *message = g_strdup_printf ("“%s” is not expected here", name);

        plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT, message, name);
        return FALSE;
      }
  return TRUE;
}

const char *
plz_request_get_query (PlzRequest *request,
                       const char *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (request->msg));
  g_autoptr(GHashTable) params = NULL;
  const char *value;

  if (query == NULL)
    return NULL;
  params = soup_form_decode (query);
  value = g_hash_table_lookup (params, name);
  if (value == NULL)
    return NULL;
  /* Kept on the message so the pointer lives as long as the request. */
  g_object_set_data_full (G_OBJECT (request->msg), name, g_strdup (value), g_free);
  return g_object_get_data (G_OBJECT (request->msg), name);
}

void
plz_request_reply_taken (PlzRequest  *request,
                         guint        status,
                         JsonObject  *o,
                         GError     **error)
{
  if (o != NULL)
    {
      plz_request_reply_object (request, status, o);
      json_object_unref (o);
    }
  else
    plz_request_reply_gerror (request, *error);
}

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

void
plz_request_delay (PlzRequest *request,
                   guint       delay_ms)
{
  GSource *source;

  if (delay_ms == 0)
    return;
  soup_server_message_pause (request->msg);
  source = g_timeout_source_new (delay_ms);
  g_source_set_callback (source, unpause_cb, g_object_ref (request->msg), g_object_unref);
  g_source_set_static_name (source, "[plaza] delayed answer");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

typedef struct
{
  PlzRequest request;
  gulong     disconnected_id;
  gboolean   gone;
} Held;

static void
held_disconnected_cb (SoupServerMessage *msg,
                      gpointer           data)
{
  Held *held = data;

  held->gone = TRUE;
}

PlzRequest *
plz_request_hold (PlzRequest *request)
{
  Held *held = g_new0 (Held, 1);

  held->request.server = request->server;
  held->request.msg = g_object_ref (request->msg);
  held->disconnected_id = g_signal_connect (request->msg, "disconnected",
                                            G_CALLBACK (held_disconnected_cb), held);
  soup_server_message_pause (request->msg);
  return &held->request;
}

void
plz_request_release (PlzRequest *request,
                     guint       delay_ms)
{
  Held *held = (Held *) request;

  g_clear_signal_handler (&held->disconnected_id, request->msg);
  if (!held->gone)
    {
      if (delay_ms > 0)
        plz_request_delay (request, delay_ms);
      else
        soup_server_message_unpause (request->msg);
    }
  g_object_unref (request->msg);
  g_free (held);
}

const char *
plz_request_get_client_addr (PlzRequest *request)
{
  const char *host = soup_server_message_get_remote_host (request->msg);

  return host != NULL ? host : "";
}
