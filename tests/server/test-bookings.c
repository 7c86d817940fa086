/* test-bookings.c — services, availability, slots, bookings and their lifecycle over HTTP */
#include "plz-test-bookings.h"
#include "plz-server.h"
#include "plz-time.h"
#include "plz-json.h"
#include "jobs/plz-jobs.h"
#include "bookings/plz-booking-status.h"

#include <string.h>

#define MIN_US  (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR_US (60 * MIN_US)

typedef struct
{
  PlzTestServer *ts;
  char          *op, *op_id;        /* operator */
  char          *buyer, *buyer_id;  /* consumer */
  char          *other, *other_id;  /* another consumer */
  char          *listing;
  char          *service;
  guint          n;                 /* client ids and hours handed out */
} Fixture;

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static JsonObject *
booking_of (PlzTestResponse *r)
{
  return json_object_get_object_member (root (r), "booking");
}

static const char *
error_field (PlzTestResponse *r)
{
  JsonObject *err = json_object_get_object_member (root (r), "error");

  return json_object_get_string_member_with_default (err, "field", NULL);
}

/* Asserts @r is an error with @status, @code and (unless NULL) @field. */
#define assert_error(r, want, code, field) G_STMT_START { \
    if ((r)->status != (want)) g_error ("expected %u, got %u: %s", (guint) (want), (r)->status, (r)->body); \
    g_assert_cmpstr (plz_test_response_error_code (r), ==, (code)); \
    if ((field) != NULL) g_assert_cmpstr (error_field (r), ==, (field)); \
  } G_STMT_END

#define assert_status(r, want) G_STMT_START { \
    if ((r)->status != (want)) g_error ("expected %u, got %u: %s", (guint) (want), (r)->status, (r)->body); \
  } G_STMT_END

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
  f->op = plz_test_sign_up (f->ts, "op@example.com", TRUE, &f->op_id);
  f->buyer = plz_test_sign_up (f->ts, "buyer@example.com", FALSE, &f->buyer_id);
  f->other = plz_test_sign_up (f->ts, "other@example.com", FALSE, &f->other_id);
  f->listing = plz_test_make_listing (f->ts, f->op, "Sparkle car wash", TRUE);
  plz_test_open_hours (f->ts, f->op, 50, "");
  f->service = plz_test_make_service (f->ts, f->op, f->listing, "");
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
  g_free (f->other_id);
  g_free (f->listing);
  g_free (f->service);
}

static PlzTestResponse *
req (Fixture *f, const char *method, const char *path, const char *body, const char *token)
{
  return plz_test_request_auth (f->ts, method, path, body, token);
}

/* Books a fresh hour (2 days ahead onwards) as @token; returns the booking id. */
static char *
book_new (Fixture *f, const char *token, const char *service)
{
  guint i = f->n++;
  g_autofree char *start = plz_test_local_time (2 + i / 14, 6 + i % 14);
  g_autofree char *client_id = g_strdup_printf ("b-%u", i);
  g_autoptr(PlzTestResponse) r = plz_test_book (f->ts, token, service, start, client_id);

  assert_status (r, 201);
  return g_strdup (plz_test_booking_string (r, "id"));
}

static PlzTestResponse *
act (Fixture *f, const char *token, const char *id, const char *action)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/actions", id);
  g_autofree char *body = g_strdup_printf ("{\"action\":\"%s\",\"reason\":\"testing\"}", action);

  return req (f, "POST", path, body, token);
}

static void
act_ok (Fixture *f, const char *token, const char *id, const char *action)
{
  g_autoptr(PlzTestResponse) r = act (f, token, id, action);

  assert_status (r, 200);
}

static PlzTestResponse *
get_booking (Fixture *f, const char *token, const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s", id);

  return req (f, "GET", path, NULL, token);
}

static char *
actions_text (JsonObject *booking)
{
  JsonArray *actions = json_object_get_array_member (booking, "actions");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (actions); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", json_array_get_string_element (actions, i));
  return g_string_free (out, FALSE);
}

/* Services ---------------------------------------------------------------------------- */

static void
test_services (Fixture *f, gconstpointer data)
{
  g_autofree char *plain = plz_test_make_service (f->ts, f->op, NULL, ",\"tags\":[\"Plumbing\",\"geysers\"],"
                                                  "\"buffer_after_minutes\":15,\"max_per_day\":3,\"instant_confirm\":true");
  g_autofree char *path = g_strdup_printf ("/api/v1/me/services/%s", plain);
  g_autofree char *listing_path = g_strdup_printf ("/api/v1/listings/%s/services", f->listing);
  g_autofree char *operator_path = g_strdup_printf ("/api/v1/operators/%s/services", f->op_id);
  g_autoptr(PlzTestResponse) mine = req (f, "GET", "/api/v1/me/services", NULL, f->op);
  g_autoptr(PlzTestResponse) by_listing = req (f, "GET", listing_path, NULL, NULL);
  g_autoptr(PlzTestResponse) patched = req (f, "PATCH", path, "{\"name\":\"Geyser check\",\"max_per_day\":null}", f->op);
  g_autoptr(PlzTestResponse) deleted = NULL, mine_after = NULL, public_after = NULL;
  JsonObject *s;

  assert_status (mine, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (mine), "services")), ==, 2);
  s = json_array_get_object_element (json_object_get_array_member (root (mine), "services"), 1);
  plz_assert_json_equal (json_object_get_member (s, "tags"), "[\"plumbing\",\"geysers\"]");
  plz_assert_json_equal (json_object_get_member (s, "price"), "{\"amount\":35000,\"currency\":\"ZAR\"}");
  g_assert_cmpint (json_object_get_int_member (s, "buffer_after_minutes"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (s, "max_per_day"), ==, 3);
  g_assert_true (json_object_get_boolean_member (s, "instant_confirm"));
  g_assert_true (json_object_get_null_member (s, "listing_id"));
  g_assert_cmpstr (json_object_get_string_member (s, "operator_id"), ==, f->op_id);

  assert_status (by_listing, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (by_listing), "services")), ==, 1);

  assert_status (patched, 200);
  s = json_object_get_object_member (root (patched), "service");
  g_assert_cmpstr (json_object_get_string_member (s, "name"), ==, "Geyser check");
  g_assert_true (json_object_get_null_member (s, "max_per_day"));
  g_assert_cmpint (json_object_get_int_member (s, "buffer_after_minutes"), ==, 15);

  /* Deleting deactivates: the owner still sees it, the public no longer. */
  deleted = req (f, "DELETE", path, NULL, f->op);
  assert_status (deleted, 200);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (root (deleted), "service"), "active"));
  mine_after = req (f, "GET", "/api/v1/me/services", NULL, f->op);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (mine_after), "services")), ==, 2);
  public_after = req (f, "GET", operator_path, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (public_after), "services")), ==, 1);
}

