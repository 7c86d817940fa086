/* plz-test-bookings.c — an operator with a service and opening hours, and local times to book */
#include "plz-test-bookings.h"
#include "plz-time.h"

char *
plz_test_local_time (guint days,
                     guint hour)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Africa/Johannesburg");
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (plz_time_now_us () / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tz);
  g_autoptr(GDateTime) later = g_date_time_add_days (local, days);

  return g_strdup_printf ("%04d-%02d-%02dT%02u:00:00+02:00", g_date_time_get_year (later),
                          g_date_time_get_month (later), g_date_time_get_day_of_month (later), hour);
}

void
plz_test_open_hours (PlzTestServer *ts,
                     const char    *token,
                     guint          capacity,
                     const char    *extra_json)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(PlzTestResponse) r = NULL;

  g_string_append_printf (body, "{\"time_zone\":\"Africa/Johannesburg\",\"capacity\":%u,\"min_notice_minutes\":0,"
                                "\"horizon_days\":60%s,\"rules\":[", capacity, extra_json);
  for (guint day = 1; day <= 7; day++)
    g_string_append_printf (body, "%s{\"weekday\":%u,\"start\":\"06:00\",\"end\":\"20:00\"}", day > 1 ? "," : "", day);
  g_string_append (body, "]}");
  r = plz_test_request_auth (ts, "PUT", "/api/v1/me/availability", body->str, token);
  if (r->status != 200)
    g_error ("open hours: %u %s", r->status, r->body);
}

char *
plz_test_make_service (PlzTestServer *ts,
                       const char    *token,
                       const char    *listing_id,
                       const char    *extra_json)
{
  g_autofree char *listing = listing_id != NULL ? g_strdup_printf (",\"listing_id\":\"%s\"", listing_id)
                                                : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Full wash\",\"duration_minutes\":60,"
                                           "\"price\":{\"amount\":35000,\"currency\":\"ZAR\"}%s%s}",
                                           listing, extra_json);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (ts, "POST", "/api/v1/me/services", body, token);

  if (r->status != 201)
    g_error ("make service: %u %s", r->status, r->body);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (r->json),
                                                                                 "service"), "id"));
}

PlzTestResponse *
plz_test_book (PlzTestServer *ts,
               const char    *token,
               const char    *service_id,
               const char    *start,
               const char    *client_id)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"%s\",\"service_id\":\"%s\",\"start\":\"%s\"}",
                                           client_id, service_id, start);

  return plz_test_request_auth (ts, "POST", "/api/v1/bookings", body, token);
}

const char *
plz_test_booking_string (PlzTestResponse *r,
                         const char      *name)
{
  JsonObject *b;

  g_assert_nonnull (r->json);
  b = json_object_get_object_member (json_node_get_object (r->json), "booking");
  g_assert_nonnull (b);
  return json_object_get_string_member_with_default (b, name, NULL);
}
