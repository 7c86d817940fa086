/* plz-media.c — listing photos on disk: checked by content, named by hash, with thumbnails */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-media.h"
#include "plz-error.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

void
plz_stored_photo_free (PlzStoredPhoto *photo)
{
  if (photo == NULL)
    return;
  g_free (photo->hash);
  g_free (photo->mime);
  g_free (photo);
}

const char *
plz_media_sniff (const guint8 *p,
                 gsize         n)
{
  if (n >= 8 && memcmp (p, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
    return "image/jpeg";
  if (n >= 12 && memcmp (p, "RIFF", 4) == 0 && memcmp (p + 8, "WEBP", 4) == 0)
    return "image/webp";
  return NULL;
}

const char *
plz_media_extension (const char *mime)
{
  if (g_strcmp0 (mime, "image/png") == 0)
    return "png";
  if (g_strcmp0 (mime, "image/jpeg") == 0)
    return "jpg";
  return "webp";
}

char *
plz_media_photo_path (const char *media_dir,
                      const char *hash,
                      const char *mime,
                      gboolean    thumbnail)
{
  g_autofree char *name = NULL;

  /* Hashes are hex from our own digest; refuse anything else outright. */
  g_return_val_if_fail (hash != NULL && strspn (hash, "0123456789abcdef") == strlen (hash), NULL);

  if (thumbnail)
    name = g_strconcat (hash, ".jpg", NULL);
  else
    name = g_strconcat (hash, ".", plz_media_extension (mime), NULL);
  return g_build_filename (media_dir, thumbnail ? "thumbnails" : "photos", name, NULL);
}

typedef struct
{
  int      width;
  int      height;
  gboolean too_big;
} Probe;

/* Called before pixels are allocated: a huge image is shrunk to nothing
 * rather than decoded, and refused afterwards. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  Probe           *probe)
{
  probe->width = width;
  probe->height = height;
  if ((gint64) width * height > PLZ_PHOTO_MAX_PIXELS)
    {
      probe->too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
    }
}

static gboolean
write_file (const char  *path,
            const void  *data,
            gsize        size,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot create %s: %s", dir, g_strerror (errsv));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
photo_error (GError     **error,
             PlzErrorCode code,
             const char  *message)
{
  g_set_error_literal (error, PLZ_ERROR, code, message);
  if (error != NULL && *error != NULL)
    plz_error_set_field (*error, "photo");
  return FALSE;
}

/* gdk-pixbuf shows a cut-off file as far as it got; insist on the end marker
 * each format has, so a half-uploaded photo is refused. */
static gboolean
is_complete (const char   *mime,
             const guint8 *p,
             gsize         n)
{
  if (g_str_equal (mime, "image/png"))
    return n >= 12 && memcmp (p + n - 12, "\0\0\0\0IEND\xae\x42\x60\x82", 12) == 0;
  if (g_str_equal (mime, "image/jpeg"))
    {
      /* Some encoders pad after the End Of Image marker. */
      for (gsize i = n; i >= 2 && n - i < 64; i--)
        if (p[i - 2] == 0xff && p[i - 1] == 0xd9)
          return TRUE;
      return FALSE;
    }
  /* RIFF: the size field counts everything after the first 8 bytes. */
  return n >= 12 && (gsize) (p[4] | p[5] << 8 | p[6] << 16 | (guint32) p[7] << 24) + 8 == n;
}

PlzStoredPhoto *
plz_media_store_photo (const char  *media_dir,
                       GBytes      *data,
                       GError     **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(PlzStoredPhoto) photo = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;
  g_autofree char *original_path = NULL;
  g_autofree char *thumb_path = NULL;
  g_autofree char *thumb_data = NULL;
  gsize thumb_size = 0;
  Probe probe = { 0 };
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (data, &size);
  const char *mime = bytes != NULL ? plz_media_sniff (bytes, size) : NULL;
  GdkPixbuf *pixbuf;
  double scale;

  if (mime == NULL)
    return photo_error (error, PLZ_ERROR_UNSUPPORTED_MEDIA, "A photo must be a PNG, JPEG or WebP image"), NULL;
  if (size > PLZ_PHOTO_MAX_BYTES)
    return photo_error (error, PLZ_ERROR_PAYLOAD_TOO_LARGE, "A photo can be at most 8 MB"), NULL;
  if (!is_complete (mime, bytes, size))
    return photo_error (error, PLZ_ERROR_INVALID_INPUT, "This image is damaged or incomplete"), NULL;

  /* Decode by content; the loader fails on truncated or corrupt files. */
  loader = gdk_pixbuf_loader_new_with_mime_type (mime, NULL);
  if (loader == NULL)
    return photo_error (error, PLZ_ERROR_UNSUPPORTED_MEDIA, "This kind of image cannot be read here"), NULL;
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &probe);
  if (!gdk_pixbuf_loader_write (loader, bytes, size, NULL) || !gdk_pixbuf_loader_close (loader, NULL))
    return photo_error (error, PLZ_ERROR_INVALID_INPUT, "This image is damaged or incomplete"), NULL;
  if (probe.too_big)
    return photo_error (error, PLZ_ERROR_PAYLOAD_TOO_LARGE, "This image has too many pixels (at most 40 megapixels)"), NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || probe.width < PLZ_PHOTO_MIN_SIDE || probe.height < PLZ_PHOTO_MIN_SIDE)
    return photo_error (error, PLZ_ERROR_INVALID_INPUT, "A photo must be at least 64 × 64 pixels"), NULL;

  photo = g_new0 (PlzStoredPhoto, 1);
  photo->hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  photo->mime = g_strdup (mime);
  photo->width = probe.width;
  photo->height = probe.height;

  scale = MIN (1.0, (double) PLZ_THUMBNAIL_SIDE / MAX (probe.width, probe.height));
  thumb = gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) (probe.width * scale)),
                                   MAX (1, (int) (probe.height * scale)), GDK_INTERP_BILINEAR);
  if (gdk_pixbuf_get_has_alpha (thumb))
    {
      /* JPEG has no alpha: flatten onto white. */
      int w = gdk_pixbuf_get_width (thumb), h = gdk_pixbuf_get_height (thumb);
      GdkPixbuf *flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);

      gdk_pixbuf_fill (flat, 0xffffffff);
      gdk_pixbuf_composite (thumb, flat, 0, 0, w, h, 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);
      g_object_unref (thumb);
      thumb = flat;
    }
  if (!gdk_pixbuf_save_to_buffer (thumb, &thumb_data, &thumb_size, "jpeg", error, "quality", "82", NULL))
    return NULL;

  original_path = plz_media_photo_path (media_dir, photo->hash, mime, FALSE);
  thumb_path = plz_media_photo_path (media_dir, photo->hash, mime, TRUE);
  if (!write_file (original_path, bytes, size, error) ||
      !write_file (thumb_path, thumb_data, thumb_size, error))
    return NULL;
  return g_steal_pointer (&photo);
}

void
plz_media_remove (const char *media_dir,
                  const char *hash,
                  const char *mime)
{
  g_autofree char *original = plz_media_photo_path (media_dir, hash, mime, FALSE);
  g_autofree char *thumb = plz_media_photo_path (media_dir, hash, mime, TRUE);

  g_unlink (original);
  g_unlink (thumb);
}