static void
test_service_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *other_op = plz_test_sign_up (f->ts, "op2@example.com", TRUE, NULL);
  g_autofree char *other_listing = plz_test_make_listing (f->ts, other_op, "Rival wash", TRUE);
  g_autofree char *bad_listing = g_strdup_printf ("{\"name\":\"X\",\"duration_minutes\":60,"
                                                  "\"price\":{\"amount\":1,\"currency\":\"ZAR\"},\"listing_id\":\"%s\"}",
                                                  other_listing);
  g_autofree char *path = g_strdup_printf ("/api/v1/me/services/%s", f->service);
  static const struct { const char *body; const char *field; } cases[] = {
    { "{\"duration_minutes\":60,\"price\":{\"amount\":1,\"currency\":\"ZAR\"}}", "name" },
    { "{\"name\":\"  \",\"duration_minutes\":60,\"price\":{\"amount\":1,\"currency\":\"ZAR\"}}", "name" },
    { "{\"name\":\"X\",\"duration_minutes\":3,\"price\":{\"amount\":1,\"currency\":\"ZAR\"}}", "duration_minutes" },
    { "{\"name\":\"X\",\"duration_minutes\":\"60\",\"price\":{\"amount\":1,\"currency\":\"ZAR\"}}", "duration_minutes" },
    { "{\"name\":\"X\",\"duration_minutes\":60}", "price" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":-5,\"currency\":\"ZAR\"}}", "price.amount" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5,\"currency\":\"zar\"}}", "price.currency" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5}}", "price.currency" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5,\"currency\":\"ZAR\"},\"tags\":[1]}", "tags[0]" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5,\"currency\":\"ZAR\"},\"tags\":\"a\"}", "tags" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5,\"currency\":\"ZAR\"},\"max_per_day\":0}", "max_per_day" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5,\"currency\":\"ZAR\"},\"buffer_before_minutes\":999}", "buffer_before_minutes" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5,\"currency\":\"ZAR\"},\"instant_confirm\":\"yes\"}", "instant_confirm" },
    { "{\"name\":\"X\",\"duration_minutes\":60,\"price\":{\"amount\":5,\"currency\":\"ZAR\"},\"colour\":\"red\"}", "colour" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzTestResponse) r = req (f, "POST", "/api/v1/me/services", cases[i].body, f->op);

      assert_error (r, 400, "invalid_input", cases[i].field);
    }
  {
    g_autoptr(PlzTestResponse) r = req (f, "POST", "/api/v1/me/services", bad_listing, f->op);
    g_autoptr(PlzTestResponse) json = req (f, "POST", "/api/v1/me/services", "{\"name\":", f->op);
    g_autoptr(PlzTestResponse) consumer = req (f, "POST", "/api/v1/me/services", cases[0].body, f->buyer);
    g_autoptr(PlzTestResponse) theirs = req (f, "PATCH", path, "{\"name\":\"Mine now\"}", other_op);
    g_autoptr(PlzTestResponse) theirs_delete = req (f, "DELETE", path, NULL, other_op);
    g_autoptr(PlzTestResponse) patch_bad = req (f, "PATCH", path, "{\"duration_minutes\":0}", f->op);
    g_autoptr(PlzTestResponse) mine = req (f, "GET", "/api/v1/me/services", NULL, f->op);
    JsonObject *s;

    assert_error (r, 404, "not_found", "listing_id");
    assert_error (json, 400, "invalid_json", NULL);
    assert_error (consumer, 403, "forbidden", NULL);
    assert_error (theirs, 404, "not_found", NULL);
    assert_error (theirs_delete, 404, "not_found", NULL);
    assert_error (patch_bad, 400, "invalid_input", "duration_minutes");
    /* Nothing changed. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (mine), "services")), ==, 1);
    s = json_array_get_object_element (json_object_get_array_member (root (mine), "services"), 0);
    g_assert_cmpstr (json_object_get_string_member (s, "name"), ==, "Full wash");
    g_assert_cmpint (json_object_get_int_member (s, "duration_minutes"), ==, 60);
    g_assert_true (json_object_get_boolean_member (s, "active"));
  }
}

/* Availability ------------------------------------------------------------------------- */

static void
test_availability (Fixture *f, gconstpointer data)
{
  static const char *body =
    "{\"time_zone\":\"Europe/Berlin\",\"capacity\":2,\"min_notice_minutes\":90,\"horizon_days\":30,"
    "\"request_ttl_minutes\":60,\"rules\":[{\"weekday\":1,\"start\":\"08:00\",\"end\":\"12:00\"},"
    "{\"weekday\":1,\"start\":\"13:00\",\"end\":\"24:00\"}],"
    "\"exceptions\":[{\"date\":\"2026-12-25\",\"kind\":\"closed\"},"
    "{\"date\":\"2026-12-27\",\"kind\":\"extra\",\"start\":\"09:00\",\"end\":\"13:00\"}]}";
  g_autofree char *fresh_op = plz_test_sign_up (f->ts, "fresh@example.com", TRUE, NULL);
  g_autoptr(PlzTestResponse) defaults = req (f, "GET", "/api/v1/me/availability", NULL, fresh_op);
  g_autoptr(PlzTestResponse) put = req (f, "PUT", "/api/v1/me/availability", body, fresh_op);
  g_autoptr(PlzTestResponse) got = req (f, "GET", "/api/v1/me/availability", NULL, fresh_op);

  assert_status (defaults, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (defaults), "rules")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root (defaults), "capacity"), ==, 1);
  assert_status (put, 200);
  assert_status (got, 200);
  plz_assert_json_equal (got->json,
    "{\"time_zone\":\"Europe/Berlin\",\"capacity\":2,\"min_notice_minutes\":90,\"horizon_days\":30,"
    "\"request_ttl_minutes\":60,\"cancel_window_minutes\":1440,"
    "\"rules\":[{\"weekday\":1,\"start\":\"08:00\",\"end\":\"12:00\"},"
    "{\"weekday\":1,\"start\":\"13:00\",\"end\":\"24:00\"}],"
    "\"exceptions\":[{\"date\":\"2026-12-25\",\"kind\":\"closed\"},"
    "{\"date\":\"2026-12-27\",\"kind\":\"extra\",\"start\":\"09:00\",\"end\":\"13:00\"}]}");
}

