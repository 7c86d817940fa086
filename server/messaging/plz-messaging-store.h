/* plz-messaging-store.h — the SQL of conversations, messages and receipts */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *listing_id;
  char   *consumer_id;
  char   *operator_id;
  char   *stage;             /* pre_booking, post_booking */
  char   *status;            /* active, archived, spam */
  gint64  last_message_at;
  char   *last_message_id;
  gint64  consumer_unread;
  gint64  operator_unread;
  gint64  first_response_s;  /* -1 until the operator answers */
  gint64  created_at;
} PlzConversation;

typedef struct
{
  gint64  num;
  char   *id;
  char   *conversation_id;
  char   *sender_id;
  char   *kind;
  char   *body;
  char   *attachments;       /* JSON array text */
  char   *actions;           /* JSON array text */
  char   *client_id;
  gint64  created_at;
  gint64  delivered_at;      /* to the other participant; 0 when not yet */
  gint64  read_at;
} PlzMessage;

void             plz_conversation_free   (PlzConversation *c);
void             plz_message_free        (PlzMessage *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzConversation, plz_conversation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzMessage, plz_message_free)

/* Conversations ------------------------------------------------------------- */

PlzConversation *plz_messaging_store_get_conversation  (PlzStore *store, const char *id, GError **error);
/* The conversation about @listing_id between the two, or NULL without an error. */
PlzConversation *plz_messaging_store_find_conversation (PlzStore *store, const char *listing_id,
                                                        const char *consumer_id, const char *operator_id,
                                                        GError **error);
/* The latest conversation between the two about any listing, or NULL without an error. */
PlzConversation *plz_messaging_store_latest_between (PlzStore *store, const char *consumer_id,
                                                     const char *operator_id, GError **error);
gboolean         plz_messaging_store_insert_conversation (PlzStore *store, const PlzConversation *c,
                                                          GError **error);
/* Writes stage, status, last message, unread counts and first response. */
gboolean         plz_messaging_store_update_conversation (PlzStore *store, const PlzConversation *c,
                                                          GError **error);
/* @user_id's conversations, most recent activity first. */
GPtrArray       *plz_messaging_store_conversations_of  (PlzStore *store, const char *user_id, guint limit,
                                                        GError **error);
/* The median first response of @operator_id's answered conversations in
 * seconds, or -1 when none is answered. */
gint64           plz_messaging_store_median_response   (PlzStore *store, const char *operator_id,
                                                        GError **error);

/* Messages ------------------------------------------------------------------ */

PlzMessage      *plz_messaging_store_get_message       (PlzStore *store, const char *id, GError **error);
/* The message @sender_id sent with @client_id, or NULL without an error. */
PlzMessage      *plz_messaging_store_find_by_client_id (PlzStore *store, const char *sender_id,
                                                        const char *client_id, GError **error);
/* Inserts @m (its num is set) and a receipt row for @recipient_id, delivered
 * at @delivered_at (0: not yet). */
gboolean         plz_messaging_store_insert_message    (PlzStore *store, PlzMessage *m, const char *recipient_id,
                                                        gint64 delivered_at, GError **error);
/* Up to @limit messages of @conversation_id before message number @before
 * (0: the newest), newest first, with the other side's receipt times. */
GPtrArray       *plz_messaging_store_history           (PlzStore *store, const char *conversation_id,
                                                        gint64 before, guint limit, GError **error);
/* Marks every message to @user_id in @conversation_id read (and delivered)
 * at @now; returns the ids marked, oldest first. */
GPtrArray       *plz_messaging_store_mark_read         (PlzStore *store, const char *conversation_id,
                                                        const char *user_id, gint64 now, GError **error);
/* Marks every undelivered message to @user_id delivered at @now; returns
 * the messages marked (PlzMessage with only id, conversation_id and
 * sender_id set), oldest first. */
GPtrArray       *plz_messaging_store_mark_delivered    (PlzStore *store, const char *user_id, gint64 now,
                                                        GError **error);

G_END_DECLS
