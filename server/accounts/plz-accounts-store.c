/* plz-accounts-store.c — the SQL of accounts, sessions, verifications, outbox, audit */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-accounts-store.h"
#include "plz-error.h"
#include "plz-time.h"

#define USER_COLUMNS \
  "id, email, password_hash, display_name, avatar, bio, phone, timezone, locale, " \
  "is_consumer, is_operator, is_admin, business_name, area_lat, area_lng, area_radius_km, " \
  "expertise, email_verified_at, phone_verified_at, kyc_verified_at, account_status, " \
  "status_reason, created_at, updated_at, last_login_at"

void
plz_session_free (PlzSession *session)
{
  if (session == NULL)
    return;
  g_free (session->id);
  g_free (session->user_id);
  g_free (session->user_agent);
  g_free (session->client_addr);
  g_free (session);
}

void
plz_verification_free (PlzVerification *v)
{
  if (v == NULL)
    return;
  g_free (v->id);
  g_free (v->user_id);
  g_free (v->target);
  g_free (v->secret_hash);
  g_free (v);
}

static PlzUser *
read_user (sqlite3_stmt *stmt)
{
  PlzUser *u = g_new0 (PlzUser, 1);
  int i = 0;

  u->id = plz_store_column_text (stmt, i++);
  u->email = plz_store_column_text (stmt, i++);
  u->password_hash = plz_store_column_text (stmt, i++);
  u->display_name = plz_store_column_text (stmt, i++);
  u->avatar = plz_store_column_text (stmt, i++);
  u->bio = plz_store_column_text (stmt, i++);
  u->phone = plz_store_column_text (stmt, i++);
  u->timezone = plz_store_column_text (stmt, i++);
  u->locale = plz_store_column_text (stmt, i++);
  u->is_consumer = sqlite3_column_int (stmt, i++);
  u->is_operator = sqlite3_column_int (stmt, i++);
  u->is_admin = sqlite3_column_int (stmt, i++);
  u->business_name = plz_store_column_text (stmt, i++);
  u->has_area = sqlite3_column_type (stmt, i) != SQLITE_NULL;
  u->area_lat = sqlite3_column_double (stmt, i++);
  u->area_lng = sqlite3_column_double (stmt, i++);
  u->area_radius_km = sqlite3_column_double (stmt, i++);
  u->expertise = plz_store_column_text (stmt, i++);
  u->email_verified_at = sqlite3_column_int64 (stmt, i++);
  u->phone_verified_at = sqlite3_column_int64 (stmt, i++);
  u->kyc_verified_at = sqlite3_column_int64 (stmt, i++);
  if (!plz_account_status_from_string ((const char *) sqlite3_column_text (stmt, i++), &u->status))
    u->status = PLZ_ACCOUNT_BANNED;  /* unknown means no access */
  u->status_reason = plz_store_column_text (stmt, i++);
  u->created_at = sqlite3_column_int64 (stmt, i++);
  u->updated_at = sqlite3_column_int64 (stmt, i++);
  u->last_login_at = sqlite3_column_int64 (stmt, i++);
  return u;
}

/* Binds every column of USER_COLUMNS in order, from ?1. */
static void
bind_user (sqlite3_stmt  *stmt,
           const PlzUser *u)
{
  int i = 1;

  sqlite3_bind_text (stmt, i++, u->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, u->email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, u->password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, u->display_name, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, u->avatar);
  sqlite3_bind_text (stmt, i++, u->bio != NULL ? u->bio : "", -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, u->phone);
  sqlite3_bind_text (stmt, i++, u->timezone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, u->locale, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, i++, u->is_consumer ? 1 : 0);
  sqlite3_bind_int (stmt, i++, u->is_operator ? 1 : 0);
  sqlite3_bind_int (stmt, i++, u->is_admin ? 1 : 0);
  plz_store_bind_text_or_null (stmt, i++, u->business_name);
  if (u->has_area)
    {
      sqlite3_bind_double (stmt, i++, u->area_lat);
      sqlite3_bind_double (stmt, i++, u->area_lng);
      sqlite3_bind_double (stmt, i++, u->area_radius_km);
    }
  else
    {
      sqlite3_bind_null (stmt, i++);
      sqlite3_bind_null (stmt, i++);
      sqlite3_bind_null (stmt, i++);
    }
  sqlite3_bind_text (stmt, i++, u->expertise != NULL ? u->expertise : "[]", -1, SQLITE_TRANSIENT);
  plz_store_bind_time (stmt, i++, u->email_verified_at);
  plz_store_bind_time (stmt, i++, u->phone_verified_at);
  plz_store_bind_time (stmt, i++, u->kyc_verified_at);
  sqlite3_bind_text (stmt, i++, plz_account_status_to_string (u->status), -1, SQLITE_STATIC);
  plz_store_bind_text_or_null (stmt, i++, u->status_reason);
  sqlite3_bind_int64 (stmt, i++, u->created_at);
  sqlite3_bind_int64 (stmt, i++, u->updated_at);
  plz_store_bind_time (stmt, i++, u->last_login_at);
}