static void
test_availability_errors (Fixture *f, gconstpointer data)
{
  static const struct { const char *body; const char *field; } cases[] = {
    { "{\"rules\":[]}", "time_zone" },
    { "{\"time_zone\":\"Mars/Olympus\",\"rules\":[]}", "time_zone" },
    { "{\"time_zone\":\"UTC\",\"capacity\":0,\"rules\":[]}", "capacity" },
    { "{\"time_zone\":\"UTC\",\"capacity\":\"two\",\"rules\":[]}", "capacity" },
    { "{\"time_zone\":\"UTC\",\"horizon_days\":0,\"rules\":[]}", "horizon_days" },
    { "{\"time_zone\":\"UTC\"}", "rules" },
    { "{\"time_zone\":\"UTC\",\"rules\":{}}", "rules" },
    { "{\"time_zone\":\"UTC\",\"rules\":[7]}", "rules[0]" },
    { "{\"time_zone\":\"UTC\",\"rules\":[{\"weekday\":8,\"start\":\"08:00\",\"end\":\"09:00\"}]}", "rules[0].weekday" },
    { "{\"time_zone\":\"UTC\",\"rules\":[{\"start\":\"08:00\",\"end\":\"09:00\"}]}", "rules[0].weekday" },
    { "{\"time_zone\":\"UTC\",\"rules\":[{\"weekday\":1,\"start\":\"08:00\",\"end\":\"09:00\"},"
      "{\"weekday\":2,\"start\":\"08:00\",\"end\":\"09:00\"},{\"weekday\":3,\"start\":\"10:00\",\"end\":\"09:00\"}]}",
      "rules[2].end" },
    { "{\"time_zone\":\"UTC\",\"rules\":[{\"weekday\":1,\"start\":\"8am\",\"end\":\"09:00\"}]}", "rules[0].start" },
    { "{\"time_zone\":\"UTC\",\"rules\":[{\"weekday\":1,\"start\":\"08:00\",\"end\":\"24:30\"}]}", "rules[0].end" },
    { "{\"time_zone\":\"UTC\",\"rules\":[{\"weekday\":1,\"start\":\"08:00\"}]}", "rules[0].end" },
    { "{\"time_zone\":\"UTC\",\"rules\":[{\"weekday\":1,\"start\":\"08:00\",\"end\":\"12:00\"},"
      "{\"weekday\":1,\"start\":\"11:00\",\"end\":\"13:00\"}]}", "rules[1].start" },
    { "{\"time_zone\":\"UTC\",\"rules\":[],\"exceptions\":[{\"date\":\"2026-02-30\",\"kind\":\"closed\"}]}",
      "exceptions[0].date" },
    { "{\"time_zone\":\"UTC\",\"rules\":[],\"exceptions\":[{\"date\":\"2026-02-03\",\"kind\":\"maybe\"}]}",
      "exceptions[0].kind" },
    { "{\"time_zone\":\"UTC\",\"rules\":[],\"exceptions\":[{\"date\":\"2026-02-03\",\"kind\":\"extra\"}]}",
      "exceptions[0].start" },
    { "{\"time_zone\":\"UTC\",\"rules\":[],\"when\":1}", "when" },
  };
  g_autoptr(PlzTestResponse) before = req (f, "GET", "/api/v1/me/availability", NULL, f->op);
  g_autoptr(PlzTestResponse) after = NULL;
  g_autoptr(PlzTestResponse) consumer = req (f, "PUT", "/api/v1/me/availability", "{\"time_zone\":\"UTC\",\"rules\":[]}",
                                             f->buyer);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzTestResponse) r = req (f, "PUT", "/api/v1/me/availability", cases[i].body, f->op);

      assert_error (r, 400, "invalid_input", cases[i].field);
    }
  assert_error (consumer, 403, "forbidden", NULL);
  after = req (f, "GET", "/api/v1/me/availability", NULL, f->op);
  g_assert_true (plz_json_equal (before->json, after->json));
}

/* Slots and schedule ------------------------------------------------------------------------ */

static void
test_slots_route (Fixture *f, gconstpointer data)
{
  g_autofree char *day = plz_test_local_time (3, 0);
  g_autofree char *date = g_strndup (day, 10);
  g_autofree char *path = g_strdup_printf ("/api/v1/services/%s/slots?from=%s&to=%s", f->service, date, date);
  g_autofree char *start = plz_test_local_time (3, 9);
  g_autoptr(PlzTestResponse) before = req (f, "GET", path, NULL, NULL);
  g_autoptr(PlzTestResponse) booked = NULL, after = NULL, bad = NULL, wide = NULL, missing = NULL, back = NULL;
  g_autoptr(PlzTestResponse) schedule = NULL;
  g_autofree char *schedule_path = g_strdup_printf ("/api/v1/me/schedule?from=%s&to=%s", date, date);
  JsonArray *slots;

  assert_status (before, 200);
  g_assert_cmpstr (json_object_get_string_member (root (before), "time_zone"), ==, "Africa/Johannesburg");
  g_assert_cmpstr (json_object_get_string_member (root (before), "service_id"), ==, f->service);
  slots = json_object_get_array_member (root (before), "slots");
  g_assert_cmpuint (json_array_get_length (slots), ==, 14);   /* 06:00 … 19:00 */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (slots, 3), "available"), ==, 50);

  booked = plz_test_book (f->ts, f->buyer, f->service, start, "slot-1");
  assert_status (booked, 201);
  after = req (f, "GET", path, NULL, NULL);
  slots = json_object_get_array_member (root (after), "slots");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (slots, 3), "available"), ==, 49);

  schedule = req (f, "GET", schedule_path, NULL, f->op);
  assert_status (schedule, 200);
  g_assert_cmpint (json_object_get_int_member (root (schedule), "capacity"), ==, 50);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (schedule), "open")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (schedule), "bookings")), ==, 1);

  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/services/%s/slots?from=2026-13-01", f->service);
  bad = req (f, "GET", path, NULL, NULL);
  assert_error (bad, 400, "invalid_input", "from");
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/services/%s/slots?from=2026-01-01&to=2026-06-01", f->service);
  wide = req (f, "GET", path, NULL, NULL);
  assert_error (wide, 400, "invalid_input", "to");
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/services/%s/slots?from=2026-06-01&to=2026-05-01", f->service);
  back = req (f, "GET", path, NULL, NULL);
  assert_error (back, 400, "invalid_input", "to");
  missing = req (f, "GET", "/api/v1/services/nope/slots", NULL, NULL);
  assert_error (missing, 404, "not_found", NULL);
}

/* Booking ------------------------------------------------------------------------------------ */

