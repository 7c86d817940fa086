/* plz-moderation-store.c — the SQL of caught attempts, per-person counters and leak cases */
#define G_LOG_DOMAIN "plaza-moderation"

#include "plz-moderation-store.h"
#include "plz-error.h"

#define EVENT_COLUMNS \
  "id, user_id, context, reference_id, conversation_id, kinds, risk, stage, action, excerpt, " \
  "case_id, created_at"
#define CASE_COLUMNS \
  "id, user_id, status, attempts, opened_at, updated_at, resolved_by, resolved_at, resolution"

void
plz_moderation_event_free (PlzModerationEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->user_id);
  g_free (event->context);
  g_free (event->reference_id);
  g_free (event->conversation_id);
  g_free (event->kinds);
  g_free (event->risk);
  g_free (event->stage);
  g_free (event->action);
  g_free (event->excerpt);
  g_free (event->case_id);
  g_free (event);
}

void
plz_leak_case_free (PlzLeakCase *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->user_id);
  g_free (c->status);
  g_free (c->resolved_by);
  g_free (c->resolution);
  g_free (c);
}

/* Steps @stmt once more and reads what came back; resets it at the end. */
static gboolean
step_done_or_error (PlzStore     *store,
                    sqlite3_stmt *stmt,
                    int           rc,
                    const char   *what,
                    GError      **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return plz_store_set_error (store, what, error);
  return TRUE;
}

gboolean
plz_moderation_store_insert_event (PlzStore            *store,
                                   PlzModerationEvent  *event,
                                   GError             **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO moderation_events (user_id, context, reference_id, conversation_id, kinds, risk, stage, "
    "action, excerpt, case_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, event->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event->context, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 3, event->reference_id);
  plz_store_bind_text_or_null (stmt, 4, event->conversation_id);
  sqlite3_bind_text (stmt, 5, event->kinds, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, event->risk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, event->stage, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, event->action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, event->excerpt, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 10, event->case_id);
  sqlite3_bind_int64 (stmt, 11, event->created_at);
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;
  event->id = sqlite3_last_insert_rowid (plz_store_get_db (store));
  return TRUE;
}

gint64
plz_moderation_store_count_since (PlzStore    *store,
                                  const char  *user_id,
                                  gint64       since,
                                  GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT count(*) FROM moderation_events WHERE user_id = ?1 AND created_at >= ?2", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, since);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    plz_store_set_error (store, "Cannot count attempts", error);
  sqlite3_reset (stmt);
  return n;
}

gboolean
plz_moderation_store_get_counters (PlzStore               *store,
                                   const char             *user_id,
                                   PlzModerationCounters  *out,
                                   GError                **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT attempts, refused, redacted, warnings, restricted_until, last_attempt_at "
    "FROM moderation_users WHERE user_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *out = (PlzModerationCounters) { 0 };
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->attempts = sqlite3_column_int64 (stmt, 0);
      out->refused = sqlite3_column_int64 (stmt, 1);
      out->redacted = sqlite3_column_int64 (stmt, 2);
      out->warnings = sqlite3_column_int64 (stmt, 3);
      out->restricted_until = sqlite3_column_int64 (stmt, 4);
      out->last_attempt_at = sqlite3_column_int64 (stmt, 5);
      rc = SQLITE_DONE;
    }
  return step_done_or_error (store, stmt, rc, "Cannot read moderation counters", error);
}

