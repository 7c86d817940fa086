/* test-catalogue.c — listings, lifecycle, attributes, photos, favorites and
 * search against a real in-process server */
#include "plz-test-server.h"
#include "accounts/plz-accounts.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sqlite3.h>
#include <string.h>

#define PASSWORD "a long enough secret 42"

typedef struct
{
  PlzTestServer *ts;
  char          *op;      /* operator token */
  char          *op2;     /* another operator */
  char          *buyer;   /* a consumer */
} Fixture;

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static const char *
error_field (PlzTestResponse *r)
{
  JsonObject *err;

  if (r->json == NULL || !json_object_has_member (root (r), "error"))
    return NULL;
  err = json_object_get_object_member (root (r), "error");
  return json_object_get_string_member_with_default (err, "field", NULL);
}

static char *
sign_up (Fixture *f, const char *email, gboolean operator)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"" PASSWORD "\",\"display_name\":\"Person\"}", email);
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/api/v1/accounts", body, NULL);
  char *token;

  g_assert_cmpuint (r->status, ==, 201);
  token = g_strdup (json_object_get_string_member (root (r), "token"));
  if (operator)
    {
      g_autoptr(PlzTestResponse) op = plz_test_request_auth (f->ts, "POST", "/api/v1/me/operator",
        "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-26.1,\"lng\":28.0,\"radius_km\":30}}", token);
      g_assert_cmpuint (op->status, ==, 200);
    }
  return token;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
  f->op = sign_up (f, "op@example.com", TRUE);
  f->op2 = sign_up (f, "op2@example.com", TRUE);
  f->buyer = sign_up (f, "buyer@example.com", FALSE);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->ts, plz_test_server_free);
  g_free (f->op);
  g_free (f->op2);
  g_free (f->buyer);
}

/* Creates and publishes a car-wash listing; returns its id. */
static char *
make_listing (Fixture *f, const char *token, const char *title, gint64 price, double lat, double lng,
              const char *attrs, gboolean publish)
{
  g_autofree char *body = g_strdup_printf (
    "{\"category_id\":10,\"title\":\"%s\",\"description\":\"Hand wash and polish\","
    "\"price\":{\"amount_minor\":%" G_GINT64_FORMAT ",\"currency\":\"ZAR\"},\"pricing_type\":\"fixed\","
    "\"attributes\":%s,\"location\":{\"lat\":%f,\"lng\":%f,\"city\":\"Johannesburg\",\"country\":\"ZA\"}}",
    title, price, attrs, lat, lng);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/listings", body, token);
  char *id;

  if (r->status != 201)
    g_error ("create: %u %s", r->status, r->body);
  id = g_strdup (json_object_get_string_member (json_object_get_object_member (root (r), "listing"), "id"));
  if (publish)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/status", id);
      g_autoptr(PlzTestResponse) p = plz_test_request_auth (f->ts, "POST", path, "{\"status\":\"active\"}", token);
      g_assert_cmpuint (p->status, ==, 200);
    }
  return id;
}

static void
test_categories (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "GET", "/api/v1/categories", NULL, NULL);
  JsonArray *cats = json_object_get_array_member (root (r), "categories");

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (cats), >=, 15);

  /* Sub-categories inherit their parent's attributes, in the tree and when a
   * listing is validated. */
  for (guint i = 0; i < json_array_get_length (cats); i++)
    {
      JsonObject *c = json_array_get_object_element (cats, i);

      if (g_strcmp0 (json_object_get_string_member (c, "slug"), "home-cleaning") == 0)
        {
          JsonArray *attrs = json_object_get_array_member (c, "attributes");

          /* The parent's four, once each. */
          g_assert_cmpuint (json_array_get_length (attrs), ==, 4);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attrs, 0), "key"),
                           ==, "property_type");
        }
    }
  {
    const char *good = "{\"category_id\":2,\"title\":\"Home clean\",\"price\":{\"amount_minor\":100},"
                       "\"location\":{\"lat\":1,\"lng\":1},\"attributes\":{\"bedrooms\":3}}";
    const char *bad = "{\"category_id\":2,\"title\":\"Home clean\",\"price\":{\"amount_minor\":100},"
                      "\"location\":{\"lat\":1,\"lng\":1},\"attributes\":{\"bedrooms\":300}}";
    g_autoptr(PlzTestResponse) ok = plz_test_request_auth (f->ts, "POST", "/api/v1/listings", good, f->op);
    g_autoptr(PlzTestResponse) no = plz_test_request_auth (f->ts, "POST", "/api/v1/listings", bad, f->op);

    g_assert_cmpuint (ok->status, ==, 201);
    g_assert_cmpuint (no->status, ==, 400);
    g_assert_cmpstr (error_field (no), ==, "attributes.bedrooms");
  }
}

