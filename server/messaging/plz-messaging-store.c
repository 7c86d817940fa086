/* plz-messaging-store.c — the SQL of conversations, messages and receipts */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-messaging-store.h"
#include "plz-error.h"

#define CONVERSATION_COLUMNS \
  "id, listing_id, consumer_id, operator_id, stage, status, last_message_at, last_message_id, " \
  "consumer_unread, operator_unread, first_response_s, created_at"

/* The receipt columns are the recipient's: whoever did not send it. */
#define MESSAGE_COLUMNS \
  "m.num, m.id, m.conversation_id, m.sender_id, m.kind, m.body, m.attachments, m.actions, m.client_id, " \
  "m.created_at, r.delivered_at, r.read_at"
#define MESSAGE_FROM " FROM messages m LEFT JOIN receipts r ON r.message_id = m.id AND r.user_id != m.sender_id"

void
plz_conversation_free (PlzConversation *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->listing_id);
  g_free (c->consumer_id);
  g_free (c->operator_id);
  g_free (c->stage);
  g_free (c->status);
  g_free (c->last_message_id);
  g_free (c);
}

void
plz_message_free (PlzMessage *m)
{
  if (m == NULL)
    return;
  g_free (m->id);
  g_free (m->conversation_id);
  g_free (m->sender_id);
  g_free (m->kind);
  g_free (m->body);
  g_free (m->attachments);
  g_free (m->actions);
  g_free (m->client_id);
  g_free (m);
}

static gint64
column_time (sqlite3_stmt *stmt,
             int           i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, i);
}

static PlzConversation *
read_conversation (sqlite3_stmt *stmt)
{
  PlzConversation *c = g_new0 (PlzConversation, 1);

  c->id = plz_store_column_text (stmt, 0);
  c->listing_id = plz_store_column_text (stmt, 1);
  c->consumer_id = plz_store_column_text (stmt, 2);
  c->operator_id = plz_store_column_text (stmt, 3);
  c->stage = plz_store_column_text (stmt, 4);
  c->status = plz_store_column_text (stmt, 5);
  c->last_message_at = sqlite3_column_int64 (stmt, 6);
  c->last_message_id = plz_store_column_text (stmt, 7);
  c->consumer_unread = sqlite3_column_int64 (stmt, 8);
  c->operator_unread = sqlite3_column_int64 (stmt, 9);
  c->first_response_s = sqlite3_column_type (stmt, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 10);
  c->created_at = sqlite3_column_int64 (stmt, 11);
  return c;
}

static PlzMessage *
read_message (sqlite3_stmt *stmt)
{
  PlzMessage *m = g_new0 (PlzMessage, 1);

  m->num = sqlite3_column_int64 (stmt, 0);
  m->id = plz_store_column_text (stmt, 1);
  m->conversation_id = plz_store_column_text (stmt, 2);
  m->sender_id = plz_store_column_text (stmt, 3);
  m->kind = plz_store_column_text (stmt, 4);
  m->body = plz_store_column_text (stmt, 5);
  m->attachments = plz_store_column_text (stmt, 6);
  m->actions = plz_store_column_text (stmt, 7);
  m->client_id = plz_store_column_text (stmt, 8);
  m->created_at = sqlite3_column_int64 (stmt, 9);
  m->delivered_at = column_time (stmt, 10);
  m->read_at = column_time (stmt, 11);
  return m;
}

static char *
read_first_text (sqlite3_stmt *stmt)
{
  return plz_store_column_text (stmt, 0);
}

/* Steps @stmt for at most one row, read by @read; NULL without an error
 * when there is none, unless @missing names what to report as not found. */
static gpointer
one_row (PlzStore      *store,
         sqlite3_stmt  *stmt,
         gpointer     (*read) (sqlite3_stmt *),
         const char    *missing,
         GError       **error)
{
  int rc = sqlite3_step (stmt);
  gpointer row = NULL;

  if (rc == SQLITE_ROW)
    row = read (stmt);
  else if (rc != SQLITE_DONE)
    plz_store_set_error (store, "Cannot read messages", error);
  else if (missing != NULL)
    g_set_error (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such %s", missing);
  sqlite3_reset (stmt);
  return row;
}

/* Every row of @stmt; messaging's reads share one message for failures. */
static GPtrArray *
all_rows (PlzStore        *store,
          sqlite3_stmt    *stmt,
          PlzStoreRowFunc  read,
          GDestroyNotify   free_func,
          GError         **error)
{
  return plz_store_collect (store, stmt, read, free_func, "Cannot read messages", error);
}

PlzConversation *
plz_messaging_store_get_conversation (PlzStore    *store,
                                      const char  *id,
                                      GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " CONVERSATION_COLUMNS " FROM conversations WHERE id = ?1",
                                          error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, (gpointer) read_conversation, "conversation", error);
}

