/* plz-accounts.c — accounts, sessions, verification and admin rules */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-accounts.h"
#include "plz-accounts-private.h"
#include "plz-crypto.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define TOKEN_BYTES         32
#define TOKEN_CHARS         43   /* base64url of 32 bytes, unpadded */
#define RENEW_AFTER_US      (60 * G_USEC_PER_SEC)


void
plz_new_session_free (PlzNewSession *ns)
{
  if (ns == NULL)
    return;
  if (ns->token != NULL)
    explicit_bzero (ns->token, strlen (ns->token));
  g_free (ns->token);
  plz_session_free (ns->session);
  g_free (ns);
}

PlzAccounts *
plz_accounts_new (PlzStore        *store,
                  const PlzConfig *config)
{
  PlzAccounts *self = g_new0 (PlzAccounts, 1);

  self->store = g_object_ref (store);
  self->password_cost = config->password_cost;
  self->session_ttl_us = (gint64) config->session_days * 24 * 3600 * G_USEC_PER_SEC;
  self->signin_delay_ms = config->signin_delay_ms;
  self->media_dir = g_build_filename (config->data_dir, "media", "avatars", NULL);
  return self;
}

void
plz_accounts_free (PlzAccounts *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_free (self->media_dir);
  g_free (self);
}

PlzStore *
plz_accounts_get_store (PlzAccounts *self)
{
  return self->store;
}

void
plz_accounts_set_moderation (PlzAccounts           *self,
                             struct _PlzModeration *moderation)
{
  self->moderation = moderation;
}

gboolean
_plz_accounts_field_error (GError     **error,
                 PlzErrorCode code,
                 const char  *field,
                 const char  *message)
{
  g_set_error_literal (error, PLZ_ERROR, code, message);
  if (error != NULL && *error != NULL)
    plz_error_set_field (*error, field);
  return FALSE;
}

/* Sessions ------------------------------------------------------------- */

/* Client-supplied text kept for display: valid UTF-8, at most @max chars. */
static char *
clip_text (const char *text,
           glong       max)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  if (g_utf8_strlen (valid, -1) <= max)
    return g_steal_pointer (&valid);
  return g_utf8_substring (valid, 0, max);
}

PlzNewSession *
_plz_accounts_open_session (PlzAccounts         *self,
                            const char          *user_id,
                            const PlzClientInfo *client,
                            GError             **error)
{
  g_autoptr(PlzNewSession) ns = g_new0 (PlzNewSession, 1);
  g_autofree char *hash = NULL;
  gint64 now = plz_time_now_us ();

  ns->token = plz_random_token (TOKEN_BYTES);
  ns->session = g_new0 (PlzSession, 1);
  ns->session->id = plz_random_id ();
  ns->session->user_id = g_strdup (user_id);
  ns->session->user_agent = clip_text (client != NULL ? client->user_agent : NULL, 200);
  ns->session->client_addr = g_strdup (client != NULL && client->client_addr ? client->client_addr : "");
  ns->session->created_at = now;
  ns->session->last_used_at = now;
  ns->session->expires_at = now + self->session_ttl_us;
  hash = plz_sha256_hex (ns->token);
  if (!plz_accounts_store_insert_session (self->store, ns->session, hash, error))
    return NULL;
  return g_steal_pointer (&ns);
}

gboolean
_plz_accounts_token_has_shape (const char *token)
{
  if (token == NULL || strlen (token) != TOKEN_CHARS)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
_plz_accounts_check_status (const PlzUser  *user,
                            GError        **error)
{
  switch (user->status)
    {
    case PLZ_ACCOUNT_ACTIVE:
      return TRUE;
    case PLZ_ACCOUNT_SUSPENDED:
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_ACCOUNT_SUSPENDED,
                   "This account is suspended: %s", user->status_reason ? user->status_reason : "no reason given");
      return FALSE;
    case PLZ_ACCOUNT_BANNED:
    default:
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_ACCOUNT_BANNED,
                   "This account is banned: %s", user->status_reason ? user->status_reason : "no reason given");
      return FALSE;
    }
}