static void
test_create_and_retry (Fixture *f, gconstpointer data)
{
  g_autofree char *start = plz_test_local_time (2, 10);
  g_autoptr(PlzTestResponse) first = plz_test_book (f->ts, f->buyer, f->service, start, "c-1");
  g_autoptr(PlzTestResponse) retry = plz_test_book (f->ts, f->buyer, f->service, start, "c-1");
  g_autoptr(PlzTestResponse) as_op = NULL, as_other = NULL, list = NULL;
  g_autofree char *consumer_actions = NULL, *operator_actions = NULL;
  JsonObject *b;

  assert_status (first, 201);
  assert_status (retry, 200);
  b = booking_of (first);
  g_assert_cmpstr (json_object_get_string_member (b, "id"), ==, plz_test_booking_string (retry, "id"));
  g_assert_cmpstr (json_object_get_string_member (b, "status"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (b, "service"), "name"), ==, "Full wash");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (b, "service"), "duration_minutes"), ==, 60);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (b, "listing"), "title"), ==,
                   "Sparkle car wash");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (b, "consumer"), "id"), ==, f->buyer_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (b, "operator"), "id"), ==, f->op_id);
  g_assert_cmpstr (json_object_get_string_member (b, "time_zone"), ==, "Africa/Johannesburg");
  plz_assert_json_equal (json_object_get_member (b, "price"), "{\"amount\":35000,\"currency\":\"ZAR\"}");
  g_assert_nonnull (json_object_get_string_member (b, "conversation_id"));
  g_assert_nonnull (json_object_get_string_member (b, "expires_at"));
  g_assert_true (json_object_get_null_member (b, "series_id"));
  g_assert_true (json_object_get_null_member (b, "cancelled_by"));
  {
    gint64 s = 0, e = 0, expected = 0;

    g_assert_true (plz_time_parse_rfc3339 (json_object_get_string_member (b, "start"), &s));
    g_assert_true (plz_time_parse_rfc3339 (json_object_get_string_member (b, "end"), &e));
    g_assert_true (plz_time_parse_rfc3339 (start, &expected));
    g_assert_cmpint (s, ==, expected);
    g_assert_cmpint (e - s, ==, HOUR_US);
  }
  consumer_actions = actions_text (b);
  g_assert_cmpstr (consumer_actions, ==, "cancel reschedule");

  as_op = get_booking (f, f->op, json_object_get_string_member (b, "id"));
  assert_status (as_op, 200);
  operator_actions = actions_text (booking_of (as_op));
  g_assert_cmpstr (operator_actions, ==, "confirm decline cancel reschedule");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (booking_of (as_op), "history")), ==, 1);
  as_other = get_booking (f, f->other, json_object_get_string_member (b, "id"));
  assert_error (as_other, 404, "not_found", NULL);

  /* One booking, not two. */
  list = req (f, "GET", "/api/v1/me/bookings", NULL, f->buyer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (list), "bookings")), ==, 1);
}

static void
test_instant_confirm (Fixture *f, gconstpointer data)
{
  g_autofree char *instant = plz_test_make_service (f->ts, f->op, f->listing, ",\"instant_confirm\":true");
  g_autofree char *id = book_new (f, f->buyer, instant);
  g_autoptr(PlzTestResponse) r = get_booking (f, f->buyer, id);

  g_assert_cmpstr (json_object_get_string_member (booking_of (r), "status"), ==, "confirmed");
  g_assert_true (json_object_get_null_member (booking_of (r), "expires_at"));
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autofree char *limited = plz_test_make_service (f->ts, f->op, NULL, ",\"max_per_day\":1");
  g_autofree char *solo_op = plz_test_sign_up (f->ts, "solo@example.com", TRUE, NULL);
  g_autofree char *solo = NULL;
  g_autofree char *night = plz_test_local_time (2, 3);
  g_autofree char *far = plz_test_local_time (70, 10);
  g_autofree char *day5 = plz_test_local_time (5, 10), *day5b = plz_test_local_time (5, 12);
  g_autoptr(PlzTestResponse) r = NULL;
  g_autofree char *soon_text = NULL;

  plz_test_open_hours (f->ts, solo_op, 1, ",\"min_notice_minutes\":600");
  solo = plz_test_make_service (f->ts, solo_op, NULL, "");

  r = plz_test_book (f->ts, f->buyer, f->service, night, "r-1");
  assert_error (r, 409, "outside_hours", "start");
  g_clear_pointer (&r, plz_test_response_free);
  r = plz_test_book (f->ts, f->buyer, f->service, far, "r-2");
  assert_error (r, 409, "too_far", "start");
  g_clear_pointer (&r, plz_test_response_free);
  soon_text = plz_time_format_rfc3339 (plz_time_now_us () + HOUR_US);
  r = plz_test_book (f->ts, f->buyer, solo, soon_text, "r-3");
  assert_error (r, 409, "too_soon", "start");
  g_clear_pointer (&r, plz_test_response_free);

  /* Capacity 1: the second person finds the time taken. */
  r = plz_test_book (f->ts, f->buyer, solo, day5, "r-4");
  assert_status (r, 201);
  g_clear_pointer (&r, plz_test_response_free);
  r = plz_test_book (f->ts, f->other, solo, day5, "r-5");
  assert_error (r, 409, "slot_unavailable", "start");
  g_clear_pointer (&r, plz_test_response_free);

  r = plz_test_book (f->ts, f->buyer, limited, day5, "r-6");
  assert_status (r, 201);
  g_clear_pointer (&r, plz_test_response_free);
  r = plz_test_book (f->ts, f->other, limited, day5b, "r-7");
  assert_error (r, 409, "daily_limit", "start");
  g_clear_pointer (&r, plz_test_response_free);

  r = plz_test_book (f->ts, f->op, f->service, day5, "r-8");
  assert_error (r, 403, "own_service", "service_id");
  g_clear_pointer (&r, plz_test_response_free);
  r = plz_test_book (f->ts, f->buyer, "nope", day5, "r-9");
  assert_error (r, 404, "not_found", "service_id");
  g_clear_pointer (&r, plz_test_response_free);
  r = plz_test_book (f->ts, f->buyer, f->service, "next tuesday", "r-10");
  assert_error (r, 400, "invalid_input", "start");
  g_clear_pointer (&r, plz_test_response_free);
  r = plz_test_book (f->ts, f->buyer, f->service, day5, "bad id!");
  assert_error (r, 400, "invalid_input", "client_id");
  g_clear_pointer (&r, plz_test_response_free);
  r = req (f, "POST", "/api/v1/bookings", "{\"service_id\":5,\"start\":\"x\"}", f->buyer);
  assert_error (r, 400, "invalid_input", "service_id");
  g_clear_pointer (&r, plz_test_response_free);
  r = req (f, "POST", "/api/v1/bookings", "{\"service_id\":\"x\"", f->buyer);
  assert_error (r, 400, "invalid_json", NULL);
  g_clear_pointer (&r, plz_test_response_free);
  {
    g_autofree char *body = g_strdup_printf ("{\"service_id\":\"%s\",\"start\":\"%s\",\"recurrence\":"
                                             "{\"frequency\":\"fortnightly\",\"count\":4}}", f->service, day5);
    r = req (f, "POST", "/api/v1/bookings", body, f->buyer);
    assert_error (r, 400, "invalid_input", "recurrence");
    g_clear_pointer (&r, plz_test_response_free);
  }
  r = plz_test_book (f->ts, NULL, f->service, day5, "r-11");
  g_assert_cmpuint (r->status, ==, 401);
  g_clear_pointer (&r, plz_test_response_free);

  /* Only the two good ones were made. */
  r = req (f, "GET", "/api/v1/me/bookings", NULL, f->buyer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (r), "bookings")), ==, 2);
}