static void
test_create_and_validate (Fixture *f, gconstpointer data)
{
  const struct { const char *body; const char *field; } bad[] = {
    { "{\"title\":\"Wash\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":0,\"lng\":0}}", "category_id" },
    { "{\"category_id\":999,\"title\":\"Wash\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":0,\"lng\":0}}", "category_id" },
    { "{\"category_id\":10,\"title\":\"<b>Wash</b>\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":0,\"lng\":0}}", "title" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":-5},\"location\":{\"lat\":0,\"lng\":0}}", "price" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100,\"currency\":\"rand\"},\"location\":{\"lat\":0,\"lng\":0}}", "price" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":95,\"lng\":0}}", "location.lat" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":1,\"lng\":0},\"attributes\":{\"vehicle_size\":\"tank\"}}", "attributes.vehicle_size" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":1,\"lng\":0},\"attributes\":{\"duration_min\":\"long\"}}", "attributes.duration_min" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":1,\"lng\":0},\"attributes\":{\"duration_min\":5}}", "attributes.duration_min" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":1,\"lng\":0},\"attributes\":{\"colour\":\"red\"}}", "attributes.colour" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":1,\"lng\":0},\"pricing_type\":\"free\"}", "pricing_type" },
    { "{\"category_id\":10,\"title\":\"Wash car\",\"price\":{\"amount_minor\":100},\"location\":{\"lat\":1,\"lng\":0},\"status\":\"active\"}", "status" },
  };
  g_autoptr(PlzTestResponse) consumer = plz_test_request_auth (f->ts, "POST", "/api/v1/listings", "{}", f->buyer);

  g_assert_cmpuint (consumer->status, ==, 403);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/listings", bad[i].body, f->op);

      g_test_message ("case %u: %s", i, r->body);
      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (error_field (r), ==, bad[i].field);
    }
  {
    g_autofree char *id = make_listing (f, f->op, "Sparkle Car Wash", 15000, -26.1, 28.0,
                                        "{\"vehicle_size\":\"suv\",\"mobile\":true,\"duration_min\":45}", FALSE);
    g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s", id);
    g_autoptr(PlzTestResponse) anon = plz_test_request (f->ts, "GET", path, NULL, NULL);
    g_autoptr(PlzTestResponse) own = plz_test_request_auth (f->ts, "GET", path, NULL, f->op);
    JsonObject *l;

    /* A draft is the operator's alone. */
    g_assert_cmpuint (anon->status, ==, 404);
    g_assert_cmpuint (own->status, ==, 200);
    l = json_object_get_object_member (root (own), "listing");
    g_assert_cmpstr (json_object_get_string_member (l, "status"), ==, "draft");
    plz_assert_json_equal (json_object_get_member (l, "price"), "{\"amount_minor\":15000,\"currency\":\"ZAR\"}");
    plz_assert_json_equal (json_object_get_member (l, "attributes"), "{\"vehicle_size\":\"suv\",\"mobile\":true,\"duration_min\":45}");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (l, "slug"), "sparkle-car-wash-"));
  }
}

static PlzTestResponse *
move (Fixture *f, const char *token, const char *id, const char *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/status", id);
  g_autofree char *body = g_strdup_printf ("{\"status\":\"%s\"}", status);
  return plz_test_request_auth (f->ts, "POST", path, body, token);
}

