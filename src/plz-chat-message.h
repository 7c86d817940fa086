/* plz-chat-message.h — one message of a conversation as the chat shows it:
 * the server's JSON, or a pending one not acked yet */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  PLZ_CHAT_MESSAGE_PENDING,     /* handed to the sender, not acked yet */
  PLZ_CHAT_MESSAGE_FAILED,      /* refused; get_error says why */
  PLZ_CHAT_MESSAGE_SENT,
  PLZ_CHAT_MESSAGE_DELIVERED,
  PLZ_CHAT_MESSAGE_READ,
} PlzChatMessageState;

#define PLZ_TYPE_CHAT_MESSAGE (plz_chat_message_get_type ())
G_DECLARE_FINAL_TYPE (PlzChatMessage, plz_chat_message, PLZ, CHAT_MESSAGE, GObject)

/* A message as the server sent it (a copy is kept). */
PlzChatMessage     *plz_chat_message_new            (JsonObject     *message);

/* A message of @sender_id just handed on with @client_id, not acked yet. */
PlzChatMessage     *plz_chat_message_new_pending    (const char     *client_id,
                                                     const char     *conversation_id,
                                                     const char     *sender_id,
                                                     const char     *body);

/* The same, written at @created_us (µs since the epoch): an earlier run's
 * message still waiting in the outbox. */
PlzChatMessage     *plz_chat_message_new_pending_at (const char     *client_id,
                                                     const char     *conversation_id,
                                                     const char     *sender_id,
                                                     const char     *body,
                                                     gint64          created_us);

/* The server's id (NULL while pending), the client id (may be NULL), and the rest. */
const char         *plz_chat_message_get_id          (PlzChatMessage *self);
const char         *plz_chat_message_get_client_id   (PlzChatMessage *self);
const char         *plz_chat_message_get_sender_id   (PlzChatMessage *self);
const char         *plz_chat_message_get_body        (PlzChatMessage *self);
const char         *plz_chat_message_get_kind        (PlzChatMessage *self);

/* When it was written, µs since the epoch (local time while pending). */
gint64              plz_chat_message_get_created_at  (PlzChatMessage *self);

/* Its "attachments" and "actions" arrays (NULL when none). */
JsonArray          *plz_chat_message_get_attachments (PlzChatMessage *self);
JsonArray          *plz_chat_message_get_actions     (PlzChatMessage *self);

/* Pending, failed, sent, delivered or read. */
PlzChatMessageState plz_chat_message_get_state       (PlzChatMessage *self);

/* Why it failed, or NULL. */
const char         *plz_chat_message_get_error       (PlzChatMessage *self);

/* Takes the server's version of this message (the ack, or a re-fetch). */
void                plz_chat_message_update          (PlzChatMessage *self,
                                                      JsonObject     *message);

/* The sender refused it with @error_message. */
void                plz_chat_message_set_failed      (PlzChatMessage *self,
                                                      const char     *error_message);

/* A receipt: @delivered_at or @read_at (RFC 3339, either may be NULL). */
void                plz_chat_message_apply_receipt   (PlzChatMessage *self,
                                                      const char     *delivered_at,
                                                      const char     *read_at);

G_END_DECLS
