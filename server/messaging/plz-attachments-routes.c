/* plz-attachments-routes.c — HTTP routes of message attachments */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-attachments-routes.h"
#include "plz-attachments.h"
#include "plz-error.h"
#include "plz-server.h"

#include <string.h>

void
plz_attachments_route_upload (PlzRequest *request)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (request->msg);
  g_autoptr(GBytes) data = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) o = NULL;

  a = plz_messaging_upload_attachment (plz_server_get_messaging (request->server), request->user,
                                       plz_request_get_param (request, "id"),
                                       soup_message_headers_get_content_type (in, NULL),
                                       soup_message_headers_get_one (in, "X-Filename"), data, &error);
  if (a == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  json_object_set_object_member (o, "attachment", g_steal_pointer (&a));
  plz_request_reply_object (request, SOUP_STATUS_CREATED, o);
}

/* Attachments never change under an id: cache privately (they are not
 * public), and answer a matching If-None-Match with 304. */
static void
serve (PlzRequest *request,
       gboolean    thumbnail)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *mime = NULL, *etag = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *in = soup_server_message_get_request_headers (request->msg);
  SoupMessageHeaders *out = soup_server_message_get_response_headers (request->msg);
  const char *match;

  if (!plz_messaging_attachment_file (plz_server_get_messaging (request->server), request->user,
                                      plz_request_get_param (request, "id"), thumbnail, &path, &mime, &etag,
                                      &error))
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  soup_message_headers_replace (out, "ETag", etag);
  soup_message_headers_replace (out, "Cache-Control", "private, max-age=31536000, immutable");
  soup_message_headers_replace (out, "X-Content-Type-Options", "nosniff");
  match = soup_message_headers_get_one (in, "If-None-Match");
  if (match != NULL && strstr (match, etag) != NULL)
    {
      soup_server_message_set_status (request->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      plz_request_reply_error (request, PLZ_ERROR_NOT_FOUND, "This file is missing", NULL);
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, mime, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

void
plz_attachments_route_file (PlzRequest *request)
{
  serve (request, FALSE);
}

void
plz_attachments_route_thumbnail (PlzRequest *request)
{
  serve (request, TRUE);
}