gboolean
plz_accounts_store_insert_user (PlzStore       *store,
                                const PlzUser  *user,
                                GError        **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO users (" USER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)", error);

  if (stmt == NULL)
    return FALSE;
  bind_user (stmt, user);
  return plz_store_step_done (store, stmt, error);
}

static PlzUser *
get_one_user (PlzStore    *store,
              const char  *sql,
              const char  *key,
              GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, error);
  PlzUser *user = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    user = read_user (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such user");
  else
    plz_store_set_error (store, "Cannot read user", error);
  sqlite3_reset (stmt);
  return user;
}

PlzUser *
plz_accounts_store_get_user (PlzStore    *store,
                             const char  *id,
                             GError     **error)
{
  return get_one_user (store, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1", id, error);
}

PlzUser *
plz_accounts_store_find_by_email (PlzStore    *store,
                                  const char  *email,
                                  GError     **error)
{
  return get_one_user (store, "SELECT " USER_COLUMNS " FROM users WHERE email = ?1", email, error);
}

gboolean
plz_accounts_store_update_user (PlzStore       *store,
                                const PlzUser  *user,
                                GError        **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE users SET email = ?2, password_hash = ?3, display_name = ?4, avatar = ?5, bio = ?6, "
    "phone = ?7, timezone = ?8, locale = ?9, is_consumer = ?10, is_operator = ?11, is_admin = ?12, "
    "business_name = ?13, area_lat = ?14, area_lng = ?15, area_radius_km = ?16, expertise = ?17, "
    "email_verified_at = ?18, phone_verified_at = ?19, kyc_verified_at = ?20, account_status = ?21, "
    "status_reason = ?22, created_at = ?23, updated_at = ?24, last_login_at = ?25 WHERE id = ?1",
    error);

  if (stmt == NULL)
    return FALSE;
  bind_user (stmt, user);
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (plz_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such user");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
plz_accounts_store_search_users (PlzStore    *store,
                                 const char  *query,
                                 guint        limit,
                                 guint        offset,
                                 GError     **error)
{
  /* instr() rather than LIKE, so % and _ in a query are plain characters. */
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " USER_COLUMNS " FROM users WHERE ?1 IS NULL "
    "OR instr(email, lower(?1)) > 0 OR instr(lower(display_name), lower(?1)) > 0 "
    "ORDER BY created_at DESC, id LIMIT ?2 OFFSET ?3", error);

  if (stmt == NULL)
    return NULL;
  plz_store_bind_text_or_null (stmt, 1, query);
  sqlite3_bind_int (stmt, 2, (int) limit);
  sqlite3_bind_int (stmt, 3, (int) offset);
  return plz_store_collect (store, stmt, (PlzStoreRowFunc) read_user, (GDestroyNotify) plz_user_free,
                            "Cannot search users", error);
}

gboolean
plz_accounts_store_insert_session (PlzStore          *store,
                                   const PlzSession  *s,
                                   const char        *token_hash,
                                   GError           **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO sessions (id, user_id, token_hash, user_agent, client_addr, created_at, "
    "last_used_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, s->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, s->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, s->user_agent != NULL ? s->user_agent : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, s->client_addr != NULL ? s->client_addr : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, s->created_at);
  sqlite3_bind_int64 (stmt, 7, s->last_used_at);
  sqlite3_bind_int64 (stmt, 8, s->expires_at);
  return plz_store_step_done (store, stmt, error);
}

static PlzSession *
read_session (sqlite3_stmt *stmt)
{
  PlzSession *s = g_new0 (PlzSession, 1);

  s->id = plz_store_column_text (stmt, 0);
  s->user_id = plz_store_column_text (stmt, 1);
  s->user_agent = plz_store_column_text (stmt, 2);
  s->client_addr = plz_store_column_text (stmt, 3);
  s->created_at = sqlite3_column_int64 (stmt, 4);
  s->last_used_at = sqlite3_column_int64 (stmt, 5);
  s->expires_at = sqlite3_column_int64 (stmt, 6);
  return s;
}

#define SESSION_COLUMNS "id, user_id, user_agent, client_addr, created_at, last_used_at, expires_at"

PlzSession *
plz_accounts_store_find_session (PlzStore    *store,
                                 const char  *token_hash,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " SESSION_COLUMNS " FROM sessions WHERE token_hash = ?1", error);
  PlzSession *s = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    s = read_session (stmt);
  else if (rc != SQLITE_DONE)
    plz_store_set_error (store, "Cannot read session", error);
  sqlite3_reset (stmt);
  return s;
}

gboolean
plz_accounts_store_touch_session (PlzStore    *store,
                                  const char  *id,
                                  gint64       last_used_at,
                                  gint64       expires_at,
                                  GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE sessions SET last_used_at = ?2, expires_at = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, last_used_at);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_accounts_store_delete_session (PlzStore    *store,
                                   const char  *user_id,
                                   const char  *id,
                                   gboolean    *deleted,
                                   GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "DELETE FROM sessions WHERE id = ?1 AND user_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;
  if (deleted != NULL)
    *deleted = sqlite3_changes (plz_store_get_db (store)) > 0;
  return TRUE;
}

gboolean
plz_accounts_store_delete_sessions (PlzStore    *store,
                                    const char  *user_id,
                                    const char  *keep_id,
                                    GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "DELETE FROM sessions WHERE user_id = ?1 AND (?2 IS NULL OR id <> ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 2, keep_id);
  return plz_store_step_done (store, stmt, error);
}

GPtrArray *
plz_accounts_store_list_sessions (PlzStore    *store,
                                  const char  *user_id,
                                  gint64       now,
                                  GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " SESSION_COLUMNS " FROM sessions WHERE user_id = ?1 AND expires_at > ?2 "
    "ORDER BY last_used_at DESC, id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  return plz_store_collect (store, stmt, (PlzStoreRowFunc) read_session, (GDestroyNotify) plz_session_free,
                            "Cannot list sessions", error);
}

gboolean
plz_accounts_store_get_failures (PlzStore    *store,
                                 const char  *key,
                                 gint64      *failures,
                                 gint64      *window_start,
                                 gint64      *locked_until,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT failures, window_start, locked_until FROM signin_failures WHERE key = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *failures = *window_start = *locked_until = 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *failures = sqlite3_column_int64 (stmt, 0);
      *window_start = sqlite3_column_int64 (stmt, 1);
      *locked_until = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return plz_store_set_error (store, "Cannot read sign-in failures", error);
  return TRUE;
}

gboolean
plz_accounts_store_set_failures (PlzStore    *store,
                                 const char  *key,
                                 gint64       failures,
                                 gint64       window_start,
                                 gint64       locked_until,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO signin_failures (key, failures, window_start, locked_until) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
    "window_start = excluded.window_start, locked_until = excluded.locked_until", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, failures);
  sqlite3_bind_int64 (stmt, 3, window_start);
  plz_store_bind_time (stmt, 4, locked_until);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_accounts_store_clear_failures (PlzStore    *store,
                                   const char  *key,
                                   GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "DELETE FROM signin_failures WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_accounts_store_insert_verification (PlzStore    *store,
                                        const char  *user_id,
                                        const char  *purpose,
                                        const char  *secret_hash,
                                        const char  *target,
                                        gint64       now,
                                        gint64       expires_at,
                                        GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO verifications (id, user_id, purpose, secret_hash, target, created_at, expires_at) "
    "VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, purpose, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, secret_hash, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 4, target);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, expires_at);
  return plz_store_step_done (store, stmt, error);
}

#define VERIFICATION_COLUMNS "id, user_id, target, attempts, expires_at, used_at, secret_hash"

static PlzVerification *
get_one_verification (PlzStore    *store,
                      const char  *sql,
                      const char  *a,
                      const char  *b,
                      GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, error);
  PlzVerification *v = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      v = g_new0 (PlzVerification, 1);
      v->id = plz_store_column_text (stmt, 0);
      v->user_id = plz_store_column_text (stmt, 1);
      v->target = plz_store_column_text (stmt, 2);
      v->attempts = sqlite3_column_int64 (stmt, 3);
      v->expires_at = sqlite3_column_int64 (stmt, 4);
      v->used_at = sqlite3_column_int64 (stmt, 5);
      v->secret_hash = plz_store_column_text (stmt, 6);
    }
  else if (rc != SQLITE_DONE)
    plz_store_set_error (store, "Cannot read verification", error);
  sqlite3_reset (stmt);
  return v;
}

