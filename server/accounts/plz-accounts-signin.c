/* plz-accounts-signin.c — sign-up and sign-in. Each runs in three steps: cheap
 * checks on the main loop, the password hash (tens of milliseconds of CPU by
 * design) on a worker thread so the live hub keeps moving, then the
 * transaction back on the main loop. The synchronous forms run the same steps
 * in a row, for the command line and tests. */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-accounts.h"
#include "plz-accounts-private.h"
#include "plz-crypto.h"
#include "plz-error.h"
#include "plz-time.h"
#include "plz-validate.h"

#include <string.h>

/* Wipes and frees a copy of a password. */
static void
free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* What a request told us about the client, copied to outlive it. */
typedef struct
{
  char *user_agent;
  char *client_addr;
} ClientCopy;

static void
client_copy_init (ClientCopy          *copy,
                  const PlzClientInfo *client)
{
  copy->user_agent = g_strdup (client != NULL ? client->user_agent : NULL);
  copy->client_addr = g_strdup (client != NULL ? client->client_addr : NULL);
}

static void
client_copy_clear (ClientCopy *copy)
{
  g_clear_pointer (&copy->user_agent, g_free);
  g_clear_pointer (&copy->client_addr, g_free);
}

static PlzClientInfo
client_copy_info (const ClientCopy *copy)
{
  PlzClientInfo info = { copy->user_agent, copy->client_addr };
  return info;
}

/* Sign-up ------------------------------------------------------------------- */

typedef struct
{
  PlzAccounts   *self;
  PlzUser       *user;
  char          *password;
  guint          cost;
  ClientCopy     client;
  PlzNewSession *new_session;
} SignUp;

static void
sign_up_free (SignUp *s)
{
  plz_user_free (s->user);
  free_secret (s->password);
  client_copy_clear (&s->client);
  plz_new_session_free (s->new_session);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignUp, sign_up_free)

/* Step 1: everything that can be refused without hashing. */
static SignUp *
sign_up_begin (PlzAccounts          *self,
               const char           *email,
               const char           *password,
               const char           *display_name,
               const PlzClientInfo  *client,
               GError              **error)
{
  g_autoptr(SignUp) s = g_new0 (SignUp, 1);
  PlzUser *user;
  gint64 now = plz_time_now_us ();

  s->self = self;
  s->user = user = g_new0 (PlzUser, 1);
  user->email = plz_validate_email ("email", email, error);
  if (user->email == NULL)
    return NULL;
  user->display_name = plz_validate_name ("display_name", display_name, error);
  if (user->display_name == NULL || !plz_validate_password ("password", password, error))
    return NULL;
  user->id = plz_random_id ();
  user->bio = g_strdup ("");
  user->timezone = g_strdup ("Africa/Johannesburg");
  user->locale = g_strdup ("en_ZA");
  user->expertise = g_strdup ("[]");
  user->is_consumer = TRUE;
  user->status = PLZ_ACCOUNT_ACTIVE;
  user->created_at = user->updated_at = user->last_login_at = now;
  s->password = g_strdup (password);
  s->cost = self->password_cost;
  client_copy_init (&s->client, client);
  return g_steal_pointer (&s);
}

/* Step 2, on any thread: touches nothing but @s. */
static gboolean
sign_up_hash (SignUp  *s,
              GError **error)
{
  s->user->password_hash = plz_password_hash (s->password, s->cost, error);
  return s->user->password_hash != NULL;
}

static gboolean
sign_up_txn (PlzStore  *store,
             gpointer   data,
             GError   **error)
{
  SignUp *s = data;
  g_autoptr(PlzUser) existing = NULL;
  g_autoptr(GError) lookup_error = NULL;
  PlzClientInfo client = client_copy_info (&s->client);

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
  s->new_session = _plz_accounts_open_session (s->self, s->user->id, &client, error);
  if (s->new_session == NULL)
    return FALSE;
  return _plz_accounts_queue_email_token (s->self, s->user, "email", PLZ_VERIFY_EMAIL_TTL_US, error);
}

/* Step 3: the account and its first session, in one transaction. */
static PlzUser *
sign_up_end (SignUp         *s,
             PlzNewSession **new_session,
             GError        **error)
{
  if (!plz_store_transaction (s->self->store, sign_up_txn, s, error))
    return NULL;
  *new_session = g_steal_pointer (&s->new_session);
  return g_steal_pointer (&s->user);
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
  g_autoptr(SignUp) s = sign_up_begin (self, email, password, display_name, client, error);

  if (s == NULL || !sign_up_hash (s, error))
    return NULL;
  return sign_up_end (s, new_session, error);
}

