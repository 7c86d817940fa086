/* test-listing-photo.c — preparing a picture for a listing, and uploading it
 * with progress to a real plaza-server */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "plz-client-test.h"
#include "plz-error.h"
#include "plz-listing-photo.h"

#define WAIT_MS 20000

typedef struct
{
  gboolean     done;
  GBytes      *bytes;
  const char  *content_type;
  JsonObject  *answer;
  GError      *error;
} Result;

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Result *r = user_data;

  r->bytes = plz_listing_photo_prepare_finish (result, &r->content_type, &r->error);
  r->done = TRUE;
}

static GBytes *
prepare (const char  *path,
         const char **content_type,
         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Result r = { 0 };

  plz_listing_photo_prepare_async (file, NULL, prepared_cb, &r);
  g_assert_true (plz_test_wait_for_flag (&r.done, WAIT_MS));
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  if (content_type != NULL)
    *content_type = r.content_type;
  return r.bytes;
}

/* A picture of @width × @height saved as @type; noisy ones do not compress. */
static char *
write_picture (const char *dir,
               const char *name,
               const char *type,
               int         width,
               int         height,
               gboolean    noisy)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (noisy)
    {
      guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
      gsize size = (gsize) gdk_pixbuf_get_rowstride (pixbuf) * height;
      g_autoptr(GRand) rand = g_rand_new_with_seed (7);

      for (gsize i = 0; i < size; i++)
        pixels[i] = (guchar) g_rand_int (rand);
    }
  else
    gdk_pixbuf_fill (pixbuf, 0xd35400ff);
  gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  g_assert_no_error (error);
  return path;
}

static void
test_prepare (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plaza-photo-XXXXXX", &error);
  g_autofree char *png = write_picture (dir, "yard.png", "png", 200, 150, FALSE);
  g_autofree char *bmp = write_picture (dir, "yard.bmp", "bmp", 200, 150, FALSE);
  g_autofree char *huge = write_picture (dir, "huge.png", "png", 3000, 1000, TRUE);
  g_autofree char *text = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone.png", NULL);
  g_autofree char *original = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GInputStream) stream = NULL;
  const char *type = NULL;
  gsize size = 0;

  g_assert_no_error (error);

  /* PNG, JPEG and WebP within the limit go as they are. */
  bytes = prepare (png, &type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "image/png");
  g_assert_true (g_file_get_contents (png, &original, &size, NULL));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), original, size);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Other pictures become a JPEG. */
  bytes = prepare (bmp, &type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "image/jpeg");
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Too big as it is: shrunk to fit, the longer side at most 2560 pixels. */
  bytes = prepare (huge, &type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (type, ==, "image/jpeg");
  g_assert_cmpuint (g_bytes_get_size (bytes), <=, PLZ_LISTING_PHOTO_MAX_BYTES);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  decoded = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (decoded), ==, PLZ_LISTING_PHOTO_MAX_SIDE);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Not a picture, whatever its name says; a file that is not there. */
  g_assert_true (g_file_set_contents (text, "not a picture at all", -1, NULL));
  g_assert_null (prepare (text, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "“photo.jpg” is not a picture. Choose a PNG, JPEG or WebP photo.");
  g_clear_error (&error);
  g_assert_null (prepare (missing, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“gone.png” cannot be read"));
  g_clear_error (&error);

  plz_test_remove_tree (dir);
}

typedef struct
{
  guint64 last;
  guint64 total;
  guint   calls;
  gboolean backwards;
} Progress;

static void
progress_cb (guint64  sent,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  p->backwards |= sent < p->last;
  p->last = sent;
  p->total = total;
  p->calls++;
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Result *r = user_data;

  r->answer = plz_listing_photo_upload_finish (result, &r->error);
  r->done = TRUE;
}

static void
called_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &r->error);
  r->done = TRUE;
}

static JsonObject *
call (PlzAccount *account,
      const char *method,
      const char *path,
      const char *json)
{
  g_autoptr(JsonNode) body = json != NULL ? json_from_string (json, NULL) : NULL;
  Result r = { 0 };

  plz_account_call_async (account, method, path, body != NULL ? json_node_get_object (body) : NULL, FALSE,
                          NULL, called_cb, &r);
  g_assert_true (plz_test_wait_for_flag (&r.done, WAIT_MS));
  g_assert_no_error (r.error);
  return r.answer;
}

