/* plz-accounts-verify.c — email verification, password reset and phone codes */
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
  if (!_plz_accounts_may_send_code (self, user, "email", error))
    return FALSE;
  return _plz_accounts_queue_email_token (self, user, "email", PLZ_VERIFY_EMAIL_TTL_US, error);
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
  g_autoptr(PlzVerification) v = _plz_accounts_take_verification (r->self, "email", r->token, error);
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

    if (!_plz_accounts_may_send_code (self, user, "password_reset", &cap_error))
      {
        if (g_error_matches (cap_error, PLZ_ERROR, PLZ_ERROR_TOO_MANY_ATTEMPTS))
          return TRUE;
        g_propagate_error (error, g_steal_pointer (&cap_error));
        return FALSE;
      }
  }
  return _plz_accounts_queue_email_token (self, user, "password_reset", PLZ_PASSWORD_RESET_TTL_US, error);
}

static gboolean
reset_password_txn (PlzStore  *store,
                    gpointer   data,
                    GError   **error)
{
  Redeem *r = data;
  g_autoptr(PlzVerification) v = _plz_accounts_take_verification (r->self, "password_reset", r->token, error);
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

/* A reset runs like sign-up (plz-accounts-signin.c): cheap checks on the
 * main loop, the hash on a worker thread, the transaction back on the loop. */
typedef struct
{
  PlzAccounts *self;
  char        *token;
  char        *password;
  guint        cost;
  char        *hash;
} Reset;

static void
free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
reset_free (Reset *r)
{
  free_secret (r->token);
  free_secret (r->password);
  free_secret (r->hash);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reset, reset_free)

/* Step 1: everything that can be refused without hashing, the token too:
 * a made-up one must not cost a hash. The transaction looks again. */
static Reset *
reset_begin (PlzAccounts  *self,
             const char   *token,
             const char   *password,
             GError      **error)
{
  g_autoptr(Reset) r = NULL;
  g_autoptr(PlzVerification) v = NULL;

  if (!_plz_accounts_token_has_shape (token))
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_TOKEN, "token", "This code is not valid"), NULL;
  if (!plz_validate_password ("password", password, error))
    return NULL;
  v = _plz_accounts_take_verification (self, "password_reset", token, error);
  if (v == NULL)
    return NULL;
  r = g_new0 (Reset, 1);
  r->self = self;
  r->token = g_strdup (token);
  r->password = g_strdup (password);
  r->cost = self->password_cost;
  return g_steal_pointer (&r);
}

/* Step 2, on any thread: touches nothing but @r. */
static gboolean
reset_hash (Reset   *r,
            GError **error)
{
  r->hash = plz_password_hash (r->password, r->cost, error);
  return r->hash != NULL;
}

/* Step 3: the new hash in, every session out. */
static gboolean
reset_end (Reset   *r,
           GError **error)
{
  Redeem redeem = { r->self, r->token, r->hash };

  return plz_store_transaction (r->self->store, reset_password_txn, &redeem, error);
}

gboolean
plz_accounts_reset_password (PlzAccounts  *self,
                             const char   *token,
                             const char   *password,
                             GError      **error)
{
  g_autoptr(Reset) r = reset_begin (self, token, password, error);

  return r != NULL && reset_hash (r, error) && reset_end (r, error);
}

static void
reset_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (reset_hash (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
plz_accounts_reset_password_async (PlzAccounts         *self,
                                   const char          *token,
                                   const char          *password,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  GError *error = NULL;
  Reset *r = reset_begin (self, token, password, &error);

  g_task_set_source_tag (task, plz_accounts_reset_password_async);
  if (r == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, r, (GDestroyNotify) reset_free);
  g_task_run_in_thread (task, reset_thread);
}

gboolean
plz_accounts_reset_password_finish (PlzAccounts   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  return reset_end (g_task_get_task_data (G_TASK (result)), error);
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
  g_autofree char *normal = plz_validate_phone ("phone", phone, PLZ_ACCOUNTS_DEFAULT_REGION, error);
  g_autofree char *code = NULL;
  Phone p = { self, user, NULL, NULL, NULL, FALSE };

  if (normal == NULL || !_plz_accounts_may_send_code (self, user, "phone", error))
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
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_TOKEN, "code",
                            "There is no code waiting; ask for a new one");
  if (v->attempts >= PLZ_PHONE_CODE_MAX_TRIES)
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_TOKEN, "code",
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
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, "code", "The code has 6 digits"), NULL;
  if (!plz_store_transaction (self->store, confirm_phone_txn, &p, error))
    return NULL;
  if (p.wrong)
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_TOKEN, "code", "That code is not right"), NULL;
  return p.result;
}
