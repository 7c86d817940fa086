/* plz-attachments-store.c — the attachments table: files uploaded into conversations */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-attachments-store.h"
#include "plz-error.h"

#define COLUMNS "id, conversation_id, uploader_id, kind, content_type, name, size, hash, width, height, created_at"

void
plz_attachment_free (PlzAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->id);
  g_free (a->conversation_id);
  g_free (a->uploader_id);
  g_free (a->kind);
  g_free (a->content_type);
  g_free (a->name);
  g_free (a->hash);
  g_free (a);
}

gboolean
plz_attachments_store_insert (PlzStore            *store,
                              const PlzAttachment *a,
                              GError             **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "INSERT INTO attachments (" COLUMNS ") "
                                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, a->conversation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, a->uploader_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, a->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, a->content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, a->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, a->size);
  sqlite3_bind_text (stmt, 8, a->hash, -1, SQLITE_TRANSIENT);
  if (a->width > 0)
    {
      sqlite3_bind_int (stmt, 9, a->width);
      sqlite3_bind_int (stmt, 10, a->height);
    }
  sqlite3_bind_int64 (stmt, 11, a->created_at);
  return plz_store_step_done (store, stmt, error);
}

static PlzAttachment *
read_attachment (sqlite3_stmt *stmt)
{
  PlzAttachment *a = g_new0 (PlzAttachment, 1);

  a->id = plz_store_column_text (stmt, 0);
  a->conversation_id = plz_store_column_text (stmt, 1);
  a->uploader_id = plz_store_column_text (stmt, 2);
  a->kind = plz_store_column_text (stmt, 3);
  a->content_type = plz_store_column_text (stmt, 4);
  a->name = plz_store_column_text (stmt, 5);
  a->size = sqlite3_column_int64 (stmt, 6);
  a->hash = plz_store_column_text (stmt, 7);
  a->width = sqlite3_column_int (stmt, 8);
  a->height = sqlite3_column_int (stmt, 9);
  a->created_at = sqlite3_column_int64 (stmt, 10);
  return a;
}

PlzAttachment *
plz_attachments_store_get (PlzStore    *store,
                           const char  *id,
                           GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " COLUMNS " FROM attachments WHERE id = ?1", error);
  PlzAttachment *a = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    a = read_attachment (stmt);
  else if (rc != SQLITE_DONE)
    plz_store_set_error (store, "Cannot read attachments", error);
  else
    g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such attachment");
  sqlite3_reset (stmt);
  return a;
}

GPtrArray *
plz_attachments_store_unswept (PlzStore  *store,
                               gint64     cutoff,
                               guint      limit,
                               GError   **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " COLUMNS " FROM attachments "
                                          "WHERE kept_at IS NULL AND created_at <= ?1 "
                                          "ORDER BY created_at, id LIMIT ?2", error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_attachment_free);
  sqlite3_bind_int64 (stmt, 1, cutoff);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_attachment (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Cannot read attachments", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
plz_attachments_store_oldest_unswept (PlzStore  *store,
                                      GError   **error)
{
  return plz_store_query_int (store, "SELECT COALESCE(MIN(created_at), 0) FROM attachments "
                              "WHERE kept_at IS NULL", NULL, error);
}

int
plz_attachments_store_is_sent (PlzStore             *store,
                               const PlzAttachment  *a,
                               GError              **error)
{
  /* Messages carry their uploads whole in their "attachments" JSON. */
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM messages AS m, "
                                          "json_each (m.attachments) AS j WHERE m.conversation_id = ?1 "
                                          "AND json_extract (j.value, '$.id') = ?2)", error);
  int rc, sent = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, a->conversation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, a->id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    sent = sqlite3_column_int (stmt, 0);
  else
    plz_store_set_error (store, "Cannot read messages", error);
  sqlite3_reset (stmt);
  return sent;
}

gboolean
plz_attachments_store_keep (PlzStore    *store,
                            const char  *id,
                            gint64       now,
                            GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "UPDATE attachments SET kept_at = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_attachments_store_delete (PlzStore    *store,
                              const char  *id,
                              GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "DELETE FROM attachments WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return plz_store_step_done (store, stmt, error);
}

int
plz_attachments_store_hash_used (PlzStore    *store,
                                 const char  *hash,
                                 GError     **error)
{
  gint64 used = plz_store_query_int (store, "SELECT EXISTS (SELECT 1 FROM attachments WHERE hash = ?1)", hash,
                                     error);

  return used < 0 ? -1 : (int) used;
}
