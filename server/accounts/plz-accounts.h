/* plz-accounts.h — accounts, sessions, verification and admin rules */
#pragma once

#include "plz-config.h"
#include "plz-accounts-store.h"

G_BEGIN_DECLS

/* Sign-in throttling: after SLOW_AFTER failures in a window each attempt is
 * answered later and later; after LOCK_AFTER the key is locked for a while. */
#define PLZ_SIGNIN_WINDOW_US        (15 * 60 * G_USEC_PER_SEC)
#define PLZ_SIGNIN_SLOW_AFTER       3
#define PLZ_SIGNIN_LOCK_AFTER       10
#define PLZ_SIGNIN_ADDR_LOCK_AFTER  50
#define PLZ_SIGNIN_LOCK_US          (15 * 60 * G_USEC_PER_SEC)
#define PLZ_VERIFY_EMAIL_TTL_US     ((gint64) 48 * 3600 * G_USEC_PER_SEC)
#define PLZ_PASSWORD_RESET_TTL_US   ((gint64) 3600 * G_USEC_PER_SEC)
#define PLZ_PHONE_CODE_TTL_US       ((gint64) 10 * 60 * G_USEC_PER_SEC)
#define PLZ_PHONE_CODE_MAX_TRIES    5
#define PLZ_AVATAR_MAX_BYTES        (1024 * 1024)
#define PLZ_CODES_PER_HOUR          5  /* verification mails / texts per account and purpose */

typedef struct _PlzAccounts PlzAccounts;
struct _PlzModeration;

/* Where a request came from, for sessions and throttling. */
typedef struct
{
  const char *user_agent;
  const char *client_addr;
} PlzClientInfo;

/* A new session: the token is shown once, to the client, and never stored. */
typedef struct
{
  char       *token;
  PlzSession *session;
} PlzNewSession;

/* Frees @ns, wiping the token. */
void          plz_new_session_free          (PlzNewSession *ns);

/* The accounts service over @store, with @config's costs and lifetimes. */
PlzAccounts  *plz_accounts_new              (PlzStore          *store,
                                             const PlzConfig   *config);
/* Frees @self. */
void          plz_accounts_free             (PlzAccounts       *self);

/* Creates a consumer account and signs it in; queues the verification mail. */
PlzUser      *plz_accounts_sign_up          (PlzAccounts       *self,
                                             const char        *email,
                                             const char        *password,
                                             const char        *display_name,
                                             const PlzClientInfo *client,
                                             PlzNewSession    **new_session,
                                             GError           **error);

/* Checks a password and opens a session. Wrong email and wrong password fail
 * alike (PLZ_ERROR_INVALID_CREDENTIALS); *@delay_ms says how long to hold the
 * answer back, growing with recent failures. */
PlzUser      *plz_accounts_sign_in          (PlzAccounts       *self,
                                             const char        *email,
                                             const char        *password,
                                             const PlzClientInfo *client,
                                             PlzNewSession    **new_session,
                                             guint             *delay_ms,
                                             GError           **error);