static void
test_upload (void)
{
  PlzTestServer *server = plz_test_server_start (FALSE);
  g_autoptr(PlzAccount) account = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("\x89PNG\r\n\x1a\n-broken", 15);
  const char *type = NULL;
  char *id;
  Progress progress = { 0 };
  Result r = { 0 };

  if (server == NULL)
    return;
  account = plz_account_new (server->url);
  plz_account_sign_up_async (account, "lwazi@example.org", "a long and fine password", "Lwazi Khumalo",
                             NULL, called_cb, &r);
  g_assert_true (plz_test_wait_for_flag (&r.done, WAIT_MS));
  g_assert_no_error (r.error);
  g_clear_pointer (&r.answer, json_object_unref);
  g_clear_pointer (&answer, json_object_unref);
  answer = call (account, "POST", "/api/v1/me/operator",
                 "{\"business_name\":\"Lwazi Gardens\",\"service_area\":{\"lat\":-29.86,\"lng\":31.02,"
                 "\"radius_km\":15},\"expertise\":[\"gardening\"]}");
  g_clear_pointer (&answer, json_object_unref);
  answer = call (account, "POST", "/api/v1/listings",
                 "{\"category_id\":20,\"title\":\"Lawn mowing\",\"price\":{\"amount_minor\":30000},"
                 "\"location\":{\"lat\":-29.8587,\"lng\":31.0218,\"city\":\"Durban\"}}");
  id = g_strdup (json_object_get_string_member (json_object_get_object_member (answer, "listing"), "id"));

  /* A photo big enough to go out in several chunks. */
  dir = g_dir_make_tmp ("plaza-photo-XXXXXX", &error);
  g_assert_no_error (error);
  path = write_picture (dir, "lawn.png", "png", 600, 400, TRUE);
  photo = prepare (path, &type, &error);
  g_assert_no_error (error);

  r = (Result) { 0 };
  plz_listing_photo_upload_async (session, account, id, photo, type, progress_cb, &progress, NULL,
                                  NULL, uploaded_cb, &r);
  g_assert_true (plz_test_wait_for_flag (&r.done, WAIT_MS));
  g_assert_no_error (r.error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r.answer, "photos")), ==, 1);
  /* Progress went forwards, in steps, to every byte. */
  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_false (progress.backwards);
  g_assert_cmpuint (progress.total, ==, g_bytes_get_size (photo));
  g_assert_cmpuint (progress.last, ==, progress.total);
  g_clear_pointer (&r.answer, json_object_unref);

  /* The server's refusal comes back with its field, for the row to show. */
  r = (Result) { 0 };
  plz_listing_photo_upload_async (session, account, id, junk, "image/png", NULL, NULL, NULL,
                                  NULL, uploaded_cb, &r);
  g_assert_true (plz_test_wait_for_flag (&r.done, WAIT_MS));
  g_assert_null (r.answer);
  g_assert_error (r.error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (r.error), ==, "photo");
  g_assert_cmpstr (r.error->message, ==, "This image is damaged or incomplete");
  g_clear_error (&r.error);

  /* Someone else's listing is "not found"; signed out, nothing is sent. */
  r = (Result) { 0 };
  plz_listing_photo_upload_async (session, account, "0123456789abcdef0123456789abcdef", photo, type,
                                  NULL, NULL, NULL, NULL, uploaded_cb, &r);
  g_assert_true (plz_test_wait_for_flag (&r.done, WAIT_MS));
  g_assert_error (r.error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND);
  g_clear_error (&r.error);
  plz_account_forget (account);
  r = (Result) { 0 };
  plz_listing_photo_upload_async (session, account, id, photo, type, NULL, NULL, NULL, NULL, uploaded_cb, &r);
  g_assert_true (plz_test_wait_for_flag (&r.done, WAIT_MS));
  g_assert_error (r.error, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED);
  g_clear_error (&r.error);

  g_free (id);
  plz_test_remove_tree (dir);
  plz_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/listing-photo/prepare", test_prepare);
  g_test_add_func ("/listing-photo/upload", test_upload);
  return g_test_run ();
}
