/* plz-accounts-routes.c — HTTP routes of accounts, sessions and admin */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-accounts-routes.h"
#include "plz-accounts.h"
#include "plz-json.h"
#include "plz-server.h"
#include "plz-time.h"

#define ADMIN_PAGE_MAX 100

static PlzAccounts *
accounts (PlzRequest *request)
{
  return plz_server_get_accounts (request->server);
}

static void
set_time (JsonObject *o,
          const char *name,
          gint64      usec)
{
  g_autofree char *text = plz_time_format_rfc3339 (usec);
  json_object_set_string_member (o, name, text);
}

static JsonObject *
session_to_json (const PlzSession *s,
                 const char       *current_id)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", s->id);
  json_object_set_string_member (o, "user_agent", s->user_agent);
  json_object_set_string_member (o, "client_addr", s->client_addr);
  set_time (o, "created_at", s->created_at);
  set_time (o, "last_used_at", s->last_used_at);
  set_time (o, "expires_at", s->expires_at);
  json_object_set_boolean_member (o, "current", g_strcmp0 (s->id, current_id) == 0);
  return o;
}

static void
reply_user (PlzRequest    *request,
            guint          status,
            const PlzUser *user)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_object_member (o, "user", plz_user_to_json_private (user));
  plz_request_reply_object (request, status, o);
}

static void
reply_signed_in (PlzRequest          *request,
                 guint                status,
                 const PlzUser       *user,
                 const PlzNewSession *ns)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_object_member (o, "user", plz_user_to_json_private (user));
  json_object_set_string_member (o, "token", ns->token);
  json_object_set_object_member (o, "session", session_to_json (ns->session, ns->session->id));
  plz_request_reply_object (request, status, o);
}

static void
reply_ok (PlzRequest *request,
          guint       status)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_boolean_member (o, "ok", TRUE);
  plz_request_reply_object (request, status, o);
}

/* Answers @status with {"ok": true}, or *@error when @ok is FALSE. The
 * error goes by address: it is set by the call that computes @ok. */
static void
reply_done (PlzRequest  *request,
            gboolean     ok,
            GError     **error,
            guint        status)
{
  if (ok)
    reply_ok (request, status);
  else
    plz_request_reply_gerror (request, *error);
}

/* Answers with @user (private view), or the error when it is NULL. */
static void
reply_user_or_error (PlzRequest    *request,
                     const PlzUser *user,
                     const GError  *error)
{
  if (user != NULL)
    reply_user (request, SOUP_STATUS_OK, user);
  else
    plz_request_reply_gerror (request, error);
}

static PlzClientInfo
client_info (PlzRequest *request)
{
  PlzClientInfo info = {
    soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "User-Agent"),
    plz_request_get_client_addr (request),
  };
  return info;
}

/* Parses the body, refuses unknown members and reads the string members named
 * in @names into @values (NULL when absent). */
static JsonObject *
parse_strings (PlzRequest          *request,
               const char * const  *names,
               const char         **values,
               const gboolean      *required)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;

  if (body == NULL || !plz_request_check_members (request, body, names))
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    {
      values[i] = NULL;
      if (!plz_json_get_string (body, names[i], required[i], &values[i], &error))
        {
          plz_request_reply_gerror (request, error);
          return NULL;
        }
    }
  return g_steal_pointer (&body);
}

static void
signed_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  PlzRequest *held = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzNewSession) ns = NULL;
  g_autoptr(PlzUser) user = plz_accounts_sign_up_finish (accounts (held), result, &ns, &error);

  if (user == NULL)
    plz_request_reply_gerror (held, error);
  else
    reply_signed_in (held, SOUP_STATUS_CREATED, user, ns);
  plz_request_release (held, 0);
}

void
plz_accounts_route_sign_up (PlzRequest *request)
{
  static const char * const names[] = { "email", "password", "display_name", NULL };
  static const gboolean required[] = { TRUE, TRUE, TRUE };
  const char *v[3];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);
  PlzClientInfo info = client_info (request);

  if (body == NULL)
    return;
  /* Hashing takes tens of milliseconds: answer when the worker is done. */
  plz_accounts_sign_up_async (accounts (request), v[0], v[1], v[2], &info,
                              signed_up_cb, plz_request_hold (request));
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  PlzRequest *held = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzNewSession) ns = NULL;
  guint delay_ms = 0;
  g_autoptr(PlzUser) user = plz_accounts_sign_in_finish (accounts (held), result, &ns, &delay_ms, &error);

  if (user == NULL)
    {
      plz_request_reply_gerror (held, error);
      if (g_error_matches (error, PLZ_ERROR, PLZ_ERROR_TOO_MANY_ATTEMPTS))
        soup_message_headers_replace (soup_server_message_get_response_headers (held->msg),
                                      "Retry-After", "900");
    }
  else
    reply_signed_in (held, SOUP_STATUS_OK, user, ns);
  plz_request_release (held, delay_ms);
}