/* Lifecycle ------------------------------------------------------------------------------------- */

/* Moves a new booking into @status through the lifecycle. */
static char *
booking_in (Fixture *f, const char *status)
{
  char *id = book_new (f, f->buyer, f->service);

  if (g_str_equal (status, "requested"))
    return id;
  if (g_str_equal (status, "declined"))
    {
      act_ok (f, f->op, id, "decline");
      return id;
    }
  if (g_str_equal (status, "cancelled"))
    {
      act_ok (f, f->buyer, id, "cancel");
      return id;
    }
  act_ok (f, f->op, id, "confirm");
  if (g_str_equal (status, "confirmed"))
    return id;
  act_ok (f, f->op, id, "prepare");
  if (g_str_equal (status, "preparation"))
    return id;
  act_ok (f, f->op, id, "start");
  if (g_str_equal (status, "active"))
    return id;
  act_ok (f, f->op, id, "complete");
  g_assert_true (g_str_equal (status, "completed"));
  return id;
}

/* What the lifecycle allows, written out again here: action × from → who. */
static const char *
allowed_party (const char *status, const char *action)
{
  static const char *table[][3] = {
    { "requested", "confirm", "operator" }, { "requested", "decline", "operator" },
    { "requested", "cancel", "both" },
    { "confirmed", "cancel", "both" }, { "confirmed", "prepare", "operator" },
    { "confirmed", "start", "operator" }, { "confirmed", "no_show", "operator-after-start" },
    { "preparation", "cancel", "both" }, { "preparation", "start", "operator" },
    { "preparation", "no_show", "operator-after-start" },
    { "active", "complete", "operator" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (table[i][0], status) && g_str_equal (table[i][1], action))
      return table[i][2];
  return NULL;
}

static void
test_permissions_table (Fixture *f, gconstpointer data)
{
  static const char *statuses[] = { "requested", "confirmed", "preparation", "active", "completed", "declined",
                                    "cancelled" };
  static const char *actions[] = { "confirm", "decline", "prepare", "start", "complete", "cancel", "no_show" };
  const char *parties[] = { "consumer", "operator", "stranger" };

  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
      for (guint p = 0; p < G_N_ELEMENTS (parties); p++)
        {
          g_autofree char *id = booking_in (f, statuses[s]);
          const char *token = p == 0 ? f->buyer : p == 1 ? f->op : f->other;
          const char *who = allowed_party (statuses[s], actions[a]);
          g_autoptr(PlzTestResponse) before = get_booking (f, p == 2 ? f->buyer : token, id);
          g_autoptr(PlzTestResponse) r = act (f, token, id, actions[a]);
          g_autofree char *offered = actions_text (booking_of (before));
          g_auto(GStrv) offered_list = g_strsplit (offered, " ", -1);
          gboolean listed = g_strv_contains ((const char * const *) offered_list, actions[a]);
          g_autoptr(PlzTestResponse) after = NULL;

          g_test_message ("%s × %s × %s → %u %s", statuses[s], actions[a], parties[p], r->status,
                          plz_test_response_error_code (r));
          if (p == 2)
            {
              assert_error (r, 404, "not_found", NULL);
              continue;
            }
          if (who == NULL)
            {
              assert_error (r, 409, "invalid_transition", NULL);
              g_assert_false (listed);
            }
          else if (g_str_equal (who, "both") || g_str_equal (who, parties[p]))
            {
              assert_status (r, 200);
              g_assert_true (listed);
              g_assert_cmpstr (json_object_get_string_member (booking_of (r), "status"), !=, statuses[s]);
            }
          else if (g_str_equal (who, "operator-after-start") && p == 1)
            {
              /* The booking is days ahead: not yet. */
              assert_error (r, 409, "invalid_transition", NULL);
              g_assert_false (listed);
            }
          else
            {
              assert_error (r, 403, "forbidden", NULL);
              g_assert_false (listed);
            }
          if (r->status != 200)
            {
              after = get_booking (f, f->buyer, id);
              g_assert_cmpstr (json_object_get_string_member (booking_of (after), "status"), ==, statuses[s]);
            }
        }
}

/* Opens @token's operator round the clock, every day. */
static void
open_all_day (Fixture *f, const char *token)
{
  g_autoptr(GString) body = g_string_new ("{\"time_zone\":\"Africa/Johannesburg\",\"capacity\":50,"
                                          "\"min_notice_minutes\":0,\"rules\":[");
  g_autoptr(PlzTestResponse) r = NULL;

  for (guint day = 1; day <= 7; day++)
    g_string_append_printf (body, "%s{\"weekday\":%u,\"start\":\"00:00\",\"end\":\"24:00\"}", day > 1 ? "," : "", day);
  g_string_append (body, "]}");
  r = req (f, "PUT", "/api/v1/me/availability", body->str, token);
  assert_status (r, 200);
}

static void
test_cancel_policy (Fixture *f, gconstpointer data)
{
  g_autofree char *soon = plz_time_format_rfc3339 ((plz_time_now_us () / (HOUR_US) + 3)
                                                   * HOUR_US);
  g_autoptr(PlzTestResponse) r = NULL;
  g_autofree char *id = NULL;
  g_autofree char *actions = NULL;
  g_autoptr(PlzTestResponse) late = NULL, by_op = NULL, early = NULL;
  g_autofree char *far_id = NULL;

  /* Three hours from now must be open whatever the time of day. */
  open_all_day (f, f->op);
  r = plz_test_book (f->ts, f->buyer, f->service, soon, "p-1");
  assert_status (r, 201);
  id = g_strdup (plz_test_booking_string (r, "id"));
  /* A request not yet accepted may be withdrawn even close to the start. */
  act_ok (f, f->op, id, "confirm");
  g_clear_pointer (&r, plz_test_response_free);
  r = get_booking (f, f->buyer, id);
  actions = actions_text (booking_of (r));
  g_assert_cmpstr (actions, ==, "");
  late = act (f, f->buyer, id, "cancel");
  assert_error (late, 409, "too_late_to_cancel", NULL);
  by_op = act (f, f->op, id, "cancel");
  assert_status (by_op, 200);
  g_assert_cmpstr (json_object_get_string_member (booking_of (by_op), "cancelled_by"), ==, "operator");
  g_assert_cmpstr (json_object_get_string_member (booking_of (by_op), "reason"), ==, "testing");

  far_id = booking_in (f, "confirmed");
  early = act (f, f->buyer, far_id, "cancel");
  assert_status (early, 200);
  g_assert_cmpstr (json_object_get_string_member (booking_of (early), "cancelled_by"), ==, "consumer");
}

static void
test_no_show_after_start (Fixture *f, gconstpointer data)
{
  g_autofree char *id = booking_in (f, "confirmed");
  g_autoptr(PlzTestResponse) early = act (f, f->op, id, "no_show");
  g_autoptr(PlzTestResponse) late = NULL, by_consumer = NULL;

  assert_error (early, 409, "invalid_transition", NULL);
  plz_time_shift (10 * 24 * HOUR_US);
  by_consumer = act (f, f->buyer, id, "no_show");
  late = act (f, f->op, id, "no_show");
  plz_time_shift (-10 * 24 * HOUR_US);
  assert_error (by_consumer, 403, "forbidden", NULL);
  assert_status (late, 200);
  g_assert_cmpstr (json_object_get_string_member (booking_of (late), "status"), ==, "no_show");
}

static void
test_bad_actions (Fixture *f, gconstpointer data)
{
  g_autofree char *id = book_new (f, f->buyer, f->service);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/actions", id);
  g_autoptr(PlzTestResponse) unknown = req (f, "POST", path, "{\"action\":\"explode\"}", f->op);
  g_autoptr(PlzTestResponse) typed = req (f, "POST", path, "{\"action\":5}", f->op);
  g_autoptr(PlzTestResponse) extra = req (f, "POST", path, "{\"action\":\"confirm\",\"when\":1}", f->op);
  g_autoptr(PlzTestResponse) json = req (f, "POST", path, "not json", f->op);
  g_autoptr(PlzTestResponse) nobody = req (f, "POST", "/api/v1/bookings/nope/actions", "{\"action\":\"confirm\"}", f->op);
  g_autoptr(PlzTestResponse) skip = NULL;
  g_autofree char *skip_path = g_strdup_printf ("/api/v1/bookings/%s/skip", id);

  assert_error (unknown, 400, "invalid_input", "action");
  assert_error (typed, 400, "invalid_input", "action");
  assert_error (extra, 400, "invalid_input", "when");
  assert_error (json, 400, "invalid_json", NULL);
  assert_error (nobody, 404, "not_found", NULL);
  skip = req (f, "POST", skip_path, NULL, f->buyer);
  assert_error (skip, 409, "invalid_transition", NULL);
}

static void
test_reschedule (Fixture *f, gconstpointer data)
{
  g_autofree char *solo_op = plz_test_sign_up (f->ts, "solo@example.com", TRUE, NULL);
  g_autofree char *solo = NULL;
  g_autofree char *t1 = plz_test_local_time (4, 9), *t2 = plz_test_local_time (4, 11), *t3 = plz_test_local_time (4, 13);
  g_autofree char *id = NULL, *path = NULL, *body = NULL;
  g_autoptr(PlzTestResponse) a = NULL, b = NULL, moved = NULL, taken = NULL, by_op = NULL, stranger = NULL;

  plz_test_open_hours (f->ts, solo_op, 1, "");
  solo = plz_test_make_service (f->ts, solo_op, NULL, "");
  a = plz_test_book (f->ts, f->buyer, solo, t1, "m-1");
  b = plz_test_book (f->ts, f->other, solo, t2, "m-2");
  assert_status (a, 201);
  assert_status (b, 201);
  id = g_strdup (plz_test_booking_string (a, "id"));
  act_ok (f, solo_op, id, "confirm");
  path = g_strdup_printf ("/api/v1/bookings/%s/reschedule", id);

  body = g_strdup_printf ("{\"start\":\"%s\"}", t2);
  taken = req (f, "POST", path, body, f->buyer);
  assert_error (taken, 409, "slot_unavailable", "start");
  g_free (body);
  body = g_strdup_printf ("{\"start\":\"%s\"}", t3);
  stranger = req (f, "POST", path, body, f->other);
  assert_error (stranger, 404, "not_found", NULL);
  moved = req (f, "POST", path, body, f->buyer);
  assert_status (moved, 200);
  /* The customer's new time needs the operator's yes again. */
  g_assert_cmpstr (json_object_get_string_member (booking_of (moved), "status"), ==, "requested");
  g_free (body);
  body = g_strdup_printf ("{\"start\":\"%s\"}", t1);
  act_ok (f, solo_op, id, "confirm");
  by_op = req (f, "POST", path, body, solo_op);
  assert_status (by_op, 200);
  g_assert_cmpstr (json_object_get_string_member (booking_of (by_op), "status"), ==, "confirmed");
  {
    gint64 s = 0, expected = 0;

    g_assert_true (plz_time_parse_rfc3339 (json_object_get_string_member (booking_of (by_op), "start"), &s));
    g_assert_true (plz_time_parse_rfc3339 (t1, &expected));
    g_assert_cmpint (s, ==, expected);
  }
}

/* Events, conversation and stage -------------------------------------------------------------------- */

static JsonArray *
events_of (Fixture *f, const char *token)
{
  g_autoptr(PlzTestResponse) r = req (f, "GET", "/api/v1/events?since=0", NULL, token);

  assert_status (r, 200);
  return json_array_ref (json_object_get_array_member (root (r), "events"));
}

/* The statuses of booking.updated events about @id, in order, as "a b c". */
static char *
booking_events (Fixture *f, const char *token, const char *id, const char *viewer_id)
{
  g_autoptr(JsonArray) events = events_of (f, token);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      JsonObject *b;

      if (!g_str_equal (json_object_get_string_member (e, "kind"), "booking.updated"))
        continue;
      b = json_object_get_object_member (json_object_get_object_member (e, "data"), "booking");
      if (!g_str_equal (json_object_get_string_member (b, "id"), id))
        continue;
      /* Each sees it as themselves: the consumer never gets "confirm". */
      if (g_strcmp0 (viewer_id, json_object_get_string_member (json_object_get_object_member (b, "consumer"), "id")) == 0)
        {
          g_autofree char *actions = actions_text (b);

          g_assert_null (strstr (actions, "confirm"));
        }
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", json_object_get_string_member (b, "status"));
    }
  return g_string_free (out, FALSE);
}

