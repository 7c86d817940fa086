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
      plz_request_reply_error (request, error->code, error->message, NULL);
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
