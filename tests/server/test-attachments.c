/* test-attachments.c — files, places and checklists sent in conversations */
#include "plz-test-server.h"
#include "plz-test-ws.h"
#include "plz-server.h"
#include "messaging/plz-attachments.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

typedef struct
{
  PlzTestServer *ts;
  SoupSession   *session;
  char          *op, *buyer, *other;
  char          *conversation;        /* buyer ↔ op */
  char          *other_conversation;  /* other ↔ op, same listing */
} Fixture;

static const char pdf_text[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static const char *
error_field (PlzTestResponse *r)
{
  return json_object_get_string_member_with_default (json_object_get_object_member (root (r), "error"), "field",
                                                     NULL);
}

static char *
inquire (Fixture *f, const char *listing, const char *token)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/inquiries", listing);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", path, "{\"body\":\"Hello\"}", token);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (root (r), "conversation"), "id"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();
  g_autofree char *listing = NULL;

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
  f->session = soup_session_new ();
  f->op = plz_test_sign_up (f->ts, "op@example.com", TRUE, NULL);
  f->buyer = plz_test_sign_up (f->ts, "buyer@example.com", FALSE, NULL);
  f->other = plz_test_sign_up (f->ts, "other@example.com", FALSE, NULL);
  listing = plz_test_make_listing (f->ts, f->op, "Sparkle car wash", TRUE);
  f->conversation = inquire (f, listing, f->buyer);
  f->other_conversation = inquire (f, listing, f->other);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->ts, plz_test_server_free);
  g_free (f->op);
  g_free (f->buyer);
  g_free (f->other);
  g_free (f->conversation);
  g_free (f->other_conversation);
}

static GBytes *
make_png (int w, int h)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, w, h);
  char *buf = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pb, 0x33aa66ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pb, &buf, &len, "png", NULL, NULL));
  return g_bytes_new_take (buf, len);
}

/* POSTs @bytes as @content_type (NULL: none) into @conversation, named @filename (NULL: no header). */
static PlzTestResponse *
upload (Fixture *f, const char *token, const char *conversation, GBytes *bytes, const char *content_type,
        const char *filename)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/conversations/%s/attachments",
                                          plz_test_server_get_url (f->ts), conversation);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  PlzTestResponse *r;

  soup_message_set_request_body_from_bytes (msg, content_type, bytes);
  soup_message_headers_replace (headers, "Authorization", auth);
  if (filename != NULL)
    soup_message_headers_replace (headers, "X-Filename", filename);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  r = g_new0 (PlzTestResponse, 1);
  r->status = soup_message_get_status (msg);
  r->body = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  r->length = g_bytes_get_size (reply);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (json_parser_load_from_data (parser, r->body, (gssize) r->length, NULL) && json_parser_get_root (parser))
    r->json = json_node_copy (json_parser_get_root (parser));
  return r;
}

/* Uploads and returns the attachment object (asserting 201). */
static JsonObject *
upload_ok (Fixture *f, const char *token, const char *conversation, GBytes *bytes, const char *content_type,
           const char *filename)
{
  g_autoptr(PlzTestResponse) r = upload (f, token, conversation, bytes, content_type, filename);

  if (r->status != 201)
    g_error ("upload: %u %s", r->status, r->body);
  return json_object_ref (json_object_get_object_member (root (r), "attachment"));
}

static PlzTestResponse *
send_message (Fixture *f, const char *token, const char *conversation, const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/messages", conversation);

  return plz_test_request_auth (f->ts, "POST", path, json, token);
}

static JsonArray *
history (Fixture *f, const char *token, const char *conversation)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/messages", conversation);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", path, NULL, token);

  g_assert_cmpuint (r->status, ==, 200);
  return json_array_ref (json_object_get_array_member (root (r), "messages"));
}

static guint
history_length (Fixture *f, const char *conversation)
{
  g_autoptr(JsonArray) list = history (f, f->buyer, conversation);

  return json_array_get_length (list);
}

static JsonNode *
object_node (JsonObject *o)  /* the node takes its own reference */
{
  return json_node_init_object (json_node_alloc (), o);
}

