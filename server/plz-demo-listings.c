/* plz-demo-listings.c — demo listings with photos, and bulk listings for load tests */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-demo.h"
#include "plz-error.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"
#include "catalogue/plz-catalogue.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

/* What a pilot's first operators would publish. Colours tint the generated
 * photos so that each listing looks like itself. */
static const struct
{
  const char *operator_email;
  gint64      category_id;
  const char *title;
  const char *description;
  gint64      price_minor;
  const char *pricing_type;
  const char *attributes;
  const char *city;
  double      lat, lng;
  guint32     from, to;     /* photo gradient, 0xRRGGBB */
  guint       photos;
} demo_listings[] = {
  { "sipho@plaza.test", 10, "Mobile car wash and valet",
    "We come to your home or office with our own water and eco-friendly products. "
    "Exterior wash, tyre shine and windows; add an interior vacuum for a full valet.",
    15000, "fixed", "{\"vehicle_size\":\"sedan\",\"mobile\":true,\"interior\":true,\"duration_min\":60}",
    "Johannesburg", -26.1076, 28.0567, 0x1c71d8, 0x99c1f1, 3 },
  { "sipho@plaza.test", 10, "SUV and bakkie deep clean",
    "Big vehicles need more time: pre-soak, hand wash, clay bar and a wax that lasts. "
    "Seats shampooed on request.",
    35000, "fixed", "{\"vehicle_size\":\"suv\",\"mobile\":true,\"interior\":true,\"duration_min\":150}",
    "Sandton", -26.1076, 28.0567, 0x26a269, 0x8ff0a4, 2 },
  { "sipho@plaza.test", 10, "Express exterior wash",
    "Thirty minutes, in and out: a quick hand wash and dry while you are in a meeting.",
    8000, "fixed", "{\"vehicle_size\":\"small\",\"mobile\":true,\"interior\":false,\"duration_min\":30}",
    "Rosebank", -26.1452, 28.0436, 0x3584e4, 0xc0bfbc, 1 },
  { "lerato@plaza.test", 20, "Weekly garden service",
    "Lawn mowing, edging, weeding and watering for gardens up to 500 m². "
    "Refuse removed the same day.",
    45000, "fixed", "{\"garden_size_m2\":500,\"refuse_removal\":true,\"own_tools\":true}",
    "Johannesburg", -26.2041, 28.0473, 0x2ec27e, 0xf6d32d, 2 },
  { "lerato@plaza.test", 21, "Indigenous garden makeover",
    "Water-wise landscaping with indigenous plants: design, soil preparation and planting. "
    "Priced per project after a site visit.",
    850000, "per_project", "{\"garden_size_m2\":200,\"refuse_removal\":true,\"own_tools\":true}",
    "Melville", -26.1760, 28.0080, 0x63452c, 0x57e389, 3 },
  { "lerato@plaza.test", 22, "Pool cleaning and balancing",
    "Vacuum, skim, brush and test: your pool balanced and clear every week.",
    30000, "fixed", "{\"garden_size_m2\":50,\"refuse_removal\":false,\"own_tools\":true}",
    "Randburg", -26.0936, 28.0064, 0x1a5fb4, 0x62a0ea, 1 },
  { "nomsa@plaza.test", 2, "Home cleaning, three bedrooms",
    "A thorough clean of bedrooms, bathrooms, kitchen and living areas. "
    "We bring our own eco-friendly products.",
    48000, "fixed", "{\"property_type\":\"house\",\"bedrooms\":3,\"eco_products\":true,\"supplies_included\":true}",
    "Soweto", -26.2485, 27.8540, 0xe66100, 0xf9f06b, 2 },
  { "nomsa@plaza.test", 3, "Office cleaning after hours",
    "Desks, floors, kitchens and bathrooms cleaned after you close, so you open to a fresh office.",
    9500, "hourly", "{\"property_type\":\"office\",\"bedrooms\":0,\"eco_products\":false,\"supplies_included\":true}",
    "Braamfontein", -26.1929, 28.0305, 0x813d9c, 0xdc8add, 1 },
  { "nomsa@plaza.test", 4, "Carpet and couch shampoo",
    "Hot-water extraction for carpets, rugs and upholstery. Dry in a few hours.",
    65000, "negotiable", "{\"property_type\":\"apartment\",\"bedrooms\":2,\"eco_products\":true,\"supplies_included\":true}",
    "Soweto", -26.2485, 27.8540, 0xa51d2d, 0xffbe6f, 2 },
  { "pieter@plaza.test", 41, "Burst geyser and leak repairs",
    "Registered plumber for geysers, leaks, blocked drains and new installations. "
    "Emergency call-outs around the clock.",
    55000, "hourly", "{\"trade\":\"plumbing\",\"emergency\":true,\"callout_fee_minor\":45000,\"certified\":true}",
    "Pretoria", -25.7479, 28.2293, 0x0b4f8a, 0x99c1f1, 2 },
  { "pieter@plaza.test", 42, "Certificate of compliance (electrical)",
    "Electrical inspection and a certificate of compliance for selling or renting your home.",
    180000, "fixed", "{\"trade\":\"electrical\",\"emergency\":false,\"callout_fee_minor\":0,\"certified\":true}",
    "Centurion", -25.8603, 28.1894, 0xc64600, 0xf8e45c, 1 },
  { "pieter@plaza.test", 40, "Handyman for odd jobs",
    "Shelves, curtain rails, doors that stick and taps that drip: a morning of odd jobs.",
    0, "contact", "{\"trade\":\"handyman\",\"emergency\":false,\"callout_fee_minor\":25000,\"certified\":false}",
    "Pretoria", -25.7479, 28.2293, 0x5e5c64, 0xdeddda, 1 },
  { "ayesha@plaza.test", 30, "Maths tutoring, grades 8 to 12",
    "Patient one-on-one maths lessons for high school learners, CAPS and IEB, at home or online.",
    35000, "hourly", "{\"subject\":\"mathematics\",\"grade_from\":8,\"grade_to\":12,\"online\":true}",
    "Cape Town", -33.9249, 18.4241, 0x613583, 0x99c1f1, 2 },
  { "ayesha@plaza.test", 30, "Physical science exam preparation",
    "Past papers, worked solutions and exam technique for matric physical science.",
    40000, "hourly", "{\"subject\":\"physical science\",\"grade_from\":10,\"grade_to\":12,\"online\":true}",
    "Cape Town", -33.9249, 18.4241, 0x1c71d8, 0xdc8add, 1 },
  { "ayesha@plaza.test", 30, "Coding for teens: first steps in Python",
    "Small projects that teach programming from the first line: games, drawings and a website.",
    30000, "hourly", "{\"subject\":\"coding\",\"grade_from\":7,\"grade_to\":12,\"online\":true}",
    "Stellenbosch", -33.9321, 18.8602, 0x26a269, 0x3584e4, 1 },
};

