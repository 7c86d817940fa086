/* plz-image.c — a picture chosen by a person, made small enough to upload */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "plz-image.h"

typedef struct
{
  GBytes     *bytes;
  const char *content_type;
} Prepared;

static void
prepared_free (Prepared *prepared)
{
  g_clear_pointer (&prepared->bytes, g_bytes_unref);
  g_free (prepared);
}

static GBytes *
encode (GdkPixbuf   *pixbuf,
        const char  *type,
        GError     **error)
{
  g_autofree char *buffer = NULL;
  gsize size = 0;
  gboolean ok;

  if (g_str_equal (type, "jpeg"))
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, error, "quality", "88", NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, error, NULL);
  if (!ok)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  Prepared *prepared;
  int width, height;

  stream = G_INPUT_STREAM (g_file_read (file, cancellable, &error));
  if (stream != NULL)
    loaded = gdk_pixbuf_new_from_stream (stream, cancellable, &error);
  if (loaded == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("“%s” cannot be opened as a picture"), name);
      return;
    }

  upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  width = gdk_pixbuf_get_width (upright);
  height = gdk_pixbuf_get_height (upright);
  if (width > PLZ_IMAGE_MAX_SIZE || height > PLZ_IMAGE_MAX_SIZE)
    {
      double scale = (double) PLZ_IMAGE_MAX_SIZE / MAX (width, height);

      scaled = gdk_pixbuf_scale_simple (upright, MAX (1, (int) (width * scale + 0.5)),
                                        MAX (1, (int) (height * scale + 0.5)), GDK_INTERP_BILINEAR);
    }
  else
    scaled = g_object_ref (upright);

  prepared = g_new0 (Prepared, 1);
  prepared->bytes = encode (scaled, "png", &error);
  prepared->content_type = "image/png";
  /* Photos can stay big as PNG; JPEG (without alpha) keeps them under the limit. */
  if (prepared->bytes != NULL && g_bytes_get_size (prepared->bytes) > PLZ_IMAGE_MAX_BYTES * 9 / 10)
    {
      g_autoptr(GdkPixbuf) opaque = gdk_pixbuf_get_has_alpha (scaled)
        ? gdk_pixbuf_composite_color_simple (scaled, gdk_pixbuf_get_width (scaled),
                                             gdk_pixbuf_get_height (scaled), GDK_INTERP_NEAREST,
                                             255, 8, 0xffffffff, 0xffffffff)
        : g_object_ref (scaled);

      g_clear_pointer (&prepared->bytes, g_bytes_unref);
      prepared->bytes = encode (opaque, "jpeg", &error);
      prepared->content_type = "image/jpeg";
    }
  if (prepared->bytes == NULL)
    {
      prepared_free (prepared);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The picture could not be prepared: %s"), error->message);
      return;
    }
  g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
}

void
plz_image_prepare_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_image_prepare_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, prepare_thread);
}

GBytes *
plz_image_prepare_finish (GAsyncResult  *result,
                          const char   **content_type,
                          GError       **error)
{
  Prepared *prepared;
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  prepared = g_task_propagate_pointer (G_TASK (result), error);
  if (prepared == NULL)
    return NULL;
  bytes = g_steal_pointer (&prepared->bytes);
  if (content_type != NULL)
    *content_type = prepared->content_type;
  prepared_free (prepared);
  return bytes;
}