static void
test_image (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = make_png (200, 100);
  g_autoptr(JsonObject) a = upload_ok (f, f->buyer, f->conversation, png, "image/png", "../../etc/My van.png");
  g_autofree char *send = g_strdup_printf ("{\"attachments\":[{\"id\":\"%s\"}],\"client_id\":\"img-1\"}",
                                           json_object_get_string_member (a, "id"));
  g_autoptr(PlzTestResponse) sent = send_message (f, f->buyer, f->conversation, send);
  g_autoptr(JsonArray) seen_by_op = history (f, f->op, f->conversation);
  g_autoptr(PlzTestResponse) bytes = NULL, thumb = NULL, by_op = NULL, by_other = NULL, thumb_other = NULL;
  g_autoptr(PlzTestResponse) again = NULL;
  g_autoptr(JsonNode) a_node = object_node (a);
  g_autofree char *a_text = json_to_string (a_node, FALSE);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  JsonObject *m;
  const char *url;
  g_autofree char *thumb_url = NULL;

  /* The bytes decide what it is; the path is stripped from the name. */
  g_assert_cmpstr (json_object_get_string_member (a, "kind"), ==, "image");
  g_assert_cmpstr (json_object_get_string_member (a, "content_type"), ==, "image/png");
  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "My van.png");
  g_assert_cmpint (json_object_get_int_member (a, "size"), ==, g_bytes_get_size (png));
  g_assert_cmpint (json_object_get_int_member (a, "width"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (a, "height"), ==, 100);
  url = json_object_get_string_member (a, "url");
  thumb_url = g_strconcat (url, "/thumbnail", NULL);
  g_assert_cmpstr (json_object_get_string_member (a, "thumbnail_url"), ==, thumb_url);

  /* Sent with no body; the message carries the whole attachment. */
  g_assert_cmpuint (sent->status, ==, 201);
  m = json_object_get_object_member (root (sent), "message");
  g_assert_cmpstr (json_object_get_string_member (m, "body"), ==, "");
  plz_assert_json_equal (json_array_get_element (json_object_get_array_member (m, "attachments"), 0), a_text);
  m = json_array_get_object_element (seen_by_op, 0);
  plz_assert_json_equal (json_array_get_element (json_object_get_array_member (m, "attachments"), 0), a_text);

  /* Both participants fetch the original and the thumbnail. */
  bytes = plz_test_request_auth (f->ts, "GET", url, NULL, f->buyer);
  g_assert_cmpuint (bytes->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (bytes->headers, NULL), ==, "image/png");
  g_assert_nonnull (soup_message_headers_get_one (bytes->headers, "ETag"));
  g_assert_cmpuint (bytes->length, ==, g_bytes_get_size (png));
  g_assert_cmpmem (bytes->body, bytes->length, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  by_op = plz_test_request_auth (f->ts, "GET", url, NULL, f->op);
  g_assert_cmpuint (by_op->status, ==, 200);
  thumb = plz_test_request_auth (f->ts, "GET", thumb_url, NULL, f->op);
  g_assert_cmpuint (thumb->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (thumb->headers, NULL), ==, "image/jpeg");
  g_assert_true (gdk_pixbuf_loader_write (loader, (const guchar *) thumb->body, thumb->length, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  g_assert_cmpint (gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader)), ==, 200);

  /* Anyone else: as if there were none. */
  by_other = plz_test_request_auth (f->ts, "GET", url, NULL, f->other);
  g_assert_cmpuint (by_other->status, ==, 404);
  thumb_other = plz_test_request_auth (f->ts, "GET", thumb_url, NULL, f->other);
  g_assert_cmpuint (thumb_other->status, ==, 404);

  /* A retry of the send is answered with the first message. */
  again = send_message (f, f->buyer, f->conversation, send);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpuint (history_length (f, f->conversation), ==, 2);
}

static void
test_document (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) pdf = g_bytes_new_static (pdf_text, strlen (pdf_text));
  g_autoptr(JsonObject) a = upload_ok (f, f->op, f->conversation, pdf, "application/pdf", "Quote%20May.pdf");
  g_autofree char *send = g_strdup_printf ("{\"body\":\"Here is the quote\",\"attachments\":[{\"id\":\"%s\"}]}",
                                           json_object_get_string_member (a, "id"));
  g_autoptr(PlzTestResponse) sent = send_message (f, f->op, f->conversation, send);
  g_autoptr(JsonArray) seen = history (f, f->buyer, f->conversation);
  g_autoptr(PlzTestResponse) bytes = NULL, thumb = NULL, events = NULL, not_modified = NULL;
  g_autoptr(JsonNode) a_node = object_node (a);
  g_autofree char *a_text = json_to_string (a_node, FALSE);
  g_autofree char *thumb_url = NULL;
  JsonArray *list;
  JsonObject *m;
  const char *url = json_object_get_string_member (a, "url");
  SoupMessage *msg;

  g_assert_cmpstr (json_object_get_string_member (a, "kind"), ==, "document");
  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "Quote May.pdf");
  g_assert_true (json_object_get_null_member (a, "thumbnail_url"));
  g_assert_true (json_object_get_null_member (a, "width"));
  g_assert_true (json_object_get_null_member (a, "height"));

  g_assert_cmpuint (sent->status, ==, 201);
  m = json_array_get_object_element (seen, 0);
  g_assert_cmpstr (json_object_get_string_member (m, "body"), ==, "Here is the quote");
  plz_assert_json_equal (json_array_get_element (json_object_get_array_member (m, "attachments"), 0), a_text);

  /* The buyer's event log has it too. */
  events = plz_test_request_auth (f->ts, "GET", "/api/v1/events?since=0", NULL, f->buyer);
  list = json_object_get_array_member (root (events), "events");
  m = json_object_get_object_member (json_object_get_object_member (
        json_array_get_object_element (list, json_array_get_length (list) - 1), "data"), "message");
  plz_assert_json_equal (json_array_get_element (json_object_get_array_member (m, "attachments"), 0), a_text);

  bytes = plz_test_request_auth (f->ts, "GET", url, NULL, f->buyer);
  g_assert_cmpuint (bytes->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (bytes->headers, NULL), ==, "application/pdf");
  g_assert_cmpstr (bytes->body, ==, pdf_text);

  /* A second fetch with the entity tag is answered with 304. */
  {
    g_autofree char *uri = g_strconcat (plz_test_server_get_url (f->ts), url, NULL);
    g_autofree char *auth = g_strconcat ("Bearer ", f->buyer, NULL);
    g_autoptr(GBytes) reply = NULL;

    msg = soup_message_new ("GET", uri);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                  soup_message_headers_get_one (bytes->headers, "ETag"));
    reply = soup_session_send_and_read (f->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
    g_object_unref (msg);
  }

  /* A document has no thumbnail. */
  thumb_url = g_strconcat (url, "/thumbnail", NULL);
  thumb = plz_test_request_auth (f->ts, "GET", thumb_url, NULL, f->buyer);
  g_assert_cmpuint (thumb->status, ==, 404);
}