PlzVerification *
plz_accounts_store_find_verification (PlzStore    *store,
                                      const char  *purpose,
                                      const char  *secret_hash,
                                      GError     **error)
{
  return get_one_verification (store,
    "SELECT " VERIFICATION_COLUMNS " FROM verifications WHERE purpose = ?1 AND secret_hash = ?2",
    purpose, secret_hash, error);
}

PlzVerification *
plz_accounts_store_latest_verification (PlzStore    *store,
                                        const char  *user_id,
                                        const char  *purpose,
                                        GError     **error)
{
  return get_one_verification (store,
    "SELECT " VERIFICATION_COLUMNS " FROM verifications WHERE user_id = ?1 AND purpose = ?2 "
    "AND used_at IS NULL ORDER BY created_at DESC LIMIT 1",
    user_id, purpose, error);
}

static gboolean
exec_on_id (PlzStore    *store,
            const char  *sql,
            const char  *id,
            gint64       now,
            GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (now != 0)
    sqlite3_bind_int64 (stmt, 2, now);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_accounts_store_use_verification (PlzStore    *store,
                                     const char  *id,
                                     gint64       now,
                                     GError     **error)
{
  return exec_on_id (store, "UPDATE verifications SET used_at = ?2 WHERE id = ?1", id, now, error);
}

gboolean
plz_accounts_store_bump_verification (PlzStore    *store,
                                      const char  *id,
                                      GError     **error)
{
  return exec_on_id (store, "UPDATE verifications SET attempts = attempts + 1 WHERE id = ?1", id, 0, error);
}

gboolean
plz_accounts_store_retire_verifications (PlzStore    *store,
                                         const char  *user_id,
                                         const char  *purpose,
                                         gint64       now,
                                         GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE verifications SET used_at = ?3 WHERE user_id = ?1 AND purpose = ?2 AND used_at IS NULL",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, purpose, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_accounts_store_queue_outbox (PlzStore    *store,
                                 const char  *channel,
                                 const char  *recipient,
                                 const char  *subject,
                                 const char  *body,
                                 gint64       now,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, channel, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, recipient, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, subject != NULL ? subject : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now);
  return plz_store_step_done (store, stmt, error);
}

