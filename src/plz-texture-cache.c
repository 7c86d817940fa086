/* plz-texture-cache.c — pictures from the server (listing photos, thumbnails,
 * avatars) loaded once, decoded off the main thread and kept in an LRU */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "plz-api.h"
#include "plz-server-address.h"
#include "plz-texture-cache.h"

#define REQUEST_TIMEOUT_S 30

typedef struct
{
  char       *url;
  GdkTexture *texture;
  gsize       bytes;
} Entry;

struct _PlzTextureCache
{
  GObject       parent_instance;

  SoupSession  *session;
  GCancellable *cancellable;  /* ends fetches still running at dispose */
  GHashTable   *entries;      /* url → GList link in lru */
  GQueue        lru;          /* Entry, most recently used first */
  GHashTable   *pending;      /* url → GPtrArray of GTask waiting for it */
  gsize         bytes;
  gsize         max_bytes;
  guint         fetches;
};

G_DEFINE_FINAL_TYPE (PlzTextureCache, plz_texture_cache, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_free (entry->url);
  g_object_unref (entry->texture);
  g_free (entry);
}

static void
evict (PlzTextureCache *self)
{
  /* The newest picture stays even when it alone is over the budget. */
  while (self->bytes > self->max_bytes && self->lru.length > 1)
    {
      Entry *entry = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->entries, entry->url);
      self->bytes -= entry->bytes;
      entry_free (entry);
    }
}

static void
insert (PlzTextureCache *self,
        const char      *url,
        GdkTexture      *texture)
{
  Entry *entry;

  if (g_hash_table_contains (self->entries, url))
    return;
  entry = g_new0 (Entry, 1);
  entry->url = g_strdup (url);
  entry->texture = g_object_ref (texture);
  entry->bytes = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
  g_queue_push_head (&self->lru, entry);
  g_hash_table_insert (self->entries, entry->url, self->lru.head);
  self->bytes += entry->bytes;
  evict (self);
}

static GdkTexture *
lookup_url (PlzTextureCache *self,
            const char      *url)
{
  GList *link = g_hash_table_lookup (self->entries, url);

  if (link == NULL)
    return NULL;
  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return ((Entry *) link->data)->texture;
}

GdkTexture *
plz_texture_cache_lookup (PlzTextureCache *self,
                          const char      *base_url,
                          const char      *path)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (self), NULL);
  g_return_val_if_fail (base_url != NULL && path != NULL, NULL);

  url = plz_server_address_build (base_url, path);
  return lookup_url (self, url);
}

/* Hands the result to everyone waiting for @url. */
static void
finish_waiters (PlzTextureCache *self,
                const char      *url,
                GdkTexture      *texture,
                const GError    *error)
{
  g_autoptr(GPtrArray) waiters = NULL;

  g_hash_table_steal_extended (self->pending, url, NULL, (gpointer *) &waiters);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = waiters->pdata[i];

      if (g_task_return_error_if_cancelled (task))
        continue;
      if (texture != NULL)
        g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
decode_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture == NULL)
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The picture could not be read"));
      return;
    }
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PlzTextureCache *self = PLZ_TEXTURE_CACHE (source);
  g_autofree char *url = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (texture != NULL)
    insert (self, url, texture);
  finish_waiters (self, url, texture, error);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) decode = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = plz_api_fetch_finish (result, &error);

  if (bytes == NULL)
    {
      g_task_return_error (decode, g_steal_pointer (&error));
      return;
    }
  /* The task data becomes the bytes; the callback has its own copy of the url. */
  g_task_set_task_data (decode, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (decode, decode_in_thread);
}

void
plz_texture_cache_load_async (PlzTextureCache     *self,
                              const char          *base_url,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  GdkTexture *cached;
  GPtrArray *waiters;
  GTask *decode;

  g_return_if_fail (PLZ_IS_TEXTURE_CACHE (self));
  g_return_if_fail (base_url != NULL && path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_texture_cache_load_async);
  url = plz_server_address_build (base_url, path);
  if ((cached = lookup_url (self, url)) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  waiters = g_hash_table_lookup (self->pending, url);
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }
  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_hash_table_insert (self->pending, g_strdup (url), waiters);

  self->fetches++;
  decode = g_task_new (self, self->cancellable, decoded_cb, g_strdup (url));
  plz_api_fetch_async (self->session, base_url, path, self->cancellable, fetched_cb, decode);
}

GdkTexture *
plz_texture_cache_load_finish (PlzTextureCache  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
plz_texture_cache_get_n_textures (PlzTextureCache *self)
{
  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (self), 0);
  return self->lru.length;
}

gsize
plz_texture_cache_get_bytes (PlzTextureCache *self)
{
  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (self), 0);
  return self->bytes;
}

guint
plz_texture_cache_get_n_fetches (PlzTextureCache *self)
{
  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (self), 0);
  return self->fetches;
}

PlzTextureCache *
plz_texture_cache_new (gsize max_bytes)
{
  PlzTextureCache *self = g_object_new (PLZ_TYPE_TEXTURE_CACHE, NULL);

  self->max_bytes = max_bytes;
  return self;
}

static void
plz_texture_cache_dispose (GObject *object)
{
  PlzTextureCache *self = PLZ_TEXTURE_CACHE (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (plz_texture_cache_parent_class)->dispose (object);
}

static void
plz_texture_cache_finalize (GObject *object)
{
  PlzTextureCache *self = PLZ_TEXTURE_CACHE (object);

  g_hash_table_unref (self->entries);
  g_queue_clear_full (&self->lru, (GDestroyNotify) entry_free);
  g_hash_table_unref (self->pending);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (plz_texture_cache_parent_class)->finalize (object);
}

static void
plz_texture_cache_class_init (PlzTextureCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plz_texture_cache_dispose;
  object_class->finalize = plz_texture_cache_finalize;
}

static void
plz_texture_cache_init (PlzTextureCache *self)
{
  /* Its own session: a grid of thumbnails must not queue behind, or hold up,
   * the account's calls. */
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                 "max-conns-per-host", 4,
                                                 NULL);
  self->cancellable = g_cancellable_new ();
  self->entries = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}