static void
test_location_and_checklist (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) sent = send_message (f, f->buyer, f->conversation,
    "{\"body\":\"Meet here\",\"attachments\":["
    "{\"kind\":\"location\",\"lat\":-33.9249,\"lng\":18,\"label\":\"  Green Point gate \"},"
    "{\"kind\":\"checklist\",\"title\":\"Before you come\",\"items\":["
    "{\"text\":\"Bring a ladder\",\"done\":true},{\"text\":\"Park outside\"}]}]}");
  g_autoptr(JsonArray) seen = history (f, f->op, f->conversation);
  const char *expected = (
    "[{\"kind\":\"location\",\"lat\":-33.9249,\"lng\":18.0,\"label\":\"Green Point gate\"},"
    "{\"kind\":\"checklist\",\"title\":\"Before you come\",\"items\":["
    "{\"text\":\"Bring a ladder\",\"done\":true},{\"text\":\"Park outside\",\"done\":false}]}]");
  JsonObject *m;

  g_assert_cmpuint (sent->status, ==, 201);
  m = json_array_get_object_element (seen, 0);
  plz_assert_json_equal (json_object_get_member (m, "attachments"), expected);

  /* Before a booking, contact details in a checklist are refused like in a body. */
  {
    g_autoptr(PlzTestResponse) phone = send_message (f, f->buyer, f->conversation,
      "{\"attachments\":[{\"kind\":\"checklist\",\"title\":\"Todo\",\"items\":"
      "[{\"text\":\"call me on 082 555 1234\"}]}]}");

    g_assert_cmpuint (phone->status, ==, 422);
    g_assert_cmpstr (plz_test_response_error_code (phone), ==, "contact_details_not_allowed");
  }
  /* A request for details in a label is sent hidden. */
  {
    g_autoptr(PlzTestResponse) ask = send_message (f, f->buyer, f->conversation,
      "{\"body\":\"See you\",\"attachments\":[{\"kind\":\"location\",\"lat\":1,\"lng\":2,"
      "\"label\":\"Great, what's your number?\"}]}");
    JsonObject *sent_m;

    g_assert_cmpuint (ask->status, ==, 201);
    sent_m = json_object_get_object_member (root (ask), "message");
    g_assert_cmpstr (json_object_get_string_member (sent_m, "body"), ==, "See you");
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_object_get_array_member (sent_m, "attachments"), 0),
                       "label"), ==, "Great, [contact hidden]?");
  }
  g_assert_cmpuint (history_length (f, f->conversation), ==, 3);
}

