/* plz-outbox.c — messages written but not acknowledged yet, kept on disk */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "plz-outbox.h"
#include "plz-client-private.h"

/* ---- PlzOutboxItem ---------------------------------------------------------- */

struct _PlzOutboxItem
{
  GObject    parent_instance;

  char      *client_id;
  char      *conversation_id;
  char      *body;
  char      *attachments_json;
  GDateTime *created_at;
  char      *last_error;
};

G_DEFINE_FINAL_TYPE (PlzOutboxItem, plz_outbox_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_CLIENT_ID,
  ITEM_PROP_CONVERSATION_ID,
  ITEM_PROP_BODY,
  ITEM_PROP_CREATED_AT,
  ITEM_PROP_LAST_ERROR,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static PlzOutboxItem *
item_new (const char *client_id,
          const char *conversation_id,
          const char *body,
          const char *attachments_json,
          GDateTime  *created_at)
{
  PlzOutboxItem *self = g_object_new (PLZ_TYPE_OUTBOX_ITEM, NULL);

  self->client_id = g_strdup (client_id);
  self->conversation_id = g_strdup (conversation_id);
  self->body = g_strdup (body);
  self->attachments_json = g_strdup (attachments_json);
  self->created_at = g_date_time_ref (created_at);
  return self;
}

PlzOutboxItem *
plz_outbox_item_new (const char *client_id,
                     const char *conversation_id,
                     const char *body,
                     const char *attachments_json)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  return item_new (client_id, conversation_id, body, attachments_json, now);
}

const char *
plz_outbox_item_get_client_id (PlzOutboxItem *self)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX_ITEM (self), NULL);
  return self->client_id;
}

const char *
plz_outbox_item_get_conversation_id (PlzOutboxItem *self)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX_ITEM (self), NULL);
  return self->conversation_id;
}

const char *
plz_outbox_item_get_body (PlzOutboxItem *self)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX_ITEM (self), NULL);
  return self->body;
}

const char *
plz_outbox_item_get_attachments_json (PlzOutboxItem *self)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX_ITEM (self), NULL);
  return self->attachments_json;
}

GDateTime *
plz_outbox_item_get_created_at (PlzOutboxItem *self)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX_ITEM (self), NULL);
  return self->created_at;
}

const char *
plz_outbox_item_get_last_error (PlzOutboxItem *self)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX_ITEM (self), NULL);
  return self->last_error;
}

void
plz_outbox_item_set_last_error (PlzOutboxItem *self,
                                const char    *last_error)
{
  g_return_if_fail (PLZ_IS_OUTBOX_ITEM (self));

  if (_plz_set_str (&self->last_error, last_error))
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_LAST_ERROR]);
}

static void
plz_outbox_item_finalize (GObject *object)
{
  PlzOutboxItem *self = PLZ_OUTBOX_ITEM (object);

  g_free (self->client_id);
  g_free (self->conversation_id);
  g_free (self->body);
  g_free (self->attachments_json);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->last_error);

  G_OBJECT_CLASS (plz_outbox_item_parent_class)->finalize (object);
}

