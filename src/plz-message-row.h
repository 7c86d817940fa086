/* plz-message-row.h — one message in a chat: its bubble (own messages on the
 * right), attachments inline, suggested actions and the receipt */
#pragma once

#include <gtk/gtk.h>

#include "plz-chat-message.h"
#include "plz-texture-cache.h"

G_BEGIN_DECLS

#define PLZ_TYPE_MESSAGE_ROW (plz_message_row_get_type ())
G_DECLARE_FINAL_TYPE (PlzMessageRow, plz_message_row, PLZ, MESSAGE_ROW, GtkListBoxRow)

/* A row showing @message, @own when the signed-in user wrote it; pictures
 * come from @base_url through @cache. Suggested-action buttons activate
 * "chat.suggested-action" with ("kind", "payload JSON text"). */
GtkWidget      *plz_message_row_new          (PlzChatMessage  *message,
                                              gboolean         own,
                                              PlzTextureCache *cache,
                                              const char      *base_url);

/* The message shown. */
PlzChatMessage *plz_message_row_get_message  (PlzMessageRow   *self);

/* The receipt as shown ("Sending…", "Sent", "Delivered", "Read", "Not sent: …"), "" for others'. */
const char     *plz_message_row_get_receipt  (PlzMessageRow   *self);

G_END_DECLS
