/* plz-message-sender.c — how the Messages UI hands a message on */

#include "config.h"

#include "plz-message-sender.h"

G_DEFINE_INTERFACE (PlzMessageSender, plz_message_sender, G_TYPE_OBJECT)

enum {
  ACKED,
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
plz_message_sender_default_init (PlzMessageSenderInterface *iface)
{
  /* The server stored the message: @message is it as the server sent it. */
  signals[ACKED] =
    g_signal_new ("acked", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, JSON_TYPE_OBJECT);
  /* The server refused it for good: a wire error code and words for people. */
  signals[REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

char *
plz_message_sender_send (PlzMessageSender *self,
                         const char       *conversation_id,
                         const char       *body,
                         const char       *attachments_json)
{
  g_return_val_if_fail (PLZ_IS_MESSAGE_SENDER (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  return PLZ_MESSAGE_SENDER_GET_IFACE (self)->send (self, conversation_id, body, attachments_json);
}

void
plz_message_sender_typing (PlzMessageSender *self,
                           const char       *conversation_id)
{
  PlzMessageSenderInterface *iface;

  g_return_if_fail (PLZ_IS_MESSAGE_SENDER (self));

  iface = PLZ_MESSAGE_SENDER_GET_IFACE (self);
  if (iface->typing != NULL)
    iface->typing (self, conversation_id);
}

GListModel *
plz_message_sender_get_pending (PlzMessageSender *self)
{
  PlzMessageSenderInterface *iface;

  g_return_val_if_fail (PLZ_IS_MESSAGE_SENDER (self), NULL);

  iface = PLZ_MESSAGE_SENDER_GET_IFACE (self);
  return iface->get_pending != NULL ? iface->get_pending (self) : NULL;
}

void
plz_message_sender_emit_acked (PlzMessageSender *self,
                               const char       *client_id,
                               JsonObject       *message)
{
  g_return_if_fail (PLZ_IS_MESSAGE_SENDER (self));

  g_signal_emit (self, signals[ACKED], 0, client_id, message);
}

void
plz_message_sender_emit_refused (PlzMessageSender *self,
                                 const char       *client_id,
                                 const char       *code,
                                 const char       *message)
{
  g_return_if_fail (PLZ_IS_MESSAGE_SENDER (self));

  g_signal_emit (self, signals[REFUSED], 0, client_id, code, message);
}

char *
plz_message_sender_new_client_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("c-", uuid, NULL);
}