static void
test_events_and_stage (Fixture *f, gconstpointer data)
{
  g_autofree char *id = book_new (f, f->buyer, f->service);
  g_autoptr(PlzTestResponse) r = get_booking (f, f->buyer, id);
  g_autofree char *conversation = g_strdup (json_object_get_string_member (booking_of (r), "conversation_id"));
  g_autofree char *conv_path = g_strdup_printf ("/api/v1/conversations/%s", conversation);
  g_autofree char *messages_path = g_strdup_printf ("/api/v1/conversations/%s/messages", conversation);
  g_autoptr(PlzTestResponse) conv = req (f, "GET", conv_path, NULL, f->buyer);
  g_autoptr(PlzTestResponse) refused = NULL, allowed = NULL, conv_after = NULL, history = NULL;
  g_autofree char *consumer_events = NULL, *operator_events = NULL;
  JsonObject *c, *last;

  assert_status (conv, 200);
  c = json_object_get_object_member (root (conv), "conversation");
  g_assert_cmpstr (json_object_get_string_member (c, "stage"), ==, "pre_booking");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "booking"), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "booking"), "status"), ==,
                   "requested");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "next_slots")), ==, 3);
  last = json_object_get_object_member (c, "last_message");
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "booking_update");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (last, "body"), "Booking requested · Full wash · "));

  /* Before the booking is confirmed, contact details stay hidden. */
  refused = req (f, "POST", messages_path, "{\"body\":\"Call me on 082 555 1234\"}", f->buyer);
  assert_error (refused, 422, "contact_details_not_allowed", NULL);

  act_ok (f, f->op, id, "confirm");
  conv_after = req (f, "GET", conv_path, NULL, f->op);
  c = json_object_get_object_member (root (conv_after), "conversation");
  g_assert_cmpstr (json_object_get_string_member (c, "stage"), ==, "post_booking");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "booking"), "status"), ==,
                   "confirmed");
  allowed = req (f, "POST", messages_path, "{\"body\":\"Call me on 082 555 1234\"}", f->buyer);
  assert_status (allowed, 201);

  act_ok (f, f->op, id, "prepare");
  consumer_events = booking_events (f, f->buyer, id, f->buyer_id);
  operator_events = booking_events (f, f->op, id, f->op_id);
  g_assert_cmpstr (consumer_events, ==, "requested confirmed preparation");
  g_assert_cmpstr (operator_events, ==, "requested confirmed preparation");

  /* The chat heard of each step, its card already showing the booking. */
  {
    g_autoptr(JsonArray) events = events_of (f, f->buyer);
    guint seen = 0;

    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        JsonObject *e = json_array_get_object_element (events, i);
        JsonObject *d = json_object_get_object_member (e, "data");
        JsonObject *card;

        if (!g_str_equal (json_object_get_string_member (e, "kind"), "message.created") ||
            !g_str_equal (json_object_get_string_member (json_object_get_object_member (d, "message"), "kind"),
                          "booking_update"))
          continue;
        card = json_object_get_object_member (json_object_get_object_member (d, "conversation"), "booking");
        g_assert_nonnull (card);
        g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, id);
        seen++;
      }
    g_assert_cmpuint (seen, ==, 3);
  }

  history = req (f, "GET", messages_path, NULL, f->op);
  assert_status (history, 200);
  {
    JsonArray *messages = json_object_get_array_member (root (history), "messages");
    guint updates = 0;

    for (guint i = 0; i < json_array_get_length (messages); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (messages, i), "kind"),
                       "booking_update"))
        updates++;
    g_assert_cmpuint (updates, ==, 3);
  }
}