/* Mixes @a into @b by @t (0..1), channel by channel. */
static guint8
mix (guint32 a,
     guint32 b,
     int     shift,
     double  t)
{
  double x = ((a >> shift) & 0xff) * (1 - t) + ((b >> shift) & 0xff) * t;

  return (guint8) CLAMP (x, 0, 255);
}

/* A soft-focus picture: a diagonal gradient between @from and @to with a few
 * blurred light discs, different for every @seed. JPEG, 960×640. */
static GBytes *
make_photo (guint32   from,
            guint32   to,
            guint     seed,
            GError  **error)
{
  const int w = 960, h = 640;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  double cx[5], cy[5], r[5], angle = g_rand_double_range (rand, 0, G_PI);
  gchar *buffer = NULL;
  gsize size = 0;

  for (int i = 0; i < 5; i++)
    {
      cx[i] = g_rand_double_range (rand, 0, w);
      cy[i] = g_rand_double_range (rand, 0, h);
      r[i] = g_rand_double_range (rand, 60, 220);
    }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double t = ((x - w / 2.0) * cos (angle) + (y - h / 2.0) * sin (angle)) / w + 0.5;
        double light = 0;
        guint8 *p = pixels + y * stride + x * 3;

        for (int i = 0; i < 5; i++)
          {
            double d = hypot (x - cx[i], y - cy[i]) / r[i];

            light += 0.35 * exp (-d * d);
          }
        t = CLAMP (t, 0, 1);
        for (int c = 0; c < 3; c++)
          {
            guint8 base = mix (from, to, 16 - 8 * c, t);

            p[c] = (guint8) CLAMP (base + (255 - base) * MIN (light, 0.8), 0, 255);
          }
      }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error, "quality", "85", NULL))
    return NULL;
  return g_bytes_new_take (buffer, size);
}