PlzConversation *
plz_messaging_store_find_conversation (PlzStore    *store,
                                       const char  *listing_id,
                                       const char  *consumer_id,
                                       const char  *operator_id,
                                       GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " CONVERSATION_COLUMNS " FROM conversations "
                                          "WHERE listing_id = ?1 AND consumer_id = ?2 AND operator_id = ?3", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, listing_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, consumer_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, operator_id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, (gpointer) read_conversation, NULL, error);
}

PlzConversation *
plz_messaging_store_latest_between (PlzStore    *store,
                                    const char  *consumer_id,
                                    const char  *operator_id,
                                    GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " CONVERSATION_COLUMNS " FROM conversations "
                                          "WHERE consumer_id = ?1 AND operator_id = ?2 "
                                          "ORDER BY last_message_at DESC LIMIT 1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, consumer_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, operator_id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, (gpointer) read_conversation, NULL, error);
}

static void
bind_conversation_state (sqlite3_stmt          *stmt,
                         const PlzConversation *c)
{
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->stage, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, c->last_message_at);
  plz_store_bind_text_or_null (stmt, 5, c->last_message_id);
  sqlite3_bind_int64 (stmt, 6, c->consumer_unread);
  sqlite3_bind_int64 (stmt, 7, c->operator_unread);
  if (c->first_response_s >= 0)
    sqlite3_bind_int64 (stmt, 8, c->first_response_s);
  else
    sqlite3_bind_null (stmt, 8);
}

