/* plz-bookings-routes.c — HTTP routes of services, availability, slots and bookings */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-routes.h"
#include "plz-bookings.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-server.h"

#include <string.h>

static PlzBookings *
bookings (PlzRequest *request)
{
  return plz_server_get_bookings (request->server);
}

static const char *
param (PlzRequest *request)
{
  return plz_request_get_param (request, "id");
}

void
plz_bookings_route_listing_services (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_listing_services (bookings (request), param (request), &error), &error);
}

void
plz_bookings_route_operator_services (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_operator_services (bookings (request), param (request), &error),
         &error);
}

void
plz_bookings_route_my_services (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_my_services (bookings (request), request->user, &error), &error);
}

void
plz_bookings_route_create_service (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  plz_request_reply_taken (request, SOUP_STATUS_CREATED, plz_bookings_create_service (bookings (request), request->user, body, &error),
         &error);
}

void
plz_bookings_route_update_service (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_bookings_update_service (bookings (request), request->user, param (request), body, &error), &error);
}

void
plz_bookings_route_delete_service (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_delete_service (bookings (request), request->user, param (request),
                                                               &error), &error);
}

void
plz_bookings_route_get_availability (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_get_availability (bookings (request), request->user, &error), &error);
}

void
plz_bookings_route_put_availability (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_put_availability (bookings (request), request->user, body, &error),
         &error);
}

void
plz_bookings_route_slots (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_bookings_slots (bookings (request), param (request), plz_request_get_query (request, "from"),
                             plz_request_get_query (request, "to"), &error), &error);
}

void
plz_bookings_route_schedule (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_bookings_schedule (bookings (request), request->user, plz_request_get_query (request, "from"),
                                plz_request_get_query (request, "to"), &error), &error);
}

void
plz_bookings_route_create (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  const char *key;
  gboolean created = FALSE;
  JsonObject *o;

  if (body == NULL)
    return;
  /* An Idempotency-Key header stands in for client_id. */
  key = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Idempotency-Key");
  if (key != NULL)
    {
      JsonNode *given = json_object_get_member (body, "client_id");

      if (given == NULL)
        json_object_set_string_member (body, "client_id", key);
      else if (!JSON_NODE_HOLDS_VALUE (given) || g_strcmp0 (json_node_get_string (given), key) != 0)
        {
          plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT,
                                   "The Idempotency-Key header and client_id differ", "client_id");
          return;
        }
    }
  o = plz_bookings_create (bookings (request), request->user, body, &created, &error);
  plz_request_reply_taken (request, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, o, &error);
}

void
plz_bookings_route_list (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_bookings_list (bookings (request), request->user, plz_request_get_query (request, "role"),
                            plz_request_get_query (request, "scope"), plz_request_get_query (request, "limit"),
                            plz_request_get_query (request, "cursor"), &error), &error);
}

void
plz_bookings_route_get (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_get (bookings (request), request->user, param (request), &error),
         &error);
}

void
plz_bookings_route_act (PlzRequest *request)
{
  static const char * const allowed[] = { "action", "reason", NULL };
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  const char *action = NULL, *reason = NULL;

  if (body == NULL || !plz_request_check_members (request, body, allowed))
    return;
  if (!plz_json_get_string (body, "action", TRUE, &action, &error) ||
      !plz_json_get_string (body, "reason", FALSE, &reason, &error))
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_bookings_act (bookings (request), request->user, param (request), action, reason, &error), &error);
}

void
plz_bookings_route_reschedule (PlzRequest *request)
{
  static const char * const allowed[] = { "start", NULL };
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  const char *start = NULL;

  if (body == NULL || !plz_request_check_members (request, body, allowed))
    return;
  if (!plz_json_get_string (body, "start", TRUE, &start, &error))
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_bookings_reschedule (bookings (request), request->user, param (request), start, &error), &error);
}

void
plz_bookings_route_skip (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_bookings_skip (bookings (request), request->user, param (request), &error),
         &error);
}

void
plz_bookings_route_customer (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_bookings_customer (bookings (request), request->user, plz_request_get_param (request, "user_id"),
                                &error), &error);
}

void
plz_bookings_route_calendar (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *ics = plz_bookings_calendar (bookings (request), request->user, param (request), &filename,
                                                &error);
  SoupMessageHeaders *headers;

  if (ics == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  headers = soup_server_message_get_response_headers (request->msg);
  disposition = g_strdup_printf ("attachment; filename=\"%s\"", filename);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_replace (headers, "Cache-Control", "private, no-store");
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, "text/calendar; charset=utf-8", SOUP_MEMORY_COPY, ics,
                                    strlen (ics));
}