static void
plz_outbox_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlzOutboxItem *self = PLZ_OUTBOX_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case ITEM_PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;
    case ITEM_PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case ITEM_PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case ITEM_PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_outbox_item_class_init (PlzOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plz_outbox_item_finalize;
  object_class->get_property = plz_outbox_item_get_property;

  item_properties[ITEM_PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  item_properties[ITEM_PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
plz_outbox_item_init (PlzOutboxItem *self)
{
}

/* ---- PlzOutbox -------------------------------------------------------------- */

struct _PlzOutbox
{
  GObject     parent_instance;

  char       *path;
  GListStore *items;
};

G_DEFINE_FINAL_TYPE (PlzOutbox, plz_outbox, G_TYPE_OBJECT)

/* One item from its saved form, or NULL when a member is missing. */
static PlzOutboxItem *
item_from_json (JsonNode *node)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *client_id, *conversation_id, *body, *attachments, *created;
  g_autoptr(GDateTime) created_at = NULL;

  if (o == NULL)
    return NULL;
  client_id = json_object_get_string_member_with_default (o, "client_id", NULL);
  conversation_id = json_object_get_string_member_with_default (o, "conversation_id", NULL);
  body = json_object_get_string_member_with_default (o, "body", NULL);
  attachments = json_object_get_string_member_with_default (o, "attachments", NULL);
  created = json_object_get_string_member_with_default (o, "created_at", NULL);
  if (client_id == NULL || conversation_id == NULL || body == NULL || created == NULL)
    return NULL;
  created_at = g_date_time_new_from_iso8601 (created, NULL);
  if (created_at == NULL)
    return NULL;
  return item_new (client_id, conversation_id, body, attachments, created_at);
}

static gboolean
load (PlzOutbox  *self,
      GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  gsize length;
  JsonNode *root;
  JsonArray *array;

  if (!g_file_get_contents (self->path, &text, &length, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, text, (gssize) length, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a JSON array");
      return FALSE;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(PlzOutboxItem) item = item_from_json (json_array_get_element (array, i));

      if (item == NULL)
        {
          g_list_store_remove_all (self->items);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "item %u is incomplete", i);
          return FALSE;
        }
      g_list_store_append (self->items, item);
    }
  return TRUE;
}

/* Writes every item; an empty outbox removes the file. */
static gboolean
save (PlzOutbox  *self,
      GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  if (n == 0)
    {
      if (g_unlink (self->path) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not remove “%s”: %s"), self->path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlzOutboxItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      g_autofree char *created = g_date_time_format_iso8601 (item->created_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "client_id");
      json_builder_add_string_value (builder, item->client_id);
      json_builder_set_member_name (builder, "conversation_id");
      json_builder_add_string_value (builder, item->conversation_id);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, item->body);
      if (item->attachments_json != NULL)
        {
          json_builder_set_member_name (builder, "attachments");
          json_builder_add_string_value (builder, item->attachments_json);
        }
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  /* DURABLE fsyncs the file and CONSISTENT renames it into place, so a crash
   * leaves either the old outbox or the new one, never half of it. */
  return g_file_set_contents_full (self->path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

PlzOutbox *
plz_outbox_new (const char *path)
{
  PlzOutbox *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PLZ_TYPE_OUTBOX, NULL);
  self->path = g_strdup (path);
  if (!load (self, &error) && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_autofree char *aside = g_strconcat (path, ".bad", NULL);

      /* Kept for a person to look at rather than overwritten by the next send. */
      g_warning ("The outbox “%s” cannot be read (%s); moved to “%s”", path, error->message, aside);
      if (g_rename (path, aside) != 0)
        g_warning ("Could not move “%s” aside: %s", path, g_strerror (errno));
    }
  return self;
}

GListModel *
plz_outbox_get_items (PlzOutbox *self)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX (self), NULL);
  return G_LIST_MODEL (self->items);
}

static gboolean
find (PlzOutbox  *self,
      const char *client_id,
      guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      PlzOutboxItem *item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      gboolean same = g_strcmp0 (item->client_id, client_id) == 0;

      g_object_unref (item);
      if (same)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

PlzOutboxItem *
plz_outbox_lookup (PlzOutbox  *self,
                   const char *client_id)
{
  guint position;
  g_autoptr(PlzOutboxItem) item = NULL;

  g_return_val_if_fail (PLZ_IS_OUTBOX (self), NULL);

  if (!find (self, client_id, &position))
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  return item;  /* the store still holds a reference */
}

gboolean
plz_outbox_add (PlzOutbox      *self,
                PlzOutboxItem  *item,
                GError        **error)
{
  g_return_val_if_fail (PLZ_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (PLZ_IS_OUTBOX_ITEM (item), FALSE);

  g_list_store_append (self->items, item);
  return save (self, error);
}

gboolean
plz_outbox_remove (PlzOutbox   *self,
                   const char  *client_id,
                   GError     **error)
{
  guint position;

  g_return_val_if_fail (PLZ_IS_OUTBOX (self), FALSE);

  if (!find (self, client_id, &position))
    return TRUE;
  g_list_store_remove (self->items, position);
  return save (self, error);
}

static void
plz_outbox_finalize (GObject *object)
{
  PlzOutbox *self = PLZ_OUTBOX (object);

  g_free (self->path);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (plz_outbox_parent_class)->finalize (object);
}

static void
plz_outbox_class_init (PlzOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plz_outbox_finalize;
}

static void
plz_outbox_init (PlzOutbox *self)
{
  self->items = g_list_store_new (PLZ_TYPE_OUTBOX_ITEM);
}