static void
test_bad_uploads (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = make_png (100, 100);
  g_autoptr(GBytes) text = g_bytes_new_static ("just some words, not a picture", 30);
  g_autoptr(GBytes) cut_pdf = g_bytes_new_static (pdf_text, strlen (pdf_text) - 8);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  gsize big_size = PLZ_ATTACHMENT_MAX_BYTES;
  g_autofree guint8 *big_data = g_malloc0 (big_size);
  g_autoptr(GBytes) big = NULL;
  struct { GBytes *bytes; const char *type; const char *token; const char *conversation; guint status; } cases[] = {
    { text, "image/png", f->buyer, f->conversation, 415 },             /* text as an image */
    { png, "application/pdf", f->buyer, f->conversation, 415 },        /* an image as a PDF */
    { png, "image/jpeg", f->buyer, f->conversation, 415 },             /* PNG said to be JPEG */
    { text, "text/plain", f->buyer, f->conversation, 415 },
    { cut_pdf, "application/pdf", f->buyer, f->conversation, 400 },    /* cut off */
    { empty, "image/png", f->buyer, f->conversation, 400 },
    { NULL, "application/pdf", f->buyer, f->conversation, 400 },       /* 10 MiB in, but no whole PDF */
    { png, "image/png", f->other, f->conversation, 404 },              /* not a participant */
    { png, "image/png", f->buyer, "no-such-conversation", 404 },
  };

  memcpy (big_data, "%PDF-1.4\n", 9);
  big = g_bytes_new_static (big_data, big_size);
  cases[6].bytes = big;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzTestResponse) r = upload (f, cases[i].token, cases[i].conversation, cases[i].bytes,
                                             cases[i].type, "x.png");

      if (r->status != cases[i].status)
        g_error ("case %u: %u %s", i, r->status, r->body);
      g_assert_nonnull (plz_test_response_error_code (r));
    }

  /* Over 10 MiB is refused from the headers, before the body is read. */
  {
    g_autofree char *raw = g_strdup_printf ("POST /api/v1/conversations/%s/attachments HTTP/1.1\r\nHost: x\r\n"
                                            "Authorization: Bearer %s\r\nContent-Type: application/pdf\r\n"
                                            "Content-Length: %d\r\n\r\n%%PDF-", f->conversation, f->buyer,
                                            PLZ_ATTACHMENT_MAX_BYTES + 1);
    g_autofree char *reply = plz_test_raw_request (f->ts, raw, strlen (raw));

    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 413"));
    g_assert_nonnull (strstr (reply, "payload_too_large"));
  }
}