PlzUser *
plz_accounts_authenticate (PlzAccounts  *self,
                           const char   *token,
                           PlzSession  **session_out,
                           GError      **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(PlzSession) session = NULL;
  g_autoptr(PlzUser) user = NULL;
  gint64 now = plz_time_now_us ();

  if (!_plz_accounts_token_has_shape (token))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED, "Sign in to do this");
      return NULL;
    }
  hash = plz_sha256_hex (token);
  session = plz_accounts_store_find_session (self->store, hash, error);
  if (session == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED,
                             "This session has ended; sign in again");
      return NULL;
    }
  if (session->expires_at <= now)
    {
      plz_accounts_store_delete_session (self->store, session->user_id, session->id, NULL, NULL);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_SESSION_EXPIRED,
                           "This session has expired; sign in again");
      return NULL;
    }
  user = plz_accounts_store_get_user (self->store, session->user_id, error);
  if (user == NULL || !_plz_accounts_check_status (user, error))
    return NULL;

  /* Sliding expiry, written at most once a minute per session. */
  if (now - session->last_used_at > RENEW_AFTER_US)
    {
      session->last_used_at = now;
      session->expires_at = now + self->session_ttl_us;
      if (!plz_accounts_store_touch_session (self->store, session->id, now, session->expires_at, error))
        return NULL;
    }

  if (session_out != NULL)
    *session_out = g_steal_pointer (&session);
  return g_steal_pointer (&user);
}

GPtrArray *
plz_accounts_list_sessions (PlzAccounts    *self,
                            const PlzUser  *user,
                            GError        **error)
{
  return plz_accounts_store_list_sessions (self->store, user->id, plz_time_now_us (), error);
}

gboolean
plz_accounts_revoke_session (PlzAccounts    *self,
                             const PlzUser  *user,
                             const char     *id,
                             GError        **error)
{
  gboolean deleted = FALSE;

  if (!plz_accounts_store_delete_session (self->store, user->id, id, &deleted, error))
    return FALSE;
  if (!deleted)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "You have no such session");
      return FALSE;
    }
  return TRUE;
}

/* Verification tokens ---------------------------------------------------- */

/* TRUE while @user may be sent another code for @purpose this hour: each new
 * code starts its own count of wrong tries, so the sending is what is capped. */
gboolean
_plz_accounts_may_send_code (PlzAccounts    *self,
               const PlzUser  *user,
               const char     *purpose,
               GError        **error)
{
  gint64 since = plz_time_now_us () - (gint64) 3600 * G_USEC_PER_SEC;
  gint64 sent = plz_accounts_store_count_verifications (self->store, user->id, purpose, since, error);

  if (sent < 0)
    return FALSE;
  if (sent >= PLZ_CODES_PER_HOUR)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_TOO_MANY_ATTEMPTS,
                           "Too many codes were sent in the last hour; try again later");
      return FALSE;
    }
  return TRUE;
}

gboolean
_plz_accounts_queue_email_token (PlzAccounts    *self,
                   const PlzUser  *user,
                   const char     *purpose,
                   gint64          ttl,
                   GError        **error)
{
  g_autofree char *token = plz_random_token (TOKEN_BYTES);
  g_autofree char *hash = plz_sha256_hex (token);
  g_autofree char *body = NULL;
  gint64 now = plz_time_now_us ();
  gboolean reset = g_str_equal (purpose, "password_reset");

  if (!plz_accounts_store_retire_verifications (self->store, user->id, purpose, now, error) ||
      !plz_accounts_store_insert_verification (self->store, user->id, purpose, hash, NULL, now,
                                               now + ttl, error))
    return FALSE;

  if (reset)
    body = g_strdup_printf ("Hello %s,\n\nSomeone asked to reset the password of your Plaza account. "
                            "If it was you, use this code in Plaza within an hour:\n\n%s\n\n"
                            "If it was not you, ignore this message; nothing changes.\n",
                            user->display_name, token);
  else
    body = g_strdup_printf ("Hello %s,\n\nWelcome to Plaza. Confirm your email address with this "
                            "code (valid for 48 hours):\n\n%s\n", user->display_name, token);
  return plz_accounts_store_queue_outbox (self->store, "email", user->email,
                                          reset ? "Reset your Plaza password" : "Confirm your email for Plaza",
                                          body, now, error);
}

/* Finds an unused, unexpired verification of @purpose by its secret. */
PlzVerification *
_plz_accounts_take_verification (PlzAccounts  *self,
                   const char   *purpose,
                   const char   *secret,
                   GError      **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(PlzVerification) v = NULL;
  GError *local_error = NULL;

  if (!_plz_accounts_token_has_shape (secret))
    {
      _plz_accounts_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code is not valid");
      return NULL;
    }
  hash = plz_sha256_hex (secret);
  v = plz_accounts_store_find_verification (self->store, purpose, hash, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (v == NULL || v->used_at != 0)
    {
      _plz_accounts_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code is not valid or was already used");
      return NULL;
    }
  if (v->expires_at <= plz_time_now_us ())
    {
      _plz_accounts_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code has expired; ask for a new one");
      return NULL;
    }
  return g_steal_pointer (&v);
}

void
plz_accounts_set_events (PlzAccounts       *self,
                         struct _PlzEvents *events)
{
  self->events = events;
}