static JsonObject *
listing_body (guint i)
{
  g_autoptr(JsonObject) o = json_object_new ();
  JsonObject *price = json_object_new ();
  JsonObject *location = json_object_new ();

  json_object_set_int_member (o, "category_id", demo_listings[i].category_id);
  json_object_set_string_member (o, "title", demo_listings[i].title);
  json_object_set_string_member (o, "description", demo_listings[i].description);
  json_object_set_int_member (price, "amount_minor", demo_listings[i].price_minor);
  json_object_set_string_member (price, "currency", "ZAR");
  json_object_set_object_member (o, "price", price);
  json_object_set_string_member (o, "pricing_type", demo_listings[i].pricing_type);
  json_object_set_member (o, "attributes", json_from_string (demo_listings[i].attributes, NULL));
  json_object_set_double_member (location, "lat", demo_listings[i].lat);
  json_object_set_double_member (location, "lng", demo_listings[i].lng);
  json_object_set_string_member (location, "city", demo_listings[i].city);
  json_object_set_string_member (location, "country", "ZA");
  json_object_set_object_member (o, "location", location);
  return g_steal_pointer (&o);
}

gboolean
plz_demo_seed_listings (PlzStore         *store,
                        const PlzConfig  *config,
                        GError          **error)
{
  g_autoptr(PlzCatalogue) catalogue = NULL;
  g_autofree char *seeded = plz_store_get_meta (store, "demo_listings_seeded_at", NULL);
  g_autofree char *now = NULL;

  if (seeded != NULL)
    return TRUE;
  catalogue = plz_catalogue_new (store, config, error);
  if (catalogue == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_listings); i++)
    {
      g_autoptr(PlzUser) op = plz_accounts_store_find_by_email (store, demo_listings[i].operator_email, error);
      g_autoptr(JsonObject) body = listing_body (i);
      g_autoptr(PlzListing) listing = NULL;
      g_autoptr(PlzListing) active = NULL;

      if (op == NULL)
        return FALSE;
      listing = plz_catalogue_create (catalogue, op, body, error);
      if (listing == NULL)
        {
          g_prefix_error (error, "Demo listing “%s”: ", demo_listings[i].title);
          return FALSE;
        }
      for (guint k = 0; k < demo_listings[i].photos; k++)
        {
          g_autoptr(GBytes) photo = make_photo (demo_listings[i].from, demo_listings[i].to, i * 16 + k, error);
          g_autoptr(PlzListing) with_photo = NULL;

          if (photo == NULL ||
              (with_photo = plz_catalogue_add_photo (catalogue, op, listing->id, photo, error)) == NULL)
            return FALSE;
        }
      active = plz_catalogue_set_status (catalogue, op, listing->id, "active", error);
      if (active == NULL)
        return FALSE;
    }

  now = plz_time_format_rfc3339 (plz_time_now_us ());
  return plz_store_set_meta (store, "demo_listings_seeded_at", now, error);
}

/* Bulk listings ------------------------------------------------------------ */

static const char *words[] = {
  "sparkle", "budget", "premium", "express", "mobile", "eco", "deluxe", "family", "quick", "reliable",
  "friendly", "professional", "weekend", "local", "trusted", "careful", "affordable", "expert",
};

