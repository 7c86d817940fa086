/* plz-photo-paintable.h — a photo that fills whatever room it is given,
 * cropped (cover) or letterboxed (contain), with no size of its own */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PLZ_TYPE_PHOTO_PAINTABLE (plz_photo_paintable_get_type ())
G_DECLARE_FINAL_TYPE (PlzPhotoPaintable, plz_photo_paintable, PLZ, PHOTO_PAINTABLE, GObject)

/* Draws @texture scaled to cover the area (cropping the overflow), or with
 * @contain to fit inside it whole. Its intrinsic size is none, so that a
 * GtkPicture showing it takes the size its layout gives, not the photo's. */
GdkPaintable *plz_photo_paintable_new         (GdkTexture        *texture,
                                               gboolean           contain);

/* The texture drawn. */
GdkTexture   *plz_photo_paintable_get_texture (PlzPhotoPaintable *self);

G_END_DECLS
