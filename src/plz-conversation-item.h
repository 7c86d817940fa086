/* plz-conversation-item.h — one conversation as the list and the chat show
 * it: the server's JSON as the signed-in user sees it */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_TYPE_CONVERSATION_ITEM (plz_conversation_item_get_type ())
G_DECLARE_FINAL_TYPE (PlzConversationItem, plz_conversation_item, PLZ, CONVERSATION_ITEM, GObject)

/* A conversation from @conversation (a copy is kept). */
PlzConversationItem *plz_conversation_item_new               (JsonObject          *conversation);

/* Takes a newer version from the server; emits ::changed. */
void                 plz_conversation_item_update            (PlzConversationItem *self,
                                                              JsonObject          *conversation);

/* The JSON it shows. */
JsonObject          *plz_conversation_item_get_json          (PlzConversationItem *self);

const char          *plz_conversation_item_get_id            (PlzConversationItem *self);
const char          *plz_conversation_item_get_listing_id    (PlzConversationItem *self);
const char          *plz_conversation_item_get_listing_title (PlzConversationItem *self);

/* The listing card ("listing"), never NULL. */
JsonObject          *plz_conversation_item_get_listing       (PlzConversationItem *self);

/* Whether the signed-in user is the consumer (else the operator) here. */
gboolean             plz_conversation_item_get_is_consumer   (PlzConversationItem *self);

/* The other participant's card, name and avatar path (may be NULL). */
JsonObject          *plz_conversation_item_get_other         (PlzConversationItem *self);
const char          *plz_conversation_item_get_other_id      (PlzConversationItem *self);
const char          *plz_conversation_item_get_other_name    (PlzConversationItem *self);
const char          *plz_conversation_item_get_other_avatar  (PlzConversationItem *self);

/* The last message's text ("" when none) and when there was any activity. */
const char          *plz_conversation_item_get_preview       (PlzConversationItem *self);
gint64               plz_conversation_item_get_last_activity (PlzConversationItem *self);

/* Messages the user has not read here; set_unread changes it locally (emits ::changed). */
guint                plz_conversation_item_get_unread        (PlzConversationItem *self);
void                 plz_conversation_item_set_unread        (PlzConversationItem *self,
                                                              guint                unread);

/* Sets the last message to @message (a server message object) locally. */
void                 plz_conversation_item_set_last_message  (PlzConversationItem *self,
                                                              JsonObject          *message);

/* The "booking" object, or NULL before any booking. */
JsonObject          *plz_conversation_item_get_booking       (PlzConversationItem *self);

G_END_DECLS
