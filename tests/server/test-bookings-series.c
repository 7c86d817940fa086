/* test-bookings-series.c — recurring bookings and calendar invites over HTTP */
#include "plz-test-bookings.h"
#include "plz-time.h"

#include <libical/ical.h>
#include <string.h>

typedef struct
{
  PlzTestServer *ts;
  char          *op, *op_id;
  char          *buyer, *buyer_id;
  char          *other;
  char          *listing;
  char          *service;           /* confirms instantly */
  char          *asked;             /* needs the operator's yes */
} Fixture;

#define assert_status(r, want) G_STMT_START { \
    if ((r)->status != (want)) g_error ("expected %u, got %u: %s", (guint) (want), (r)->status, (r)->body); \
  } G_STMT_END

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static const char *
error_field (PlzTestResponse *r)
{
  return json_object_get_string_member_with_default (json_object_get_object_member (root (r), "error"),
                                                     "field", NULL);
}

static const char *
error_message (PlzTestResponse *r)
{
  return json_object_get_string_member (json_object_get_object_member (root (r), "error"), "message");
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
  f->op = plz_test_sign_up (f->ts, "op@example.com", TRUE, &f->op_id);
  f->buyer = plz_test_sign_up (f->ts, "buyer@example.com", FALSE, &f->buyer_id);
  f->other = plz_test_sign_up (f->ts, "other@example.com", FALSE, NULL);
  f->listing = plz_test_make_listing (f->ts, f->op, "Sparkle car wash", TRUE);
  plz_test_open_hours (f->ts, f->op, 1, "");
  f->service = plz_test_make_service (f->ts, f->op, f->listing, ",\"instant_confirm\":true");
  f->asked = plz_test_make_service (f->ts, f->op, f->listing, "");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->ts, plz_test_server_free);
  g_free (f->op);
  g_free (f->op_id);
  g_free (f->buyer);
  g_free (f->buyer_id);
  g_free (f->other);
  g_free (f->listing);
  g_free (f->service);
  g_free (f->asked);
}

static PlzTestResponse *
req (Fixture *f, const char *method, const char *path, const char *body, const char *token)
{
  return plz_test_request_auth (f->ts, method, path, body, token);
}

static PlzTestResponse *
book_series (Fixture *f, const char *service, const char *start, const char *recurrence, const char *client_id)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"%s\",\"service_id\":\"%s\",\"start\":\"%s\","
                                           "\"recurrence\":%s}", client_id, service, start, recurrence);

  return req (f, "POST", "/api/v1/bookings", body, f->buyer);
}

static gint64
start_of (JsonObject *booking)
{
  gint64 t = 0;

  g_assert_true (plz_time_parse_rfc3339 (json_object_get_string_member (booking, "start"), &t));
  return t;
}

/* How many bookings @token has as consumer (upcoming and past). */
static guint
count_bookings (Fixture *f, const char *token)
{
  guint n = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/me/bookings?role=consumer&scope=%s&limit=100",
                                               i == 0 ? "upcoming" : "past");
      g_autoptr(PlzTestResponse) r = req (f, "GET", path, NULL, token);

      assert_status (r, 200);
      n += json_array_get_length (json_object_get_array_member (root (r), "bookings"));
    }
  return n;
}

static void
test_weekly_series (Fixture *f, gconstpointer data)
{
  g_autofree char *start = plz_test_local_time (2, 10);
  g_autoptr(PlzTestResponse) r = book_series (f, f->service, start, "{\"frequency\":\"weekly\",\"count\":4}", "s-1");
  g_autoptr(PlzTestResponse) again = NULL;
  JsonArray *series, *series2;
  const char *series_id;

  assert_status (r, 201);
  series = json_object_get_array_member (root (r), "series");
  g_assert_cmpuint (json_array_get_length (series), ==, 4);
  series_id = json_object_get_string_member (json_object_get_object_member (root (r), "booking"), "series_id");
  g_assert_nonnull (series_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (series, 0), "id"), ==,
                   json_object_get_string_member (json_object_get_object_member (root (r), "booking"), "id"));
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *b = json_array_get_object_element (series, i);

      g_assert_cmpstr (json_object_get_string_member (b, "series_id"), ==, series_id);
      g_assert_cmpstr (json_object_get_string_member (b, "status"), ==, "confirmed");
      /* Johannesburg has no daylight saving: a week is 168 hours. */
      if (i > 0)
        g_assert_cmpint (start_of (b) - start_of (json_array_get_object_element (series, i - 1)), ==,
                         G_GINT64_CONSTANT (7) * 24 * 3600 * G_USEC_PER_SEC);
    }
  g_assert_cmpuint (count_bookings (f, f->buyer), ==, 4);

  /* A retry answers the same series and books nothing more. */
  again = book_series (f, f->service, start, "{\"frequency\":\"weekly\",\"count\":4}", "s-1");
  assert_status (again, 200);
  series2 = json_object_get_array_member (root (again), "series");
  g_assert_cmpuint (json_array_get_length (series2), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (series2, 3), "id"), ==,
                   json_object_get_string_member (json_array_get_object_element (series, 3), "id"));
  g_assert_cmpuint (count_bookings (f, f->buyer), ==, 4);
}

