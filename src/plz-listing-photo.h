/* plz-listing-photo.h — a photo for a listing: read from a file, made to fit
 * what the server takes, and uploaded with progress */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "plz-account.h"

G_BEGIN_DECLS

/* The server's limit on one photo. */
#define PLZ_LISTING_PHOTO_MAX_BYTES (8 * 1024 * 1024)
/* Pictures that must be re-encoded are made at most this many pixels a side. */
#define PLZ_LISTING_PHOTO_MAX_SIDE  2560

/* Reads @file in a thread. PNG, JPEG and WebP files within the limit are sent
 * as they are (the server checks them by decoding); other pictures, and
 * bigger ones, become a JPEG of at most PLZ_LISTING_PHOTO_MAX_SIDE pixels. */
void        plz_listing_photo_prepare_async  (GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* The bytes to upload and their *@content_type, or NULL with @error saying in
 * words for people why the file cannot be a photo. */
GBytes     *plz_listing_photo_prepare_finish (GAsyncResult  *result,
                                              const char   **content_type,
                                              GError       **error);

/* Told how many of @total bytes have gone out. */
typedef void (*PlzUploadProgressFunc) (guint64  sent,
                                       guint64  total,
                                       gpointer user_data);

/* POSTs @photo as the body of /api/v1/listings/@listing_id/photos, signed in
 * as @account, over @session; @progress (may be NULL) hears each chunk sent.
 * @progress_data is freed with @progress_destroy when the upload is over. */
void        plz_listing_photo_upload_async   (SoupSession           *session,
                                              PlzAccount            *account,
                                              const char            *listing_id,
                                              GBytes                *photo,
                                              const char            *content_type,
                                              PlzUploadProgressFunc  progress,
                                              gpointer               progress_data,
                                              GDestroyNotify         progress_destroy,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);

/* The listing with its new photo ("listing" of the answer), or NULL with
 * @error (PLZ_ERROR with the field, or a transport error). */
JsonObject *plz_listing_photo_upload_finish  (GAsyncResult  *result,
                                              GError       **error);

G_END_DECLS
