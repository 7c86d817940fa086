/* plz-listing-photo.c — a photo for a listing: read from a file, made to fit
 * what the server takes, and uploaded with progress */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "plz-api.h"
#include "plz-error.h"
#include "plz-health.h"
#include "plz-json.h"
#include "plz-listing-photo.h"
#include "plz-server-address.h"

/* ---- preparing ---------------------------------------------------------------- */

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

/* The server's three formats, told by content (shared-mime-info), not by name. */
static const char *
accepted_type (GBytes *bytes)
{
  static const char * const accepted[] = { "image/png", "image/jpeg", "image/webp" };
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);
  g_autofree char *guessed = g_content_type_guess (NULL, data, size, NULL);
  g_autofree char *mime = guessed != NULL ? g_content_type_get_mime_type (guessed) : NULL;

  for (guint i = 0; mime != NULL && i < G_N_ELEMENTS (accepted); i++)
    if (g_str_equal (mime, accepted[i]))
      return accepted[i];
  return NULL;
}

/* Any picture gdk-pixbuf reads, turned upright and shrunk, as a JPEG. */
static GBytes *
reencode (GBytes        *bytes,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GdkPixbuf) loaded = gdk_pixbuf_new_from_stream (stream, cancellable, error);
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GdkPixbuf) opaque = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  int width, height;

  if (loaded == NULL)
    return NULL;
  upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  width = gdk_pixbuf_get_width (upright);
  height = gdk_pixbuf_get_height (upright);
  if (MAX (width, height) > PLZ_LISTING_PHOTO_MAX_SIDE)
    {
      double scale = (double) PLZ_LISTING_PHOTO_MAX_SIDE / MAX (width, height);

      scaled = gdk_pixbuf_scale_simple (upright, MAX (1, (int) (width * scale + 0.5)),
                                        MAX (1, (int) (height * scale + 0.5)), GDK_INTERP_BILINEAR);
    }
  else
    scaled = g_object_ref (upright);
  /* JPEG has no alpha: flatten onto white. */
  opaque = gdk_pixbuf_get_has_alpha (scaled)
           ? gdk_pixbuf_composite_color_simple (scaled, gdk_pixbuf_get_width (scaled),
                                                gdk_pixbuf_get_height (scaled), GDK_INTERP_NEAREST,
                                                255, 8, 0xffffffff, 0xffffffff)
           : g_object_ref (scaled);
  if (!gdk_pixbuf_save_to_buffer (opaque, &buffer, &size, "jpeg", error, "quality", "88", NULL))
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
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  g_autoptr(GBytes) converted = NULL;
  Prepared *prepared;
  const char *type;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("“%s” cannot be read: %s"), name, error->message);
      return;
    }

  type = accepted_type (bytes);
  if (type != NULL && g_bytes_get_size (bytes) <= PLZ_LISTING_PHOTO_MAX_BYTES)
    {
      prepared = g_new0 (Prepared, 1);
      prepared->bytes = g_steal_pointer (&bytes);
      prepared->content_type = type;
      g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
      return;
    }

  converted = reencode (bytes, cancellable, &error);
  if (converted == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("“%s” is not a picture. Choose a PNG, JPEG or WebP photo."), name);
      return;
    }
  if (g_bytes_get_size (converted) > PLZ_LISTING_PHOTO_MAX_BYTES)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("“%s” is too big: a photo can be at most 8 MB"), name);
      return;
    }
  prepared = g_new0 (Prepared, 1);
  prepared->bytes = g_steal_pointer (&converted);
  prepared->content_type = "image/jpeg";
  g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
}

void
plz_listing_photo_prepare_async (GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_listing_photo_prepare_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, prepare_thread);
}

GBytes *
plz_listing_photo_prepare_finish (GAsyncResult  *result,
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

/* ---- uploading ---------------------------------------------------------------- */

typedef struct
{
  char                  *base_url;
  SoupMessage           *msg;
  guint64                sent;
  guint64                total;
  PlzUploadProgressFunc  progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;
} Upload;

static void
upload_free (Upload *upload)
{
  if (upload->msg != NULL)
    g_signal_handlers_disconnect_by_data (upload->msg, upload);
  g_clear_object (&upload->msg);
  if (upload->progress_destroy != NULL)
    upload->progress_destroy (upload->progress_data);
  g_free (upload->base_url);
  g_free (upload);
}

static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    Upload      *upload)
{
  upload->sent = MIN (upload->sent + chunk_size, upload->total);
  if (upload->progress != NULL)
    upload->progress (upload->sent, upload->total, upload->progress_data);
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonObject) answer = NULL;
  guint status;
  gsize len = 0;
  const char *data;
  JsonNode *listing;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, plz_health_describe_transport_error (error, upload->base_url));
      return;
    }
  status = soup_message_get_status (upload->msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, plz_api_error_from_body (status, body));
      return;
    }
  data = g_bytes_get_data (body, &len);
  answer = plz_json_parse_object (data, len, NULL);
  listing = answer != NULL ? json_object_get_member (answer, "listing") : NULL;
  if (listing == NULL || !JSON_NODE_HOLDS_OBJECT (listing))
    {
      g_task_return_new_error (task, PLZ_ERROR, PLZ_ERROR_INTERNAL,
                               _("The server gave an answer Plaza does not understand"));
      return;
    }
  g_task_return_pointer (task, json_node_dup_object (listing), (GDestroyNotify) json_object_unref);
}

void
plz_listing_photo_upload_async (SoupSession           *session,
                                PlzAccount            *account,
                                const char            *listing_id,
                                GBytes                *photo,
                                const char            *content_type,
                                PlzUploadProgressFunc  progress,
                                gpointer               progress_data,
                                GDestroyNotify         progress_destroy,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  SoupMessageHeaders *headers;
  Upload *upload;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (PLZ_IS_ACCOUNT (account));
  g_return_if_fail (listing_id != NULL && photo != NULL && content_type != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_listing_photo_upload_async);
  upload = g_new0 (Upload, 1);
  upload->base_url = g_strdup (plz_account_get_server_url (account));
  upload->total = g_bytes_get_size (photo);
  upload->progress = progress;
  upload->progress_data = progress_data;
  upload->progress_destroy = progress_destroy;
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);

  if (plz_account_get_token (account) == NULL)
    {
      g_task_return_new_error (task, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED, _("Sign in to do this"));
      return;
    }

  escaped = g_uri_escape_string (listing_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/listings/%s/photos", escaped);
  url = plz_server_address_build (upload->base_url, path);
  upload->msg = soup_message_new (SOUP_METHOD_POST, url);
  if (upload->msg == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid server address"), upload->base_url);
      return;
    }
  headers = soup_message_get_request_headers (upload->msg);
  bearer = g_strconcat ("Bearer ", plz_account_get_token (account), NULL);
  soup_message_headers_replace (headers, "Authorization", bearer);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (upload->msg, content_type, photo);
  g_signal_connect (upload->msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), upload);

  soup_session_send_and_read_async (session, upload->msg, G_PRIORITY_DEFAULT, cancellable,
                                    uploaded_cb, g_steal_pointer (&task));
}

JsonObject *
plz_listing_photo_upload_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
