/* plz-demo-bookings.c — demo services, opening hours and a few bookings, so the app has a schedule to show */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-demo.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"
#include "bookings/plz-bookings.h"
#include "bookings/plz-dispatch.h"
#include "catalogue/plz-catalogue.h"
#include "events/plz-events.h"
#include "jobs/plz-jobs.h"
#include "messaging/plz-messaging.h"

/* Each service is tied to the operator's listing of that title, when there is one. */
static const struct
{
  const char *operator_email;
  const char *listing_title;
  const char *json;
} demo_services[] = {
  { "sipho@plaza.test", "Mobile car wash and valet",
    "{\"name\":\"Wash and valet\",\"duration_minutes\":60,\"price\":{\"amount\":15000,\"currency\":\"ZAR\"},"
    "\"buffer_before_minutes\":15,\"tags\":[\"car wash\",\"valet\"],\"max_per_day\":6}" },
  { "sipho@plaza.test", "SUV and bakkie deep clean",
    "{\"name\":\"SUV deep clean\",\"duration_minutes\":150,\"price\":{\"amount\":35000,\"currency\":\"ZAR\"},"
    "\"buffer_before_minutes\":15,\"buffer_after_minutes\":15,\"tags\":[\"car wash\",\"detailing\"],\"max_per_day\":2}" },
  { "sipho@plaza.test", "Express exterior wash",
    "{\"name\":\"Express wash\",\"duration_minutes\":30,\"price\":{\"amount\":8000,\"currency\":\"ZAR\"},"
    "\"tags\":[\"car wash\"],\"instant_confirm\":true}" },
  { "lerato@plaza.test", "Weekly garden service",
    "{\"name\":\"Garden service\",\"duration_minutes\":120,\"price\":{\"amount\":45000,\"currency\":\"ZAR\"},"
    "\"buffer_before_minutes\":15,\"buffer_after_minutes\":15,\"tags\":[\"gardening\"],\"max_per_day\":3}" },
  { "lerato@plaza.test", "Pool cleaning and balancing",
    "{\"name\":\"Pool clean\",\"duration_minutes\":60,\"price\":{\"amount\":30000,\"currency\":\"ZAR\"},"
    "\"buffer_after_minutes\":15,\"tags\":[\"pool\"],\"instant_confirm\":true}" },
};

static const struct
{
  const char *operator_email;
  const char *json;
} demo_hours[] = {
  { "sipho@plaza.test",
    "{\"time_zone\":\"Africa/Johannesburg\",\"capacity\":2,\"min_notice_minutes\":120,\"horizon_days\":60,"
    "\"request_ttl_minutes\":1440,\"rules\":[{\"weekday\":1,\"start\":\"07:00\",\"end\":\"17:00\"},"
    "{\"weekday\":2,\"start\":\"07:00\",\"end\":\"17:00\"},{\"weekday\":3,\"start\":\"07:00\",\"end\":\"17:00\"},"
    "{\"weekday\":4,\"start\":\"07:00\",\"end\":\"17:00\"},{\"weekday\":5,\"start\":\"07:00\",\"end\":\"17:00\"},"
    "{\"weekday\":6,\"start\":\"08:00\",\"end\":\"13:00\"}],"
    "\"exceptions\":[{\"date\":\"2026-12-25\",\"kind\":\"closed\"},{\"date\":\"2026-12-26\",\"kind\":\"closed\"}]}" },
  { "lerato@plaza.test",
    "{\"time_zone\":\"Africa/Johannesburg\",\"capacity\":1,\"min_notice_minutes\":720,\"horizon_days\":90,"
    "\"request_ttl_minutes\":2880,\"rules\":[{\"weekday\":1,\"start\":\"07:00\",\"end\":\"12:00\"},"
    "{\"weekday\":1,\"start\":\"13:00\",\"end\":\"16:00\"},{\"weekday\":2,\"start\":\"07:00\",\"end\":\"12:00\"},"
    "{\"weekday\":2,\"start\":\"13:00\",\"end\":\"16:00\"},{\"weekday\":3,\"start\":\"07:00\",\"end\":\"12:00\"},"
    "{\"weekday\":3,\"start\":\"13:00\",\"end\":\"16:00\"},{\"weekday\":4,\"start\":\"07:00\",\"end\":\"12:00\"},"
    "{\"weekday\":4,\"start\":\"13:00\",\"end\":\"16:00\"},{\"weekday\":5,\"start\":\"07:00\",\"end\":\"12:00\"},"
    "{\"weekday\":6,\"start\":\"08:00\",\"end\":\"12:00\"}],"
    "\"exceptions\":[{\"date\":\"2026-12-25\",\"kind\":\"closed\"}]}" },
};

