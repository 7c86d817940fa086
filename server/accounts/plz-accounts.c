/* plz-accounts.c — accounts, sessions, verification and admin rules */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-accounts.h"
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
#define DEFAULT_REGION      "ZA"

struct _PlzAccounts
{
  PlzStore *store;
  guint     password_cost;
  gint64    session_ttl_us;
  guint     signin_delay_ms;
  char     *media_dir;
};

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

static gboolean
set_field_error (GError     **error,
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

static gboolean
token_has_shape (const char *token)
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

  if (!token_has_shape (token))
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
static gboolean
may_send_code (PlzAccounts    *self,
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

static gboolean
queue_email_token (PlzAccounts    *self,
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
static PlzVerification *
take_verification (PlzAccounts  *self,
                   const char   *purpose,
                   const char   *secret,
                   GError      **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(PlzVerification) v = NULL;
  GError *local_error = NULL;

  if (!token_has_shape (secret))
    {
      set_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code is not valid");
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
      set_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code is not valid or was already used");
      return NULL;
    }
  if (v->expires_at <= plz_time_now_us ())
    {
      set_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code has expired; ask for a new one");
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
    return set_field_error (error, PLZ_ERROR_EMAIL_TAKEN, "email",
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
  return queue_email_token (s->self, s->user, "email", PLZ_VERIFY_EMAIL_TTL_US, error);
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
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, email == NULL ? "email" : "password",
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

/* Profile -------------------------------------------------------------------- */

static PlzUser *
reload (PlzAccounts  *self,
        const char   *id,
        GError      **error)
{
  return plz_accounts_store_get_user (self->store, id, error);
}

static gboolean
replace_member (char       **slot,
                char        *value)
{
  if (value == NULL)
    return FALSE;
  g_free (*slot);
  *slot = value;
  return TRUE;
}

PlzUser *
plz_accounts_update_profile (PlzAccounts    *self,
                             const PlzUser  *current,
                             JsonObject     *changes,
                             GError        **error)
{
  g_autoptr(PlzUser) user = reload (self, current->id, error);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (user == NULL)
    return NULL;
  if (json_object_get_size (changes) == 0)
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, NULL, "Nothing to change"), NULL;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const char *text = NULL;

      if (!g_str_equal (name, "display_name") && !g_str_equal (name, "bio") &&
          !g_str_equal (name, "timezone") && !g_str_equal (name, "locale"))
        {
          g_autofree char *message = g_strdup_printf ("“%s” cannot be changed here", name);
          return set_field_error (error, PLZ_ERROR_INVALID_INPUT, name, message), NULL;
        }
      if (!plz_json_get_string (changes, name, TRUE, &text, error))
        {
          plz_error_set_field (*error, name);
          return NULL;
        }
      if (g_str_equal (name, "display_name"))
        {
          if (!replace_member (&user->display_name, plz_validate_name (name, text, error)))
            return NULL;
        }
      else if (g_str_equal (name, "bio"))
        {
          if (!replace_member (&user->bio, plz_validate_text (name, text, PLZ_BIO_MAX_CHARS, error)))
            return NULL;
        }
      else if (g_str_equal (name, "timezone"))
        {
          if (!plz_validate_timezone (name, text, error))
            return NULL;
          replace_member (&user->timezone, g_strdup (text));
        }
      else if (!replace_member (&user->locale, plz_validate_locale (name, text, error)))
        return NULL;
    }

  user->updated_at = plz_time_now_us ();
  if (!plz_accounts_store_update_user (self->store, user, error))
    return NULL;
  return g_steal_pointer (&user);
}

static gboolean
get_number (JsonObject  *o,
            const char  *member,
            double       min,
            double       max,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *field = g_strconcat ("service_area.", member, NULL);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, field, "A number is required here");
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, field, "This must be a number");
  *out = json_node_get_double (node);
  if (!(*out >= min && *out <= max))
    {
      g_autofree char *message = g_strdup_printf ("This must be between %g and %g", min, max);
      return set_field_error (error, PLZ_ERROR_INVALID_INPUT, field, message);
    }
  return TRUE;
}

#define MAX_EXPERTISE_TAGS 20

/* Validates the expertise tags and returns them as JSON array text. */
static char *
expertise_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(JsonArray) clean = json_array_new ();
  g_autoptr(JsonNode) out = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL)
    return g_strdup ("[]");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, "expertise", "Expertise must be a list of words"), NULL;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > MAX_EXPERTISE_TAGS)
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, "expertise", "At most 20 kinds of expertise"), NULL;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      g_autofree char *tag = NULL;

      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING)
        return set_field_error (error, PLZ_ERROR_INVALID_INPUT, "expertise", "Expertise must be a list of words"), NULL;
      tag = plz_validate_name ("expertise", json_node_get_string (el), error);
      if (tag == NULL)
        return NULL;
      json_array_add_string_element (clean, tag);
    }
  out = json_node_init_array (json_node_alloc (), clean);
  return json_to_string (out, FALSE);
}