static void
test_lifecycle (Fixture *f, gconstpointer data)
{
  g_autofree char *id = make_listing (f, f->op, "Lifecycle wash", 1000, -26.1, 28.0, "{}", FALSE);
  const struct { const char *to; guint status; } steps[] = {
    { "sold", 409 }, { "paused", 409 }, { "active", 200 }, { "active", 200 }, { "draft", 409 },
    { "paused", 200 }, { "sold", 409 }, { "active", 200 }, { "sold", 200 }, { "active", 200 },
    { "archived", 200 }, { "active", 409 }, { "gone", 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(PlzTestResponse) r = move (f, f->op, id, steps[i].to);

      g_test_message ("step %u → %s: %u", i, steps[i].to, r->status);
      g_assert_cmpuint (r->status, ==, steps[i].status);
    }
  {
    /* Someone else's listing does not exist for them. */
    g_autoptr(PlzTestResponse) other = move (f, f->op2, id, "paused");
    g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s", id);
    g_autoptr(PlzTestResponse) edit = plz_test_request_auth (f->ts, "PATCH", path, "{\"title\":\"Mine now\"}", f->op2);
    g_autoptr(PlzTestResponse) del = plz_test_request_auth (f->ts, "DELETE", path, NULL, f->op2);

    g_assert_cmpuint (other->status, ==, 404);
    g_assert_cmpuint (edit->status, ==, 404);
    g_assert_cmpuint (del->status, ==, 404);
  }
}

static GBytes *
make_png (int w, int h)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, w, h);
  g_autofree char *buf = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pb, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pb, &buf, &len, "png", NULL, NULL));
  return g_bytes_new_take (g_steal_pointer (&buf), len);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_photos (Fixture *f, gconstpointer data)
{
  g_autofree char *id = make_listing (f, f->op, "Photo wash", 1000, -26.1, 28.0, "{}", TRUE);
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/photos", id);
  g_autoptr(GBytes) png = make_png (800, 600);
  g_autoptr(GBytes) tiny = make_png (10, 10);
  gsize size;
  const guint8 *raw = g_bytes_get_data (png, &size);
  g_autoptr(GBytes) truncated = g_bytes_new (raw, size / 2);
  g_autoptr(GBytes) text = g_bytes_new_static ("GIF89a not really", 17);
  g_autoptr(PlzTestResponse) up = plz_test_request_bytes (f->ts, "POST", path, png, "image/png", f->op);
  g_autoptr(PlzTestResponse) up_other = plz_test_request_bytes (f->ts, "POST", path, png, "image/png", f->op2);
  g_autoptr(PlzTestResponse) bad_trunc = plz_test_request_bytes (f->ts, "POST", path, truncated, "image/png", f->op);
  g_autoptr(PlzTestResponse) bad_text = plz_test_request_bytes (f->ts, "POST", path, text, "image/png", f->op);
  g_autoptr(PlzTestResponse) bad_tiny = plz_test_request_bytes (f->ts, "POST", path, tiny, "image/png", f->op);
  JsonObject *photo;
  g_autofree char *photos_dir = g_build_filename (plz_test_server_get_data_dir (f->ts), "media", "photos", NULL);
  g_autofree char *thumbs_dir = g_build_filename (plz_test_server_get_data_dir (f->ts), "media", "thumbnails", NULL);

  g_assert_cmpuint (up->status, ==, 201);
  g_assert_cmpuint (up_other->status, ==, 404);
  g_assert_cmpuint (bad_trunc->status, ==, 400);
  g_assert_cmpuint (bad_text->status, ==, 415);
  g_assert_cmpuint (bad_tiny->status, ==, 400);
  photo = json_array_get_object_element (json_object_get_array_member (
            json_object_get_object_member (root (up), "listing"), "photos"), 0);
  g_assert_cmpint (json_object_get_int_member (photo, "width"), ==, 800);

  {
    g_autoptr(PlzTestResponse) full = plz_test_request (f->ts, "GET", json_object_get_string_member (photo, "url"), NULL, NULL);
    g_autoptr(PlzTestResponse) thumb = plz_test_request (f->ts, "GET", json_object_get_string_member (photo, "thumbnail_url"), NULL, NULL);
    const char *etag = soup_message_headers_get_one (thumb->headers, "ETag");
    g_autofree char *uri = g_strconcat (plz_test_server_get_url (f->ts), json_object_get_string_member (photo, "thumbnail_url"), NULL);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GBytes) none = NULL;

    g_assert_cmpuint (full->status, ==, 200);
    g_assert_cmpuint (full->length, ==, size);
    g_assert_cmpuint (thumb->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (thumb->headers, NULL), ==, "image/jpeg");
    g_assert_nonnull (etag);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);
    none = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
  }

  g_assert_cmpuint (count_files (photos_dir), ==, 1);
  g_assert_cmpuint (count_files (thumbs_dir), ==, 1);
  {
    /* The operator's own list carries the photos too, not only the cover. */
    g_autoptr(PlzTestResponse) mine = plz_test_request_auth (f->ts, "GET", "/api/v1/me/listings", NULL, f->op);
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (root (mine), "listings"), 0);
    JsonArray *photos = json_object_get_array_member (first, "photos");

    g_assert_cmpuint (mine->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (photos), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (photos, 0), "id"), ==,
                     json_object_get_string_member (photo, "id"));
  }
  {
    g_autofree char *lpath = g_strdup_printf ("/api/v1/listings/%s", id);
    g_autoptr(PlzTestResponse) del = plz_test_request_auth (f->ts, "DELETE", lpath, NULL, f->op);

    g_assert_cmpuint (del->status, ==, 200);
  }
  /* No orphans left behind. */
  g_assert_cmpuint (count_files (photos_dir), ==, 0);
  g_assert_cmpuint (count_files (thumbs_dir), ==, 0);
}