/* plz_accounts_sign_up() with the password hashed on a worker thread. */
void          plz_accounts_sign_up_async    (PlzAccounts       *self,
                                             const char        *email,
                                             const char        *password,
                                             const char        *display_name,
                                             const PlzClientInfo *client,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
/* Commits the sign-up (on the calling thread, the store's). */
PlzUser      *plz_accounts_sign_up_finish   (PlzAccounts       *self,
                                             GAsyncResult      *result,
                                             PlzNewSession    **new_session,
                                             GError           **error);

/* plz_accounts_sign_in() with the password checked on a worker thread. */
void          plz_accounts_sign_in_async    (PlzAccounts       *self,
                                             const char        *email,
                                             const char        *password,
                                             const PlzClientInfo *client,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
/* Counts the failure or opens the session (on the store's thread). */
PlzUser      *plz_accounts_sign_in_finish   (PlzAccounts       *self,
                                             GAsyncResult      *result,
                                             PlzNewSession    **new_session,
                                             guint             *delay_ms,
                                             GError           **error);

struct _PlzEvents;

/* Status changes are announced on @events (a user's open streams close
 * when they are suspended). */
void          plz_accounts_set_events       (PlzAccounts       *self,
                                             struct _PlzEvents *events);

/* The user and session a bearer token stands for; renews the session. Fails
 * with UNAUTHORIZED, SESSION_EXPIRED, ACCOUNT_SUSPENDED or ACCOUNT_BANNED. */
PlzUser      *plz_accounts_authenticate     (PlzAccounts       *self,
                                             const char        *token,
                                             PlzSession       **session,
                                             GError           **error);

/* The caller's live sessions. */
GPtrArray    *plz_accounts_list_sessions    (PlzAccounts       *self,
                                             const PlzUser     *user,
                                             GError           **error);

/* Ends session @id of @user (NOT_FOUND when it is not theirs). */
gboolean      plz_accounts_revoke_session   (PlzAccounts       *self,
                                             const PlzUser     *user,
                                             const char        *id,
                                             GError           **error);

/* Applies the members of @changes that a profile may change: display_name,
 * bio, timezone, locale. Unknown members are an error. */
PlzUser      *plz_accounts_update_profile   (PlzAccounts       *self,
                                             const PlzUser     *user,
                                             JsonObject        *changes,
                                             GError           **error);

/* Makes @user an operator with the profile in @profile (business_name,
 * service_area {lat, lng, radius_km}, expertise [tags]). */
PlzUser      *plz_accounts_become_operator  (PlzAccounts       *self,
                                             const PlzUser     *user,
                                             JsonObject        *profile,
                                             GError           **error);

/* Stores @data as @user's avatar after checking it is a PNG, JPEG or WebP. */
PlzUser      *plz_accounts_set_avatar       (PlzAccounts       *self,
                                             const PlzUser     *user,
                                             GBytes            *data,
                                             GError           **error);

/* The avatar file of user @id and its content type. */
char         *plz_accounts_avatar_path      (PlzAccounts       *self,
                                             const char        *id,
                                             const char       **content_type,
                                             GError           **error);

/* Queues a fresh email verification link for @user. */
gboolean      plz_accounts_request_email_verification (PlzAccounts *self,
                                                       const PlzUser *user,
                                                       GError     **error);

/* Marks the email of the token's owner verified; the token is single-use. */
gboolean      plz_accounts_confirm_email    (PlzAccounts       *self,
                                             const char        *token,
                                             GError           **error);

/* Queues a reset link when @email has an account; says nothing either way. */
gboolean      plz_accounts_request_password_reset (PlzAccounts *self,
                                                   const char  *email,
                                                   GError     **error);

/* Sets a new password from a reset token and ends every session. */
gboolean      plz_accounts_reset_password   (PlzAccounts       *self,
                                             const char        *token,
                                             const char        *password,
                                             GError           **error);
/* plz_accounts_reset_password() with the new password hashed on a worker
 * thread; bad input and unknown tokens are refused before any hashing. */
void          plz_accounts_reset_password_async (PlzAccounts   *self,
                                             const char        *token,
                                             const char        *password,
                                             GAsyncReadyCallback callback,
                                             gpointer           user_data);
/* Stores the new hash and ends every session (on the store's thread). */
gboolean      plz_accounts_reset_password_finish (PlzAccounts  *self,
                                             GAsyncResult      *result,
                                             GError           **error);

/* Sends a 6-digit code to @phone for @user to confirm. */
gboolean      plz_accounts_request_phone_verification (PlzAccounts *self,
                                                       const PlzUser *user,
                                                       const char  *phone,
                                                       GError     **error);

/* Confirms @code: the phone becomes @user's, verified. */
PlzUser      *plz_accounts_confirm_phone    (PlzAccounts       *self,
                                             const PlzUser     *user,
                                             const char        *code,
                                             GError           **error);

/* Admin: users matching @query. */
GPtrArray    *plz_accounts_search           (PlzAccounts       *self,
                                             const char        *query,
                                             guint              limit,
                                             guint              offset,
                                             GError           **error);

/* Admin: sets @target_id's status with a reason, audited. Suspended and
 * banned accounts get 403 on every request; reactivating ends every old
 * session, so the person signs in afresh. */
PlzUser      *plz_accounts_set_status       (PlzAccounts       *self,
                                             const PlzUser     *admin,
                                             const char        *target_id,
                                             PlzAccountStatus   status,
                                             const char        *reason,
                                             GError           **error);

/* Makes the account with @email an admin (the first admin comes from the
 * command line), audited. */
PlzUser      *plz_accounts_grant_admin      (PlzAccounts       *self,
                                             const char        *email,
                                             GError           **error);

/* The store the service works on. */
PlzStore     *plz_accounts_get_store        (PlzAccounts       *self);

/* Checks bios for contact details with @moderation (not owned) from now on. */
void          plz_accounts_set_moderation   (PlzAccounts       *self,
                                             struct _PlzModeration *moderation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzNewSession, plz_new_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzAccounts, plz_accounts_free)

G_END_DECLS