gboolean
plz_messaging_store_insert_conversation (PlzStore               *store,
                                         const PlzConversation  *c,
                                         GError                **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO conversations (id, stage, status, last_message_at, last_message_id, consumer_unread, "
    "operator_unread, first_response_s, listing_id, consumer_id, operator_id, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);

  if (stmt == NULL)
    return FALSE;
  bind_conversation_state (stmt, c);
  sqlite3_bind_text (stmt, 9, c->listing_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, c->consumer_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, c->operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 12, c->created_at);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_messaging_store_update_conversation (PlzStore               *store,
                                         const PlzConversation  *c,
                                         GError                **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE conversations SET stage = ?2, status = ?3, last_message_at = ?4, last_message_id = ?5, "
    "consumer_unread = ?6, operator_unread = ?7, first_response_s = ?8 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_conversation_state (stmt, c);
  return plz_store_step_done (store, stmt, error);
}

GPtrArray *
plz_messaging_store_conversations_of (PlzStore    *store,
                                      const char  *user_id,
                                      guint        limit,
                                      GError     **error)
{
  /* Two index walks (one per role) merged, rather than an OR that reads all. */
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT * FROM (SELECT " CONVERSATION_COLUMNS " FROM conversations WHERE consumer_id = ?1 "
    "UNION ALL SELECT " CONVERSATION_COLUMNS " FROM conversations WHERE operator_id = ?1 AND consumer_id != ?1) "
    "ORDER BY last_message_at DESC, id LIMIT ?2", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  return all_rows (store, stmt, (PlzStoreRowFunc) read_conversation, (GDestroyNotify) plz_conversation_free, error);
}

gint64
plz_messaging_store_median_response (PlzStore    *store,
                                     const char  *operator_id,
                                     GError     **error)
{
  return plz_store_query_int (store,
    "SELECT COALESCE((SELECT first_response_s FROM conversations "
    "  WHERE operator_id = ?1 AND first_response_s IS NOT NULL ORDER BY first_response_s "
    "  LIMIT 1 OFFSET (SELECT count(*) / 2 FROM conversations "
    "                  WHERE operator_id = ?1 AND first_response_s IS NOT NULL)), -1)",
    operator_id, error);
}

PlzMessage *
plz_messaging_store_get_message (PlzStore    *store,
                                 const char  *id,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM " WHERE m.id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, (gpointer) read_message, "message", error);
}

PlzMessage *
plz_messaging_store_find_by_client_id (PlzStore    *store,
                                       const char  *sender_id,
                                       const char  *client_id,
                                       GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                                          " WHERE m.sender_id = ?1 AND m.client_id = ?2", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sender_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, (gpointer) read_message, NULL, error);
}

gboolean
plz_messaging_store_insert_message (PlzStore     *store,
                                    PlzMessage   *m,
                                    const char   *recipient_id,
                                    gint64        delivered_at,
                                    GError      **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO messages (id, conversation_id, sender_id, kind, body, attachments, actions, client_id, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  sqlite3_stmt *receipt;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, m->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, m->conversation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, m->sender_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, m->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, m->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, m->attachments != NULL ? m->attachments : "[]", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, m->actions != NULL ? m->actions : "[]", -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 8, m->client_id);
  sqlite3_bind_int64 (stmt, 9, m->created_at);
  /* num is the rowid: no RETURNING, which buffers its rows in a temporary table. */
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Cannot save the message", error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  m->num = sqlite3_last_insert_rowid (plz_store_get_db (store));

  receipt = plz_store_prepare (store, "INSERT INTO receipts (message_id, user_id, delivered_at) VALUES (?1, ?2, ?3)",
                               error);
  if (receipt == NULL)
    return FALSE;
  sqlite3_bind_text (receipt, 1, m->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (receipt, 2, recipient_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_time (receipt, 3, delivered_at);
  return plz_store_step_done (store, receipt, error);
}

GPtrArray *
plz_messaging_store_history (PlzStore    *store,
                             const char  *conversation_id,
                             gint64       before,
                             guint        limit,
                             GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                                          " WHERE m.conversation_id = ?1 AND m.num < ?2 "
                                          "ORDER BY m.num DESC LIMIT ?3", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, conversation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, before > 0 ? before : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 3, limit);
  return all_rows (store, stmt, (PlzStoreRowFunc) read_message, (GDestroyNotify) plz_message_free, error);
}

GPtrArray *
plz_messaging_store_mark_read (PlzStore    *store,
                               const char  *conversation_id,
                               const char  *user_id,
                               gint64       now,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = plz_store_prepare (store,
    "UPDATE receipts SET read_at = ?3, delivered_at = COALESCE(delivered_at, ?3) "
    "WHERE user_id = ?2 AND read_at IS NULL AND message_id IN "
    "  (SELECT id FROM messages WHERE conversation_id = ?1) RETURNING message_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, conversation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  return all_rows (store, stmt, (PlzStoreRowFunc) read_first_text, g_free, error);
}

/* Just what a receipt needs to name: the message, where, and whose. */
static PlzMessage *
read_receipt (sqlite3_stmt *stmt)
{
  PlzMessage *m = g_new0 (PlzMessage, 1);

  m->id = plz_store_column_text (stmt, 0);
  m->conversation_id = plz_store_column_text (stmt, 1);
  m->sender_id = plz_store_column_text (stmt, 2);
  return m;
}

GPtrArray *
plz_messaging_store_mark_delivered (PlzStore    *store,
                                    const char  *user_id,
                                    gint64       now,
                                    GError     **error)
{
  /* Both walk the small partial index of what is still undelivered. */
  sqlite3_stmt *select = plz_store_prepare (store,
    "SELECT r.message_id, m.conversation_id, m.sender_id FROM receipts r JOIN messages m ON m.id = r.message_id "
    "WHERE r.user_id = ?1 AND r.delivered_at IS NULL ORDER BY m.num", error);
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *update;

  if (select == NULL)
    return NULL;
  sqlite3_bind_text (select, 1, user_id, -1, SQLITE_TRANSIENT);
  rows = all_rows (store, select, (PlzStoreRowFunc) read_receipt, (GDestroyNotify) plz_message_free, error);
  if (rows == NULL || rows->len == 0)
    return g_steal_pointer (&rows);
  update = plz_store_prepare (store, "UPDATE receipts SET delivered_at = ?2 WHERE user_id = ?1 AND delivered_at IS NULL",
                              error);
  if (update == NULL)
    return NULL;
  sqlite3_bind_text (update, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (update, 2, now);
  if (!plz_store_step_done (store, update, error))
    return NULL;
  return g_steal_pointer (&rows);
}
