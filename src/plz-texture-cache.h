/* plz-texture-cache.h — pictures from the server (listing photos, thumbnails,
 * avatars) loaded once, decoded off the main thread and kept in an LRU */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PLZ_TYPE_TEXTURE_CACHE (plz_texture_cache_get_type ())
G_DECLARE_FINAL_TYPE (PlzTextureCache, plz_texture_cache, PLZ, TEXTURE_CACHE, GObject)

/* A cache that keeps decoded pictures up to about @max_bytes (4 bytes a pixel). */
PlzTextureCache *plz_texture_cache_new          (gsize             max_bytes);

/* The picture at @base_url@path when it is in the cache (it becomes the most
 * recently used), or NULL. */
GdkTexture      *plz_texture_cache_lookup       (PlzTextureCache  *self,
                                                 const char       *base_url,
                                                 const char       *path);

/* Loads the picture at @base_url@path: at once from the cache, else from the
 * server. Callers asking for the same picture at the same time share one
 * request. */
void             plz_texture_cache_load_async   (PlzTextureCache     *self,
                                                 const char          *base_url,
                                                 const char          *path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* The picture (a new reference), or NULL with @error set. */
GdkTexture      *plz_texture_cache_load_finish  (PlzTextureCache  *self,
                                                 GAsyncResult     *result,
                                                 GError          **error);

/* How many pictures it holds and their decoded size. */
guint            plz_texture_cache_get_n_textures (PlzTextureCache *self);
gsize            plz_texture_cache_get_bytes      (PlzTextureCache *self);

/* How many requests went to the server so far (for tests). */
guint            plz_texture_cache_get_n_fetches  (PlzTextureCache *self);

G_END_DECLS
