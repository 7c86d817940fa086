/* plz-favorites.c — which listings the signed-in person saved, changed
 * optimistically and put back when the server says no */

#include "config.h"

#include "plz-favorites.h"

struct _PlzFavorites
{
  GObject       parent_instance;

  PlzAccount   *account;
  GHashTable   *ids;          /* listing id → itself */
  GHashTable   *serials;      /* listing id → the serial of the latest change asked */
  GCancellable *cancellable;  /* the load under way */
  guint         serial;
};

G_DEFINE_FINAL_TYPE (PlzFavorites, plz_favorites, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  PlzListingItem *item;
  gboolean        favorite;
  guint           serial;
} SetData;

static void
set_data_free (SetData *data)
{
  g_object_unref (data->item);
  g_free (data);
}

static void
mark (PlzFavorites *self,
      const char   *id,
      gboolean      favorite)
{
  if (favorite)
    g_hash_table_add (self->ids, g_strdup (id));
  else
    g_hash_table_remove (self->ids, id);
  g_signal_emit (self, signals[CHANGED], 0, id);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PlzFavorites) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonNode *node;
  JsonArray *listings;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without the list, marks stay as they are; saving still works. */
  if (answer == NULL)
    {
      g_debug ("Could not load the saved listings: %s", error->message);
      return;
    }
  node = json_object_get_member (answer, "listings");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  g_hash_table_remove_all (self->ids);
  listings = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (listings); i++)
    {
      JsonNode *element = json_array_get_element (listings, i);
      const char *id = JSON_NODE_HOLDS_OBJECT (element)
                       ? plz_listing_json_string (json_node_get_object (element), "id") : NULL;

      if (id != NULL)
        g_hash_table_add (self->ids, g_strdup (id));
    }
  g_signal_emit (self, signals[CHANGED], 0, NULL);
}

void
plz_favorites_reload (PlzFavorites *self)
{
  g_return_if_fail (PLZ_IS_FAVORITES (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (!plz_account_get_signed_in (self->account))
    return;
  self->cancellable = g_cancellable_new ();
  plz_account_call_async (self->account, "GET", "/api/v1/me/favorites", NULL, FALSE,
                          self->cancellable, loaded_cb, g_object_ref (self));
}

gboolean
plz_favorites_contains (PlzFavorites *self,
                        const char   *id)
{
  g_return_val_if_fail (PLZ_IS_FAVORITES (self), FALSE);
  return id != NULL && g_hash_table_contains (self->ids, id);
}

static void
set_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlzFavorites *self = g_task_get_source_object (task);
  SetData *data = g_task_get_task_data (task);
  const char *id = plz_listing_item_get_id (data->item);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  gboolean latest = GPOINTER_TO_UINT (g_hash_table_lookup (self->serials, id)) == data->serial;

  if (latest)
    g_hash_table_remove (self->serials, id);
  if (answer != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Put it back, unless the person changed it again meanwhile: that newer
   * change decides. */
  if (latest)
    {
      plz_listing_item_set_favorite (data->item, !data->favorite);
      mark (self, id, !data->favorite);
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

void
plz_favorites_set_async (PlzFavorites        *self,
                         PlzListingItem      *item,
                         gboolean             favorite,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  SetData *data;

  g_return_if_fail (PLZ_IS_FAVORITES (self));
  g_return_if_fail (PLZ_IS_LISTING_ITEM (item));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_favorites_set_async);
  data = g_new0 (SetData, 1);
  data->item = g_object_ref (item);
  data->favorite = !!favorite;
  data->serial = ++self->serial;
  g_task_set_task_data (task, data, (GDestroyNotify) set_data_free);

  g_hash_table_insert (self->serials, g_strdup (plz_listing_item_get_id (item)),
                       GUINT_TO_POINTER (data->serial));
  plz_listing_item_set_favorite (item, favorite);
  mark (self, plz_listing_item_get_id (item), favorite);

  escaped = g_uri_escape_string (plz_listing_item_get_id (item), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/listings/%s/favorite", escaped);
  /* Not cancellable: once asked, the answer must come back to roll back or not. */
  plz_account_call_async (self->account, favorite ? "PUT" : "DELETE", path, NULL, FALSE,
                          NULL, set_done_cb, g_steal_pointer (&task));
}

gboolean
plz_favorites_set_finish (PlzFavorites  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PLZ_IS_FAVORITES (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
account_changed_cb (PlzFavorites *self)
{
  /* Someone else's favorites are not this person's. */
  g_hash_table_remove_all (self->ids);
  g_signal_emit (self, signals[CHANGED], 0, NULL);
  plz_favorites_reload (self);
}

PlzFavorites *
plz_favorites_new (PlzAccount *account)
{
  PlzFavorites *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_FAVORITES, NULL);
  self->account = g_object_ref (account);
  g_signal_connect_object (account, "notify::token", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  plz_favorites_reload (self);
  return self;
}

static void
plz_favorites_dispose (GObject *object)
{
  PlzFavorites *self = PLZ_FAVORITES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (plz_favorites_parent_class)->dispose (object);
}

static void
plz_favorites_finalize (GObject *object)
{
  PlzFavorites *self = PLZ_FAVORITES (object);

  g_hash_table_unref (self->ids);
  g_hash_table_unref (self->serials);
  G_OBJECT_CLASS (plz_favorites_parent_class)->finalize (object);
}

static void
plz_favorites_class_init (PlzFavoritesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plz_favorites_dispose;
  object_class->finalize = plz_favorites_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
plz_favorites_init (PlzFavorites *self)
{
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
