/* plz-media.h — listing photos on disk: checked by content, named by hash, with thumbnails */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLZ_PHOTO_MAX_BYTES   (8 * 1024 * 1024)
#define PLZ_PHOTO_MAX_PIXELS  (40 * 1000 * 1000)
#define PLZ_PHOTO_MIN_SIDE    64
#define PLZ_THUMBNAIL_SIDE    480

typedef struct
{
  char  *hash;    /* SHA-256 hex of the original */
  char  *mime;    /* image/png, image/jpeg or image/webp */
  int    width;
  int    height;
} PlzStoredPhoto;

/* The MIME type of a PNG, JPEG or WebP image by its first bytes, or NULL. */
const char     *plz_media_sniff       (const guint8   *data,
                                       gsize           size);

/* The file extension for one of the MIME types plz_media_sniff() returns. */
const char     *plz_media_extension   (const char     *mime);

/* Frees @photo. */
void            plz_stored_photo_free (PlzStoredPhoto *photo);

/* Decodes @data fully to prove it is a whole PNG, JPEG or WebP image of a
 * sensible size, then stores it and a thumbnail under @media_dir. Storing
 * the same picture twice writes nothing new. */
PlzStoredPhoto *plz_media_store_photo (const char     *media_dir,
                                       GBytes         *data,
                                       GError        **error);

/* The path of a stored original (@thumbnail FALSE) or its thumbnail. */
char           *plz_media_photo_path  (const char     *media_dir,
                                       const char     *hash,
                                       const char     *mime,
                                       gboolean        thumbnail);

/* Removes the original and thumbnail of @hash. */
void            plz_media_remove      (const char     *media_dir,
                                       const char     *hash,
                                       const char     *mime);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzStoredPhoto, plz_stored_photo_free)

G_END_DECLS