static void
test_bad_sends (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = make_png (100, 100);
  g_autoptr(JsonObject) mine = upload_ok (f, f->buyer, f->conversation, png, "image/png", NULL);
  g_autoptr(JsonObject) ops = upload_ok (f, f->op, f->conversation, png, "image/png", NULL);
  g_autoptr(JsonObject) elsewhere = upload_ok (f, f->op, f->other_conversation, png, "image/png", NULL);
  g_autoptr(JsonObject) others = upload_ok (f, f->other, f->other_conversation, png, "image/png", NULL);
  g_autoptr(GString) eleven = g_string_new ("{\"body\":\"x\",\"attachments\":[");
  g_autofree char *long_label = g_strnfill (PLZ_ATTACHMENT_TEXT_MAX + 1, 'a');
  guint before = history_length (f, f->conversation);
  struct { const char *token; char *json; guint status; const char *field; } cases[] = {
    { f->buyer, g_strdup ("{\"body\":\"x\",\"attachments\":[{\"id\":\"nope\"}]}"), 404, "attachments[0].id" },
    /* The other participant's upload, or one from another conversation. */
    { f->buyer, g_strdup_printf ("{\"body\":\"x\",\"attachments\":[{\"id\":\"%s\"}]}",
                                 json_object_get_string_member (ops, "id")), 404, "attachments[0].id" },
    { f->op, g_strdup_printf ("{\"body\":\"x\",\"attachments\":[{\"id\":\"%s\"}]}",
                              json_object_get_string_member (elsewhere, "id")), 404, "attachments[0].id" },
    { f->buyer, g_strdup_printf ("{\"body\":\"x\",\"attachments\":[{\"id\":\"%s\"}]}",
                                 json_object_get_string_member (others, "id")), 404, "attachments[0].id" },
    { f->buyer, g_strdup_printf ("{\"attachments\":[{\"id\":\"%s\"},{\"id\":\"%s\"}]}",
                                 json_object_get_string_member (mine, "id"),
                                 json_object_get_string_member (mine, "id")), 400, "attachments[1]" },
    { f->buyer, NULL, 400, "attachments" },  /* eleven, filled in below */
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"location\",\"lat\":91,\"lng\":0}]}"), 400,
      "attachments[0].lat" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"location\",\"lat\":0,\"lng\":-181}]}"), 400,
      "attachments[0].lng" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"location\",\"lat\":\"12\",\"lng\":0}]}"), 400,
      "attachments[0].lat" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"location\",\"lat\":1}]}"), 400, "attachments[0].lng" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"location\",\"lat\":1,\"lng\":1,\"label\":7}]}"), 400,
      "attachments[0].label" },
    { f->buyer, g_strdup_printf ("{\"attachments\":[{\"kind\":\"location\",\"lat\":1,\"lng\":1,\"label\":\"%s\"}]}",
                                 long_label), 400, "attachments[0].label" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"location\",\"lat\":1,\"lng\":1,\"x\":1}]}"), 400,
      "attachments[0]" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"checklist\",\"title\":\"T\",\"items\":[]}]}"), 400,
      "attachments[0].items" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"checklist\",\"title\":\"T\",\"items\":"
                          "[{\"text\":\"a\",\"done\":\"yes\"}]}]}"), 400, "attachments[0].items" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"checklist\",\"title\":\"T\",\"items\":\"a\"}]}"), 400,
      "attachments[0].items" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"checklist\",\"items\":[{\"text\":\"a\"}]}]}"), 400,
      "attachments[0].title" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"checklist\",\"title\":\"T\",\"items\":"
                          "[{\"text\":\"two\\nlines\"}]}]}"), 400, "attachments[0].text" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"kind\":\"sticker\"}]}"), 400, "attachments[0]" },
    { f->buyer, g_strdup ("{\"attachments\":[42]}"), 400, "attachments[0]" },
    { f->buyer, g_strdup ("{\"attachments\":{\"id\":\"x\"}}"), 400, "attachments" },
    { f->buyer, g_strdup ("{\"attachments\":[{\"id\":7}]}"), 400, "attachments[0]" },
    { f->buyer, g_strdup ("{\"attachments\":[]}"), 400, "body" },  /* nothing to send */
    { f->other, g_strdup_printf ("{\"body\":\"x\",\"attachments\":[{\"id\":\"%s\"}]}",
                                 json_object_get_string_member (others, "id")), 404, NULL },
  };

  for (guint i = 0; i <= PLZ_ATTACHMENTS_MAX; i++)
    g_string_append_printf (eleven, "%s{\"kind\":\"location\",\"lat\":1,\"lng\":1}", i > 0 ? "," : "");
  g_string_append (eleven, "]}");
  cases[5].json = g_strdup (eleven->str);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzTestResponse) r = send_message (f, cases[i].token, f->conversation, cases[i].json);

      if (r->status != cases[i].status || (cases[i].field != NULL &&
                                           g_strcmp0 (error_field (r), cases[i].field) != 0))
        g_error ("case %u (%s): %u %s", i, cases[i].json, r->status, r->body);
      g_free (cases[i].json);
    }
  /* Nothing was sent. */
  g_assert_cmpuint (history_length (f, f->conversation), ==, before);
}