gboolean
plz_moderation_store_count_attempt (PlzStore    *store,
                                    const char  *user_id,
                                    const char  *action,
                                    gint64       now,
                                    GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO moderation_users (user_id, attempts, refused, redacted, last_attempt_at, updated_at) "
    "VALUES (?1, 1, ?2 = 'refused', ?2 = 'redacted', ?3, ?3) "
    "ON CONFLICT (user_id) DO UPDATE SET attempts = attempts + 1, "
    "refused = refused + (?2 = 'refused'), redacted = redacted + (?2 = 'redacted'), "
    "last_attempt_at = ?3, updated_at = ?3", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_moderation_store_set_restriction (PlzStore    *store,
                                      const char  *user_id,
                                      gint64       until,
                                      gint64       now,
                                      GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO moderation_users (user_id, restricted_until, updated_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (user_id) DO UPDATE SET restricted_until = ?2, updated_at = ?3", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_time (stmt, 2, until);
  sqlite3_bind_int64 (stmt, 3, now);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_moderation_store_add_warning (PlzStore    *store,
                                  const char  *user_id,
                                  gint64       now,
                                  GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO moderation_users (user_id, warnings, updated_at) VALUES (?1, 1, ?2) "
    "ON CONFLICT (user_id) DO UPDATE SET warnings = warnings + 1, updated_at = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  return plz_store_step_done (store, stmt, error);
}

/* Cases --------------------------------------------------------------------------- */

static PlzLeakCase *
read_case (sqlite3_stmt *stmt)
{
  PlzLeakCase *c = g_new0 (PlzLeakCase, 1);

  c->id = plz_store_column_text (stmt, 0);
  c->user_id = plz_store_column_text (stmt, 1);
  c->status = plz_store_column_text (stmt, 2);
  c->attempts = sqlite3_column_int64 (stmt, 3);
  c->opened_at = sqlite3_column_int64 (stmt, 4);
  c->updated_at = sqlite3_column_int64 (stmt, 5);
  c->resolved_by = plz_store_column_text (stmt, 6);
  c->resolved_at = sqlite3_column_int64 (stmt, 7);
  c->resolution = plz_store_column_text (stmt, 8);
  return c;
}

gboolean
plz_moderation_store_insert_case (PlzStore           *store,
                                  const PlzLeakCase  *c,
                                  GError            **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO leak_cases (id, user_id, status, attempts, opened_at, updated_at) "
    "VALUES (?1, ?2, 'open', ?3, ?4, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, c->attempts);
  sqlite3_bind_int64 (stmt, 4, c->opened_at);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_moderation_store_update_case (PlzStore           *store,
                                  const PlzLeakCase  *c,
                                  GError            **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE leak_cases SET status = ?2, updated_at = ?3, resolved_by = ?4, resolved_at = ?5, "
    "resolution = ?6 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, c->updated_at);
  plz_store_bind_text_or_null (stmt, 4, c->resolved_by);
  plz_store_bind_time (stmt, 5, c->resolved_at);
  plz_store_bind_text_or_null (stmt, 6, c->resolution);
  return plz_store_step_done (store, stmt, error);
}

static PlzLeakCase *
one_case (PlzStore     *store,
          const char   *sql,
          const char   *key,
          gboolean      required,
          GError      **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, error);
  PlzLeakCase *c = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    c = read_case (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    plz_store_set_error (store, "Cannot read leak cases", error);
  else if (c == NULL && required)
    g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such case");
  return c;
}

PlzLeakCase *
plz_moderation_store_open_case_of (PlzStore    *store,
                                   const char  *user_id,
                                   GError     **error)
{
  return one_case (store, "SELECT " CASE_COLUMNS " FROM leak_cases WHERE user_id = ?1 AND status = 'open'",
                   user_id, FALSE, error);
}

PlzLeakCase *
plz_moderation_store_get_case (PlzStore    *store,
                               const char  *id,
                               GError     **error)
{
  return one_case (store, "SELECT " CASE_COLUMNS " FROM leak_cases WHERE id = ?1", id, TRUE, error);
}

GPtrArray *
plz_moderation_store_list_cases (PlzStore    *store,
                                 const char  *status,
                                 guint        limit,
                                 guint        offset,
                                 GError     **error)
{
  /* The queue: the oldest open case first; closed ones, the latest first. */
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " CASE_COLUMNS " FROM leak_cases WHERE ?1 IS NULL OR status = ?1 "
    "ORDER BY status <> 'open', CASE WHEN status = 'open' THEN opened_at ELSE -updated_at END, id "
    "LIMIT ?2 OFFSET ?3", error);

  if (stmt == NULL)
    return NULL;
  plz_store_bind_text_or_null (stmt, 1, status);
  sqlite3_bind_int (stmt, 2, (int) limit);
  sqlite3_bind_int (stmt, 3, (int) MIN (offset, G_MAXINT32));
  return plz_store_collect (store, stmt, (PlzStoreRowFunc) read_case, (GDestroyNotify) plz_leak_case_free,
                            "Cannot list leak cases", error);
}

gboolean
plz_moderation_store_attach_events (PlzStore    *store,
                                    const char  *case_id,
                                    const char  *user_id,
                                    gint64       since,
                                    GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE moderation_events SET case_id = ?1 WHERE user_id = ?2 AND created_at >= ?3 AND case_id IS NULL",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, since);
  return plz_store_step_done (store, stmt, error);
}

GPtrArray *
plz_moderation_store_case_events (PlzStore    *store,
                                  const char  *case_id,
                                  guint        limit,
                                  GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " EVENT_COLUMNS " FROM moderation_events WHERE case_id = ?1 ORDER BY created_at DESC, id DESC "
    "LIMIT ?2", error);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_moderation_event_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlzModerationEvent *e = g_new0 (PlzModerationEvent, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->user_id = plz_store_column_text (stmt, 1);
      e->context = plz_store_column_text (stmt, 2);
      e->reference_id = plz_store_column_text (stmt, 3);
      e->conversation_id = plz_store_column_text (stmt, 4);
      e->kinds = plz_store_column_text (stmt, 5);
      e->risk = plz_store_column_text (stmt, 6);
      e->stage = plz_store_column_text (stmt, 7);
      e->action = plz_store_column_text (stmt, 8);
      e->excerpt = plz_store_column_text (stmt, 9);
      e->case_id = plz_store_column_text (stmt, 10);
      e->created_at = sqlite3_column_int64 (stmt, 11);
      g_ptr_array_add (events, e);
    }
  if (!step_done_or_error (store, stmt, rc, "Cannot read case evidence", error))
    return NULL;
  return g_steal_pointer (&events);
}

gint64
plz_moderation_store_count_case_events (PlzStore    *store,
                                        const char  *case_id,
                                        GError     **error)
{
  return plz_store_query_int (store, "SELECT count(*) FROM moderation_events WHERE case_id = ?1",
                              case_id, error);
}
