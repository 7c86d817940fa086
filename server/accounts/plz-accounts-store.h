/* plz-accounts-store.h — the SQL of accounts, sessions, verifications, outbox, audit */
#pragma once

#include "store/plz-store.h"
#include "plz-user.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *user_id;
  char   *user_agent;
  char   *client_addr;
  gint64  created_at;
  gint64  last_used_at;
  gint64  expires_at;
} PlzSession;

typedef struct
{
  char   *id;
  char   *user_id;
  char   *target;
  char   *secret_hash;
  gint64  attempts;
  gint64  expires_at;
  gint64  used_at;
} PlzVerification;

/* Frees @session. */
void     plz_session_free       (PlzSession      *session);
/* Frees @v. */
void     plz_verification_free  (PlzVerification *v);

/* Inserts @user; PLZ_ERROR_CONFLICT when the email is taken. */
gboolean plz_accounts_store_insert_user    (PlzStore *store, const PlzUser *user, GError **error);
/* The user with @id; NULL with PLZ_ERROR_NOT_FOUND when there is none. */
PlzUser *plz_accounts_store_get_user       (PlzStore *store, const char *id, GError **error);
/* The user with the (normalised) @email, or NULL with PLZ_ERROR_NOT_FOUND. */
PlzUser *plz_accounts_store_find_by_email  (PlzStore *store, const char *email, GError **error);
/* Writes every mutable column of @user (profile, roles, status, times, hash). */
gboolean plz_accounts_store_update_user    (PlzStore *store, const PlzUser *user, GError **error);
/* Users whose email or name contains @query (all when NULL), newest first. */
GPtrArray *plz_accounts_store_search_users (PlzStore *store, const char *query, guint limit,
                                            guint offset, GError **error);

/* Inserts a session with its token's hash. */
gboolean plz_accounts_store_insert_session (PlzStore *store, const PlzSession *session,
                                            const char *token_hash, GError **error);
/* The session whose token hashes to @token_hash, or NULL (no error). */
PlzSession *plz_accounts_store_find_session (PlzStore *store, const char *token_hash, GError **error);
/* Moves a session's last use and expiry forward. */
gboolean plz_accounts_store_touch_session  (PlzStore *store, const char *id, gint64 last_used_at,
                                            gint64 expires_at, GError **error);
/* Deletes session @id of @user_id; *@deleted tells whether one was. */
gboolean plz_accounts_store_delete_session (PlzStore *store, const char *user_id, const char *id,
                                            gboolean *deleted, GError **error);
/* Deletes every session of @user_id, except @keep_id when not NULL. */
gboolean plz_accounts_store_delete_sessions (PlzStore *store, const char *user_id,
                                             const char *keep_id, GError **error);
/* The sessions of @user_id still valid at @now, newest use first. */
GPtrArray *plz_accounts_store_list_sessions (PlzStore *store, const char *user_id, gint64 now,
                                             GError **error);

/* Failures counted for @key since its window started; 0 when none. */
gboolean plz_accounts_store_get_failures   (PlzStore *store, const char *key, gint64 *failures,
                                            gint64 *window_start, gint64 *locked_until, GError **error);
/* Stores the failure state of @key. */
gboolean plz_accounts_store_set_failures   (PlzStore *store, const char *key, gint64 failures,
                                            gint64 window_start, gint64 locked_until, GError **error);
/* Forgets the failures of @key. */
gboolean plz_accounts_store_clear_failures (PlzStore *store, const char *key, GError **error);

/* Inserts a verification for @purpose whose secret hashes to @secret_hash. */
gboolean plz_accounts_store_insert_verification (PlzStore *store, const char *user_id,
                                                 const char *purpose, const char *secret_hash,
                                                 const char *target, gint64 now, gint64 expires_at,
                                                 GError **error);
/* The verification of @purpose with @secret_hash, or NULL (no error). */
PlzVerification *plz_accounts_store_find_verification (PlzStore *store, const char *purpose,
                                                       const char *secret_hash, GError **error);
/* The newest unused verification of @purpose for @user_id, or NULL. */
PlzVerification *plz_accounts_store_latest_verification (PlzStore *store, const char *user_id,
                                                         const char *purpose, GError **error);
/* Marks a verification used at @now. */
gboolean plz_accounts_store_use_verification (PlzStore *store, const char *id, gint64 now, GError **error);
/* Counts one more wrong attempt at a verification. */
gboolean plz_accounts_store_bump_verification (PlzStore *store, const char *id, GError **error);
/* Marks every unused verification of @purpose for @user_id used. */
gboolean plz_accounts_store_retire_verifications (PlzStore *store, const char *user_id,
                                                  const char *purpose, gint64 now, GError **error);

/* Queues a message for delivery. */
gboolean plz_accounts_store_queue_outbox   (PlzStore *store, const char *channel, const char *recipient,
                                            const char *subject, const char *body, gint64 now,
                                            GError **error);
/* Every outbox row as JSON objects, oldest first. */
JsonArray *plz_accounts_store_list_outbox  (PlzStore *store, GError **error);

/* Records an admin action. */
gboolean plz_accounts_store_audit          (PlzStore *store, const char *actor_id, const char *action,
                                            const char *target_id, const char *reason, gint64 now,
                                            GError **error);
/* The audit log as JSON objects, newest first, for @target_id or all when NULL. */
JsonArray *plz_accounts_store_list_audit   (PlzStore *store, const char *target_id, guint limit,
                                            GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzSession, plz_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzVerification, plz_verification_free)

G_END_DECLS

G_BEGIN_DECLS
/* How many verifications of @purpose @user_id was sent since @since. */
gint64   plz_accounts_store_count_verifications (PlzStore *store, const char *user_id, const char *purpose,
                                                 gint64 since, GError **error);
/* How many users have @avatar as their picture. */
gint64   plz_accounts_store_count_avatar_refs (PlzStore *store, const char *avatar, GError **error);
G_END_DECLS