/* Notes and reasons are not a way round the contact-details policy. */
static void
test_contact_policy (Fixture *f, gconstpointer data)
{
  g_autofree char *start = plz_test_local_time (2, 11);
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"n-1\",\"service_id\":\"%s\",\"start\":\"%s\","
                                           "\"note\":\"WhatsApp me on 082 555 1234\"}", f->service, start);
  g_autoptr(PlzTestResponse) refused = req (f, "POST", "/api/v1/bookings", body, f->buyer);
  g_autoptr(PlzTestResponse) list = req (f, "GET", "/api/v1/me/bookings", NULL, f->buyer);
  g_autofree char *id = book_new (f, f->buyer, f->service);
  g_autofree char *path = g_strdup_printf ("/api/v1/bookings/%s/actions", id);
  g_autoptr(PlzTestResponse) reason = req (f, "POST", path,
                                           "{\"action\":\"cancel\",\"reason\":\"call me on 082 555 1234\"}", f->buyer);
  g_autoptr(PlzTestResponse) still = get_booking (f, f->buyer, id);
  g_autoptr(PlzTestResponse) after = NULL;

  assert_error (refused, 422, "contact_details_not_allowed", "note");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (list), "bookings")), ==, 0);
  assert_error (reason, 422, "contact_details_not_allowed", "reason");
  g_assert_cmpstr (json_object_get_string_member (booking_of (still), "status"), ==, "requested");
  /* Once the booking is accepted, sharing is allowed. */
  act_ok (f, f->op, id, "confirm");
  after = req (f, "POST", path, "{\"action\":\"cancel\",\"reason\":\"Sick, call me on 082 555 1234\"}", f->op);
  assert_status (after, 200);
  g_assert_cmpstr (json_object_get_string_member (booking_of (after), "reason"), ==, "Sick, call me on 082 555 1234");
}

/* A service without a listing uses the conversation the two already have. */
static void
test_conversation_without_listing (Fixture *f, gconstpointer data)
{
  g_autofree char *plain = plz_test_make_service (f->ts, f->op, NULL, "");
  g_autofree char *id = book_new (f, f->buyer, plain);
  g_autoptr(PlzTestResponse) r = get_booking (f, f->buyer, id);
  g_autofree char *inquiry_path = g_strdup_printf ("/api/v1/listings/%s/inquiries", f->listing);
  g_autoptr(PlzTestResponse) inquiry = NULL, second = NULL;
  g_autofree char *second_id = NULL;

  /* No talk yet, no listing: no conversation. */
  g_assert_true (json_object_get_null_member (booking_of (r), "conversation_id"));
  g_assert_true (json_object_get_null_member (booking_of (r), "listing"));
  inquiry = req (f, "POST", inquiry_path, "{\"body\":\"Hello\"}", f->buyer);
  assert_status (inquiry, 201);
  second_id = book_new (f, f->buyer, plain);
  second = get_booking (f, f->buyer, second_id);
  g_assert_cmpstr (json_object_get_string_member (booking_of (second), "conversation_id"), ==,
                   json_object_get_string_member (json_object_get_object_member (root (inquiry), "conversation"), "id"));
}

/* Expiry through the jobs clock ------------------------------------------------------------------------- */