static void
set_time_member (JsonObject *o,
                 const char *name,
                 gint64      usec)
{
  g_autofree char *text = usec != 0 ? plz_time_format_rfc3339 (usec) : NULL;

  if (text == NULL)
    json_object_set_null_member (o, name);
  else
    json_object_set_string_member (o, name, text);
}

JsonArray *
plz_accounts_store_list_outbox (PlzStore  *store,
                                GError   **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT id, channel, recipient, subject, body, created_at, sent_at FROM outbox ORDER BY id", error);
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (o, "channel", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "recipient", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (o, "subject", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (o, "body", (const char *) sqlite3_column_text (stmt, 4));
      set_time_member (o, "created_at", sqlite3_column_int64 (stmt, 5));
      set_time_member (o, "sent_at", sqlite3_column_int64 (stmt, 6));
      json_array_add_object_element (rows, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Cannot read the outbox", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gboolean
plz_accounts_store_audit (PlzStore    *store,
                          const char  *actor_id,
                          const char  *action,
                          const char  *target_id,
                          const char  *reason,
                          gint64       now,
                          GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO audit_log (actor_id, action, target_id, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);

  if (stmt == NULL)
    return FALSE;
  plz_store_bind_text_or_null (stmt, 1, actor_id);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 3, target_id);
  sqlite3_bind_text (stmt, 4, reason != NULL ? reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now);
  return plz_store_step_done (store, stmt, error);
}

JsonArray *
plz_accounts_store_list_audit (PlzStore    *store,
                               const char  *target_id,
                               guint        limit,
                               GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT id, actor_id, action, target_id, reason, created_at FROM audit_log "
    "WHERE ?1 IS NULL OR target_id = ?1 ORDER BY id DESC LIMIT ?2", error);
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  plz_store_bind_text_or_null (stmt, 1, target_id);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "id", sqlite3_column_int64 (stmt, 0));
      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        json_object_set_null_member (o, "actor_id");
      else
        json_object_set_string_member (o, "actor_id", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "action", (const char *) sqlite3_column_text (stmt, 2));
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        json_object_set_null_member (o, "target_id");
      else
        json_object_set_string_member (o, "target_id", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (o, "reason", (const char *) sqlite3_column_text (stmt, 4));
      set_time_member (o, "created_at", sqlite3_column_int64 (stmt, 5));
      json_array_add_object_element (rows, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Cannot read the audit log", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gint64
plz_accounts_store_count_avatar_refs (PlzStore    *store,
                                      const char  *avatar,
                                      GError     **error)
{
  return plz_store_query_int (store, "SELECT count(*) FROM users WHERE avatar = ?1", avatar, error);
}

gint64
plz_accounts_store_count_verifications (PlzStore    *store,
                                        const char  *user_id,
                                        const char  *purpose,
                                        gint64       since,
                                        GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT count(*) FROM verifications WHERE user_id = ?1 AND purpose = ?2 AND created_at >= ?3", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, purpose, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, since);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    plz_store_set_error (store, "Cannot count verifications", error);
  sqlite3_reset (stmt);
  return n;
}