/* Both demo operators take on-demand jobs around Johannesburg (their
 * services' tags: car wash, valet, detailing; gardening, pool). */
static const struct
{
  const char *operator_email;
  double      lat;
  double      lng;
} demo_dispatch[] = {
  { "sipho@plaza.test", -26.1076, 28.0567 },    /* Sandton */
  { "lerato@plaza.test", -26.1822, 28.0080 },   /* Melville */
};

/* Thandi's bookings: which service, which free slot, and what happened next. */
static const struct
{
  const char *service_name;
  guint       slot;     /* the nth free slot from two days on */
  const char *then;     /* an operator action, or NULL */
  const char *note;
} demo_bookings[] = {
  { "Wash and valet", 0, NULL, "White Polo in the driveway, gate code at the intercom." },
  { "Express wash", 6, NULL, "" },
  { "SUV deep clean", 3, "confirm", "The Fortuner, please do the seats too." },
  { "Garden service", 1, "confirm", "" },
  { "Pool clean", 4, NULL, "" },
};

static JsonObject *
parse (const char  *json,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The id of @operator's listing titled @title, or NULL. */
static char *
listing_titled (PlzCatalogue   *catalogue,
                const PlzUser  *operator,
                const char     *title)
{
  g_autoptr(GPtrArray) mine = plz_catalogue_mine (catalogue, operator, NULL);

  for (guint i = 0; mine != NULL && i < mine->len; i++)
    {
      PlzListing *l = g_ptr_array_index (mine, i);

      if (g_str_equal (l->title, title))
        return g_strdup (l->id);
    }
  return NULL;
}

/* Books demo booking @i for @consumer on the slot it names. */
static gboolean
book (PlzStore       *store,
      PlzBookings    *bookings,
      const PlzUser  *consumer,
      GHashTable     *services,
      guint           i,
      GError        **error)
{
  const char *service_id = g_hash_table_lookup (services, demo_bookings[i].service_name);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (plz_time_now_us () / G_USEC_PER_SEC);
  g_autoptr(GDateTime) from = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) to = g_date_time_add_days (now, 16);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *to_text = g_date_time_format (to, "%Y-%m-%d");
  g_autoptr(JsonObject) slots = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) made = NULL;
  g_autofree char *client_id = g_strdup_printf ("demo-booking-%u", i);
  JsonArray *list;

  if (service_id == NULL)
    return TRUE;  /* its listing is not in this demo */
  slots = plz_bookings_slots (bookings, service_id, from_text, to_text, error);
  if (slots == NULL)
    return FALSE;
  list = json_object_get_array_member (slots, "slots");
  if (json_array_get_length (list) <= demo_bookings[i].slot)
    return TRUE;
  json_object_set_string_member (body, "client_id", client_id);
  json_object_set_string_member (body, "service_id", service_id);
  json_object_set_string_member (body, "start", json_object_get_string_member (
                                   json_array_get_object_element (list, demo_bookings[i].slot), "start"));
  json_object_set_string_member (body, "note", demo_bookings[i].note);
  made = plz_bookings_create (bookings, consumer, body, NULL, error);
  if (made == NULL)
    return FALSE;
  if (demo_bookings[i].then != NULL)
    {
      JsonObject *b = json_object_get_object_member (made, "booking");
      const char *operator_id = json_object_get_string_member (json_object_get_object_member (b, "operator"), "id");
      g_autoptr(PlzUser) op = plz_accounts_store_get_user (store, operator_id, error);
      g_autoptr(JsonObject) moved = NULL;

      if (op == NULL)
        return FALSE;
      moved = plz_bookings_act (bookings, op, json_object_get_string_member (b, "id"), demo_bookings[i].then,
                                NULL, error);
      if (moved == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
plz_demo_seed_bookings (PlzStore         *store,
                        const PlzConfig  *config,
                        GError          **error)
{
  g_autofree char *seeded = plz_store_get_meta (store, "demo_bookings_seeded_at", NULL);
  g_autoptr(PlzEvents) events = NULL;
  g_autoptr(PlzCatalogue) catalogue = NULL;
  g_autoptr(PlzMessaging) messaging = NULL;
  g_autoptr(PlzJobs) jobs = NULL;
  g_autoptr(PlzBookings) bookings = NULL;
  g_autoptr(PlzUser) consumer = NULL;
  g_autoptr(GHashTable) services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *now = NULL;

  if (seeded != NULL)
    return TRUE;
  catalogue = plz_catalogue_new (store, config, error);
  if (catalogue == NULL)
    return FALSE;
  events = plz_events_new (store);
  messaging = plz_messaging_new (store, events, catalogue);
  /* Expiry jobs are written now and run by the server once it starts. */
  jobs = plz_jobs_new (store);
  bookings = plz_bookings_new (store, events, messaging, catalogue, jobs);

  for (guint i = 0; i < G_N_ELEMENTS (demo_hours); i++)
    {
      g_autoptr(PlzUser) op = plz_accounts_store_find_by_email (store, demo_hours[i].operator_email, error);
      g_autoptr(JsonObject) body = NULL;
      g_autoptr(JsonObject) done = NULL;

      if (op == NULL || (body = parse (demo_hours[i].json, error)) == NULL ||
          (done = plz_bookings_put_availability (bookings, op, body, error)) == NULL)
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (demo_services); i++)
    {
      g_autoptr(PlzUser) op = plz_accounts_store_find_by_email (store, demo_services[i].operator_email, error);
      g_autoptr(JsonObject) body = NULL;
      g_autoptr(JsonObject) made = NULL;
      g_autofree char *listing_id = NULL;

      if (op == NULL || (body = parse (demo_services[i].json, error)) == NULL)
        return FALSE;
      listing_id = listing_titled (catalogue, op, demo_services[i].listing_title);
      if (listing_id != NULL)
        json_object_set_string_member (body, "listing_id", listing_id);
      made = plz_bookings_create_service (bookings, op, body, error);
      if (made == NULL)
        {
          g_prefix_error (error, "Demo service for “%s”: ", demo_services[i].listing_title);
          return FALSE;
        }
      {
        JsonObject *service = json_object_get_object_member (made, "service");

        g_hash_table_insert (services, g_strdup (json_object_get_string_member (service, "name")),
                             g_strdup (json_object_get_string_member (service, "id")));
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_dispatch); i++)
    {
      g_autoptr(PlzUser) op = plz_accounts_store_find_by_email (store, demo_dispatch[i].operator_email, error);
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonObject) done = NULL;

      if (op == NULL)
        return FALSE;
      json_object_set_boolean_member (body, "accepting", TRUE);
      json_object_set_double_member (body, "lat", demo_dispatch[i].lat);
      json_object_set_double_member (body, "lng", demo_dispatch[i].lng);
      done = plz_dispatch_put_settings (plz_bookings_get_dispatch (bookings), op, body, error);
      if (done == NULL)
        return FALSE;
    }

  consumer = plz_accounts_store_find_by_email (store, "thandi@plaza.test", error);
  if (consumer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_bookings); i++)
    if (!book (store, bookings, consumer, services, i, error))
      {
        g_prefix_error (error, "Demo booking of “%s”: ", demo_bookings[i].service_name);
        return FALSE;
      }

  now = plz_time_format_rfc3339 (plz_time_now_us ());
  return plz_store_set_meta (store, "demo_bookings_seeded_at", now, error);
}