static void
test_favorites (Fixture *f, gconstpointer data)
{
  g_autofree char *id = make_listing (f, f->op, "Favorite wash", 1000, -26.1, 28.0, "{}", TRUE);
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/favorite", id);
  g_autoptr(PlzTestResponse) a = plz_test_request_auth (f->ts, "PUT", path, NULL, f->buyer);
  g_autoptr(PlzTestResponse) b = plz_test_request_auth (f->ts, "PUT", path, NULL, f->buyer);
  g_autoptr(PlzTestResponse) mine = plz_test_request_auth (f->ts, "GET", "/api/v1/me/favorites", NULL, f->buyer);
  g_autoptr(PlzTestResponse) c = plz_test_request_auth (f->ts, "DELETE", path, NULL, f->buyer);
  g_autoptr(PlzTestResponse) d = plz_test_request_auth (f->ts, "DELETE", path, NULL, f->buyer);
  g_autoptr(PlzTestResponse) anon = plz_test_request (f->ts, "PUT", path, NULL, NULL);
  g_autoptr(PlzTestResponse) unknown = plz_test_request_auth (f->ts, "PUT", "/api/v1/listings/nope/favorite", NULL, f->buyer);

  g_assert_cmpuint (a->status, ==, 200);
  /* Twice is once: the counter moves only with the row. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
    json_object_get_object_member (root (b), "listing"), "counters"), "favorites"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (mine), "listings")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
    json_object_get_object_member (root (d), "listing"), "counters"), "favorites"), ==, 0);
  g_assert_cmpuint (c->status, ==, 200);
  g_assert_cmpuint (anon->status, ==, 401);
  g_assert_cmpuint (unknown->status, ==, 404);
}

/* Ratings come from reviews, which write the listing rows; the test does it
 * through its own connection to the database file. */
static void
set_rating (Fixture *f, const char *id, double average, gint64 count)
{
  g_autofree char *path = g_build_filename (plz_test_server_get_data_dir (f->ts), "plaza.db", NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE listings SET rating_avg = %f, rating_count = %" G_GINT64_FORMAT
                                          " WHERE id = '%s'", average, count, id);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static JsonObject *
detail_operator (PlzTestResponse *r)
{
  JsonObject *listing;

  g_assert_cmpuint (r->status, ==, 200);
  listing = json_object_get_object_member (root (r), "listing");
  g_assert_true (json_object_has_member (listing, "operator"));
  return json_object_get_object_member (listing, "operator");
}

/* The listing page shows who offers it: name, picture, badges, how fast they
 * answer and how people rate them over all their listings. */
static void
test_operator_card (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_listing (f, f->op, "Card wash one", 1000, -26.1, 28.0, "{}", TRUE);
  g_autofree char *b = make_listing (f, f->op, "Card wash two", 2000, -26.1, 28.0, "{}", TRUE);
  g_autofree char *other = make_listing (f, f->op2, "Someone else's wash", 2000, -26.1, 28.0, "{}", TRUE);
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s", a);
  g_autofree char *other_path = g_strdup_printf ("/api/v1/listings/%s", other);
  JsonObject *card, *badges;

  {
    g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", path, NULL, f->buyer);

    card = detail_operator (r);
    g_assert_cmpstr (json_object_get_string_member (card, "display_name"), ==, "Person");
    g_assert_true (json_object_has_member (card, "avatar_url"));
    g_assert_true (json_object_get_null_member (card, "avatar_url"));
    badges = json_object_get_object_member (card, "badges");
    g_assert_nonnull (badges);
    g_assert_false (json_object_get_boolean_member (badges, "email_verified"));
    g_assert_false (json_object_get_boolean_member (badges, "identity_verified"));
    g_assert_true (json_object_get_null_member (card, "response_time_s"));
    /* Nobody has rated them yet. */
    g_assert_true (json_object_get_null_member (card, "rating"));
    g_assert_cmpint (json_object_get_int_member (card, "rating_count"), ==, 0);
    /* Private details stay private. */
    g_assert_false (json_object_has_member (card, "email"));
    g_assert_false (json_object_has_member (card, "phone"));
  }

  set_rating (f, a, 4.5, 2);
  set_rating (f, b, 4.0, 6);
  set_rating (f, other, 1.0, 10);
  {
    g_autoptr(PlzTestResponse) anon = plz_test_request (f->ts, "GET", path, NULL, NULL);
    g_autoptr(PlzTestResponse) r2 = plz_test_request (f->ts, "GET", other_path, NULL, NULL);

    /* Weighted by the number of ratings, over this operator's listings only. */
    card = detail_operator (anon);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (card, "rating"), (4.5 * 2 + 4.0 * 6) / 8, 1e-9);
    g_assert_cmpint (json_object_get_int_member (card, "rating_count"), ==, 8);
    card = detail_operator (r2);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (card, "rating"), 1.0, 1e-9);
    g_assert_cmpint (json_object_get_int_member (card, "rating_count"), ==, 10);
  }
}