/* The third week is taken: nothing of the series is booked, and the answer
 * names that occurrence. */
static void
test_series_all_or_nothing (Fixture *f, gconstpointer data)
{
  g_autofree char *start = plz_test_local_time (2, 11);
  g_autofree char *third = plz_test_local_time (16, 11);
  g_autoptr(PlzTestResponse) taken = plz_test_book (f->ts, f->other, f->service, third, "o-1");
  g_autoptr(PlzTestResponse) r = NULL;
  g_autoptr(PlzTestResponse) far = NULL;
  g_autofree char *day = g_strndup (third, 10);

  assert_status (taken, 201);
  r = book_series (f, f->service, start, "{\"frequency\":\"weekly\",\"count\":4}", "s-2");
  assert_status (r, 409);
  g_assert_cmpstr (plz_test_response_error_code (r), ==, "slot_unavailable");
  g_assert_cmpstr (error_field (r), ==, "recurrence");
  g_assert_nonnull (strstr (error_message (r), day));
  g_assert_cmpuint (count_bookings (f, f->buyer), ==, 0);

  /* Monthly, the third month is beyond the 60-day horizon. */
  far = book_series (f, f->service, start, "{\"frequency\":\"monthly\",\"count\":3}", "s-3");
  assert_status (far, 409);
  g_assert_cmpstr (plz_test_response_error_code (far), ==, "too_far");
  g_assert_cmpstr (error_field (far), ==, "recurrence");
  g_assert_cmpuint (count_bookings (f, f->buyer), ==, 0);
}

static void
test_series_bad_input (Fixture *f, gconstpointer data)
{
  static const char * const bad[] = {
    "{\"frequency\":\"daily\",\"count\":3}",
    "{\"frequency\":\"weekly\",\"count\":0}",
    "{\"frequency\":\"weekly\",\"count\":53}",
    "{\"frequency\":\"weekly\",\"count\":\"4\"}",
    "{\"frequency\":\"weekly\"}",
    "{\"count\":4}",
    "{\"frequency\":\"weekly\",\"count\":4,\"interval\":3}",
    "\"weekly\"",
    "[]",
  };
  g_autofree char *start = plz_test_local_time (2, 12);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *client_id = g_strdup_printf ("bad-%u", i);
      g_autoptr(PlzTestResponse) r = book_series (f, f->service, start, bad[i], client_id);

      assert_status (r, 400);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, "invalid_input");
      g_assert_cmpstr (error_field (r), ==, "recurrence");
    }
  g_assert_cmpuint (count_bookings (f, f->buyer), ==, 0);
}

static char *
calendar (Fixture *f, const char *token, const char *id, guint want)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/calendar.ics", id);
  g_autoptr(PlzTestResponse) r = req (f, "GET", path, NULL, token);

  assert_status (r, want);
  if (want != 200)
    return g_strdup (plz_test_response_error_code (r));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (r->headers, NULL), "text/calendar"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (r->headers, "Content-Disposition"),
                            "attachment; filename=\"plaza-"));
  return g_strdup (r->body);
}

static guint
count_properties (icalcomponent *c, icalproperty_kind kind)
{
  guint n = 0;

  for (icalproperty *p = icalcomponent_get_first_property (c, kind); p != NULL;
       p = icalcomponent_get_next_property (c, kind))
    n++;
  return n;
}

static void
test_calendar_one_off (Fixture *f, gconstpointer data)
{
  g_autofree char *start = plz_test_local_time (3, 9);
  g_autoptr(PlzTestResponse) asked = plz_test_book (f->ts, f->buyer, f->asked, start, "c-1");
  g_autofree char *id = g_strdup (plz_test_booking_string (asked, "id"));
  g_autofree char *code = NULL;
  g_autofree char *stranger = NULL;
  g_autofree char *text = NULL;
  g_autofree char *action_path = g_strdup_printf ("/api/v1/bookings/%s/actions", id);
  g_autoptr(PlzTestResponse) confirmed = NULL;
  icalcomponent *cal, *ev;
  icalproperty *p;
  struct icaltimetype dtstart;
  gint64 want = 0;

  assert_status (asked, 201);
  code = calendar (f, f->buyer, id, 409);
  g_assert_cmpstr (code, ==, "not_confirmed");
  stranger = calendar (f, f->other, id, 404);
  g_free (calendar (f, f->buyer, "no-such-booking", 404));

  confirmed = req (f, "POST", action_path, "{\"action\":\"confirm\"}", f->op);
  assert_status (confirmed, 200);
  text = calendar (f, f->buyer, id, 200);
  g_free (calendar (f, f->op, id, 200));
  g_free (calendar (f, f->other, id, 404));

  cal = icalparser_parse_string (text);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_nonnull (icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT));
  ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (ev);
  g_assert_cmpint (icalcomponent_get_status (ev), ==, ICAL_STATUS_CONFIRMED);
  g_assert_null (icalcomponent_get_first_property (ev, ICAL_RRULE_PROPERTY));
  p = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
  g_assert_cmpstr (icalparameter_get_tzid (icalproperty_get_first_parameter (p, ICAL_TZID_PARAMETER)), ==,
                   "Africa/Johannesburg");
  dtstart = icalcomponent_get_dtstart (ev);
  g_assert_true (plz_time_parse_rfc3339 (start, &want));
  g_assert_cmpint (dtstart.hour, ==, 9);
  g_assert_cmpint ((gint64) icaltime_as_timet_with_zone (dtstart, icaltimezone_get_builtin_timezone ("Africa/Johannesburg")),
                   ==, want / G_USEC_PER_SEC);
  icalcomponent_free (cal);
}

