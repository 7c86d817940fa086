/* plz-messages-page.h — the Messages area: the conversation list beside the
 * chat (an AdwLeaflet that folds on narrow windows), fed by REST now and by
 * the live link's events once it is wired */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-chat-view.h"
#include "plz-message-sender.h"

G_BEGIN_DECLS

#define PLZ_TYPE_MESSAGES_PAGE (plz_messages_page_get_type ())
G_DECLARE_FINAL_TYPE (PlzMessagesPage, plz_messages_page, PLZ, MESSAGES_PAGE, AdwBin)

/* A page that does nothing until it gets an account. */
GtkWidget        *plz_messages_page_new               (void);

/* Works as @account (once; it follows its sign-ins from then on), sending
 * through the account's live link (PlzLinkSender) while there is one. */
void              plz_messages_page_set_account       (PlzMessagesPage  *self,
                                                       PlzAccount       *account);

/* Sends through @sender instead, until the account's link changes. */
void              plz_messages_page_set_sender        (PlzMessagesPage  *self,
                                                       PlzMessageSender *sender);
PlzMessageSender *plz_messages_page_get_sender        (PlzMessagesPage  *self);

/* Fetches the conversations again (and the open chat's latest messages). */
void              plz_messages_page_reload            (PlzMessagesPage  *self);

/* "idle" (no account), "loading", "error", "empty", "no-results" or "list". */
const char       *plz_messages_page_get_state         (PlzMessagesPage  *self);

/* Every conversation, latest activity first (PlzConversationItem), and those
 * the search lets through. */
GListModel       *plz_messages_page_get_conversations (PlzMessagesPage  *self);
GListModel       *plz_messages_page_get_shown         (PlzMessagesPage  *self);

/* Filters the list by name, listing or last message. */
void              plz_messages_page_set_search        (PlzMessagesPage  *self,
                                                       const char       *text);

/* Opens conversation @id, after the next load when it is not known yet. */
void              plz_messages_page_open_conversation (PlzMessagesPage  *self,
                                                       const char       *id);

/* The id of the user's conversation about listing @listing_id, or NULL. */
const char       *plz_messages_page_find_for_listing  (PlzMessagesPage  *self,
                                                       const char       *listing_id);

/* Adds or updates a conversation the server sent (an inquiry's answer). */
void              plz_messages_page_add_conversation  (PlzMessagesPage  *self,
                                                       JsonObject       *conversation);

/* The chat beside the list. */
PlzChatView      *plz_messages_page_get_chat_view     (PlzMessagesPage  *self);

/* Unread messages over all conversations (property "unread-total"). */
guint             plz_messages_page_get_unread_total  (PlzMessagesPage  *self);

/* One event of the user's log (PlzLink::event): message.created,
 * message.receipt, conversation.updated; "typing" with {conversation_id,
 * user_id} too. Events with a @seq already seen are dropped (@seq 0: always
 * applied); other kinds are ignored. */
void              plz_messages_page_apply_event       (PlzMessagesPage  *self,
                                                       const char       *kind,
                                                       JsonObject       *data,
                                                       gint64            seq);

/* The other participant of @conversation_id is typing (PlzLink::typing). */
void              plz_messages_page_apply_typing      (PlzMessagesPage  *self,
                                                       const char       *conversation_id,
                                                       const char       *user_id);

G_END_DECLS
