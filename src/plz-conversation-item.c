/* plz-conversation-item.c — one conversation as the list and the chat show it */

#include "config.h"

#include "plz-conversation-item.h"
#include "plz-time.h"

struct _PlzConversationItem
{
  GObject     parent_instance;

  JsonObject *json;
};

G_DEFINE_FINAL_TYPE (PlzConversationItem, plz_conversation_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
string_of (JsonObject *o,
           const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonObject *
object_of (JsonObject *o,
           const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
copy_object (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
  g_autoptr(JsonNode) copy = json_node_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

PlzConversationItem *
plz_conversation_item_new (JsonObject *conversation)
{
  PlzConversationItem *self;

  g_return_val_if_fail (conversation != NULL, NULL);

  self = g_object_new (PLZ_TYPE_CONVERSATION_ITEM, NULL);
  self->json = copy_object (conversation);
  if (object_of (self->json, "listing") == NULL)
    json_object_set_object_member (self->json, "listing", json_object_new ());
  return self;
}

void
plz_conversation_item_update (PlzConversationItem *self,
                              JsonObject          *conversation)
{
  g_return_if_fail (PLZ_IS_CONVERSATION_ITEM (self));
  g_return_if_fail (conversation != NULL);

  json_object_unref (self->json);
  self->json = copy_object (conversation);
  if (object_of (self->json, "listing") == NULL)
    json_object_set_object_member (self->json, "listing", json_object_new ());
  g_signal_emit (self, signals[CHANGED], 0);
}

JsonObject *
plz_conversation_item_get_json (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), NULL);
  return self->json;
}

const char *
plz_conversation_item_get_id (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), NULL);
  return string_of (self->json, "id");
}

JsonObject *
plz_conversation_item_get_listing (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), NULL);
  return object_of (self->json, "listing");
}

const char *
plz_conversation_item_get_listing_id (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), NULL);
  return string_of (object_of (self->json, "listing"), "id");
}

const char *
plz_conversation_item_get_listing_title (PlzConversationItem *self)
{
  const char *title;

  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), NULL);
  title = string_of (object_of (self->json, "listing"), "title");
  return title != NULL ? title : "";
}

gboolean
plz_conversation_item_get_is_consumer (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), FALSE);
  return g_strcmp0 (string_of (self->json, "role"), "consumer") == 0;
}

JsonObject *
plz_conversation_item_get_other (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), NULL);
  return object_of (self->json, plz_conversation_item_get_is_consumer (self) ? "operator" : "consumer");
}

const char *
plz_conversation_item_get_other_id (PlzConversationItem *self)
{
  return string_of (plz_conversation_item_get_other (self), "id");
}

const char *
plz_conversation_item_get_other_name (PlzConversationItem *self)
{
  const char *name = string_of (plz_conversation_item_get_other (self), "display_name");

  return name != NULL ? name : "";
}

const char *
plz_conversation_item_get_other_avatar (PlzConversationItem *self)
{
  return string_of (plz_conversation_item_get_other (self), "avatar_url");
}

const char *
plz_conversation_item_get_preview (PlzConversationItem *self)
{
  const char *body;

  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), "");
  body = string_of (object_of (self->json, "last_message"), "body");
  return body != NULL ? body : "";
}

gint64
plz_conversation_item_get_last_activity (PlzConversationItem *self)
{
  gint64 usec = 0;
  const char *text;

  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), 0);
  text = string_of (self->json, "last_message_at");
  if (text == NULL)
    text = string_of (self->json, "created_at");
  if (text != NULL && plz_time_parse_rfc3339 (text, &usec))
    return usec;
  return 0;
}

guint
plz_conversation_item_get_unread (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), 0);
  return (guint) MAX (0, json_object_get_int_member_with_default (self->json, "unread", 0));
}

void
plz_conversation_item_set_unread (PlzConversationItem *self,
                                  guint                unread)
{
  g_return_if_fail (PLZ_IS_CONVERSATION_ITEM (self));

  if (plz_conversation_item_get_unread (self) == unread)
    return;
  json_object_set_int_member (self->json, "unread", unread);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
plz_conversation_item_set_last_message (PlzConversationItem *self,
                                        JsonObject          *message)
{
  const char *created_at;

  g_return_if_fail (PLZ_IS_CONVERSATION_ITEM (self));
  g_return_if_fail (message != NULL);

  json_object_set_object_member (self->json, "last_message", copy_object (message));
  if ((created_at = string_of (message, "created_at")) != NULL)
    json_object_set_string_member (self->json, "last_message_at", created_at);
  g_signal_emit (self, signals[CHANGED], 0);
}

JsonObject *
plz_conversation_item_get_booking (PlzConversationItem *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (self), NULL);
  return object_of (self->json, "booking");
}

static void
plz_conversation_item_finalize (GObject *object)
{
  PlzConversationItem *self = PLZ_CONVERSATION_ITEM (object);

  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (plz_conversation_item_parent_class)->finalize (object);
}

static void
plz_conversation_item_class_init (PlzConversationItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plz_conversation_item_finalize;

  /* Anything it shows changed: rows redraw, the list re-sorts. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
plz_conversation_item_init (PlzConversationItem *self)
{
}