/* A series' invite carries its rule; a skipped week is an EXDATE, a moved
 * one an overriding event; neither breaks the others. */
static void
test_calendar_series (Fixture *f, gconstpointer data)
{
  g_autofree char *start = plz_test_local_time (2, 14);
  g_autoptr(PlzTestResponse) r = book_series (f, f->service, start, "{\"frequency\":\"weekly\",\"count\":4}", "s-9");
  JsonArray *series;
  const char *first, *second, *third, *fourth;
  g_autofree char *skip_path = NULL;
  g_autofree char *move_path = NULL;
  g_autofree char *moved_to = plz_test_local_time (16, 17);
  g_autofree char *move_body = NULL;
  g_autofree char *onto_body = NULL;
  g_autofree char *fourth_at = NULL;
  g_autoptr(PlzTestResponse) skipped = NULL;
  g_autoptr(PlzTestResponse) moved = NULL;
  g_autoptr(PlzTestResponse) onto = NULL;
  g_autofree char *text = NULL;
  icalcomponent *cal, *ev;
  struct icalrecurrencetype rule;
  guint n_events = 0;

  assert_status (r, 201);
  series = json_object_get_array_member (root (r), "series");
  first = json_object_get_string_member (json_array_get_object_element (series, 0), "id");
  second = json_object_get_string_member (json_array_get_object_element (series, 1), "id");
  third = json_object_get_string_member (json_array_get_object_element (series, 2), "id");
  fourth = json_object_get_string_member (json_array_get_object_element (series, 3), "id");

  skip_path = g_strdup_printf ("/api/v1/bookings/%s/skip", second);
  skipped = req (f, "POST", skip_path, NULL, f->buyer);
  assert_status (skipped, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (skipped), "booking"),
                                                  "status"), ==, "cancelled");

  move_path = g_strdup_printf ("/api/v1/bookings/%s/reschedule", third);
  /* Onto the fourth week's time: the same person cannot be there twice. */
  fourth_at = g_strdup (json_object_get_string_member (json_array_get_object_element (series, 3), "start"));
  onto_body = g_strdup_printf ("{\"start\":\"%s\"}", fourth_at);
  onto = req (f, "POST", move_path, onto_body, f->op);
  assert_status (onto, 409);
  move_body = g_strdup_printf ("{\"start\":\"%s\"}", moved_to);
  moved = req (f, "POST", move_path, move_body, f->op);
  assert_status (moved, 200);

  text = calendar (f, f->buyer, fourth, 200);
  cal = icalparser_parse_string (text);
  g_assert_nonnull (cal);
  for (ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT); ev != NULL;
       ev = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    {
      n_events++;
      if (icalcomponent_get_first_property (ev, ICAL_RRULE_PROPERTY) != NULL)
        {
          rule = icalproperty_get_rrule (icalcomponent_get_first_property (ev, ICAL_RRULE_PROPERTY));
          g_assert_cmpint (rule.freq, ==, ICAL_WEEKLY_RECURRENCE);
          g_assert_cmpint (rule.count, ==, 4);
          g_assert_cmpuint (count_properties (ev, ICAL_EXDATE_PROPERTY), ==, 1);
          g_assert_cmpint (icalcomponent_get_dtstart (ev).hour, ==, 14);
        }
      else
        {
          /* The moved third week: at 17:00, in place of its 14:00. */
          g_assert_nonnull (icalcomponent_get_first_property (ev, ICAL_RECURRENCEID_PROPERTY));
          g_assert_cmpint (icalcomponent_get_dtstart (ev).hour, ==, 17);
          g_assert_cmpint (icalcomponent_get_recurrenceid (ev).hour, ==, 14);
        }
    }
  g_assert_cmpuint (n_events, ==, 2);
  icalcomponent_free (cal);
  /* The first occurrence gives the same series (same UID). */
  g_free (text);
  text = calendar (f, f->op, first, 200);
  g_assert_nonnull (strstr (text, "RRULE:"));
  /* The skipped one has no invite of its own. */
  g_free (calendar (f, f->buyer, second, 409));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/bookings-series/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("weekly", test_weekly_series);
  ADD ("all-or-nothing", test_series_all_or_nothing);
  ADD ("bad-input", test_series_bad_input);
  ADD ("calendar-one-off", test_calendar_one_off);
  ADD ("calendar-series", test_calendar_series);
  return g_test_run ();
}
