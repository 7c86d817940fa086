/* plz-photo-paintable.c — a photo that fills whatever room it is given,
 * cropped (cover) or letterboxed (contain), with no size of its own */

#include "config.h"

#include "plz-photo-paintable.h"

struct _PlzPhotoPaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  gboolean    contain;
};

static void plz_photo_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlzPhotoPaintable, plz_photo_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, plz_photo_paintable_paintable_init))

static void
plz_photo_paintable_snapshot (GdkPaintable *paintable,
                              GdkSnapshot  *snapshot,
                              double        width,
                              double        height)
{
  PlzPhotoPaintable *self = PLZ_PHOTO_PAINTABLE (paintable);
  double tw = gdk_texture_get_width (self->texture);
  double th = gdk_texture_get_height (self->texture);
  double scale, w, h;

  if (width <= 0 || height <= 0 || tw <= 0 || th <= 0)
    return;
  scale = self->contain ? MIN (width / tw, height / th) : MAX (width / tw, height / th);
  w = tw * scale;
  h = th * scale;

  gtk_snapshot_push_clip (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), self->texture,
                               &GRAPHENE_RECT_INIT ((width - w) / 2, (height - h) / 2, w, h));
  gtk_snapshot_pop (GTK_SNAPSHOT (snapshot));
}

static GdkPaintableFlags
plz_photo_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
plz_photo_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = plz_photo_paintable_snapshot;
  iface->get_flags = plz_photo_paintable_get_flags;
}

GdkPaintable *
plz_photo_paintable_new (GdkTexture *texture,
                         gboolean    contain)
{
  PlzPhotoPaintable *self;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  self = g_object_new (PLZ_TYPE_PHOTO_PAINTABLE, NULL);
  self->texture = g_object_ref (texture);
  self->contain = contain;
  return GDK_PAINTABLE (self);
}

GdkTexture *
plz_photo_paintable_get_texture (PlzPhotoPaintable *self)
{
  g_return_val_if_fail (PLZ_IS_PHOTO_PAINTABLE (self), NULL);
  return self->texture;
}

static void
plz_photo_paintable_finalize (GObject *object)
{
  g_clear_object (&PLZ_PHOTO_PAINTABLE (object)->texture);
  G_OBJECT_CLASS (plz_photo_paintable_parent_class)->finalize (object);
}

static void
plz_photo_paintable_class_init (PlzPhotoPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plz_photo_paintable_finalize;
}

static void
plz_photo_paintable_init (PlzPhotoPaintable *self)
{
}
