/* plz-rest-sender.c — a PlzMessageSender over POST /api/v1/conversations/{id}/messages.
 * The client_id goes along, so a retry by the server's rules creates nothing twice. */

#include "config.h"

#include "plz-error.h"
#include "plz-rest-sender.h"

struct _PlzRestSender
{
  GObject       parent_instance;

  PlzAccount   *account;
  GCancellable *cancellable;
};

static void sender_iface_init (PlzMessageSenderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlzRestSender, plz_rest_sender, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PLZ_TYPE_MESSAGE_SENDER, sender_iface_init))

typedef struct
{
  PlzRestSender *self;
  char          *client_id;
} Send;

static void
send_free (Send *send)
{
  g_object_unref (send->self);
  g_free (send->client_id);
  g_free (send);
}

static void
posted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Send *send = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonObject *message;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (answer == NULL)
    plz_message_sender_emit_refused (PLZ_MESSAGE_SENDER (send->self), send->client_id,
                                     error->domain == PLZ_ERROR ? plz_error_code_name (error->code) : "network",
                                     error->message);
  else if ((message = json_object_get_object_member (answer, "message")) == NULL)
    plz_message_sender_emit_refused (PLZ_MESSAGE_SENDER (send->self), send->client_id, "internal",
                                     "The server's answer had no message");
  else
    plz_message_sender_emit_acked (PLZ_MESSAGE_SENDER (send->self), send->client_id, message);
  send_free (send);
}

static char *
rest_send (PlzMessageSender *sender,
           const char       *conversation_id,
           const char       *body,
           const char       *attachments_json)
{
  PlzRestSender *self = PLZ_REST_SENDER (sender);
  g_autofree char *escaped = g_uri_escape_string (conversation_id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v1/conversations/", escaped, "/messages", NULL);
  g_autoptr(JsonObject) o = json_object_new ();
  Send *send = g_new0 (Send, 1);

  send->self = g_object_ref (self);
  send->client_id = plz_message_sender_new_client_id ();
  json_object_set_string_member (o, "body", body);
  json_object_set_string_member (o, "client_id", send->client_id);
  if (attachments_json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (attachments_json, NULL);

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        json_object_set_member (o, "attachments", g_steal_pointer (&node));
    }
  plz_account_call_async (self->account, "POST", path, o, FALSE, self->cancellable, posted_cb, send);
  return g_strdup (send->client_id);
}

static void
sender_iface_init (PlzMessageSenderInterface *iface)
{
  iface->send = rest_send;
}

PlzMessageSender *
plz_rest_sender_new (PlzAccount *account)
{
  PlzRestSender *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_REST_SENDER, NULL);
  self->account = g_object_ref (account);
  return PLZ_MESSAGE_SENDER (self);
}

static void
plz_rest_sender_dispose (GObject *object)
{
  PlzRestSender *self = PLZ_REST_SENDER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (plz_rest_sender_parent_class)->dispose (object);
}

static void
plz_rest_sender_class_init (PlzRestSenderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = plz_rest_sender_dispose;
}

static void
plz_rest_sender_init (PlzRestSender *self)
{
  self->cancellable = g_cancellable_new ();
}