static void
test_expiry (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *events = NULL;
  g_autoptr(PlzTestResponse) r = NULL;
  PlzJobs *jobs = plz_server_get_jobs (plz_test_server_get_server (f->ts));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  plz_test_open_hours (f->ts, f->op, 50, ",\"request_ttl_minutes\":5");
  id = book_new (f, f->buyer, f->service);
  r = get_booking (f, f->buyer, id);
  g_assert_cmpstr (json_object_get_string_member (booking_of (r), "status"), ==, "requested");

  /* Four minutes on: not yet. Six: expired by the scheduler. */
  plz_time_shift (4 * MIN_US);
  plz_jobs_poke (jobs);
  g_usleep (200000);
  g_clear_pointer (&r, plz_test_response_free);
  r = get_booking (f, f->buyer, id);
  g_assert_cmpstr (json_object_get_string_member (booking_of (r), "status"), ==, "requested");
  plz_time_shift (2 * MIN_US);
  plz_jobs_poke (jobs);
  for (;;)
    {
      g_clear_pointer (&r, plz_test_response_free);
      r = get_booking (f, f->buyer, id);
      if (g_str_equal (json_object_get_string_member (booking_of (r), "status"), "expired") ||
          g_get_monotonic_time () > deadline)
        break;
      g_usleep (20000);
    }
  plz_time_shift (-6 * MIN_US);
  g_assert_cmpstr (json_object_get_string_member (booking_of (r), "status"), ==, "expired");
  {
    JsonArray *history = json_object_get_array_member (booking_of (r), "history");
    JsonObject *last = json_array_get_object_element (history, json_array_get_length (history) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "by"), ==, "system");
  }
  events = booking_events (f, f->op, id, f->op_id);
  g_assert_cmpstr (events, ==, "requested expired");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (booking_of (r), "actions")), ==, 0);
  {
    g_autoptr(PlzTestResponse) late = act (f, f->op, id, "confirm");

    assert_error (late, 409, "invalid_transition", NULL);
  }
  /* An answered request has no job left to run. */
  {
    g_autofree char *answered = book_new (f, f->buyer, f->service);
    g_autoptr(PlzTestResponse) a = NULL;

    act_ok (f, f->op, answered, "confirm");
    plz_time_shift (6 * MIN_US);
    plz_jobs_poke (jobs);
    g_usleep (200000);
    a = get_booking (f, f->buyer, answered);
    plz_time_shift (-6 * MIN_US);
    g_assert_cmpstr (json_object_get_string_member (booking_of (a), "status"), ==, "confirmed");
  }
}

/* Lists ---------------------------------------------------------------------------------------------- */

static void
test_lists (Fixture *f, gconstpointer data)
{
  g_autofree char *a = book_new (f, f->buyer, f->service);
  g_autofree char *b = book_new (f, f->buyer, f->service);
  g_autofree char *c = book_new (f, f->buyer, f->service);
  g_autoptr(PlzTestResponse) page1 = NULL, page2 = NULL, past = NULL, op_list = NULL, bad = NULL, cursor = NULL;
  g_autoptr(PlzTestResponse) customer = NULL, nobody = NULL, as_consumer = NULL;
  g_autofree char *path = NULL;
  JsonArray *list;

  act_ok (f, f->buyer, c, "cancel");
  page1 = req (f, "GET", "/api/v1/me/bookings?role=consumer&scope=upcoming&limit=1", NULL, f->buyer);
  assert_status (page1, 200);
  list = json_object_get_array_member (root (page1), "bookings");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"), ==, a);
  path = g_strdup_printf ("/api/v1/me/bookings?limit=1&cursor=%s",
                          json_object_get_string_member (root (page1), "next_cursor"));
  page2 = req (f, "GET", path, NULL, f->buyer);
  list = json_object_get_array_member (root (page2), "bookings");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"), ==, b);
  g_assert_true (json_object_get_null_member (root (page2), "next_cursor"));

  past = req (f, "GET", "/api/v1/me/bookings?scope=past", NULL, f->buyer);
  list = json_object_get_array_member (root (past), "bookings");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"), ==, c);

  op_list = req (f, "GET", "/api/v1/me/bookings?role=operator", NULL, f->op);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (op_list), "bookings")), ==, 2);
  bad = req (f, "GET", "/api/v1/me/bookings?role=admin", NULL, f->buyer);
  assert_error (bad, 400, "invalid_input", "role");
  cursor = req (f, "GET", "/api/v1/me/bookings?cursor=abc", NULL, f->buyer);
  assert_error (cursor, 400, "invalid_input", "cursor");

  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/me/customers/%s/bookings", f->buyer_id);
  customer = req (f, "GET", path, NULL, f->op);
  assert_status (customer, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (customer), "bookings")), ==, 3);
  as_consumer = req (f, "GET", path, NULL, f->buyer);
  assert_error (as_consumer, 403, "forbidden", NULL);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/me/customers/%s/bookings", f->other_id);
  nobody = req (f, "GET", path, NULL, f->op);
  assert_error (nobody, 404, "not_found", NULL);
}

/* The table itself: the ends lead nowhere, and nothing leads back to requested. */
static void
test_status_table (void)
{
  const char * const *statuses = plz_booking_statuses ();
  const char * const *actions = plz_booking_actions ();
  static const char *ends[] = { "reviewed", "declined", "expired", "cancelled", "no_show" };
  const PlzBookingStep *steps;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_assert_true (plz_booking_status_is_final (ends[i]));
      g_assert_false (plz_booking_status_holds_seat (ends[i]));
      for (guint a = 0; actions[a] != NULL; a++)
        g_assert_null (plz_booking_step_find (actions[a], ends[i]));
    }
  g_assert_false (plz_booking_status_is_final ("requested"));
  g_assert_false (plz_booking_status_is_final ("nonsense"));
  g_assert_false (plz_booking_status_is_valid ("nonsense"));
  steps = plz_booking_steps (&n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (g_strv_contains (statuses, steps[i].from));
      g_assert_true (g_strv_contains (statuses, steps[i].to));
      g_assert_cmpstr (steps[i].to, !=, "requested");
      g_assert_cmpuint (steps[i].parties, !=, 0);
    }
  g_assert_cmpuint (plz_booking_step_find ("expire", "requested")->parties, ==, PLZ_PARTY_SYSTEM);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bookings/status-table", test_status_table);
#define ADD(name, func) g_test_add ("/bookings/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("services", test_services);
  ADD ("service-errors", test_service_errors);
  ADD ("availability", test_availability);
  ADD ("availability-errors", test_availability_errors);
  ADD ("slots-and-schedule", test_slots_route);
  ADD ("create-and-retry", test_create_and_retry);
  ADD ("instant-confirm", test_instant_confirm);
  ADD ("refusals", test_refusals);
  ADD ("permissions-table", test_permissions_table);
  ADD ("cancel-policy", test_cancel_policy);
  ADD ("no-show-after-start", test_no_show_after_start);
  ADD ("bad-actions", test_bad_actions);
  ADD ("reschedule", test_reschedule);
  ADD ("events-and-stage", test_events_and_stage);
  ADD ("contact-policy", test_contact_policy);
  ADD ("conversation-without-listing", test_conversation_without_listing);
  ADD ("expiry", test_expiry);
  ADD ("lists", test_lists);
#undef ADD
  return g_test_run ();
}
