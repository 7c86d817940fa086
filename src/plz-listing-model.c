/* plz-listing-model.c — search results (or the saved listings) as a GListModel
 * of PlzListingItem that pages in from the server as it is scrolled */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-client-private.h"
#include "plz-error.h"
#include "plz-listing-model.h"

#define MAX_PAGE_SIZE 100

struct _PlzListingModel
{
  GObject               parent_instance;

  PlzAccount           *account;
  PlzFavorites         *favorites;
  GPtrArray            *items;        /* PlzListingItem */
  GHashTable           *by_id;        /* id → PlzListingItem in items */
  PlzSearchQuery       *query;        /* NULL: the saved listings */
  gboolean              favorites_only;
  char                 *next_cursor;
  GCancellable         *cancellable;  /* the request on its way, or NULL */
  char                 *error_message;
  PlzListingModelState  state;
  guint                 page_size;
};

static void plz_listing_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlzListingModel, plz_listing_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, plz_listing_model_list_model_init))

G_DEFINE_ENUM_TYPE (PlzListingModelState, plz_listing_model_state,
  G_DEFINE_ENUM_VALUE (PLZ_LISTING_MODEL_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PLZ_LISTING_MODEL_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (PLZ_LISTING_MODEL_READY, "ready"),
  G_DEFINE_ENUM_VALUE (PLZ_LISTING_MODEL_EMPTY, "empty"),
  G_DEFINE_ENUM_VALUE (PLZ_LISTING_MODEL_ERROR, "error"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GListModel -------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return PLZ_TYPE_LISTING_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return PLZ_LISTING_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  PlzListingModel *self = PLZ_LISTING_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
plz_listing_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- state ------------------------------------------------------------------- */

static void
set_state (PlzListingModel      *self,
           PlzListingModelState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (PlzListingModel *self,
                   const char      *message)
{
  if (_plz_set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_next_cursor (PlzListingModel *self,
                 const char      *cursor)
{
  gboolean had = self->next_cursor != NULL;

  _plz_set_str (&self->next_cursor, cursor);
  if (had != (cursor != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

/* Forgets the request on its way, if any; its answer will be ignored. */
static void
cancel_request (PlzListingModel *self)
{
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
clear_items (PlzListingModel *self)
{
  guint removed = self->items->len;

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

/* Appends the listings of one page that are not here yet: a listing that
 * moved between pages (the data changed meanwhile) shows once. */
static void
append_page (PlzListingModel *self,
             JsonArray       *listings)
{
  guint before = self->items->len;

  for (guint i = 0; i < json_array_get_length (listings); i++)
    {
      JsonNode *node = json_array_get_element (listings, i);
      g_autoptr(PlzListingItem) item = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) || (item = plz_listing_item_new (json_node_get_object (node))) == NULL)
        continue;
      if (g_hash_table_contains (self->by_id, plz_listing_item_get_id (item)))
        continue;
      if (self->favorites != NULL)
        plz_listing_item_set_favorite (item, self->favorites_only
                                             || plz_favorites_contains (self->favorites,
                                                                        plz_listing_item_get_id (item)));
      g_hash_table_insert (self->by_id, (gpointer) plz_listing_item_get_id (item), item);
      g_ptr_array_add (self->items, g_steal_pointer (&item));
    }
  if (self->items->len > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->items->len - before);
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlzListingModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonNode *listings = answer != NULL ? json_object_get_member (answer, "listings") : NULL;
  JsonNode *cursor = answer != NULL ? json_object_get_member (answer, "next_cursor") : NULL;

  /* A newer query (or a dispose) took over: this answer is stale. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (answer != NULL && (listings == NULL || !JSON_NODE_HOLDS_ARRAY (listings)))
    g_set_error_literal (&error, PLZ_ERROR, PLZ_ERROR_INTERNAL,
                         _("The server gave an answer Plaza does not understand"));
  if (error != NULL)
    {
      /* What is listed stays; only the first page's failure is the page's state. */
      set_error_message (self, error->message);
      if (self->items->len == 0)
        set_state (self, PLZ_LISTING_MODEL_ERROR);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  set_error_message (self, NULL);
  set_next_cursor (self, cursor != NULL && JSON_NODE_HOLDS_VALUE (cursor)
                         && json_node_get_value_type (cursor) == G_TYPE_STRING
                         ? json_node_get_string (cursor) : NULL);
  append_page (self, json_node_get_array (listings));
  set_state (self, self->items->len > 0 ? PLZ_LISTING_MODEL_READY : PLZ_LISTING_MODEL_EMPTY);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
request_page (PlzListingModel *self,
              const char      *cursor)
{
  g_autofree char *path = NULL;

  if (self->favorites_only)
    path = g_strdup ("/api/v1/me/favorites");
  else
    {
      g_autofree char *query = plz_search_query_to_string (self->query, cursor, self->page_size);

      path = g_strconcat ("/api/v1/listings?", query, NULL);
    }

  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable,
                          page_loaded_cb, g_object_ref (self));
}

static void
start_over (PlzListingModel *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  cancel_request (self);
  clear_items (self);
  set_next_cursor (self, NULL);
  set_error_message (self, NULL);
  set_state (self, PLZ_LISTING_MODEL_LOADING);
  request_page (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
plz_listing_model_search (PlzListingModel      *self,
                          const PlzSearchQuery *query)
{
  g_return_if_fail (PLZ_IS_LISTING_MODEL (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, plz_search_query_free);
  self->query = plz_search_query_copy (query);
  self->favorites_only = FALSE;
  start_over (self);
}

void
plz_listing_model_show_favorites (PlzListingModel *self)
{
  g_return_if_fail (PLZ_IS_LISTING_MODEL (self));

  g_clear_pointer (&self->query, plz_search_query_free);
  self->favorites_only = TRUE;
  start_over (self);
}

gboolean
plz_listing_model_load_more (PlzListingModel *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), FALSE);

  /* One request at a time: the next cursor comes with the page before. */
  if (self->cancellable != NULL || self->next_cursor == NULL || self->state != PLZ_LISTING_MODEL_READY)
    return FALSE;
  request_page (self, self->next_cursor);
  return TRUE;
}

void
plz_listing_model_retry (PlzListingModel *self)
{
  g_return_if_fail (PLZ_IS_LISTING_MODEL (self));

  if (self->state == PLZ_LISTING_MODEL_READY)
    plz_listing_model_load_more (self);
  else if (self->favorites_only)
    plz_listing_model_show_favorites (self);
  else if (self->query != NULL)
    start_over (self);
}

PlzListingModelState
plz_listing_model_get_state (PlzListingModel *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), PLZ_LISTING_MODEL_IDLE);
  return self->state;
}

gboolean
plz_listing_model_get_loading (PlzListingModel *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
plz_listing_model_get_has_more (PlzListingModel *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), FALSE);
  return self->next_cursor != NULL;
}

const char *
plz_listing_model_get_error_message (PlzListingModel *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), NULL);
  return self->error_message;
}

const PlzSearchQuery *
plz_listing_model_get_query (PlzListingModel *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), NULL);
  return self->query;
}

gboolean
plz_listing_model_get_favorites_only (PlzListingModel *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), FALSE);
  return self->favorites_only;
}

void
plz_listing_model_set_page_size (PlzListingModel *self,
                                 guint            page_size)
{
  g_return_if_fail (PLZ_IS_LISTING_MODEL (self));
  self->page_size = CLAMP (page_size, 1, MAX_PAGE_SIZE);
}

PlzListingItem *
plz_listing_model_lookup (PlzListingModel *self,
                          const char      *id)
{
  g_return_val_if_fail (PLZ_IS_LISTING_MODEL (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/* ---- object ------------------------------------------------------------------ */

static void
favorites_changed_cb (PlzListingModel *self,
                      const char      *id,
                      PlzFavorites    *favorites)
{
  if (id != NULL)
    {
      PlzListingItem *item = g_hash_table_lookup (self->by_id, id);

      if (item != NULL)
        plz_listing_item_set_favorite (item, plz_favorites_contains (favorites, id));
      return;
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      PlzListingItem *item = self->items->pdata[i];

      plz_listing_item_set_favorite (item, plz_favorites_contains (favorites, plz_listing_item_get_id (item)));
    }
}

PlzListingModel *
plz_listing_model_new (PlzAccount   *account,
                       PlzFavorites *favorites)
{
  PlzListingModel *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (favorites == NULL || PLZ_IS_FAVORITES (favorites), NULL);

  self = g_object_new (PLZ_TYPE_LISTING_MODEL, NULL);
  self->account = g_object_ref (account);
  if (favorites != NULL)
    {
      self->favorites = g_object_ref (favorites);
      g_signal_connect_object (favorites, "changed", G_CALLBACK (favorites_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  return self;
}

static void
plz_listing_model_dispose (GObject *object)
{
  PlzListingModel *self = PLZ_LISTING_MODEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->favorites);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (plz_listing_model_parent_class)->dispose (object);
}

static void
plz_listing_model_finalize (GObject *object)
{
  PlzListingModel *self = PLZ_LISTING_MODEL (object);

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->query, plz_search_query_free);
  g_free (self->next_cursor);
  g_free (self->error_message);
  G_OBJECT_CLASS (plz_listing_model_parent_class)->finalize (object);
}

static void
plz_listing_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlzListingModel *self = PLZ_LISTING_MODEL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;

    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->next_cursor != NULL);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_listing_model_class_init (PlzListingModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plz_listing_model_dispose;
  object_class->finalize = plz_listing_model_finalize;
  object_class->get_property = plz_listing_model_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PLZ_TYPE_LISTING_MODEL_STATE, PLZ_LISTING_MODEL_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plz_listing_model_init (PlzListingModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->page_size = 24;
}