PlzUser *
plz_accounts_become_operator (PlzAccounts    *self,
                              const PlzUser  *current,
                              JsonObject     *profile,
                              GError        **error)
{
  g_autoptr(PlzUser) user = reload (self, current->id, error);
  g_autofree char *business = NULL;
  g_autofree char *expertise = NULL;
  const char *business_text = NULL;
  JsonNode *area_node;

  if (user == NULL)
    return NULL;
  if (!plz_json_get_string (profile, "business_name", TRUE, &business_text, error))
    {
      plz_error_set_field (*error, "business_name");
      return NULL;
    }
  business = plz_validate_name ("business_name", business_text, error);
  if (business == NULL)
    return NULL;

  area_node = json_object_get_member (profile, "service_area");
  if (area_node == NULL || !JSON_NODE_HOLDS_OBJECT (area_node))
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, "service_area",
                            "Say where you work: a centre (lat, lng) and a radius in km"), NULL;
  if (!get_number (json_node_get_object (area_node), "lat", -90, 90, &user->area_lat, error) ||
      !get_number (json_node_get_object (area_node), "lng", -180, 180, &user->area_lng, error) ||
      !get_number (json_node_get_object (area_node), "radius_km", 0.5, 500, &user->area_radius_km, error))
    return NULL;

  expertise = expertise_from_json (json_object_get_member (profile, "expertise"), error);
  if (expertise == NULL)
    return NULL;

  for (JsonObjectIter iter, *it = (json_object_iter_init (&iter, profile), &iter); it; it = NULL)
    {
      const char *name;
      JsonNode *node;

      while (json_object_iter_next (it, &name, &node))
        if (!g_str_equal (name, "business_name") && !g_str_equal (name, "service_area") &&
            !g_str_equal (name, "expertise"))
          {
            g_autofree char *message = g_strdup_printf ("“%s” is not part of an operator profile", name);
            return set_field_error (error, PLZ_ERROR_INVALID_INPUT, name, message), NULL;
          }
    }

  replace_member (&user->business_name, g_steal_pointer (&business));
  replace_member (&user->expertise, g_steal_pointer (&expertise));
  user->has_area = TRUE;
  user->is_operator = TRUE;
  user->updated_at = plz_time_now_us ();
  if (!plz_accounts_store_update_user (self->store, user, error))
    return NULL;
  return g_steal_pointer (&user);
}

/* Avatars --------------------------------------------------------------------- */