static JsonArray *
search (Fixture *f, const char *query, char **next)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/listings?%s", query);
  PlzTestResponse *r = plz_test_request (f->ts, "GET", path, NULL, NULL);
  JsonArray *a;

  if (r->status != 200)
    g_error ("search %s: %u %s", query, r->status, r->body);
  a = json_array_ref (json_object_get_array_member (root (r), "listings"));
  if (next != NULL)
    *next = json_object_get_null_member (root (r), "next_cursor") ? NULL
          : g_strdup (json_object_get_string_member (root (r), "next_cursor"));
  plz_test_response_free (r);
  return a;
}

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_listing (f, f->op, "Sparkle mobile car wash", 15000, -26.10, 28.05,
                                     "{\"vehicle_size\":\"suv\",\"mobile\":true}", TRUE);
  g_autofree char *b = make_listing (f, f->op, "Budget wash and vacuum", 8000, -26.20, 28.04,
                                     "{\"vehicle_size\":\"sedan\",\"mobile\":false}", TRUE);
  g_autofree char *c = make_listing (f, f->op2, "Cape Town valet", 30000, -33.92, 18.42,
                                     "{\"vehicle_size\":\"suv\",\"mobile\":true}", TRUE);
  g_autofree char *draft = make_listing (f, f->op2, "Hidden sparkle draft", 100, -26.1, 28.0, "{}", FALSE);
  g_autoptr(JsonArray) text = search (f, "q=sparkle", NULL);
  g_autoptr(JsonArray) prefix = search (f, "q=spark", NULL);
  g_autoptr(JsonArray) hostile = search (f, "q=%22%29%20OR%20*%20NEAR%28", NULL);
  g_autoptr(JsonArray) cheap = search (f, "max_price=10000", NULL);
  g_autoptr(JsonArray) suv = search (f, "category=10&attr.vehicle_size=suv", NULL);
  g_autoptr(JsonArray) mobile = search (f, "category=10&attr.mobile=true&sort=price_asc", NULL);
  g_autoptr(JsonArray) near = search (f, "lat=-26.11&lng=28.05&radius_km=20&sort=distance", NULL);
  g_autoptr(JsonArray) parent = search (f, "category=10", NULL);

  g_assert_cmpuint (json_array_get_length (text), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (text, 0), "id"), ==, a);
  g_assert_cmpuint (json_array_get_length (prefix), ==, 1);
  g_assert_cmpuint (json_array_get_length (hostile), ==, 0);
  g_assert_cmpuint (json_array_get_length (cheap), ==, 1);
  g_assert_cmpuint (json_array_get_length (suv), ==, 2);
  g_assert_cmpuint (json_array_get_length (mobile), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mobile, 0), "id"), ==, a);
  g_assert_cmpuint (json_array_get_length (near), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (near, 0), "id"), ==, a);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (near, 0), "distance_km"), <,
                     json_object_get_double_member (json_array_get_object_element (near, 1), "distance_km"));
  g_assert_cmpuint (json_array_get_length (parent), ==, 3);
  (void) b; (void) c; (void) draft;
}

