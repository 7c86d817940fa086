/* plz-catalogue-test.c — listings for client tests, made through the real API */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>
#include <string.h>

#include "plz-catalogue-test.h"
#include "plz-client-test.h"

static JsonObject *
send_bytes (const char  *url,
            const char  *method,
            const char  *path,
            GBytes      *body,
            const char  *content_type,
            const char  *token,
            guint        expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &length);
  if (soup_message_get_status (msg) != expected_status)
    g_error ("%s %s: expected %u, got %u: %.*s", method, path, expected_status,
             soup_message_get_status (msg), (int) length, data);
  if (length == 0)
    return json_object_new ();
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, NULL));
  return json_node_dup_object (json_parser_get_root (parser));
}

JsonObject *
plz_test_api (const char *url,
              const char *method,
              const char *path,
              const char *body,
              const char *token,
              guint       expected_status)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  return send_bytes (url, method, path, bytes, "application/json", token, expected_status);
}

char *
plz_test_sign_up (const char *url,
                  const char *email,
                  gboolean    operator)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"" PLZ_TEST_PASSWORD "\","
                                           "\"display_name\":\"Sam Dube\"}", email);
  g_autoptr(JsonObject) answer = plz_test_api (url, "POST", "/api/v1/accounts", body, NULL, 201);
  char *token = g_strdup (json_object_get_string_member (answer, "token"));

  if (operator)
    {
      g_autoptr(JsonObject) op = plz_test_api (url, "POST", "/api/v1/me/operator",
                                               "{\"business_name\":\"Shine Valet\","
                                               "\"service_area\":{\"lat\":-26.2,\"lng\":28.0,\"radius_km\":30}}",
                                               token, 200);
    }
  return token;
}

GBytes *
plz_test_png (int     width,
              int     height,
              guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

char *
plz_test_make_listing (const char *url,
                       const char *token,
                       const char *title,
                       gint64      rand,
                       guint       n_photos)
{
  g_autofree char *body = g_strdup_printf (
    "{\"category_id\":10,\"title\":\"%s\",\"description\":\"Hand wash and polish at your door.\","
    "\"price\":{\"amount_minor\":%" G_GINT64_FORMAT ",\"currency\":\"ZAR\"},\"pricing_type\":\"fixed\","
    "\"attributes\":{\"vehicle_size\":\"suv\",\"mobile\":true,\"duration_min\":45},"
    "\"location\":{\"lat\":-26.1,\"lng\":28.05,\"city\":\"Johannesburg\",\"country\":\"ZA\"}}",
    title, rand * 100);
  g_autoptr(JsonObject) created = plz_test_api (url, "POST", "/api/v1/listings", body, token, 201);
  char *id = g_strdup (json_object_get_string_member (json_object_get_object_member (created, "listing"), "id"));
  g_autofree char *status_path = g_strdup_printf ("/api/v1/listings/%s/status", id);
  g_autofree char *photos_path = g_strdup_printf ("/api/v1/listings/%s/photos", id);
  g_autoptr(JsonObject) published = NULL;

  for (guint i = 0; i < n_photos; i++)
    {
      g_autoptr(GBytes) png = plz_test_png (64 + (int) i, 64, 0x3366cc00u + (i * 0x11110000u) + 0xff);
      g_autoptr(JsonObject) photo = send_bytes (url, "POST", photos_path, png, "image/png", token, 201);
    }
  published = plz_test_api (url, "POST", status_path, "{\"status\":\"active\"}", token, 200);
  return id;
}

static void
signed_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  g_assert_no_error (error);
  *done = TRUE;
}

PlzAccount *
plz_test_consumer (const char *url,
                   const char *email)
{
  PlzAccount *account = plz_account_new (url);
  gboolean done = FALSE;

  plz_account_sign_up_async (account, email, PLZ_TEST_PASSWORD, "Thandi Nkosi", NULL, signed_up_cb, &done);
  g_assert_true (plz_test_wait_for_flag (&done, 10000));
  g_assert_true (plz_account_get_signed_in (account));
  return account;
}