void
plz_accounts_route_sign_in (PlzRequest *request)
{
  static const char * const names[] = { "email", "password", NULL };
  static const gboolean required[] = { TRUE, TRUE };
  const char *v[2];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);
  PlzClientInfo info = client_info (request);

  if (body == NULL)
    return;
  plz_accounts_sign_in_async (accounts (request), v[0], v[1], &info,
                              signed_in_cb, plz_request_hold (request));
}

void
plz_accounts_route_list_sessions (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = plz_accounts_list_sessions (accounts (request), request->user, &error);
  g_autoptr(JsonObject) o = json_object_new ();
  JsonArray *array;

  if (sessions == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  array = json_array_new ();
  for (guint i = 0; i < sessions->len; i++)
    json_array_add_object_element (array, session_to_json (sessions->pdata[i], request->session->id));
  json_object_set_array_member (o, "sessions", array);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_accounts_route_sign_out (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  reply_done (request,
              plz_accounts_revoke_session (accounts (request), request->user, request->session->id, &error),
              &error, SOUP_STATUS_OK);
}

void
plz_accounts_route_revoke_session (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  reply_done (request, plz_accounts_revoke_session (accounts (request), request->user,
                                      plz_request_get_param (request, "id"), &error), &error, SOUP_STATUS_OK);
}

void
plz_accounts_route_get_me (PlzRequest *request)
{
  reply_user (request, SOUP_STATUS_OK, request->user);
}

void
plz_accounts_route_update_me (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = NULL;

  if (body == NULL)
    return;
  user = plz_accounts_update_profile (accounts (request), request->user, body, &error);
  reply_user_or_error (request, user, error);
}

void
plz_accounts_route_set_avatar (PlzRequest *request)
{
  g_autoptr(GBytes) data = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = NULL;

  user = plz_accounts_set_avatar (accounts (request), request->user, data, &error);
  reply_user_or_error (request, user, error);
}

void
plz_accounts_route_become_operator (PlzRequest *request)
{
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = NULL;

  if (body == NULL)
    return;
  user = plz_accounts_become_operator (accounts (request), request->user, body, &error);
  reply_user_or_error (request, user, error);
}

void
plz_accounts_route_send_email_code (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;

  reply_done (request, plz_accounts_request_email_verification (accounts (request), request->user, &error), &error, SOUP_STATUS_ACCEPTED);
}

void
plz_accounts_route_confirm_email (PlzRequest *request)
{
  static const char * const names[] = { "token", NULL };
  static const gboolean required[] = { TRUE };
  const char *v[1];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  reply_done (request, plz_accounts_confirm_email (accounts (request), v[0], &error), &error, SOUP_STATUS_OK);
}

void
plz_accounts_route_request_reset (PlzRequest *request)
{
  static const char * const names[] = { "email", NULL };
  static const gboolean required[] = { TRUE };
  const char *v[1];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  reply_done (request, plz_accounts_request_password_reset (accounts (request), v[0], &error), &error, SOUP_STATUS_ACCEPTED);
}

static void
reset_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  PlzRequest *held = data;
  g_autoptr(GError) error = NULL;

  reply_done (held, plz_accounts_reset_password_finish (accounts (held), result, &error), &error, SOUP_STATUS_OK);
  plz_request_release (held, 0);
}

void
plz_accounts_route_confirm_reset (PlzRequest *request)
{
  static const char * const names[] = { "token", "password", NULL };
  static const gboolean required[] = { TRUE, TRUE };
  const char *v[2];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);

  if (body == NULL)
    return;
  /* Like sign-up: the loop goes on serving while the worker hashes. */
  plz_accounts_reset_password_async (accounts (request), v[0], v[1], reset_done_cb, plz_request_hold (request));
}