static const struct
{
  int         category;
  const char *what;
  const char *attributes;
} kinds[] = {
  { 10, "car wash", "{\"vehicle_size\":\"suv\",\"mobile\":true,\"duration_min\":45}" },
  { 2, "home cleaning", "{\"property_type\":\"house\",\"bedrooms\":3,\"eco_products\":true}" },
  { 21, "garden landscaping", "{\"garden_size_m2\":300,\"refuse_removal\":true}" },
  { 30, "maths tutoring", "{\"subject\":\"mathematics\",\"grade_from\":8,\"grade_to\":12,\"online\":true}" },
  { 41, "plumbing repairs", "{\"trade\":\"plumbing\",\"emergency\":true,\"certified\":true}" },
  { 50, "hair braiding", "{\"service\":\"braiding\",\"home_visits\":true,\"duration_min\":120}" },
  { 62, "tool hire", "{\"item\":\"drill\",\"deposit_minor\":50000,\"delivery\":true}" },
};

#define BULK_OPERATORS 500

gboolean
plz_demo_seed_bulk (PlzStore  *store,
                    guint      n,
                    guint32    seed,
                    GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gint64 now = plz_time_now_us ();
  sqlite3_stmt *u, *l = NULL;

  if (!plz_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Operators that cannot sign in: "!" is no password hash. */
  u = plz_store_prepare (store, "INSERT OR IGNORE INTO users (id, email, password_hash, display_name, "
                         "is_operator, created_at, updated_at) VALUES (?1, ?2, '!', ?3, 1, ?4, ?4)", error);
  for (guint i = 0; u != NULL && i < BULK_OPERATORS; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%031x", i);
      g_autofree char *email = g_strdup_printf ("bulk-operator-%u@plaza.test", i);
      g_autofree char *name = g_strdup_printf ("Operator %u", i);

      sqlite3_bind_text (u, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (u, 2, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (u, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (u, 4, now);
      if (!plz_store_step_done (store, u, error))
        goto fail;
    }
  l = plz_store_prepare (store, "INSERT INTO listings (id, operator_id, category_id, title, slug, description, "
                         "price_minor, currency, pricing_type, attributes, lat, lng, city, status, created_at, "
                         "updated_at, published_at, rating_avg) VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6, 'ZAR', "
                         "'fixed', ?7, ?8, ?9, 'Johannesburg', ?10, ?11, ?11, ?11, ?12)", error);
  for (guint i = 0; u != NULL && l != NULL && i < n; i++)
    {
      guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds));
      g_autofree char *id = g_strdup_printf ("%08x%024x", seed, i);
      g_autofree char *op = g_strdup_printf ("b%031x", g_rand_int_range (rand, 0, BULK_OPERATORS));
      g_autofree char *title = g_strdup_printf ("%s %s %s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                kinds[k].what);
      g_autofree char *desc = g_strdup_printf ("We offer %s across the city. %s and %s service, booked in minutes.",
                                               kinds[k].what, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);

      sqlite3_bind_text (l, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (l, 2, op, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (l, 3, kinds[k].category);
      sqlite3_bind_text (l, 4, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (l, 5, desc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (l, 6, g_rand_int_range (rand, 5000, 500000));
      sqlite3_bind_text (l, 7, kinds[k].attributes, -1, SQLITE_STATIC);
      /* Spread over Gauteng: about 100 km square. */
      sqlite3_bind_double (l, 8, -26.2 + g_rand_double_range (rand, -0.5, 0.5));
      sqlite3_bind_double (l, 9, 28.0 + g_rand_double_range (rand, -0.5, 0.5));
      sqlite3_bind_text (l, 10, g_rand_int_range (rand, 0, 10) < 9 ? "active" : "paused", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (l, 11, now - (gint64) (n - i) * 1000000);
      sqlite3_bind_double (l, 12, g_rand_double_range (rand, 3.0, 5.0));
      if (!plz_store_step_done (store, l, error))
        goto fail;
    }
  if (u == NULL || l == NULL)
    goto fail;
  return plz_store_exec (store, "COMMIT; ANALYZE", error);

fail:
  plz_store_exec (store, "ROLLBACK", NULL);
  return FALSE;
}
