/* plz-dispatch-routes.c — HTTP routes of on-demand dispatch */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-routes.h"
#include "plz-dispatch.h"
#include "plz-server.h"

static PlzDispatch *
dispatch (PlzRequest *request)
{
  return plz_bookings_get_dispatch (plz_server_get_bookings (request->server));
}

static const char *
param (PlzRequest *request)
{
  return plz_request_get_param (request, "id");
}

void
plz_dispatch_route_get_settings (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_dispatch_get_settings (dispatch (request), request->user, &error), &error);
}

void
plz_dispatch_route_put_settings (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_dispatch_put_settings (dispatch (request), request->user, body, &error),
         &error);
}

void
plz_dispatch_route_create (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;
  JsonObject *o;

  if (body == NULL)
    return;
  o = plz_dispatch_create (dispatch (request), request->user, body, &created, &error);
  plz_request_reply_taken (request, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, o, &error);
}

void
plz_dispatch_route_get (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_dispatch_get (dispatch (request), request->user, param (request), &error),
         &error);
}

void
plz_dispatch_route_cancel (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_dispatch_cancel (dispatch (request), request->user, param (request), &error),
         &error);
}

void
plz_dispatch_route_offers (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_dispatch_offers (dispatch (request), request->user, &error), &error);
}

void
plz_dispatch_route_accept (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK, plz_dispatch_accept (dispatch (request), request->user, param (request), &error),
         &error);
}

void
plz_dispatch_route_decline (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  plz_request_reply_taken (request, SOUP_STATUS_OK,
         plz_dispatch_decline (dispatch (request), request->user, param (request), &error), &error);
}
