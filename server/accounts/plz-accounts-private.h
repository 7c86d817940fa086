/* plz-accounts-private.h — shared between the files of the accounts service */
#pragma once

#include "plz-accounts.h"
#include "plz-error.h"

/* Phone numbers without a country code are read as South African. */
#define PLZ_ACCOUNTS_DEFAULT_REGION "ZA"

G_BEGIN_DECLS

struct _PlzAccounts
{
  PlzStore *store;
  guint     password_cost;
  gint64    session_ttl_us;
  guint     signin_delay_ms;
  char     *media_dir;
  struct _PlzEvents *events;   /* tells a user's devices of status changes */
  struct _PlzModeration *moderation;  /* checks bios; NULL: not checked */
};

/* Sets @error to @code about @field; returns FALSE. */
gboolean         _plz_accounts_field_error      (GError        **error,
                                                 PlzErrorCode    code,
                                                 const char     *field,
                                                 const char     *message);
/* Opens a session for @user_id (inside the caller's transaction). */
PlzNewSession   *_plz_accounts_open_session     (PlzAccounts         *self,
                                                 const char          *user_id,
                                                 const PlzClientInfo *client,
                                                 GError             **error);
/* TRUE when @user may sign in; else the suspension or ban, with its reason. */
gboolean         _plz_accounts_check_status     (const PlzUser  *user,
                                                 GError        **error);
/* TRUE when @token looks like one of ours (43 base64url characters). */
gboolean         _plz_accounts_token_has_shape  (const char     *token);
/* TRUE while @user may be sent another code for @purpose this hour. */
gboolean         _plz_accounts_may_send_code    (PlzAccounts    *self,
                                                 const PlzUser  *user,
                                                 const char     *purpose,
                                                 GError        **error);
/* Queues a fresh emailed token for @purpose, retiring older ones. */
gboolean         _plz_accounts_queue_email_token (PlzAccounts   *self,
                                                  const PlzUser *user,
                                                  const char    *purpose,
                                                  gint64         ttl,
                                                  GError       **error);
/* The unused, unexpired verification of @purpose whose secret is @secret. */
PlzVerification *_plz_accounts_take_verification (PlzAccounts  *self,
                                                  const char   *purpose,
                                                  const char   *secret,
                                                  GError      **error);
/* The current row of user @id. */
PlzUser         *_plz_accounts_reload           (PlzAccounts    *self,
                                                 const char     *id,
                                                 GError        **error);
/* Replaces *@slot with @value (taken); FALSE when @value is NULL. */
gboolean         _plz_accounts_replace_member   (char          **slot,
                                                 char           *value);

G_END_DECLS
