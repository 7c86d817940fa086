/* plz-image.h — a picture chosen by a person, made small enough to upload */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLZ_IMAGE_MAX_SIZE 512
#define PLZ_IMAGE_MAX_BYTES (1024 * 1024)

/* Loads @file in a thread, turns it upright, scales it to at most
 * PLZ_IMAGE_MAX_SIZE pixels a side and encodes it as PNG (JPEG when the PNG
 * would be over PLZ_IMAGE_MAX_BYTES). */
void    plz_image_prepare_async  (GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);

/* The encoded image and its *@content_type ("image/png" or "image/jpeg"), or
 * NULL with @error saying why in words for people. */
GBytes *plz_image_prepare_finish (GAsyncResult  *result,
                                  const char   **content_type,
                                  GError       **error);

G_END_DECLS