static void
test_search_bad_input (Fixture *f, gconstpointer data)
{
  const struct { const char *query; const char *field; } bad[] = {
    { "limit=0", "limit" }, { "limit=500", "limit" }, { "min_price=-1", "min_price" },
    { "lat=100&lng=0", "lat" }, { "lat=1", "lng" }, { "sort=random", "sort" }, { "sort=distance", "sort" },
    { "category=999", "category" }, { "attr.vehicle_size=suv", "attr.vehicle_size" },
    { "category=10&attr.colour=red", "attr.colour" }, { "category=10&attr.duration_min=long", "attr.duration_min" },
    { "cursor=garbage", "cursor" }, { "operator=x' OR 1=1", "operator" }, { "bogus=1", "bogus" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/listings?%s", bad[i].query);
      g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "GET", path, NULL, NULL);

      g_test_message ("%s: %s", bad[i].query, r->body);
      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (error_field (r), ==, bad[i].field);
    }
}

/* Pages by cursor: no duplicates and no gaps, even when listings are added
 * between pages (new ones sort before the cursor and do not shift it). */
static void
test_pagination (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0, total = 0;

  for (guint i = 0; i < 23; i++)
    {
      g_autofree char *title = g_strdup_printf ("Wash number %u", i);
      g_autofree char *id = make_listing (f, f->op, title, 1000 + (i % 5) * 100, -26.1, 28.0, "{}", TRUE);
    }

  do
    {
      g_autofree char *q = cursor != NULL ? g_strdup_printf ("sort=price_asc&limit=5&cursor=%s", cursor)
                                          : g_strdup ("sort=price_asc&limit=5");
      g_autofree char *escaped = NULL;
      g_autoptr(JsonArray) page = NULL;
      char *next = NULL;

      if (cursor != NULL)
        {
          escaped = g_uri_escape_string (cursor, NULL, FALSE);
          g_free (q);
          q = g_strdup_printf ("sort=price_asc&limit=5&cursor=%s", escaped);
        }
      page = search (f, q, &next);
      for (guint i = 0; i < json_array_get_length (page); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (page, i), "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
          total++;
        }
      if (pages == 1)
        {
          /* Cheaper listings appear before the cursor; the walk is unaffected. */
          g_autofree char *x = make_listing (f, f->op2, "Late cheap wash", 10, -26.1, 28.0, "{}", TRUE);
        }
      g_free (cursor);
      cursor = next;
      pages++;
    }
  while (cursor != NULL && pages < 20);

  g_assert_cmpuint (total, ==, 23);
  g_assert_cmpuint (pages, ==, 5);
}

/* Walks every page of @query @limit at a time; returns the ids in order and
 * fails on a duplicate. */
static GPtrArray *
walk (Fixture *f, const char *query, guint limit)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *q = escaped != NULL ? g_strdup_printf ("%s&limit=%u&cursor=%s", query, limit, escaped)
                                           : g_strdup_printf ("%s&limit=%u", query, limit);
      g_autoptr(JsonArray) page = NULL;
      char *next = NULL;

      page = search (f, q, &next);
      g_assert_cmpuint (json_array_get_length (page), <=, limit);
      for (guint i = 0; i < json_array_get_length (page); i++)
        {
          char *id = g_strdup (json_object_get_string_member (json_array_get_object_element (page, i), "id"));

          g_assert_false (g_hash_table_contains (seen, id));
          g_ptr_array_add (ids, id);
          g_hash_table_add (seen, id);
        }
      g_free (cursor);
      cursor = next;
    }
  while (cursor != NULL && ++pages < 500);
  return ids;
}

