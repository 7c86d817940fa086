/* plz-jobs-store.c — the SQL of the jobs table */
#define G_LOG_DOMAIN "plaza-jobs"

#include "plz-jobs-store.h"

void
plz_job_free (PlzJob *job)
{
  if (job == NULL)
    return;
  g_free (job->kind);
  g_free (job->key);
  g_free (job->payload);
  g_free (job);
}

gboolean
plz_jobs_store_upsert (PlzStore    *store,
                       const char  *kind,
                       const char  *key,
                       const char  *payload,
                       gint64       run_at,
                       gint64       now,
                       GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO jobs (kind, key, payload, run_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (kind, key) DO UPDATE SET payload = excluded.payload, run_at = excluded.run_at, "
    "attempts = 0, last_error = NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, payload != NULL ? payload : "{}", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, run_at);
  sqlite3_bind_int64 (stmt, 5, now);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_jobs_store_delete (PlzStore    *store,
                       const char  *kind,
                       const char  *key,
                       GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "DELETE FROM jobs WHERE kind = ?1 AND key = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_jobs_store_delete_id (PlzStore  *store,
                          gint64     id,
                          GError   **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "DELETE FROM jobs WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return plz_store_step_done (store, stmt, error);
}

static gpointer
read_job (sqlite3_stmt *stmt)
{
  PlzJob *job = g_new0 (PlzJob, 1);

  job->id = sqlite3_column_int64 (stmt, 0);
  job->kind = plz_store_column_text (stmt, 1);
  job->key = plz_store_column_text (stmt, 2);
  job->payload = plz_store_column_text (stmt, 3);
  job->run_at = sqlite3_column_int64 (stmt, 4);
  job->attempts = sqlite3_column_int64 (stmt, 5);
  return job;
}

GPtrArray *
plz_jobs_store_due (PlzStore  *store,
                    gint64     now,
                    guint      limit,
                    GError   **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT id, kind, key, payload, run_at, attempts FROM jobs WHERE run_at <= ?1 "
    "ORDER BY run_at, id LIMIT ?2", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, (int) limit);
  return plz_store_collect (store, stmt, read_job, (GDestroyNotify) plz_job_free, "Reading due jobs", error);
}

gboolean
plz_jobs_store_retry (PlzStore    *store,
                      gint64       id,
                      gint64       run_at,
                      const char  *error_text,
                      GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE jobs SET attempts = attempts + 1, run_at = ?2, last_error = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, run_at);
  sqlite3_bind_text (stmt, 3, error_text, -1, SQLITE_TRANSIENT);
  return plz_store_step_done (store, stmt, error);
}

gint64
plz_jobs_store_next_run (PlzStore  *store,
                         GError   **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT min(run_at) FROM jobs", error);
  gint64 next;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      plz_store_set_error (store, "Reading the next job", error);
      sqlite3_reset (stmt);
      return -1;
    }
  next = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return next;
}