void
plz_accounts_route_send_phone_code (PlzRequest *request)
{
  static const char * const names[] = { "phone", NULL };
  static const gboolean required[] = { TRUE };
  const char *v[1];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  reply_done (request, plz_accounts_request_phone_verification (accounts (request), request->user, v[0], &error), &error, SOUP_STATUS_ACCEPTED);
}

void
plz_accounts_route_confirm_phone (PlzRequest *request)
{
  static const char * const names[] = { "code", NULL };
  static const gboolean required[] = { TRUE };
  const char *v[1];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = NULL;

  if (body == NULL)
    return;
  user = plz_accounts_confirm_phone (accounts (request), request->user, v[0], &error);
  reply_user_or_error (request, user, error);
}

void
plz_accounts_route_get_user (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (plz_accounts_get_store (accounts (request)),
                                                         plz_request_get_param (request, "id"), &error);
  g_autoptr(JsonObject) o = NULL;

  if (user == NULL && !g_error_matches (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND))
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  /* Banned accounts vanish from public view. */
  if (user == NULL || user->status == PLZ_ACCOUNT_BANNED)
    {
      plz_request_reply_error (request, PLZ_ERROR_NOT_FOUND, "There is no such user", NULL);
      return;
    }
  o = json_object_new ();
  json_object_set_object_member (o, "user", plz_user_to_json_public (user));
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_accounts_route_get_avatar (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *content_type = NULL;
  g_autofree char *path = plz_accounts_avatar_path (accounts (request), plz_request_get_param (request, "id"),
                                                    &content_type, &error);
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;

  if (path == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      plz_request_reply_error (request, PLZ_ERROR_NOT_FOUND, "This person has no picture", NULL);
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  headers = soup_server_message_get_response_headers (request->msg);
  /* The URL carries the content hash, so the answer never changes. */
  soup_message_headers_replace (headers, "Cache-Control", "public, max-age=31536000, immutable");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
query_uint (PlzRequest  *request,
            const char  *name,
            guint        fallback,
            guint        max,
            guint       *out)
{
  const char *text = plz_request_get_query (request, name);
  guint64 value;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      g_autofree char *message = g_strdup_printf ("“%s” must be a number from 0 to %u", name, max);

      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT, message, name);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

void
plz_accounts_route_admin_search (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonObject) o = NULL;
  JsonArray *array;
  const char *q = plz_request_get_query (request, "q");
  guint limit, offset;

  if (!query_uint (request, "limit", 50, ADMIN_PAGE_MAX, &limit) ||
      !query_uint (request, "offset", 0, G_MAXINT32, &offset))
    return;
  if (q != NULL && (!g_utf8_validate (q, -1, NULL) || g_utf8_strlen (q, -1) > 200))
    {
      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT, "The search text is not valid", "q");
      return;
    }
  users = plz_accounts_search (accounts (request), q != NULL && *q ? q : NULL, limit, offset, &error);
  if (users == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  array = json_array_new ();
  for (guint i = 0; i < users->len; i++)
    json_array_add_object_element (array, plz_user_to_json_private (users->pdata[i]));
  json_object_set_array_member (o, "users", array);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_accounts_route_admin_get_user (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (plz_accounts_get_store (accounts (request)),
                                                         plz_request_get_param (request, "id"), &error);

  reply_user_or_error (request, user, error);
}

void
plz_accounts_route_admin_set_status (PlzRequest *request)
{
  static const char * const names[] = { "status", "reason", NULL };
  static const gboolean required[] = { TRUE, TRUE };
  const char *v[2];
  g_autoptr(JsonObject) body = parse_strings (request, names, v, required);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = NULL;
  PlzAccountStatus status;

  if (body == NULL)
    return;
  if (!plz_account_status_from_string (v[0], &status))
    {
      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT,
                               "Status must be active, suspended or banned", "status");
      return;
    }
  user = plz_accounts_set_status (accounts (request), request->user, plz_request_get_param (request, "id"),
                                  status, v[1], &error);
  reply_user_or_error (request, user, error);
}

void
plz_accounts_route_admin_audit (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  JsonArray *entries;
  guint limit;

  if (!query_uint (request, "limit", 100, 1000, &limit))
    return;
  entries = plz_accounts_store_list_audit (plz_accounts_get_store (accounts (request)),
                                           plz_request_get_query (request, "target"), limit, &error);
  if (entries == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  json_object_set_array_member (o, "entries", entries);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}