static void
test_stream (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/stream", plz_test_server_get_url (f->ts));
  g_autoptr(PlzTestWs) buyer = plz_test_ws_new (url);
  g_autoptr(PlzTestWs) op = plz_test_ws_new (url);
  g_autoptr(GBytes) png = make_png (120, 80);
  g_autoptr(JsonObject) a = upload_ok (f, f->buyer, f->conversation, png, "image/png", "van.png");
  g_autoptr(JsonObject) ack = NULL, event = NULL, error = NULL, bad = NULL;
  g_autoptr(JsonNode) a_node = NULL;
  g_autofree char *expected_text = NULL, *a_text = NULL;
  JsonObject *m;

  plz_test_ws_hello (buyer, f->buyer, 0, NULL);
  plz_test_ws_hello (op, f->op, 0, NULL);
  plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"ws-1\",\"conversation_id\":\"%s\","
                    "\"attachments\":[{\"id\":\"%s\"},{\"kind\":\"location\",\"lat\":-26.2,\"lng\":28.04,"
                    "\"label\":\"Gate 2\"}]}", f->conversation, json_object_get_string_member (a, "id"));
  ack = plz_test_ws_wait_frame (buyer, "ack", NULL);
  event = plz_test_ws_wait_frame (op, "event", NULL);
  a_node = object_node (a);
  a_text = json_to_string (a_node, FALSE);
  expected_text = g_strdup_printf ("[%s,{\"kind\":\"location\",\"lat\":-26.2,\"lng\":28.04,\"label\":\"Gate 2\"}]",
                                   a_text);
  m = json_object_get_object_member (ack, "message");
  g_assert_cmpstr (json_object_get_string_member (m, "body"), ==, "");
  plz_assert_json_equal (json_object_get_member (m, "attachments"), expected_text);
  m = json_object_get_object_member (json_object_get_object_member (event, "data"), "message");
  plz_assert_json_equal (json_object_get_member (m, "attachments"), expected_text);

  /* Bad attachments get an error frame and the link stays open. */
  plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"ws-2\",\"conversation_id\":\"%s\","
                    "\"attachments\":[{\"kind\":\"location\",\"lat\":100,\"lng\":0}]}", f->conversation);
  error = plz_test_ws_wait_frame (buyer, "error", NULL);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "invalid_input");
  g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, "attachments[0].lat");
  g_assert_cmpstr (json_object_get_string_member (error, "client_id"), ==, "ws-2");
  plz_test_ws_send (buyer, "{\"type\":\"send\",\"client_id\":\"ws-3\",\"conversation_id\":\"%s\","
                    "\"attachments\":\"no\"}", f->conversation);
  bad = plz_test_ws_wait_frame (buyer, "error", NULL);
  g_assert_cmpstr (json_object_get_string_member (bad, "field"), ==, "attachments");
  g_assert_cmpuint (history_length (f, f->conversation), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/attachments/image", test_image);
  ADD ("/attachments/document", test_document);
  ADD ("/attachments/location-and-checklist", test_location_and_checklist);
  ADD ("/attachments/bad-uploads", test_bad_uploads);
  ADD ("/attachments/bad-sends", test_bad_sends);
  ADD ("/attachments/stream", test_stream);
#undef ADD
  return g_test_run ();
}
