/* plz-messaging-read.c — reading conversations and history, and receipts */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-messaging.h"
#include "plz-messaging-private.h"
#include "plz-messaging-store.h"
#include "plz-error.h"
#include "plz-time.h"

/* Reading ---------------------------------------------------------------------- */

JsonArray *
plz_messaging_conversations (PlzMessaging   *self,
                             const PlzUser  *user,
                             GError        **error)
{
  g_autoptr(GPtrArray) rows = plz_messaging_store_conversations_of (self->store, user->id, 200, error);
  JsonArray *list;

  if (rows == NULL)
    return NULL;
  list = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (list, _plz_messaging_conversation_to_json (self, rows->pdata[i], user->id));
  return list;
}

JsonObject *
plz_messaging_conversation (PlzMessaging   *self,
                            const PlzUser  *user,
                            const char     *conversation_id,
                            GError        **error)
{
  g_autoptr(PlzConversation) c = _plz_messaging_conversation_for (self, user->id, conversation_id, error);

  return c != NULL ? _plz_messaging_conversation_to_json (self, c, user->id) : NULL;
}

JsonArray *
plz_messaging_history (PlzMessaging   *self,
                       const PlzUser  *user,
                       const char     *conversation_id,
                       const char     *before_id,
                       guint           limit,
                       gboolean       *more,
                       GError        **error)
{
  g_autoptr(PlzConversation) c = _plz_messaging_conversation_for (self, user->id, conversation_id, error);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 before = 0;
  JsonArray *list;

  if (c == NULL)
    return NULL;
  if (before_id != NULL)
    {
      g_autoptr(PlzMessage) anchor = plz_messaging_store_get_message (self->store, before_id, NULL);

      if (anchor == NULL || !g_str_equal (anchor->conversation_id, c->id))
        {
          plz_error_set_invalid (error, "before", "There is no such message in this conversation");
          return NULL;
        }
      before = anchor->num;
    }
  /* One more than asked tells whether older messages remain. */
  rows = plz_messaging_store_history (self->store, c->id, before, limit + 1, error);
  if (rows == NULL)
    return NULL;
  *more = rows->len > limit;
  list = json_array_new ();
  for (guint i = 0; i < MIN (rows->len, limit); i++)
    json_array_add_object_element (list, _plz_messaging_message_to_json (rows->pdata[i]));
  return list;
}

/* Receipts -------------------------------------------------------------------- */

typedef struct
{
  PlzMessaging  *self;
  const char    *user_id;
  const char    *conversation_id;
  JsonObject    *result;
} ReceiptWork;

/* Tells the senders of @messages (PlzMessage with id, conversation_id and
 * sender_id), one event per conversation, that @user_id has received (or
 * read) them. */
static gboolean
announce_receipts (PlzMessaging  *self,
                   const char    *user_id,
                   GPtrArray     *messages,
                   const char    *what,
                   gint64         at,
                   GError       **error)
{
  g_autofree char *when = plz_time_format_rfc3339 (at);
  guint i = 0;

  /* Rows come oldest first; gather each conversation's in that order. */
  while (i < messages->len)
    {
      PlzMessage *first = messages->pdata[i];
      g_autoptr(JsonObject) data = json_object_new ();
      JsonArray *ids = json_array_new ();

      json_object_set_string_member (data, "conversation_id", first->conversation_id);
      json_object_set_array_member (data, "message_ids", ids);
      json_object_set_string_member (data, "by", user_id);
      json_object_set_string_member (data, what, when);
      for (guint j = i; j < messages->len; j++)
        {
          PlzMessage *m = messages->pdata[j];

          if (m != NULL && g_str_equal (m->conversation_id, first->conversation_id) &&
              g_str_equal (m->sender_id, first->sender_id))
            {
              json_array_add_string_element (ids, m->id);
              if (j > i)
                g_clear_pointer (&messages->pdata[j], plz_message_free);  /* told */
            }
        }
      if (plz_events_append (self->events, first->sender_id, "message.receipt", data, error) == 0)
        return FALSE;
      while (++i < messages->len && messages->pdata[i] == NULL)
        ;
    }
  return TRUE;
}

