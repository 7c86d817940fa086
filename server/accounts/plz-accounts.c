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

static PlzNewSession *
open_session (PlzAccounts         *self,
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

static gboolean
check_status (const PlzUser  *user,
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
  if (user == NULL || !check_status (user, error))
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

/* Sign-up and sign-in ------------------------------------------------------ */

typedef struct
{
  PlzAccounts          *self;
  PlzUser              *user;
  const PlzClientInfo  *client;
  PlzNewSession        *new_session;
} SignUp;

static gboolean
sign_up_txn (PlzStore  *store,
             gpointer   data,
             GError   **error)
{
  SignUp *s = data;
  g_autoptr(PlzUser) existing = NULL;
  g_autoptr(GError) lookup_error = NULL;

  existing = plz_accounts_store_find_by_email (store, s->user->email, &lookup_error);
  if (existing != NULL)
    return _plz_accounts_field_error (error, PLZ_ERROR_EMAIL_TAKEN, "email",
                            "An account with this email already exists; sign in instead");
  if (!g_error_matches (lookup_error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }
  if (!plz_accounts_store_insert_user (store, s->user, error))
    return FALSE;
  s->new_session = open_session (s->self, s->user->id, s->client, error);
  if (s->new_session == NULL)
    return FALSE;
  return _plz_accounts_queue_email_token (s->self, s->user, "email", PLZ_VERIFY_EMAIL_TTL_US, error);
}

PlzUser *
plz_accounts_sign_up (PlzAccounts          *self,
                      const char           *email,
                      const char           *password,
                      const char           *display_name,
                      const PlzClientInfo  *client,
                      PlzNewSession       **new_session,
                      GError              **error)
{
  g_autoptr(PlzUser) user = g_new0 (PlzUser, 1);
  SignUp s = { self, NULL, client, NULL };
  gint64 now = plz_time_now_us ();

  user->email = plz_validate_email ("email", email, error);
  if (user->email == NULL)
    return NULL;
  user->display_name = plz_validate_name ("display_name", display_name, error);
  if (user->display_name == NULL || !plz_validate_password ("password", password, error))
    return NULL;
  user->password_hash = plz_password_hash (password, self->password_cost, error);
  if (user->password_hash == NULL)
    return NULL;

  user->id = plz_random_id ();
  user->bio = g_strdup ("");
  user->timezone = g_strdup ("Africa/Johannesburg");
  user->locale = g_strdup ("en_ZA");
  user->expertise = g_strdup ("[]");
  user->is_consumer = TRUE;
  user->status = PLZ_ACCOUNT_ACTIVE;
  user->created_at = user->updated_at = user->last_login_at = now;

  s.user = user;
  if (!plz_store_transaction (self->store, sign_up_txn, &s, error))
    {
      plz_new_session_free (s.new_session);
      return NULL;
    }
  *new_session = s.new_session;
  return g_steal_pointer (&user);
}

/* Counts one failure for @key; returns the count within the window. */
static gint64
count_failure (PlzAccounts  *self,
               const char   *key,
               gint64        lock_after,
               gint64        now,
               GError      **error)
{
  gint64 failures, window_start, locked_until;

  if (!plz_accounts_store_get_failures (self->store, key, &failures, &window_start, &locked_until, error))
    return -1;
  if (now - window_start > PLZ_SIGNIN_WINDOW_US)
    {
      failures = 0;
      window_start = now;
    }
  failures++;
  locked_until = failures >= lock_after ? now + PLZ_SIGNIN_LOCK_US : 0;
  if (!plz_accounts_store_set_failures (self->store, key, failures, window_start, locked_until, error))
    return -1;
  return failures;
}

static gint64
locked_for (PlzAccounts  *self,
            const char   *key,
            gint64        now,
            GError      **error)
{
  gint64 failures, window_start, locked_until;

  if (!plz_accounts_store_get_failures (self->store, key, &failures, &window_start, &locked_until, error))
    return -1;
  return locked_until > now ? locked_until - now : 0;
}

typedef struct
{
  PlzAccounts          *self;
  const char           *email_key;
  const char           *addr_key;
  gint64                failures;
} Failure;

static gboolean
failure_txn (PlzStore  *store,
             gpointer   data,
             GError   **error)
{
  Failure *f = data;
  gint64 now = plz_time_now_us ();
  gint64 by_email = count_failure (f->self, f->email_key, PLZ_SIGNIN_LOCK_AFTER, now, error);
  gint64 by_addr = by_email < 0 ? -1 : count_failure (f->self, f->addr_key, PLZ_SIGNIN_ADDR_LOCK_AFTER, now, error);

  f->failures = MAX (by_email, by_addr * PLZ_SIGNIN_LOCK_AFTER / PLZ_SIGNIN_ADDR_LOCK_AFTER);
  return by_email >= 0 && by_addr >= 0;
}

typedef struct
{
  PlzAccounts          *self;
  PlzUser              *user;
  const char           *email_key;
  const char           *password;
  const PlzClientInfo  *client;
  PlzNewSession        *new_session;
} Success;

static gboolean
success_txn (PlzStore  *store,
             gpointer   data,
             GError   **error)
{
  Success *s = data;
  gint64 now = plz_time_now_us ();

  if (plz_password_needs_rehash (s->user->password_hash, s->self->password_cost))
    {
      char *rehashed = plz_password_hash (s->password, s->self->password_cost, error);

      if (rehashed == NULL)
        return FALSE;
      g_free (s->user->password_hash);
      s->user->password_hash = rehashed;
    }
  s->user->last_login_at = now;
  if (!plz_accounts_store_update_user (store, s->user, error) ||
      !plz_accounts_store_clear_failures (store, s->email_key, error))
    return FALSE;
  s->new_session = open_session (s->self, s->user->id, s->client, error);
  return s->new_session != NULL;
}

/* base, 2×base, 4×base … up to 16×base (4 s with the default 250 ms). */
static guint
delay_for (guint  base_ms,
           gint64 failures)
{
  if (failures <= PLZ_SIGNIN_SLOW_AFTER)
    return 0;
  return base_ms << MIN (failures - PLZ_SIGNIN_SLOW_AFTER - 1, 4);
}

PlzUser *
plz_accounts_sign_in (PlzAccounts          *self,
                      const char           *email,
                      const char           *password,
                      const PlzClientInfo  *client,
                      PlzNewSession       **new_session,
                      guint                *delay_ms,
                      GError              **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *email_key = NULL;
  g_autofree char *addr_key = NULL;
  g_autoptr(PlzUser) user = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 now = plz_time_now_us ();
  gint64 wait_email, wait_addr;
  gboolean ok;

  *delay_ms = 0;
  if (email == NULL || password == NULL)
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, email == NULL ? "email" : "password",
                            email == NULL ? "Email is required" : "Password is required"), NULL;

  /* Throttle by what was typed, valid or not, so probing costs the same. */
  normal = plz_validate_email ("email", email, NULL);
  email_key = g_strconcat ("email:", normal != NULL ? normal : email, NULL);
  addr_key = g_strconcat ("addr:", client != NULL && client->client_addr ? client->client_addr : "", NULL);

  wait_email = locked_for (self, email_key, now, error);
  wait_addr = wait_email < 0 ? -1 : locked_for (self, addr_key, now, error);
  if (wait_email < 0 || wait_addr < 0)
    return NULL;
  if (wait_email > 0 || wait_addr > 0)
    {
      gint64 minutes = (MAX (wait_email, wait_addr) + 60 * G_USEC_PER_SEC - 1) / (60 * G_USEC_PER_SEC);

      g_set_error (error, PLZ_ERROR, PLZ_ERROR_TOO_MANY_ATTEMPTS,
                   "Too many failed sign-ins; try again in %" G_GINT64_FORMAT " minute%s",
                   minutes, minutes == 1 ? "" : "s");
      return NULL;
    }

  if (normal != NULL)
    user = plz_accounts_store_find_by_email (self->store, normal, &local_error);
  if (user == NULL && local_error != NULL && !g_error_matches (local_error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (user != NULL)
    ok = plz_password_verify (password, user->password_hash);
  else
    {
      /* The same work whether or not the account exists. */
      plz_password_burn (password, self->password_cost);
      ok = FALSE;
    }

  if (!ok)
    {
      Failure f = { self, email_key, addr_key, 0 };

      if (!plz_store_transaction (self->store, failure_txn, &f, error))
        return NULL;
      *delay_ms = delay_for (self->signin_delay_ms, f.failures);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_CREDENTIALS,
                           "The email or password is not right");
      return NULL;
    }

  if (!check_status (user, error))
    return NULL;

  {
    Success s = { self, user, email_key, password, client, NULL };

    if (!plz_store_transaction (self->store, success_txn, &s, error))
      {
        plz_new_session_free (s.new_session);
        return NULL;
      }
    *new_session = s.new_session;
  }
  return g_steal_pointer (&user);
}

void
plz_accounts_set_events (PlzAccounts       *self,
                         struct _PlzEvents *events)
{
  self->events = events;
}
