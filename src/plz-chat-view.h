/* plz-chat-view.h — one conversation: the listing's context card, the
 * messages with day separators and receipts, the typing line and the composer */
#pragma once

#include <gtk/gtk.h>

#include "plz-account.h"
#include "plz-composer.h"
#include "plz-conversation-item.h"
#include "plz-message-sender.h"
#include "plz-texture-cache.h"

G_BEGIN_DECLS

#define PLZ_TYPE_CHAT_VIEW (plz_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (PlzChatView, plz_chat_view, PLZ, CHAT_VIEW, GtkWidget)

/* An empty chat; give it an account, a cache and a sender before showing any. */
GtkWidget           *plz_chat_view_new           (void);

/* Loads as @account, pictures through @cache, sends through @sender (NULL:
 * nothing can be sent, as when signed out). */
void                 plz_chat_view_setup         (PlzChatView         *self,
                                                  PlzAccount          *account,
                                                  PlzTextureCache     *cache,
                                                  PlzMessageSender    *sender);

/* Shows @item (NULL: nothing) and loads its latest messages. */
void                 plz_chat_view_show          (PlzChatView         *self,
                                                  PlzConversationItem *item);

/* Loads the latest messages again. */
void                 plz_chat_view_reload        (PlzChatView         *self);

/* The conversation shown, or NULL. */
PlzConversationItem *plz_chat_view_get_item      (PlzChatView         *self);

/* "none", "loading", "error", "empty" or "messages". */
const char          *plz_chat_view_get_state     (PlzChatView         *self);

/* The messages shown, oldest first (PlzChatMessage). */
GListModel          *plz_chat_view_get_messages  (PlzChatView         *self);

/* Whether older messages are on the server, and loads the next page of them
 * (as scrolling to the top does). */
gboolean             plz_chat_view_get_has_more  (PlzChatView         *self);
void                 plz_chat_view_load_older    (PlzChatView         *self);

/* A message of the shown conversation arrived (an event, an ack): added, or
 * merged into the one with its id or client_id. */
void                 plz_chat_view_add_message   (PlzChatView         *self,
                                                  JsonObject          *message);

/* Receipts for @message_ids: @delivered_at or @read_at (RFC 3339, may be NULL). */
void                 plz_chat_view_apply_receipt (PlzChatView         *self,
                                                  JsonArray           *message_ids,
                                                  const char          *delivered_at,
                                                  const char          *read_at);

/* The other participant is typing: says so for 5 s. */
void                 plz_chat_view_show_typing   (PlzChatView         *self);

/* Whether the typing line shows. */
gboolean             plz_chat_view_get_typing    (PlzChatView         *self);

/* Marks the conversation read on the server when the window is active and
 * something is unread. */
void                 plz_chat_view_mark_read     (PlzChatView         *self);

/* The composer (for its warning slot and buffer). */
PlzComposer         *plz_chat_view_get_composer  (PlzChatView         *self);

G_END_DECLS
