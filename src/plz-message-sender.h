/* plz-message-sender.h — how the Messages UI hands a message on; the app's
 * one is PlzLinkSender, over the live link and its outbox */
#pragma once

#include <glib-object.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_TYPE_MESSAGE_SENDER (plz_message_sender_get_type ())
G_DECLARE_INTERFACE (PlzMessageSender, plz_message_sender, PLZ, MESSAGE_SENDER, GObject)

struct _PlzMessageSenderInterface
{
  GTypeInterface parent_iface;

  char *(*send) (PlzMessageSender *self,
                 const char       *conversation_id,
                 const char       *body,
                 const char       *attachments_json);
  /* Optional: says the user is typing in @conversation_id. */
  void  (*typing) (PlzMessageSender *self,
                   const char       *conversation_id);
  /* Optional: what was handed on and is neither acked nor refused yet,
   * this run's and earlier runs' (a GListModel of PlzOutboxItem). */
  GListModel *(*get_pending) (PlzMessageSender *self);
};

/* Queues @body (and @attachments_json, a JSON array text or NULL) for
 * @conversation_id and returns its new client_id. The outcome arrives as
 * ::acked (client_id, JsonObject *message) or ::refused (client_id, code,
 * message), the same signals as PlzLink's. */
char *plz_message_sender_send           (PlzMessageSender *self,
                                         const char       *conversation_id,
                                         const char       *body,
                                         const char       *attachments_json);

/* Tells the other side the user is typing (when the sender can). */
void  plz_message_sender_typing         (PlzMessageSender *self,
                                         const char       *conversation_id);

/* Messages handed on and not acked or refused yet, oldest first (a
 * GListModel of PlzOutboxItem, owned by the sender), or NULL when the
 * sender keeps none. */
GListModel *plz_message_sender_get_pending (PlzMessageSender *self);

/* Emits ::acked; for implementations. */
void  plz_message_sender_emit_acked     (PlzMessageSender *self,
                                         const char       *client_id,
                                         JsonObject       *message);

/* Emits ::refused; for implementations. */
void  plz_message_sender_emit_refused   (PlzMessageSender *self,
                                         const char       *client_id,
                                         const char       *code,
                                         const char       *message);

/* A new client id: "c-" and a random UUID, as PlzLink makes them. */
char *plz_message_sender_new_client_id  (void);

G_END_DECLS
