/* plz-conversation-row.h — one conversation in the Messages list: who, which
 * listing, the last message, when, and how many are unread */
#pragma once

#include <gtk/gtk.h>

#include "plz-conversation-item.h"
#include "plz-texture-cache.h"

G_BEGIN_DECLS

#define PLZ_TYPE_CONVERSATION_ROW (plz_conversation_row_get_type ())
G_DECLARE_FINAL_TYPE (PlzConversationRow, plz_conversation_row, PLZ, CONVERSATION_ROW, GtkListBoxRow)

/* A row showing @item (and following its changes), the avatar from
 * @base_url through @cache. */
GtkWidget           *plz_conversation_row_new      (PlzConversationItem *item,
                                                    PlzTextureCache     *cache,
                                                    const char          *base_url);

/* The conversation shown. */
PlzConversationItem *plz_conversation_row_get_item (PlzConversationRow  *self);

G_END_DECLS
