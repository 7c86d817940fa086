/* plz-chat-message.c — one message of a conversation as the chat shows it */

#include "config.h"

#include "plz-chat-message.h"
#include "plz-time.h"

struct _PlzChatMessage
{
  GObject     parent_instance;

  JsonObject *json;
  char       *error;
  gboolean    pending;
  gint64      local_time;
};

G_DEFINE_FINAL_TYPE (PlzChatMessage, plz_chat_message, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
string_member (PlzChatMessage *self,
               const char     *name)
{
  JsonNode *node = json_object_get_member (self->json, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonArray *
array_member (PlzChatMessage *self,
              const char     *name)
{
  JsonNode *node = json_object_get_member (self->json, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return NULL;
  return json_node_get_array (node);
}

static JsonObject *
copy_object (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
  g_autoptr(JsonNode) copy = json_node_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

PlzChatMessage *
plz_chat_message_new (JsonObject *message)
{
  PlzChatMessage *self;

  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (PLZ_TYPE_CHAT_MESSAGE, NULL);
  self->json = copy_object (message);
  return self;
}

PlzChatMessage *
plz_chat_message_new_pending (const char *client_id,
                              const char *conversation_id,
                              const char *sender_id,
                              const char *body)
{
  PlzChatMessage *self = g_object_new (PLZ_TYPE_CHAT_MESSAGE, NULL);

  self->json = json_object_new ();
  json_object_set_string_member (self->json, "client_id", client_id);
  json_object_set_string_member (self->json, "conversation_id", conversation_id);
  json_object_set_string_member (self->json, "sender_id", sender_id);
  json_object_set_string_member (self->json, "body", body);
  self->pending = TRUE;
  self->local_time = plz_time_now_us ();
  return self;
}

PlzChatMessage *
plz_chat_message_new_pending_at (const char *client_id,
                                 const char *conversation_id,
                                 const char *sender_id,
                                 const char *body,
                                 gint64      created_us)
{
  PlzChatMessage *self = plz_chat_message_new_pending (client_id, conversation_id, sender_id, body);

  self->local_time = created_us;
  return self;
}

const char *
plz_chat_message_get_id (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  return string_member (self, "id");
}

const char *
plz_chat_message_get_client_id (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  return string_member (self, "client_id");
}

const char *
plz_chat_message_get_sender_id (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  return string_member (self, "sender_id");
}

const char *
plz_chat_message_get_body (PlzChatMessage *self)
{
  const char *body;

  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  body = string_member (self, "body");
  return body != NULL ? body : "";
}

const char *
plz_chat_message_get_kind (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  return string_member (self, "kind");
}

gint64
plz_chat_message_get_created_at (PlzChatMessage *self)
{
  gint64 usec = 0;

  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), 0);
  if (string_member (self, "created_at") != NULL
      && plz_time_parse_rfc3339 (string_member (self, "created_at"), &usec))
    return usec;
  return self->local_time;
}

JsonArray *
plz_chat_message_get_attachments (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  return array_member (self, "attachments");
}

JsonArray *
plz_chat_message_get_actions (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  return array_member (self, "actions");
}

PlzChatMessageState
plz_chat_message_get_state (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), PLZ_CHAT_MESSAGE_SENT);

  if (self->error != NULL)
    return PLZ_CHAT_MESSAGE_FAILED;
  if (self->pending)
    return PLZ_CHAT_MESSAGE_PENDING;
  if (string_member (self, "read_at") != NULL)
    return PLZ_CHAT_MESSAGE_READ;
  if (string_member (self, "delivered_at") != NULL)
    return PLZ_CHAT_MESSAGE_DELIVERED;
  return PLZ_CHAT_MESSAGE_SENT;
}

const char *
plz_chat_message_get_error (PlzChatMessage *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (self), NULL);
  return self->error;
}

void
plz_chat_message_update (PlzChatMessage *self,
                         JsonObject     *message)
{
  g_autofree char *read_at = NULL, *delivered_at = NULL;

  g_return_if_fail (PLZ_IS_CHAT_MESSAGE (self));
  g_return_if_fail (message != NULL);

  /* A receipt may have come before a stale copy: never go back. */
  read_at = g_strdup (string_member (self, "read_at"));
  delivered_at = g_strdup (string_member (self, "delivered_at"));
  json_object_unref (self->json);
  self->json = copy_object (message);
  self->pending = FALSE;
  g_clear_pointer (&self->error, g_free);
  plz_chat_message_apply_receipt (self, delivered_at, read_at);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
plz_chat_message_set_failed (PlzChatMessage *self,
                             const char     *error_message)
{
  g_return_if_fail (PLZ_IS_CHAT_MESSAGE (self));

  g_free (self->error);
  self->error = g_strdup (error_message != NULL ? error_message : "");
  g_signal_emit (self, signals[CHANGED], 0);
}

void
plz_chat_message_apply_receipt (PlzChatMessage *self,
                                const char     *delivered_at,
                                const char     *read_at)
{
  gboolean changed = FALSE;

  g_return_if_fail (PLZ_IS_CHAT_MESSAGE (self));

  if (delivered_at != NULL && string_member (self, "delivered_at") == NULL)
    {
      json_object_set_string_member (self->json, "delivered_at", delivered_at);
      changed = TRUE;
    }
  if (read_at != NULL && string_member (self, "read_at") == NULL)
    {
      json_object_set_string_member (self->json, "read_at", read_at);
      /* Read implies delivered, even when that receipt was missed. */
      if (string_member (self, "delivered_at") == NULL)
        json_object_set_string_member (self->json, "delivered_at", read_at);
      changed = TRUE;
    }
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
plz_chat_message_finalize (GObject *object)
{
  PlzChatMessage *self = PLZ_CHAT_MESSAGE (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (plz_chat_message_parent_class)->finalize (object);
}

static void
plz_chat_message_class_init (PlzChatMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plz_chat_message_finalize;

  /* Its state, receipts or content changed: rows showing it redraw. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
plz_chat_message_init (PlzChatMessage *self)
{
}
