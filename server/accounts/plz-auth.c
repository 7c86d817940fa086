/* plz-auth.c — the one authorization layer: every route passes through it */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-auth.h"
#include "plz-accounts.h"
#include "plz-server.h"

/* The token of "Authorization: Bearer TOKEN", or NULL (and *present tells
 * whether the header was there at all). */
static const char *
bearer_token (SoupServerMessage *msg,
              gboolean          *present)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  *present = value != NULL;
  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return value;
}

gboolean
plz_auth_check (PlzRequest *request,
                PlzAccess   access)
{
  g_autoptr(GError) error = NULL;
  gboolean present = FALSE;
  const char *token = bearer_token (request->msg, &present);

  if (present)
    {
      request->user = plz_accounts_authenticate (plz_server_get_accounts (request->server),
                                                 token, &request->session, &error);
      /* A stale token must not stop anyone from signing in again or reading
       * public pages; a suspended or banned account is refused everywhere. */
      if (request->user == NULL && access == PLZ_ACCESS_ANYONE &&
          (g_error_matches (error, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED) ||
           g_error_matches (error, PLZ_ERROR, PLZ_ERROR_SESSION_EXPIRED)))
        return TRUE;
      if (request->user == NULL)
        {
          if (token == NULL)
            plz_request_reply_error (request, PLZ_ERROR_UNAUTHORIZED,
                                     "Send the session as “Authorization: Bearer TOKEN”", NULL);
          else
            plz_request_reply_gerror (request, error);
          return FALSE;
        }
    }

  switch (access)
    {
    case PLZ_ACCESS_ANYONE:
      return TRUE;

    case PLZ_ACCESS_SIGNED_IN:
    case PLZ_ACCESS_OPERATOR:
    case PLZ_ACCESS_ADMIN:
      if (request->user == NULL)
        {
          plz_request_reply_error (request, PLZ_ERROR_UNAUTHORIZED, "Sign in to do this", NULL);
          return FALSE;
        }
      if (access == PLZ_ACCESS_OPERATOR && !request->user->is_operator)
        {
          plz_request_reply_error (request, PLZ_ERROR_FORBIDDEN, "Only operators can do this", NULL);
          return FALSE;
        }
      if (access == PLZ_ACCESS_ADMIN && !request->user->is_admin)
        {
          plz_request_reply_error (request, PLZ_ERROR_FORBIDDEN, "Only admins can do this", NULL);
          return FALSE;
        }
      return TRUE;

    case PLZ_ACCESS_UNSET:
    default:
      plz_request_reply_error (request, PLZ_ERROR_INTERNAL, "This route is not set up", NULL);
      return FALSE;
    }
}