static gboolean
contains (GPtrArray *ids, const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

/* Text search reads differently by case (the FTS5 index alone; a probe of the
 * best matches checked against the filters; ranking only the listings that
 * pass narrow filters; text in price order): each must give every match once,
 * and only searchable listings. */
static void
test_search_paths (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dear = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ranked = NULL, probed = NULL, narrow = NULL, by_price = NULL, near = NULL;
  g_autoptr(GPtrArray) after_pause = NULL, after_resume = NULL;
  g_autofree char *paused = make_listing (f, f->op, "Shine wash paused", 5000, -26.1, 28.0, "{}", TRUE);
  g_autofree char *draft = make_listing (f, f->op, "Shine wash draft", 5000, -26.1, 28.0, "{}", FALSE);
  g_autoptr(PlzTestResponse) pause = move (f, f->op, paused, "paused");
  gint64 last_price = -1;

  g_assert_cmpuint (pause->status, ==, 200);
  /* More matches than the probe reads, so that narrow filters take the
   * second path; every thirtieth is dearer and far from the others. */
  for (guint i = 0; i < 290; i++)
    {
      gboolean is_dear = i % 30 == 7;
      g_autofree char *title = g_strdup_printf ("Shine wash %s %u", i % 2 ? "deluxe" : "express", i);
      char *id = make_listing (f, i % 2 ? f->op : f->op2, title, is_dear ? 5000 : 1000 + i,
                               is_dear ? -33.9 : -26.1, is_dear ? 18.4 : 28.0, "{}", TRUE);

      g_ptr_array_add (all, id);
      if (is_dear)
        g_ptr_array_add (dear, g_strdup (id));
    }

  ranked = walk (f, "q=shine", 37);
  probed = walk (f, "q=shine&category=10", 23);
  narrow = walk (f, "q=shine&min_price=5000", 4);
  by_price = walk (f, "q=shine&sort=price_asc", 50);
  near = walk (f, "q=shine+deluxe&lat=-33.9&lng=18.4&radius_km=5", 3);

  g_assert_cmpuint (ranked->len, ==, all->len);
  g_assert_cmpuint (probed->len, ==, all->len);
  g_assert_cmpuint (by_price->len, ==, all->len);
  g_assert_cmpuint (narrow->len, ==, dear->len);
  for (guint i = 0; i < all->len; i++)
    {
      g_assert_true (contains (ranked, all->pdata[i]));
      g_assert_true (contains (probed, all->pdata[i]));
    }
  for (guint i = 0; i < dear->len; i++)
    g_assert_true (contains (narrow, dear->pdata[i]));
  for (guint i = 0; i < near->len; i++)
    g_assert_true (contains (dear, near->pdata[i]));
  g_assert_cmpuint (near->len, >, 0);
  g_assert_false (contains (ranked, paused));
  g_assert_false (contains (ranked, draft));

  /* Price order holds across pages. */
  for (guint i = 0; i < by_price->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s", (char *) by_price->pdata[i]);
      g_autoptr(PlzTestResponse) r = i % 29 == 0 ? plz_test_request (f->ts, "GET", path, NULL, NULL) : NULL;

      if (r != NULL)
        {
          gint64 price = json_object_get_int_member (json_object_get_object_member (
                           json_object_get_object_member (root (r), "listing"), "price"), "amount_minor");
          g_assert_cmpint (price, >=, last_price);
          last_price = price;
        }
    }

  /* Pausing takes a listing out of text search at once; publishing again
   * brings it back. */
  {
    g_autoptr(PlzTestResponse) p = move (f, f->op, all->pdata[3], "paused");
    g_autoptr(PlzTestResponse) a = NULL;

    g_assert_cmpuint (p->status, ==, 200);
    after_pause = walk (f, "q=shine&min_price=1000", 50);
    g_assert_false (contains (after_pause, all->pdata[3]));
    g_assert_cmpuint (after_pause->len, ==, all->len - 1);
    a = move (f, f->op, all->pdata[3], "active");
    g_assert_cmpuint (a->status, ==, 200);
    after_resume = walk (f, "q=shine", 50);
    g_assert_true (contains (after_resume, all->pdata[3]));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/catalogue/categories", test_categories);
  ADD ("/catalogue/create-and-validate", test_create_and_validate);
  ADD ("/catalogue/lifecycle", test_lifecycle);
  ADD ("/catalogue/photos", test_photos);
  ADD ("/catalogue/favorites", test_favorites);
  ADD ("/catalogue/search-paths", test_search_paths);
  ADD ("/catalogue/operator-card", test_operator_card);
  ADD ("/catalogue/search", test_search);
  ADD ("/catalogue/search-bad-input", test_search_bad_input);
  ADD ("/catalogue/pagination", test_pagination);
#undef ADD

  return g_test_run ();
}