static gboolean
read_txn (PlzStore  *store,
          gpointer   data,
          GError   **error)
{
  ReceiptWork *w = data;
  g_autoptr(PlzConversation) c = _plz_messaging_conversation_for (w->self, w->user_id, w->conversation_id, error);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) read = NULL;
  gint64 now = plz_time_now_us ();

  if (c == NULL)
    return FALSE;
  ids = plz_messaging_store_mark_read (store, c->id, w->user_id, now, error);
  if (ids == NULL)
    return FALSE;
  if (g_strcmp0 (w->user_id, c->consumer_id) == 0)
    c->consumer_unread = 0;
  else
    c->operator_unread = 0;
  /* Only the reader has receipts: every message read is the other's. */
  read = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_message_free);
  for (guint i = 0; i < ids->len; i++)
    {
      PlzMessage *m = g_new0 (PlzMessage, 1);

      m->id = g_strdup (ids->pdata[i]);
      m->conversation_id = g_strdup (c->id);
      m->sender_id = g_strdup (g_str_equal (w->user_id, c->consumer_id) ? c->operator_id : c->consumer_id);
      g_ptr_array_add (read, m);
    }
  if (ids->len > 0)
    {
      g_autoptr(JsonObject) mine = json_object_new ();

      json_object_set_object_member (mine, "conversation", _plz_messaging_conversation_to_json (w->self, c, w->user_id));
      if (!plz_messaging_store_update_conversation (store, c, error) ||
          !announce_receipts (w->self, w->user_id, read, "read_at", now, error) ||
          plz_events_append (w->self->events, w->user_id, "conversation.updated", mine, error) == 0)
        return FALSE;
    }
  w->result = json_object_new ();
  json_object_set_int_member (w->result, "marked", ids->len);
  json_object_set_object_member (w->result, "conversation", _plz_messaging_conversation_to_json (w->self, c, w->user_id));
  return TRUE;
}

JsonObject *
plz_messaging_mark_read (PlzMessaging   *self,
                         const PlzUser  *user,
                         const char     *conversation_id,
                         GError        **error)
{
  ReceiptWork w = { self, user->id, conversation_id, NULL };

  if (!plz_store_transaction (self->store, read_txn, &w, error))
    {
      g_clear_pointer (&w.result, json_object_unref);
      return NULL;
    }
  return w.result;
}

static gboolean
delivered_txn (PlzStore  *store,
               gpointer   data,
               GError   **error)
{
  ReceiptWork *w = data;
  gint64 now = plz_time_now_us ();
  g_autoptr(GPtrArray) marked = plz_messaging_store_mark_delivered (store, w->user_id, now, error);

  return marked != NULL &&
         (marked->len == 0 || announce_receipts (w->self, w->user_id, marked, "delivered_at", now, error));
}

gboolean
plz_messaging_mark_delivered (PlzMessaging  *self,
                              const char    *user_id,
                              GError       **error)
{
  ReceiptWork w = { self, user_id, NULL, NULL };

  /* Most calls find nothing to mark: check before taking the write lock. */
  if (plz_store_query_int (self->store, "SELECT EXISTS (SELECT 1 FROM receipts WHERE user_id = ?1 "
                           "AND delivered_at IS NULL)", user_id, NULL) == 0)
    return TRUE;
  return plz_store_transaction (self->store, delivered_txn, &w, error);
}

gboolean
plz_messaging_mark_delivered_in_transaction (PlzMessaging  *self,
                                             const char    *user_id,
                                             GError       **error)
{
  ReceiptWork w = { self, user_id, NULL, NULL };

  /* A savepoint: a failure here spares the rest of the caller's transaction. */
  return plz_store_transaction (self->store, delivered_txn, &w, error);
}

gboolean
plz_messaging_is_participant (PlzMessaging  *self,
                              const char    *user_id,
                              const char    *conversation_id,
                              char         **other_id)
{
  g_autoptr(PlzConversation) c = _plz_messaging_conversation_for (self, user_id, conversation_id, NULL);

  if (c == NULL)
    return FALSE;
  if (other_id != NULL)
    *other_id = g_strdup (g_str_equal (c->consumer_id, user_id) ? c->operator_id : c->consumer_id);
  return TRUE;
}