static void
sign_up_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (sign_up_hash (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
plz_accounts_sign_up_async (PlzAccounts          *self,
                            const char           *email,
                            const char           *password,
                            const char           *display_name,
                            const PlzClientInfo  *client,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  GError *error = NULL;
  SignUp *s = sign_up_begin (self, email, password, display_name, client, &error);

  g_task_set_source_tag (task, plz_accounts_sign_up_async);
  if (s == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, s, (GDestroyNotify) sign_up_free);
  g_task_run_in_thread (task, sign_up_thread);
}

PlzUser *
plz_accounts_sign_up_finish (PlzAccounts     *self,
                             GAsyncResult    *result,
                             PlzNewSession  **new_session,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return sign_up_end (g_task_get_task_data (G_TASK (result)), new_session, error);
}

/* Sign-in ------------------------------------------------------------------- */

typedef struct
{
  PlzAccounts   *self;
  char          *email_key;   /* throttling keys */
  char          *addr_key;
  char          *password;
  PlzUser       *user;        /* NULL: no such account (the same work is done) */
  guint          cost;
  ClientCopy     client;
  gboolean       ok;          /* step 2's verdict */
  char          *rehash;      /* step 2's new hash when the cost changed */
  gint64         failures;
  PlzNewSession *new_session;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_free (s->email_key);
  g_free (s->addr_key);
  free_secret (s->password);
  plz_user_free (s->user);
  client_copy_clear (&s->client);
  g_free (s->rehash);
  plz_new_session_free (s->new_session);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignIn, sign_in_free)

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

/* Step 1: the lock-out check and the account lookup. */
static SignIn *
sign_in_begin (PlzAccounts          *self,
               const char           *email,
               const char           *password,
               const PlzClientInfo  *client,
               GError              **error)
{
  g_autoptr(SignIn) s = g_new0 (SignIn, 1);
  g_autofree char *normal = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 now = plz_time_now_us ();
  gint64 wait_email, wait_addr;

  if (email == NULL || password == NULL)
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, email == NULL ? "email" : "password",
                                      email == NULL ? "Email is required" : "Password is required"), NULL;

  s->self = self;
  /* Throttle by what was typed, valid or not, so probing costs the same. */
  normal = plz_validate_email ("email", email, NULL);
  s->email_key = g_strconcat ("email:", normal != NULL ? normal : email, NULL);
  s->addr_key = g_strconcat ("addr:", client != NULL && client->client_addr ? client->client_addr : "", NULL);

  wait_email = locked_for (self, s->email_key, now, error);
  wait_addr = wait_email < 0 ? -1 : locked_for (self, s->addr_key, now, error);
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
    s->user = plz_accounts_store_find_by_email (self->store, normal, &local_error);
  if (s->user == NULL && local_error != NULL && !g_error_matches (local_error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  s->password = g_strdup (password);
  s->cost = self->password_cost;
  client_copy_init (&s->client, client);
  return g_steal_pointer (&s);
}

/* Step 2, on any thread: touches nothing but @s. */
static void
sign_in_verify (SignIn *s)
{
  if (s->user == NULL)
    {
      /* The same work whether or not the account exists. */
      plz_password_burn (s->password, s->cost);
      s->ok = FALSE;
      return;
    }
  s->ok = plz_password_verify (s->password, s->user->password_hash);
  if (s->ok && plz_password_needs_rehash (s->user->password_hash, s->cost))
    s->rehash = plz_password_hash (s->password, s->cost, NULL);  /* NULL: keep the old one */
}

static gboolean
failure_txn (PlzStore  *store,
             gpointer   data,
             GError   **error)
{
  SignIn *s = data;
  gint64 now = plz_time_now_us ();
  gint64 by_email = count_failure (s->self, s->email_key, PLZ_SIGNIN_LOCK_AFTER, now, error);
  gint64 by_addr = by_email < 0 ? -1 : count_failure (s->self, s->addr_key, PLZ_SIGNIN_ADDR_LOCK_AFTER, now, error);

  s->failures = MAX (by_email, by_addr * PLZ_SIGNIN_LOCK_AFTER / PLZ_SIGNIN_ADDR_LOCK_AFTER);
  return by_email >= 0 && by_addr >= 0;
}

static gboolean
success_txn (PlzStore  *store,
             gpointer   data,
             GError   **error)
{
  SignIn *s = data;
  PlzClientInfo client = client_copy_info (&s->client);

  if (s->rehash != NULL)
    {
      g_free (s->user->password_hash);
      s->user->password_hash = g_steal_pointer (&s->rehash);
    }
  s->user->last_login_at = plz_time_now_us ();
  if (!plz_accounts_store_update_user (store, s->user, error) ||
      !plz_accounts_store_clear_failures (store, s->email_key, error))
    return FALSE;
  s->new_session = _plz_accounts_open_session (s->self, s->user->id, &client, error);
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

/* Step 3: count the failure, or open the session. */
static PlzUser *
sign_in_end (SignIn         *s,
             PlzNewSession **new_session,
             guint          *delay_ms,
             GError        **error)
{
  if (!s->ok)
    {
      if (!plz_store_transaction (s->self->store, failure_txn, s, error))
        return NULL;
      *delay_ms = delay_for (s->self->signin_delay_ms, s->failures);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_CREDENTIALS,
                           "The email or password is not right");
      return NULL;
    }
  if (!_plz_accounts_check_status (s->user, error))
    return NULL;
  if (!plz_store_transaction (s->self->store, success_txn, s, error))
    return NULL;
  *new_session = g_steal_pointer (&s->new_session);
  return g_steal_pointer (&s->user);
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
  g_autoptr(SignIn) s = NULL;

  *delay_ms = 0;
  s = sign_in_begin (self, email, password, client, error);
  if (s == NULL)
    return NULL;
  sign_in_verify (s);
  return sign_in_end (s, new_session, delay_ms, error);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  sign_in_verify (data);
  g_task_return_boolean (task, TRUE);
}

void
plz_accounts_sign_in_async (PlzAccounts          *self,
                            const char           *email,
                            const char           *password,
                            const PlzClientInfo  *client,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  GError *error = NULL;
  SignIn *s = sign_in_begin (self, email, password, client, &error);

  g_task_set_source_tag (task, plz_accounts_sign_in_async);
  if (s == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

PlzUser *
plz_accounts_sign_in_finish (PlzAccounts     *self,
                             GAsyncResult    *result,
                             PlzNewSession  **new_session,
                             guint           *delay_ms,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  *delay_ms = 0;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return sign_in_end (g_task_get_task_data (G_TASK (result)), new_session, delay_ms, error);
}
