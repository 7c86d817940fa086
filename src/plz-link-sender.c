/* plz-link-sender.c — PlzMessageSender over PlzLink. An adapter rather than the
 * link implementing the interface itself: both declare "acked" and "refused",
 * and one type cannot carry two signals of one name. */

#include "config.h"

#include "plz-link-sender.h"

struct _PlzLinkSender
{
  GObject  parent_instance;
  PlzLink *link;
};

static void plz_link_sender_iface_init (PlzMessageSenderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlzLinkSender, plz_link_sender, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PLZ_TYPE_MESSAGE_SENDER, plz_link_sender_iface_init))

static char *
link_sender_send (PlzMessageSender *sender,
                  const char       *conversation_id,
                  const char       *body,
                  const char       *attachments_json)
{
  PlzLinkSender *self = PLZ_LINK_SENDER (sender);

  return plz_link_send (self->link, conversation_id, body, attachments_json);
}

static void
link_sender_typing (PlzMessageSender *sender,
                    const char       *conversation_id)
{
  plz_link_send_typing (PLZ_LINK_SENDER (sender)->link, conversation_id);
}

/* The outbox: what this run sent and what earlier runs left unacked. */
static GListModel *
link_sender_get_pending (PlzMessageSender *sender)
{
  return plz_link_get_outbox (PLZ_LINK_SENDER (sender)->link);
}

static void
plz_link_sender_iface_init (PlzMessageSenderInterface *iface)
{
  iface->send = link_sender_send;
  iface->typing = link_sender_typing;
  iface->get_pending = link_sender_get_pending;
}

static void
acked_cb (PlzLinkSender *self,
          const char    *client_id,
          JsonObject    *message)
{
  plz_message_sender_emit_acked (PLZ_MESSAGE_SENDER (self), client_id, message);
}

static void
refused_cb (PlzLinkSender *self,
            const char    *client_id,
            const char    *code,
            const char    *message)
{
  plz_message_sender_emit_refused (PLZ_MESSAGE_SENDER (self), client_id, code, message);
}

static void
plz_link_sender_dispose (GObject *object)
{
  PlzLinkSender *self = PLZ_LINK_SENDER (object);

  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_clear_object (&self->link);
  G_OBJECT_CLASS (plz_link_sender_parent_class)->dispose (object);
}

static void
plz_link_sender_class_init (PlzLinkSenderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = plz_link_sender_dispose;
}

static void
plz_link_sender_init (PlzLinkSender *self)
{
}

PlzMessageSender *
plz_link_sender_new (PlzLink *link)
{
  PlzLinkSender *self;

  g_return_val_if_fail (PLZ_IS_LINK (link), NULL);

  self = g_object_new (PLZ_TYPE_LINK_SENDER, NULL);
  self->link = g_object_ref (link);
  g_signal_connect_swapped (link, "acked", G_CALLBACK (acked_cb), self);
  g_signal_connect_swapped (link, "refused", G_CALLBACK (refused_cb), self);
  return PLZ_MESSAGE_SENDER (self);
}