static const char *
sniff_image (const guint8 *p,
             gsize         n)
{
  if (n >= 8 && memcmp (p, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
    return "jpg";
  if (n >= 12 && memcmp (p, "RIFF", 4) == 0 && memcmp (p + 8, "WEBP", 4) == 0)
    return "webp";
  return NULL;
}

static const char *
content_type_for (const char *name)
{
  if (g_str_has_suffix (name, ".png"))
    return "image/png";
  if (g_str_has_suffix (name, ".jpg"))
    return "image/jpeg";
  return "image/webp";
}

PlzUser *
plz_accounts_set_avatar (PlzAccounts    *self,
                         const PlzUser  *current,
                         GBytes         *data,
                         GError        **error)
{
  g_autoptr(PlzUser) user = reload (self, current->id, error);
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (data, &size);
  const char *ext = bytes != NULL ? sniff_image (bytes, size) : NULL;
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old = NULL;

  if (user == NULL)
    return NULL;
  if (ext == NULL)
    return set_field_error (error, PLZ_ERROR_UNSUPPORTED_MEDIA, "avatar",
                            "A picture must be a PNG, JPEG or WebP image"), NULL;
  if (size > PLZ_AVATAR_MAX_BYTES)
    return set_field_error (error, PLZ_ERROR_PAYLOAD_TOO_LARGE, "avatar",
                            "A picture can be at most 1 MB"), NULL;

  /* Stored by content hash: the same picture twice is one file. */
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  name = g_strdup_printf ("%s.%s", digest, ext);
  path = g_build_filename (self->media_dir, name, NULL);
  if (g_mkdir_with_parents (self->media_dir, 0700) != 0 ||
      (!g_file_test (path, G_FILE_TEST_EXISTS) &&
       !g_file_set_contents_full (path, (const char *) bytes, (gssize) size,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot store the picture: %s", g_strerror (errno));
      return NULL;
    }

  old = g_steal_pointer (&user->avatar);
  user->avatar = g_strdup (name);
  user->updated_at = plz_time_now_us ();
  if (!plz_accounts_store_update_user (self->store, user, error))
    return NULL;

  /* Remove the previous picture when nobody else uses it. */
  if (old != NULL && !g_str_equal (old, name) &&
      plz_accounts_store_count_avatar_refs (self->store, old, NULL) == 0)
    {
      g_autofree char *old_path = g_build_filename (self->media_dir, old, NULL);
      g_unlink (old_path);
    }
  return g_steal_pointer (&user);
}

char *
plz_accounts_avatar_path (PlzAccounts  *self,
                          const char   *id,
                          const char  **content_type,
                          GError      **error)
{
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (self->store, id, error);

  if (user == NULL)
    return NULL;
  if (user->avatar == NULL)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "This person has no picture");
      return NULL;
    }
  *content_type = content_type_for (user->avatar);
  return g_build_filename (self->media_dir, user->avatar, NULL);
}

/* Email verification and password reset ----------------------------------------- */

gboolean
plz_accounts_request_email_verification (PlzAccounts    *self,
                                         const PlzUser  *user,
                                         GError        **error)
{
  if (user->email_verified_at != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_CONFLICT, "Your email is already confirmed");
      return FALSE;
    }
  if (!may_send_code (self, user, "email", error))
    return FALSE;
  return queue_email_token (self, user, "email", PLZ_VERIFY_EMAIL_TTL_US, error);
}

typedef struct
{
  PlzAccounts *self;
  const char  *token;
  const char  *password_hash;
} Redeem;

static gboolean
confirm_email_txn (PlzStore  *store,
                   gpointer   data,
                   GError   **error)
{
  Redeem *r = data;
  g_autoptr(PlzVerification) v = take_verification (r->self, "email", r->token, error);
  g_autoptr(PlzUser) user = NULL;
  gint64 now = plz_time_now_us ();

  if (v == NULL)
    return FALSE;
  user = plz_accounts_store_get_user (store, v->user_id, error);
  if (user == NULL)
    return FALSE;
  user->email_verified_at = now;
  user->updated_at = now;
  return plz_accounts_store_use_verification (store, v->id, now, error) &&
         plz_accounts_store_update_user (store, user, error);
}

gboolean
plz_accounts_confirm_email (PlzAccounts  *self,
                            const char   *token,
                            GError      **error)
{
  Redeem r = { self, token, NULL };

  return plz_store_transaction (self->store, confirm_email_txn, &r, error);
}

gboolean
plz_accounts_request_password_reset (PlzAccounts  *self,
                                     const char   *email,
                                     GError      **error)
{
  g_autofree char *normal = plz_validate_email ("email", email, error);
  g_autoptr(PlzUser) user = NULL;
  g_autoptr(GError) lookup_error = NULL;

  if (normal == NULL)
    return FALSE;
  user = plz_accounts_store_find_by_email (self->store, normal, &lookup_error);
  if (user == NULL)
    {
      if (g_error_matches (lookup_error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND))
        return TRUE;  /* say nothing about who has an account */
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }
  {
    /* Past the hourly cap nothing is sent, and the answer stays the same. */
    g_autoptr(GError) cap_error = NULL;

    if (!may_send_code (self, user, "password_reset", &cap_error))
      {
        if (g_error_matches (cap_error, PLZ_ERROR, PLZ_ERROR_TOO_MANY_ATTEMPTS))
          return TRUE;
        g_propagate_error (error, g_steal_pointer (&cap_error));
        return FALSE;
      }
  }
  return queue_email_token (self, user, "password_reset", PLZ_PASSWORD_RESET_TTL_US, error);
}

static gboolean
reset_password_txn (PlzStore  *store,
                    gpointer   data,
                    GError   **error)
{
  Redeem *r = data;
  g_autoptr(PlzVerification) v = take_verification (r->self, "password_reset", r->token, error);
  g_autoptr(PlzUser) user = NULL;
  g_autofree char *email_key = NULL;
  gint64 now = plz_time_now_us ();

  if (v == NULL)
    return FALSE;
  user = plz_accounts_store_get_user (store, v->user_id, error);
  if (user == NULL)
    return FALSE;
  g_free (user->password_hash);
  user->password_hash = g_strdup (r->password_hash);
  user->updated_at = now;
  email_key = g_strconcat ("email:", user->email, NULL);
  /* A reset signs out everywhere: whoever knew the old password is out. */
  return plz_accounts_store_use_verification (store, v->id, now, error) &&
         plz_accounts_store_update_user (store, user, error) &&
         plz_accounts_store_delete_sessions (store, user->id, NULL, error) &&
         plz_accounts_store_clear_failures (store, email_key, error);
}

gboolean
plz_accounts_reset_password (PlzAccounts  *self,
                             const char   *token,
                             const char   *password,
                             GError      **error)
{
  g_autofree char *hash = NULL;
  Redeem r = { self, token, NULL };

  /* Cheap checks first: hashing is the expensive part. */
  if (!token_has_shape (token))
    return set_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code is not valid");
  if (!plz_validate_password ("password", password, error))
    return FALSE;
  hash = plz_password_hash (password, self->password_cost, error);
  if (hash == NULL)
    return FALSE;
  r.password_hash = hash;
  return plz_store_transaction (self->store, reset_password_txn, &r, error);
}

/* Phone verification ---------------------------------------------------------- */

static char *
phone_secret (const char *user_id,
              const char *code)
{
  g_autofree char *material = g_strconcat (user_id, ":", code, NULL);
  return plz_sha256_hex (material);
}

typedef struct
{
  PlzAccounts    *self;
  const PlzUser  *user;
  const char     *phone;
  const char     *code;
  PlzUser        *result;
  gboolean        wrong;
} Phone;

static gboolean
request_phone_txn (PlzStore  *store,
                   gpointer   data,
                   GError   **error)
{
  Phone *p = data;
  g_autofree char *secret = phone_secret (p->user->id, p->code);
  g_autofree char *body = g_strdup_printf ("Your Plaza code is %s. It expires in 10 minutes.", p->code);
  gint64 now = plz_time_now_us ();

  return plz_accounts_store_retire_verifications (store, p->user->id, "phone", now, error) &&
         plz_accounts_store_insert_verification (store, p->user->id, "phone", secret, p->phone, now,
                                                 now + PLZ_PHONE_CODE_TTL_US, error) &&
         plz_accounts_store_queue_outbox (store, "sms", p->phone, "", body, now, error);
}

gboolean
plz_accounts_request_phone_verification (PlzAccounts    *self,
                                         const PlzUser  *user,
                                         const char     *phone,
                                         GError        **error)
{
  g_autofree char *normal = plz_validate_phone ("phone", phone, DEFAULT_REGION, error);
  g_autofree char *code = NULL;
  Phone p = { self, user, NULL, NULL, NULL, FALSE };

  if (normal == NULL || !may_send_code (self, user, "phone", error))
    return FALSE;
  code = plz_random_digits (6);
  p.phone = normal;
  p.code = code;
  return plz_store_transaction (self->store, request_phone_txn, &p, error);
}

static gboolean
confirm_phone_txn (PlzStore  *store,
                   gpointer   data,
                   GError   **error)
{
  Phone *p = data;
  g_autoptr(PlzVerification) v = NULL;
  g_autoptr(PlzUser) user = NULL;
  g_autofree char *secret = NULL;
  GError *local_error = NULL;
  gint64 now = plz_time_now_us ();

  v = plz_accounts_store_latest_verification (store, p->user->id, "phone", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (v == NULL || v->expires_at <= now)
    return set_field_error (error, PLZ_ERROR_INVALID_TOKEN, "code",
                            "There is no code waiting; ask for a new one");
  if (v->attempts >= PLZ_PHONE_CODE_MAX_TRIES)
    return set_field_error (error, PLZ_ERROR_INVALID_TOKEN, "code",
                            "Too many wrong codes; ask for a new one");

  secret = phone_secret (p->user->id, p->code);
  if (!plz_constant_time_equal (secret, v->secret_hash))
    {
      /* The wrong try must stick, so this commits and the caller reports it. */
      p->wrong = TRUE;
      return plz_accounts_store_bump_verification (store, v->id, error);
    }

  user = plz_accounts_store_get_user (store, p->user->id, error);
  if (user == NULL)
    return FALSE;
  g_free (user->phone);
  user->phone = g_strdup (v->target);
  user->phone_verified_at = now;
  user->updated_at = now;
  if (!plz_accounts_store_use_verification (store, v->id, now, error) ||
      !plz_accounts_store_update_user (store, user, error))
    return FALSE;
  p->result = g_steal_pointer (&user);
  return TRUE;
}

PlzUser *
plz_accounts_confirm_phone (PlzAccounts    *self,
                            const PlzUser  *user,
                            const char     *code,
                            GError        **error)
{
  Phone p = { self, user, NULL, code, NULL, FALSE };

  if (code == NULL || strlen (code) != 6 || strspn (code, "0123456789") != 6)
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, "code", "The code has 6 digits"), NULL;
  if (!plz_store_transaction (self->store, confirm_phone_txn, &p, error))
    return NULL;
  if (p.wrong)
    return set_field_error (error, PLZ_ERROR_INVALID_TOKEN, "code", "That code is not right"), NULL;
  return p.result;
}

/* Admin ------------------------------------------------------------------------ */

GPtrArray *
plz_accounts_search (PlzAccounts  *self,
                     const char   *query,
                     guint         limit,
                     guint         offset,
                     GError      **error)
{
  return plz_accounts_store_search_users (self->store, query, limit, offset, error);
}

typedef struct
{
  PlzAccounts      *self;
  const PlzUser    *admin;
  const char       *target_id;
  PlzAccountStatus  status;
  const char       *reason;
  PlzUser          *result;
} SetStatus;

static gboolean
set_status_txn (PlzStore  *store,
                gpointer   data,
                GError   **error)
{
  SetStatus *s = data;
  g_autoptr(PlzUser) target = plz_accounts_store_get_user (store, s->target_id, error);
  static const char *actions[] = { "reactivate", "suspend", "ban" };
  gint64 now = plz_time_now_us ();

  if (target == NULL)
    return FALSE;
  target->status = s->status;
  g_free (target->status_reason);
  target->status_reason = s->status == PLZ_ACCOUNT_ACTIVE ? NULL : g_strdup (s->reason);
  target->updated_at = now;
  /* While suspended or banned the old sessions answer 403; coming back, they
   * all end, so a token that was stolen before the ban is worthless. */
  if (s->status == PLZ_ACCOUNT_ACTIVE &&
      !plz_accounts_store_delete_sessions (store, target->id, NULL, error))
    return FALSE;
  if (!plz_accounts_store_update_user (store, target, error) ||
      !plz_accounts_store_audit (store, s->admin->id, actions[s->status], target->id, s->reason, now, error))
    return FALSE;
  s->result = g_steal_pointer (&target);
  return TRUE;
}

PlzUser *
plz_accounts_set_status (PlzAccounts      *self,
                         const PlzUser    *admin,
                         const char       *target_id,
                         PlzAccountStatus  status,
                         const char       *reason,
                         GError          **error)
{
  g_autofree char *clean = plz_validate_text ("reason", reason, 500, error);
  SetStatus s = { self, admin, target_id, status, NULL, NULL };

  if (clean == NULL)
    return NULL;
  if (clean[0] == '\0')
    return set_field_error (error, PLZ_ERROR_INVALID_INPUT, "reason", "Give a reason; it is kept in the audit log"), NULL;
  if (g_strcmp0 (admin->id, target_id) == 0)
    return set_field_error (error, PLZ_ERROR_CONFLICT, NULL, "You cannot change your own account’s status"), NULL;
  s.reason = clean;
  if (!plz_store_transaction (self->store, set_status_txn, &s, error))
    return NULL;
  return s.result;
}

typedef struct
{
  const char *email;
  PlzUser    *result;
} Grant;

static gboolean
grant_admin_txn (PlzStore  *store,
                 gpointer   data,
                 GError   **error)
{
  Grant *g = data;
  g_autoptr(PlzUser) user = plz_accounts_store_find_by_email (store, g->email, error);
  gint64 now = plz_time_now_us ();

  if (user == NULL)
    {
      g_prefix_error (error, "No account has the email %s (sign up first): ", g->email);
      return FALSE;
    }
  user->is_admin = TRUE;
  user->updated_at = now;
  if (!plz_accounts_store_update_user (store, user, error) ||
      !plz_accounts_store_audit (store, NULL, "grant_admin", user->id, "command line", now, error))
    return FALSE;
  g->result = g_steal_pointer (&user);
  return TRUE;
}

PlzUser *
plz_accounts_grant_admin (PlzAccounts  *self,
                          const char   *email,
                          GError      **error)
{
  g_autofree char *normal = plz_validate_email ("email", email, error);
  Grant g = { NULL, NULL };

  if (normal == NULL)
    return NULL;
  g.email = normal;
  if (!plz_store_transaction (self->store, grant_admin_txn, &g, error))
    return NULL;
  return g.result;
}
